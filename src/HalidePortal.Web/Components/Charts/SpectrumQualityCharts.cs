using System.Globalization;
using HalidePortal.Domain.Analyses;

namespace HalidePortal.Web.Components.Charts;

/// <summary>
/// Gamma(tau) of the shown DRT version with its peaks labelled as in the peak table (P1, P2, ...), and the gamma of
/// any other versions overlaid so a change of lambda or penalty can be judged on one plot.
/// </summary>
public static class DrtChart
{
    public const string XTitle = "τ (s)";
    public const string YTitle = "γ (Ω)";

    public static List<ChartTrace> Traces(int shownVersion, DrtRecord shown, IEnumerable<(int Version, DrtRecord Record)> overlays)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var traces = new List<ChartTrace> { new($"γ(τ) v{shownVersion}, {LambdaText(shown)}", shown.TauS, shown.GammaOhm) };
        if (shown.Peaks.Count > 0)
        {
            traces.Add(new ChartTrace($"peaks v{shownVersion}", shown.Peaks.Select(p => p.TauS).ToList(), shown.Peaks.Select(p => p.GammaOhm).ToList(), Markers: true)
            {
                Labels = shown.Peaks.Select((_, i) => "P" + (i + 1).ToString(CultureInfo.InvariantCulture)).ToList(),
            });
        }
        foreach (var (version, record) in overlays)
        {
            traces.Add(new ChartTrace($"γ(τ) v{version}, {LambdaText(record)}", record.TauS, record.GammaOhm));
        }
        return traces;
    }

    /// <summary>"λ 1.2e-05 (GCV)" or "λ 0.001 (given)": how the regularisation of a version was chosen.</summary>
    public static string LambdaText(DrtRecord record) =>
        "λ " + record.Lambda.ToString("G2", CultureInfo.InvariantCulture) + (record.LambdaFromGcv ? " (GCV)" : " (given)");
}

/// <summary>
/// The Kramers-Kronig residuals of the shown version against frequency with the ±1 % band, and the residuals of other
/// versions (another mu threshold or series capacitance) overlaid.
/// </summary>
public static class KramersKronigChart
{
    public const string XTitle = "Frequency (Hz)";
    public const string YTitle = "Residual (% of |Z|)";

    public static List<ChartTrace> Traces(int shownVersion, KramersKronigRecord shown, IEnumerable<(int Version, KramersKronigRecord Record)> overlays)
    {
        ArgumentNullException.ThrowIfNull(shown);
        var traces = new List<ChartTrace>
        {
            new($"Re v{shownVersion}", shown.FrequencyHz, shown.ResidualRealPercent, Markers: true),
            new($"Im v{shownVersion}", shown.FrequencyHz, shown.ResidualImagPercent, Markers: true),
        };
        foreach (var (version, record) in overlays)
        {
            traces.Add(new ChartTrace($"Re v{version} ({Fmt(record.Elements)} RC)", record.FrequencyHz, record.ResidualRealPercent, Markers: true));
            traces.Add(new ChartTrace($"Im v{version} ({Fmt(record.Elements)} RC)", record.FrequencyHz, record.ResidualImagPercent, Markers: true));
        }
        if (shown.FrequencyHz.Count > 0)
        {
            double low = shown.FrequencyHz.Min(), high = shown.FrequencyHz.Max();
            traces.Add(new ChartTrace("+1 %", [low, high], [1.0, 1.0]));
            traces.Add(new ChartTrace("−1 %", [low, high], [-1.0, -1.0]));
        }
        return traces;
    }

    private static string Fmt(int n) => n.ToString(CultureInfo.InvariantCulture);
}
