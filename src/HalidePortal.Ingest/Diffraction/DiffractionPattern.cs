using System.Globalization;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Collects the points of one diffraction file (one or more ranges/scans) and its metadata, and builds the
/// measurement every diffraction parser returns: TwoThetaDeg, IntensityCounts or IntensityCps, an optional
/// standard-uncertainty column, and SweepNumber (1-based range or scan) only when there is more than one.
/// </summary>
internal sealed class DiffractionPattern
{
    private readonly List<double> twoTheta = new(4096);
    private readonly List<double> intensity = new(4096);
    private readonly List<double> sweep = new(4096);
    private List<double>? uncertainty;

    public DiffractionPattern() => Metadata[MetadataKeys.Technique] = "XRD";

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public List<string> Warnings { get; } = [];

    /// <summary>The 1-based number of the range being read; 0 until <see cref="StartSweep"/> is called.</summary>
    public int SweepCount { get; private set; }

    public int Count => twoTheta.Count;

    /// <summary>Points added after this belong to a new range or scan.</summary>
    public void StartSweep() => SweepCount++;

    public void Add(double twoThetaDeg, double value)
    {
        if (SweepCount == 0)
        {
            SweepCount = 1;
        }
        twoTheta.Add(twoThetaDeg);
        intensity.Add(value);
        sweep.Add(SweepCount);
        uncertainty?.Add(double.NaN);
    }

    /// <summary>A point with its standard uncertainty (e.g. the third column of an .xye file).</summary>
    public void Add(double twoThetaDeg, double value, double sigma)
    {
        if (uncertainty is null)
        {
            // Points read before the first uncertainty have none.
            uncertainty = new List<double>(Math.Max(4096, twoTheta.Count + 1));
            for (int i = 0; i < twoTheta.Count; i++)
            {
                uncertainty.Add(double.NaN);
            }
        }
        Add(twoThetaDeg, value);
        uncertainty[^1] = sigma;
    }

    public void Set(string key, double value)
    {
        if (double.IsFinite(value))
        {
            Metadata[key] = value.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    public void Set(string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            Metadata[key] = value.Trim();
        }
    }

    /// <summary>Sets a metadata value only when an earlier source in the file did not.</summary>
    public void SetIfMissing(string key, double value)
    {
        if (!Metadata.ContainsKey(key))
        {
            Set(key, value);
        }
    }

    public void SetIfMissing(string key, string? value)
    {
        if (!Metadata.ContainsKey(key))
        {
            Set(key, value);
        }
    }

    /// <summary>The measurement; intensities are counts per second when <paramref name="perSecond"/>, else counts.</summary>
    public ParsedMeasurement Build(string format, string fileName, bool perSecond)
    {
        if (twoTheta.Count == 0)
        {
            throw new InstrumentFileException(fileName, "no diffraction data points");
        }
        Metadata[MetadataKeys.IntensityUnit] = perSecond ? "cps" : "counts";
        var columns = new List<SeriesColumn>(4)
        {
            new("2Theta", "deg", Quantity.TwoThetaDeg, [.. twoTheta]),
            perSecond
                ? new("Intensity", "cps", Quantity.IntensityCps, [.. intensity])
                : new("Intensity", "counts", Quantity.IntensityCounts, [.. intensity]),
        };
        if (uncertainty is not null)
        {
            columns.Add(new SeriesColumn("Intensity uncertainty", perSecond ? "cps" : "counts", Quantity.Other, [.. uncertainty]));
        }
        if (SweepCount > 1)
        {
            columns.Add(new SeriesColumn("Range", "", Quantity.SweepNumber, [.. sweep]));
        }
        return new ParsedMeasurement
        {
            Format = format,
            Technique = Technique.Diffraction,
            Columns = columns,
            Metadata = Metadata,
            Warnings = Warnings,
        };
    }

    /// <summary>A number in invariant culture, or null.</summary>
    public static double? Number(string? text) =>
        text is not null && double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : null;
}
