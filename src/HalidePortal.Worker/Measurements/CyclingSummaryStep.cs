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
/// </summary>
public sealed class CyclingSummaryStep : IMeasurementAnalysis
{
    /// <summary>Points kept per branch for plotting (the dQ/dV is computed before thinning).</summary>
    private const int CurveBuckets = 600;

    public bool Applies(ParsedMeasurement parsed) => parsed.Technique == Technique.Cycling && parsed.RowCount > 1;

    public async Task RunAsync(PortalDbContext db, Measurement measurement, ParsedMeasurement parsed, CancellationToken cancellationToken)
    {
        CyclingInput input;
        try
        {
            input = CyclingInput.From(parsed);
        }
        catch (ArgumentException e)
        {
            measurement.Warnings.Add("No cycling summary: " + e.Message);
            return;
        }
        var options = new CyclingOptions
        {
            ActiveMassMg = measurement.ActiveMassMg ?? input.ActiveMassMg,
            NominalMAhPerG = measurement.NominalMahPerG,
            ReferenceCycle = measurement.ReferenceCycle,
            Electrode = measurement.AnodeConvention ? ElectrodeConvention.Anode : ElectrodeConvention.Cathode,
        };
        CyclingSummary summary;
        try
        {
            summary = CyclingAnalysis.Summarise(input.Series, options);
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
        await SeriesStore.WriteCurvesAsync(db, measurement.Id, measurement.TeamId, Curves(input.Series, summary), cancellationToken);

        measurement.SummaryJson = JsonSerializer.Serialize(new CyclingSummaryInfo(
            summary.RateSteps.Select(r => new RateStepInfo(r.CRate, r.MeanCurrentMA, r.FirstCycle, r.LastCycle)).ToList(),
            summary.Retention is { } r ? new RetentionInfo(r.ReferenceCycle, r.ReferenceCapacityMAh, r.LastCycle, r.PercentAtLast) : null,
            summary.CycleSource.ToString(), summary.Electrode.ToString(), options.ActiveMassMg,
            [.. input.Notes, .. summary.Notes], summary.AlgorithmVersion), JsonSerializerOptions.Web);
    }

    private static List<StoredCurve> Curves(CyclingSeries series, CyclingSummary summary)
    {
        var curves = new List<StoredCurve>();
        foreach (var cycle in summary.Cycles)
        {
            var both = CyclingAnalysis.VoltageCapacity(series, summary, cycle.Cycle);
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
                    Cycle = cycle.Cycle,
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

