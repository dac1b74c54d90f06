using HalidePortal.Web.Components.Charts;

namespace HalidePortal.Web.Tests;

/// <summary>When a chart's markers are thinned (lines through every point, evenly spaced markers) and how far.</summary>
public sealed class SeriesChartMarkerTests
{
    private static ChartTrace Cells(int cycles, bool markers = true)
    {
        double[] x = [.. Enumerable.Range(1, cycles).Select(c => (double)c)];
        return new ChartTrace("cell", x, x, markers);
    }

    [Fact]
    public void TenCellsOf500Cycles_150MarkersEach()
    {
        Assert.Equal(150, SeriesChart.MarkersShown([.. Enumerable.Range(0, 10).Select(_ => Cells(500))]));
    }

    [Fact]
    public void WithinBudget_EveryMarkerDrawn()
    {
        Assert.Equal(0, SeriesChart.MarkersShown([Cells(500), Cells(500), Cells(500)]));
    }

    [Fact]
    public void LinesAndLabelledPointsDoNotCount_AndNeverFewerThan20()
    {
        var labelled = Cells(5000) with { Labels = [.. Enumerable.Repeat("peak", 5000)] };
        Assert.Equal(0, SeriesChart.MarkersShown([Cells(5000, markers: false), labelled, Cells(400)]));
        Assert.Equal(20, SeriesChart.MarkersShown([.. Enumerable.Range(0, 100).Select(_ => Cells(100))]));
    }
}
