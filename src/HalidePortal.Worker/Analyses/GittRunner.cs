using HalidePortal.Analysis.Gitt;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Processing;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// Li+ diffusion coefficient per pulse of a GITT run (Weppner-Huggins), as halide gitt computes it. Never queued on its
/// own: a cycling file is a GITT run only when someone says so, and D needs material constants only they know.
/// </summary>
public sealed class GittRunner : IAnalysisRunner
{
    public AnalysisKind Kind => AnalysisKind.Gitt;

    public object? DefaultSettings(Measurement measurement) => null;

    public async Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings<GittSettings>();
        var m = context.Measurement;
        var stored = await context.Db.MeasurementColumns.AsNoTracking().Where(c => c.MeasurementId == m.Id)
            .OrderBy(c => c.Index).ToListAsync(cancellationToken);
        var values = new List<double[]>();
        foreach (var c in stored)
        {
            values.Add(await SeriesStore.ReadColumnAsync(context.Db, m.Id, c.Index, cancellationToken));
        }
        await context.ReportProgressAsync(40);
        var columns = stored.Select(c => new SeriesColumnInfo(c.Name, c.Unit,
            Enum.TryParse<Quantity>(c.Quantity, out var q) ? q : Quantity.Other)).ToList();
        var input = CyclingInput.From(m.Format ?? "", columns, values, m.FileMetadata);
        bool massForm = settings.MolarMassGPerMol is not null;
        double? massMg = settings.MassMg ?? m.ActiveMassMg ?? input.ActiveMassMg;
        if (massForm && massMg is null)
        {
            throw new AnalysisInputException("the mass form of D needs an active mass: enter it here or on the measurement's Settings tab.");
        }
        var s = input.Series;
        var result = GittAnalysis.Analyse(s.TimeS, s.VoltageV, [.. s.CurrentMA.Select(i => i / 1000)], new GittOptions
        {
            TransientMethod = settings.Transient == "ends" ? GittTransientMethod.FirstToLastPoint : GittTransientMethod.SqrtTimeFit,
            MassMg = massForm ? massMg : null,
            MolarMassGPerMol = settings.MolarMassGPerMol,
            MolarVolumeCm3PerMol = settings.MolarVolumeCm3PerMol,
            AreaCm2 = settings.AreaCm2,
            DiffusionLengthCm = settings.RadiusUm / 1e4,
        });
        var pulses = result.Pulses.Select(p => new GittPulseRecord(p.Index, p.StateOfCharge, p.MeanVoltageV, p.TauS, p.DeltaEsV, p.DeltaEtV,
            p.DiffusionMassCm2PerS, p.DiffusionLengthCm2PerS, double.IsFinite(p.ValidityRatio) ? p.ValidityRatio : null, p.Valid)).ToList();
        return new AnalysisOutcome(new GittRecord(settings.Transient, result.CurrentThresholdA * 1000, massForm ? massMg : null, settings.RadiusUm,
            pulses, [.. input.Notes, .. result.Notes]), result.AlgorithmVersion);
    }
}
