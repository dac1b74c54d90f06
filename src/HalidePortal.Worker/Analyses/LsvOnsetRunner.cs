using System.Globalization;
using HalidePortal.Analysis.Series;
using HalidePortal.Analysis.Voltammetry;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Processing;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// Oxidation onset of a linear sweep (or a CV's first anodic sweep) by current threshold and by tangents, with
/// <see cref="LsvAnalysis"/> as halide lsv runs it; queued on its own for every voltammetry file.
/// </summary>
public sealed class LsvOnsetRunner : IAnalysisRunner
{
    /// <summary>Min-max buckets for the stored sweep: at most 3 points each, so at most 3000 points.</summary>
    private const int SweepBuckets = 1000;

    public AnalysisKind Kind => AnalysisKind.LsvOnset;

    public object? DefaultSettings(Measurement measurement) =>
        measurement.Technique == MeasurementTechnique.Voltammetry ? new LsvOnsetSettings() : null;

    public async Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings<LsvOnsetSettings>();
        var potential = await context.RequiredColumnAsync(nameof(Quantity.VoltageV), "a potential column", cancellationToken);
        var current = await context.RequiredColumnAsync(nameof(Quantity.CurrentMA), "a current column", cancellationToken);
        var sweep = await context.ColumnAsync(nameof(Quantity.SweepNumber), cancellationToken);
        await context.ReportProgressAsync(30);
        var (thresholdUa, thresholdText) = Threshold(settings, context.Measurement.FileMetadata);
        var r = LsvAnalysis.Run(potential, current, sweep,
            new LsvOptions(thresholdUa / 1000, settings.ReferenceOffsetV, settings.Consecutive, settings.BaselineFromV, settings.BaselineToV));
        return new AnalysisOutcome(ToRecord(r, thresholdUa, thresholdText, settings.Consecutive), "lsv-onset/1");
    }

    /// <summary>The threshold in uA and how it was given; a density needs an area, from the settings or the file.</summary>
    internal static (double Ua, string Text) Threshold(LsvOnsetSettings settings, IReadOnlyDictionary<string, string> metadata)
    {
        var inv = CultureInfo.InvariantCulture;
        if (settings.ThresholdUaPerCm2 is not { } density)
        {
            double ua = settings.ThresholdUa ?? LsvAnalysis.DefaultThresholdUa;
            return (ua, string.Create(inv, $"{ua:0.###} µA"));
        }
        var fileArea = MetadataNumbers.Positive(metadata, MetadataKeys.ElectrodeAreaCm2);
        double area = settings.AreaCm2 ?? fileArea
            ?? throw new AnalysisInputException("a threshold in µA/cm² needs an electrode area; the file states none, so enter one.");
        string from = settings.AreaCm2 is null ? " (file)" : "";
        return (density * area, string.Create(inv, $"{density:0.###} µA/cm² × {area:0.###} cm²{from}"));
    }

    private static LsvOnsetRecord ToRecord(LsvAnalysisResult r, double thresholdUa, string thresholdText, int consecutive)
    {
        var notes = new List<string>();
        if (r.Threshold.OnsetV is null)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The current never stays at or above {thresholdText} for {consecutive} points; no threshold onset in the sweep."));
        }
        else if (r.Threshold.FirstIndex == 0)
        {
            notes.Add("The current is at or above the threshold from the first point: the onset is the sweep's start; raise the threshold.");
        }
        if (r.Tangent.OnsetV is null)
        {
            notes.Add("Nothing after the baseline window rises clearly faster than the baseline (or the lines meet outside the sweep): no tangent onset.");
        }
        var (e, i) = SeriesDecimation.MinMax(r.SweepPotentialV, r.SweepCurrentMA, SweepBuckets);
        return new LsvOnsetRecord(r.ReferenceOffsetV, r.Threshold.OnsetV, thresholdUa, thresholdText, r.Tangent.OnsetV,
            Line(r.Tangent.Baseline), r.Tangent.Tangent is { } t ? Line(t) : null, notes)
        {
            Consecutive = consecutive,
            BaselineFromV = r.BaselineFromV,
            BaselineToV = r.BaselineToV,
            SweepFromV = r.SweepFromV,
            SweepToV = r.SweepToV,
            Points = r.Points,
            ThresholdLine = Line(r.Threshold.ThresholdLine),
            TangentSlopeMAPerV = r.Tangent.Tangent is null ? null : r.Tangent.TangentSlopeMAPerV,
            BaselineSlopeMAPerV = r.Tangent.BaselineSlopeMAPerV,
            SweepPotentialV = e,
            SweepCurrentMA = i,
        };
    }

    private static double[] Line(LineSegment s) => [s.X1, s.Y1, s.X2, s.Y2];
}
