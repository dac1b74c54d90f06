using System.Text.Json;
using HalidePortal.Analysis.Cycling;
using HalidePortal.Analysis.Series;
using HalidePortal.Data;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Processing;
using StoredCycle = HalidePortal.Domain.Measurements.CycleSummary;
using StoredCurve = HalidePortal.Domain.Measurements.CycleCurve;

namespace HalidePortal.Worker.Measurements;

/// <summary>
/// The first analysis of every cycling upload: per-cycle capacities, efficiency, energy, C-rate, rate steps and
/// retention (stored per cycle), plus each cycle's voltage-capacity branches and dQ/dV for the cell page.
/// A file the summary cannot use (no current and nothing to derive it from) keeps its series and gets a warning.
/// The analysis's columns are spooled to a temporary file while the file is read and summarised from there in a few
/// passes, so memory does not grow with the run (decision 0016).
/// </summary>
public sealed class CyclingSummaryStep : IMeasurementAnalysis
{
    /// <summary>Points kept per branch for plotting (the dQ/dV is computed before thinning).</summary>
    private const int CurveBuckets = 600;

    public IMeasurementAnalysisRun? Start(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
    {
        if (technique != Technique.Cycling)
        {
            return null;
        }
        try
        {
            return new Run(CyclingBlockReader.For(format, columns, reuseArrays: true));
        }
        catch (ArgumentException e)
        {
            return new Unusable(e.Message);
        }
    }

    /// <summary>A cycling file the summary cannot use keeps its series and gets a warning.</summary>
    private sealed class Unusable(string reason) : IMeasurementAnalysisRun
    {
        public void Append(IReadOnlyList<ArraySegment<double>> block) { }

        public Task FinishAsync(PortalDbContext db, Measurement measurement, StreamedMeasurement parsed, CancellationToken cancellationToken)
        {
            if (parsed.RowCount > 1)
            {
                measurement.Warnings.Add("No cycling summary: " + reason);
            }
            return Task.CompletedTask;
        }

        public void Dispose() { }
    }

    /// <summary>Spools the analysis's columns while the file is read, then summarises them in a few passes.</summary>
    private sealed class Run(CyclingBlockReader reader) : IMeasurementAnalysisRun
    {
        private readonly CyclingSpool spool = new();

        public void Append(IReadOnlyList<ArraySegment<double>> block) => spool.Write(reader.Convert(block));

        public Task FinishAsync(PortalDbContext db, Measurement measurement, StreamedMeasurement parsed, CancellationToken cancellationToken) =>
            parsed.RowCount > 1 ? SummariseAsync(db, measurement, parsed, reader, spool, cancellationToken) : Task.CompletedTask;

        public void Dispose() => spool.Dispose();
    }

    private static async Task SummariseAsync(PortalDbContext db, Measurement measurement, StreamedMeasurement parsed, CyclingBlockReader reader,
        CyclingSpool spool, CancellationToken cancellationToken)
    {
        var notes = reader.Notes.ToList();
        double? fileMass = CyclingBlockReader.ActiveMass(parsed.Metadata, notes);
        var options = new CyclingOptions
        {
            ActiveMassMg = measurement.ActiveMassMg ?? fileMass,
            NominalMAhPerG = measurement.NominalMahPerG,
            ReferenceCycle = measurement.ReferenceCycle,
            Electrode = measurement.AnodeConvention ? ElectrodeConvention.Anode : ElectrodeConvention.Cathode,
        };
        CyclingSummary summary;
        try
        {
            summary = CyclingAnalysis.Summarise(spool, options);
        }
        catch (ArgumentException e)
        {
            measurement.Warnings.Add("No cycling summary: " + e.Message);
            return;
        }

        var cycles = summary.Cycles.Select(c => new StoredCycle
        {
            MeasurementId = measurement.Id,
            Cycle = c.Cycle,
            ChargeMah = c.ChargeMAh,
            DischargeMah = c.DischargeMAh,
            ChargeMahPerG = c.ChargeMAhPerG,
            DischargeMahPerG = c.DischargeMAhPerG,
            CoulombicEfficiency = c.CoulombicEfficiency,
            ChargeEnergyMWh = c.ChargeEnergyMWh,
            DischargeEnergyMWh = c.DischargeEnergyMWh,
            MeanChargeVoltageV = c.MeanChargeVoltageV,
            MeanDischargeVoltageV = c.MeanDischargeVoltageV,
            CRate = c.CRate,
            RetentionPercent = c.RetentionPercent,
        }).ToList();
        await SeriesStore.WriteCyclesAsync(db, measurement.Id, measurement.TeamId, cycles, cancellationToken);
        await SeriesStore.WriteCurvesAsync(db, measurement.Id, measurement.TeamId, Curves(spool, summary), cancellationToken);

        measurement.SummaryJson = JsonSerializer.Serialize(new CyclingSummaryInfo(
            summary.RateSteps.Select(r => new RateStepInfo(r.CRate, r.MeanCurrentMA, r.FirstCycle, r.LastCycle)).ToList(),
            summary.Retention is { } r ? new RetentionInfo(r.ReferenceCycle, r.ReferenceCapacityMAh, r.LastCycle, r.PercentAtLast) : null,
            summary.CycleSource.ToString(), summary.Electrode.ToString(), options.ActiveMassMg,
            [.. notes, .. summary.Notes], summary.AlgorithmVersion), JsonSerializerOptions.Web);
    }

    private static List<StoredCurve> Curves(ICyclingBlocks run, CyclingSummary summary)
    {
        var curves = new List<StoredCurve>();
        foreach (var both in CyclingAnalysis.Curves(run, summary))
        {
            foreach (var branch in new[] { both.Charge, both.Discharge })
            {
                if (branch is null || branch.CapacityMAh.Length < 2)
                {
                    continue;
                }
                double[] dqV = [], dq = [];
                try
                {
                    var d = CyclingAnalysis.DifferentialCapacity(branch);
                    (dqV, dq) = (d.VoltageV, d.DqDvMAhPerV);
                }
                catch (ArgumentException)
                {
                    // A branch that never moves in voltage has no dQ/dV; its curve is still worth plotting.
                }
                var (q, v) = SeriesDecimation.MinMax(branch.CapacityMAh, branch.VoltageV, CurveBuckets);
                curves.Add(new StoredCurve
                {
                    Cycle = both.Cycle,
                    Kind = branch.Kind == StepKind.Charge ? "charge" : "discharge",
                    CapacityMAh = q,
                    VoltageV = v,
                    DqDvVoltageV = dqV,
                    DqDvMAhPerV = dq,
                });
            }
        }
        return curves;
    }
}

