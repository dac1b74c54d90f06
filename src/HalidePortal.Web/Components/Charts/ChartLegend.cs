namespace HalidePortal.Web.Components.Charts;

/// <summary>How one trace appears in the legend: its <see cref="Group"/> (Plotly legendgroup, one click hides the
/// whole group), whether it has an entry of its own, the entry's text and its colour (null: Plotly's own).</summary>
public sealed record LegendEntry(string? Group, bool Shown, string Name, string? Colour);

/// <summary>
/// Legends of charts with many traces: ten cells' profiles of four cycles, charge and discharge, are 80 entries that
/// push the plot down. Past <see cref="GroupedFrom"/> traces, the traces of one source share a colour and one entry
/// (named by what their names have in common); hovering a line still names the trace.
/// </summary>
public static class ChartLegend
{
    public const int GroupedFrom = 24;

    // Plotly's default colour sequence, so grouped and ungrouped charts look alike.
    private static readonly string[] Colours =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static IReadOnlyList<LegendEntry> For(IReadOnlyList<ChartTrace> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var groups = traces.Select(t => t.Group).Distinct(StringComparer.Ordinal).ToList();
        if (traces.Count < GroupedFrom || traces.Any(t => t.Group is null) || groups.Count == traces.Count)
        {
            return [.. traces.Select(t => new LegendEntry(null, true, t.Name, null))];
        }
        var names = groups.ToDictionary(g => g!, g => CommonName([.. traces.Where(t => t.Group == g).Select(t => t.Name)]), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. traces.Select(t => new LegendEntry(t.Group, seen.Add(t.Group!), names[t.Group!], Colours[groups.IndexOf(t.Group) % Colours.Length]))];
    }

    /// <summary>Entries the legend lists (sizes the room above the plot).</summary>
    public static int Entries(IReadOnlyList<LegendEntry> legend) => legend?.Count(e => e.Shown) ?? 0;

    /// <summary>
    /// What the names share, cut back to the last separator (", " or " · "): "C1 · run.csv, cycle 1 charge" and
    /// "C1 · run.csv, cycle 100 charge" give "C1 · run.csv".
    /// </summary>
    public static string CommonName(IReadOnlyList<string> names)
    {
        if (names.Count == 1)
        {
            return names[0];
        }
        string first = names[0];
        int length = first.Length;
        foreach (var n in names.Skip(1))
        {
            length = Math.Min(length, n.Length);
            for (int i = 0; i < length; i++)
            {
                if (n[i] != first[i])
                {
                    length = i;
                    break;
                }
            }
        }
        string common = first[..length];
        int cut = Math.Max(common.LastIndexOf(", ", StringComparison.Ordinal), common.LastIndexOf(" · ", StringComparison.Ordinal));
        return cut > 0 ? common[..cut] : common.Length > 0 ? common.TrimEnd() : first;
    }
}
