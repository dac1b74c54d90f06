using System.Globalization;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// Linear Kramers-Kronig check of every impedance upload: a data-quality flag (drift, non-linearity) shown beside the
/// fit. Inductive high-frequency points are kept: the test's model has an L.
/// </summary>
public sealed class KramersKronigRunner : IAnalysisRunner
{
    public AnalysisKind Kind => AnalysisKind.KramersKronig;

    public object? DefaultSettings(Measurement measurement) =>
        measurement.Technique == MeasurementTechnique.Impedance ? new KramersKronigSettings() : null;

    public async Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings<KramersKronigSettings>();
        var capacitance = settings.SeriesCapacitance switch
        {
            "auto" => SeriesCapacitanceChoice.Auto,
            "include" => SeriesCapacitanceChoice.Include,
            "exclude" => SeriesCapacitanceChoice.Exclude,
            _ => throw new AnalysisInputException($"series capacitance '{settings.SeriesCapacitance}': expected auto, include or exclude."),
        };
        var spectrum = await ImpedanceFitRunner.ReadSpectrumAsync(context, cancellationToken);
        await context.ReportProgressAsync(20);
        var kk = KramersKronig.Check(spectrum.FrequencyHz, spectrum.ZRealOhm, spectrum.ZImagOhm,
            new KramersKronigOptions { MuCritical = settings.MuCritical, SeriesCapacitance = capacitance });
        var notes = new List<string>
        {
            kk.IsValid
                ? "Residuals at the noise level without a trend: the spectrum is consistent with a linear, stable, time-invariant system."
                : string.Create(CultureInfo.InvariantCulture,
                    $"Residuals up to {100 * kk.MaxResidual:0.##} % (trend {100 * kk.MaxTrend:0.##} %): drift, non-linearity or instrument artefacts; fitted values of the affected range are doubtful."),
        };
        if (kk.CapacitanceF is not null)
        {
            notes.Add("A series capacitance was added for the blocking-electrode spike.");
        }
        var record = new KramersKronigRecord(kk.IsValid, kk.Elements, kk.Mu, kk.CapacitanceF, 100 * kk.MaxResidual, 100 * kk.MaxTrend,
            spectrum.FrequencyHz, [.. kk.ResidualsReal.Select(r => 100 * r)], [.. kk.ResidualsImag.Select(r => 100 * r)], notes);
        return new AnalysisOutcome(record, kk.AlgorithmVersion);
    }
}

/// <summary>Distribution of relaxation times of every impedance upload, lambda by generalised cross-validation.</summary>
public sealed class DrtRunner : IAnalysisRunner
{
    public AnalysisKind Kind => AnalysisKind.Drt;

    public object? DefaultSettings(Measurement measurement) =>
        measurement.Technique == MeasurementTechnique.Impedance ? new DrtSettings() : null;

    public async Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings<DrtSettings>();
        if (settings.Derivative is not (1 or 2) || settings.Lambda is <= 0)
        {
            throw new AnalysisInputException("DRT settings: expected derivative 1 or 2 and a lambda above 0 (or none for cross-validation).");
        }
        var spectrum = await ImpedanceFitRunner.ReadSpectrumAsync(context, cancellationToken);
        await context.ReportProgressAsync(20);
        var drt = DistributionOfRelaxationTimes.Compute(spectrum.FrequencyHz, spectrum.ZRealOhm, spectrum.ZImagOhm,
            new DrtOptions { Lambda = settings.Lambda, Derivative = settings.Derivative });
        var notes = new List<string>
        {
            drt.LambdaFromGcv
                ? string.Create(CultureInfo.InvariantCulture, $"λ = {drt.Lambda:G3} chosen by generalised cross-validation over {drt.Gcv.Count} values.")
                : string.Create(CultureInfo.InvariantCulture, $"λ = {drt.Lambda:G3} as given."),
        };
        if (spectrum.InductiveTail > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{spectrum.InductiveTail} inductive point(s) kept; the series inductance takes them."));
        }
        var record = new DrtRecord(drt.TauS, drt.GammaOhm,
            [.. drt.Peaks.Select(p => new DrtPeakRecord(p.TauS, p.FrequencyHz, p.GammaOhm, p.ResistanceOhm))],
            drt.SeriesResistanceOhm, drt.InductanceH, drt.Lambda, drt.LambdaFromGcv,
            [.. drt.Gcv.Select(g => g.Lambda)], [.. drt.Gcv.Select(g => g.Score)], drt.PolarisationResistanceOhm, drt.RelativeMisfit, notes);
        return new AnalysisOutcome(record, drt.AlgorithmVersion);
    }
}
