using HalidePortal.Domain.Analyses;

namespace HalidePortal.Web.Components.Charts;

/// <summary>What the GITT chart's x axis shows for each pulse.</summary>
public enum GittAxis
{
    StateOfCharge,
    Voltage,
}

/// <summary>
/// D(Li+) per pulse against state of charge or the pulse's mean voltage: one trace per Weppner-Huggins form, valid and
/// not valid pulses apart, so a D outside the condition tau &lt;&lt; L^2/D is never read as a result.
/// </summary>
public static class GittChart
{
    public static string XTitle(GittAxis axis) => axis == GittAxis.Voltage ? "Mean cell voltage during the pulse (V)" : "State of charge (0–1)";

    public static List<ChartTrace> Traces(GittRecord record, GittAxis axis)
    {
        ArgumentNullException.ThrowIfNull(record);
        var traces = new List<ChartTrace>();
        foreach (var (name, valid) in new[] { ("valid", true), ("not valid", false) })
        {
            foreach (var (form, d) in new (string, Func<GittPulseRecord, double?>)[] { ("mass form", p => p.DiffusionMassCm2PerS), ("radius form", p => p.DiffusionLengthCm2PerS) })
            {
                var pulses = record.Pulses.Where(p => p.Valid == valid && d(p) is > 0).ToList();
                if (pulses.Count > 0)
                {
                    traces.Add(new ChartTrace($"D, {form}, {name}",
                        [.. pulses.Select(p => axis == GittAxis.Voltage ? p.MeanVoltageV : p.StateOfCharge)], [.. pulses.Select(p => d(p)!.Value)], Markers: true));
                }
            }
        }
        return traces;
    }
}
