namespace HalidePortal.Web.Components.Charts;

/// <summary>
/// One line or set of markers on a chart; <see cref="SecondAxis"/> puts it on the right-hand y axis; <see cref="Labels"/>
/// writes a text above each marker (peak names); <see cref="HoverTexts"/> is shown on hover instead of x and y (one per point).
/// </summary>
public sealed record ChartTrace(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers = false, bool SecondAxis = false)
{
    public IReadOnlyList<string>? Labels { get; init; }

    public IReadOnlyList<string>? HoverTexts { get; init; }

    /// <summary>The source the trace comes from (a measurement); a chart of many traces gives each source one legend entry.</summary>
    public string? Group { get; init; }
}
