using System.Globalization;
using HalidePortal.Analysis.Diffraction;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Processing;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// Powder XRD: crystallinity (crystalline peak area / total area), peaks and Scherrer sizes of a diffraction pattern,
/// by the whole-pattern fit (default) or the SNIP baselines, with the wavelengths the file states.
/// </summary>
public sealed class DiffractionRunner : IAnalysisRunner
{
    /// <summary>Longer patterns are stored thinned for drawing (the analysis always uses every point).</summary>
    internal const int MaxStoredPoints = 3000;

    public AnalysisKind Kind => AnalysisKind.Diffraction;

    public object? DefaultSettings(Measurement measurement) =>
        measurement.Technique == MeasurementTechnique.Diffraction ? new DiffractionSettings() : null;

    public async Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings<DiffractionSettings>();
        var options = Options(settings, context.Measurement.FileMetadata);
        var twoTheta = await context.RequiredColumnAsync("TwoThetaDeg", "a 2-theta column", cancellationToken);
        var counts = await context.ColumnAsync("IntensityCounts", cancellationToken);
        var cps = counts is null ? await context.ColumnAsync("IntensityCps", cancellationToken) : null;
        var range = await context.ColumnAsync("SweepNumber", cancellationToken);
        if (counts is null && cps is null)
        {
            throw new AnalysisInputException("the Diffraction analysis needs an intensity column (counts or counts/s), and the file has none.");
        }
        var input = DiffractionInput.FromColumns(twoTheta, counts, cps, range);
        if (input.TwoThetaDeg.Length < 20)
        {
            throw new AnalysisInputException(string.Create(CultureInfo.InvariantCulture,
                $"the pattern has {input.TwoThetaDeg.Length} usable points; the analysis needs at least 20."));
        }
        await context.ReportProgressAsync(20);
        var notes = new List<string>();
        if (input.Ranges > 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The file holds {input.Ranges} ranges; the first was analysed."));
        }
        if (settings.WavelengthAngstrom is null && !context.Measurement.FileMetadata.ContainsKey(MetadataKeys.WavelengthAngstrom))
        {
            notes.Add("The file states no wavelength; Cu K-alpha1 (1.5406 Å) was assumed.");
        }
        var record = settings.Method == "snip" ? Snip(input, options, notes) : Fit(input, options, notes);
        await context.ReportProgressAsync(95);
        return record;
    }

    internal static DiffractionOptions Options(DiffractionSettings settings, IReadOnlyDictionary<string, string> metadata)
    {
        if (settings.Method is not ("fit" or "snip"))
        {
            throw new AnalysisInputException($"method '{settings.Method}': expected fit or snip.");
        }
        var options = new DiffractionOptions { ShapeFactor = settings.ShapeFactor, InstrumentalFwhmDeg = settings.InstrumentalFwhmDeg };
        return DiffractionInput.WithWavelengths(options, metadata, settings.WavelengthAngstrom, noAlpha2: settings.NoAlpha2);
    }

    private static AnalysisOutcome Fit(DiffractionInput input, DiffractionOptions options, List<string> notes)
    {
        var x = input.TwoThetaDeg;
        var fit = PowderPatternFit.Fit(x, input.Intensity, options);
        // The halo baseline drawn is what lies under the peaks: the background plus every halo.
        var halo = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            halo[i] = fit.Background[i] + fit.Halos.Sum(h => h.Height * Math.Exp(-4 * Math.Log(2) * Math.Pow((x[i] - h.TwoThetaDeg) / h.FwhmDeg, 2)));
        }
        foreach (var h in fit.Halos)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Amorphous halo at {h.TwoThetaDeg:0.00}°, FWHM {h.FwhmDeg:0.00}°."));
        }
        if (!fit.Converged)
        {
            notes.Add($"The fit did not converge ({fit.Exit}); the values are the best found.");
        }
        return new AnalysisOutcome(ToRecord(input, fit.Crystallinity, fit.WavelengthAngstrom, fit.Alpha2WavelengthAngstrom, fit.Peaks,
            fit.Model, fit.Background, halo, double.IsFinite(fit.Rwp) ? fit.Rwp : null, fit.Iterations, fit.Exit.ToString(), notes), fit.AlgorithmVersion);
    }

    private static AnalysisOutcome Snip(DiffractionInput input, DiffractionOptions options, List<string> notes)
    {
        var snip = SnipCrystallinity.Estimate(input.TwoThetaDeg, input.Intensity, options);
        return new AnalysisOutcome(ToRecord(input, snip.Crystallinity, options.WavelengthAngstrom, null, snip.Peaks,
            [], snip.Background.Background, snip.HaloBaseline.Background, null, null, null, notes), "xrd-snip/1");
    }

    private static DiffractionRecord ToRecord(DiffractionInput input, CrystallinityResult crystallinity, double lambda, double? lambda2,
        IReadOnlyList<DiffractionPeak> peaks, double[] model, double[] background, double[] halo, double? rwp, int? iterations, string? exit,
        List<string> notes)
    {
        if (!double.IsFinite(crystallinity.Percent))
        {
            throw new AnalysisInputException("the pattern has no area above its background; no crystallinity can be given.");
        }
        var keep = Thinned(input.Intensity, MaxStoredPoints);
        if (keep.Length < input.Intensity.Length)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The pattern has {input.Intensity.Length} points; {keep.Length} are stored for drawing (each stretch's lowest and highest), all were analysed."));
        }
        double[] Pick(double[] values) => values.Length == 0 ? [] : [.. keep.Select(i => Finite(values[i]))];
        return new DiffractionRecord(
            crystallinity.Percent, crystallinity.Method,
            crystallinity.Parameters.Where(p => double.IsFinite(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            lambda, lambda2, input.CountsPerSecond,
            [.. peaks.Select(p => new DiffractionPeakRecord(p.TwoThetaDeg, p.FwhmDeg, Finite(p.Height), Finite(p.Area), p.CrystalliteSizeNm))],
            input.Intensity.Length, Pick(input.TwoThetaDeg), Pick(input.Intensity), Pick(model), Pick(background), Pick(halo),
            rwp, iterations, exit, notes);
    }

    /// <summary>
    /// Indices of at most max points: each of max/2 equal stretches keeps its lowest and highest intensity, so peak tops
    /// and the baseline survive; every stored curve takes the same indices and stays on one grid.
    /// </summary>
    internal static int[] Thinned(double[] y, int max)
    {
        if (y.Length <= max)
        {
            return [.. Enumerable.Range(0, y.Length)];
        }
        int buckets = max / 2;
        var keep = new SortedSet<int>();
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * y.Length / buckets), end = (int)((long)(b + 1) * y.Length / buckets);
            int lo = start, hi = start;
            for (int i = start; i < end; i++)
            {
                if (y[i] < y[lo]) { lo = i; }
                if (y[i] > y[hi]) { hi = i; }
            }
            keep.Add(lo);
            keep.Add(hi);
        }
        return [.. keep];
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
