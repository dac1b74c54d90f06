namespace HalidePortal.Web.Components.Charts;

/// <summary>One line or set of markers on a chart; <see cref="SecondAxis"/> puts it on the right-hand y axis.</summary>
public sealed record ChartTrace(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers = false, bool SecondAxis = false);
