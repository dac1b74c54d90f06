using System.Globalization;
using HalidePortal.Analysis.Diffraction;
using HalidePortal.Ingest;

namespace HalidePortal.Processing;

/// <summary>
/// Turns a diffraction file's columns and metadata into the pattern and options the powder analysis takes (the CLI,
/// the worker and the tests read files alike). A file with several ranges is analysed on its first.
/// </summary>
/// <param name="TwoThetaDeg">2-theta in degrees of the first range, finite points only.</param>
/// <param name="Intensity">Intensity at each 2-theta, in counts or counts/s.</param>
/// <param name="CountsPerSecond">True when the intensity column is counts per second.</param>
/// <param name="Ranges">How many ranges (scans) the file holds.</param>
public sealed record DiffractionInput(double[] TwoThetaDeg, double[] Intensity, bool CountsPerSecond, int Ranges)
{
    /// <summary>The first range of a parsed file.</summary>
    /// <exception cref="ArgumentException">No 2-theta or no intensity column.</exception>
    public static DiffractionInput From(ParsedMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return FromColumns(measurement.Find(Quantity.TwoThetaDeg)?.Values, measurement.Find(Quantity.IntensityCounts)?.Values,
            measurement.Find(Quantity.IntensityCps)?.Values, measurement.Find(Quantity.SweepNumber)?.Values);
    }

    /// <summary>The first range from the stored columns (counts preferred over counts/s); range = the SweepNumber column, if any.</summary>
    /// <exception cref="ArgumentException">No 2-theta or no intensity column.</exception>
    public static DiffractionInput FromColumns(double[]? twoThetaDeg, double[]? counts, double[]? countsPerSecond, double[]? range)
    {
        var intensity = counts ?? countsPerSecond;
        if (twoThetaDeg is null || intensity is null)
        {
            throw new ArgumentException("the file has no 2-theta and intensity columns");
        }
        var rows = Enumerable.Range(0, Math.Min(twoThetaDeg.Length, intensity.Length))
            .Where(i => (range is null || range[i] == range[0]) && double.IsFinite(twoThetaDeg[i]) && double.IsFinite(intensity[i]))
            .ToList();
        int ranges = range is null || range.Length == 0 ? 1 : range.Distinct().Count();
        return new DiffractionInput([.. rows.Select(i => twoThetaDeg[i])], [.. rows.Select(i => intensity[i])], counts is null, ranges);
    }

    /// <summary>
    /// The wavelengths to analyse with: K-alpha1 = the given one, else the file's, else Cu K-alpha1. Every peak is an
    /// alpha1/alpha2 doublet with the given alpha2 wavelength, else the file's, unless the file says a monochromator
    /// removed alpha2 (ratio 0), a K-alpha1 wavelength was given (the file's alpha2 need not match it) or noAlpha2.
    /// </summary>
    public static DiffractionOptions WithWavelengths(DiffractionOptions options, IReadOnlyDictionary<string, string> metadata,
        double? wavelengthAngstrom = null, double? alpha2Angstrom = null, bool noAlpha2 = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metadata);
        double? Metadata(string key) =>
            metadata.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
        var ratio = Metadata(MetadataKeys.Alpha2Ratio);
        var lambda2 = alpha2Angstrom;
        if (lambda2 is null && !noAlpha2 && wavelengthAngstrom is null && ratio is not 0)
        {
            lambda2 = Metadata(MetadataKeys.WavelengthAlpha2Angstrom);
        }
        return options with
        {
            WavelengthAngstrom = wavelengthAngstrom ?? Metadata(MetadataKeys.WavelengthAngstrom) ?? Scherrer.CuKAlpha1Angstrom,
            Alpha2WavelengthAngstrom = lambda2,
            Alpha2Ratio = ratio is > 0 ? ratio.Value : 0.5,
        };
    }
}
