using HalidePortal.Web.Components.Charts;

namespace HalidePortal.Web.Tests;

/// <summary>Charts of many traces list one legend entry per source, in one colour per source.</summary>
public sealed class ChartLegendTests
{
    private static ChartTrace Profile(int cell, int cycle, string half) =>
        new($"SC-{cell:000} cell C1 · SC-{cell:000}_C1.csv, cycle {cycle} {half}", [0.0, 1.0], [3.6, 4.2]) { Group = "m" + cell };

    private static List<ChartTrace> TenCellsFourCycles() =>
        [.. from cell in Enumerable.Range(1, 10) from cycle in new[] { 1, 100, 250, 500 } from half in new[] { "charge", "discharge" } select Profile(cell, cycle, half)];

    [Fact]
    public void EightyProfiles_TenEntries_OneColourPerCell()
    {
        var legend = ChartLegend.For(TenCellsFourCycles());

        Assert.Equal(80, legend.Count);
        Assert.Equal(10, ChartLegend.Entries(legend));
        var cell3 = legend.Where(e => e.Group == "m3").ToList();
        Assert.Equal(8, cell3.Count);
        Assert.Single(cell3, e => e.Shown);
        Assert.Single(cell3.Select(e => e.Colour).Distinct());
        Assert.All(cell3, e => Assert.Equal("SC-003 cell C1 · SC-003_C1.csv", e.Name));
        Assert.Equal(10, legend.Select(e => e.Colour).Distinct().Count());
    }

    [Fact]
    public void FewTraces_OrOneTracePerSource_OrNoSource_EveryTraceItsOwnEntry()
    {
        var few = ChartLegend.For([.. TenCellsFourCycles().Take(ChartLegend.GroupedFrom - 1)]);
        Assert.All(few, e => Assert.True(e.Shown && e.Group is null && e.Colour is null));
        Assert.Contains(few, e => e.Name.EndsWith("cycle 1 charge", StringComparison.Ordinal));

        var distinct = ChartLegend.For([.. TenCellsFourCycles().Select((t, i) => t with { Group = "m" + i })]);
        Assert.Equal(80, ChartLegend.Entries(distinct));

        var unsourced = ChartLegend.For([.. TenCellsFourCycles().Select(t => t with { Group = null })]);
        Assert.Equal(80, ChartLegend.Entries(unsourced));
    }

    [Theory]
    [InlineData("C1 · run.csv, cycle 1 charge", "C1 · run.csv, cycle 100 charge", "C1 · run.csv")]
    [InlineData("cell A · a.csv", "cell A · b.csv", "cell A")]
    [InlineData("alpha", "beta", "alpha")]
    public void CommonName_CutAtTheLastSeparator(string a, string b, string expected)
    {
        Assert.Equal(expected, ChartLegend.CommonName([a, b]));
    }
}
