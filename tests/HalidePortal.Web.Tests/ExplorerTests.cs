using HalidePortal.Web.Components.Charts;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

public sealed class ExplorerTests
{
    private static ExplorerFigure F(double v, string href = "/pellets/p") => new(v, null, href, "how");

    internal static ExplorerRow Row(string source, string label, double? sigma30, double? ea, params DopantView[] dopants) => new(
        source, Guid.NewGuid(), label, source == ExplorerService.Literature ? "https://doi.org/10.1/x" : "/samples/" + label, "LZACFO",
        "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", "Li2ZrCl6", dopants, ["demo", "cycled"], source == ExplorerService.Team ? new DateOnly(2026, 3, 5) : null,
        "A, B", source == ExplorerService.Literature ? "10.1/x" : null,
        null, sigma30 is { } s ? F(s) : null, ea is { } e ? F(e) : null, null, null, null, null, null, null, null, null);

    [Fact]
    public void Series_TeamAndLiteratureApart_OnlyRowsWithBothNumbers()
    {
        var rows = new[]
        {
            Row(ExplorerService.Team, "LZACFO-001", 1.1e-3, 0.36, new DopantView("Al", "x_Al", 0.25)),
            Row(ExplorerService.Team, "LZC-002", null, 0.39),
            Row(ExplorerService.Literature, "LZACFO", 1.12e-3, 0.355, new DopantView("Al", "x_Al", 0.25)),
        };

        var series = ExplorerPlots.Series(ExplorerPlots.Find("sigma-ea"), rows);

        Assert.Equal(["This team", "Literature"], series.Select(s => s.Name));
        var team = Assert.Single(series[0].Points);
        Assert.Equal(0.36, team.X);
        Assert.Equal(1.1, team.Y, 9);
        Assert.Equal("/samples/LZACFO-001", team.Href);
        Assert.Equal("LZACFO-001 (LZACFO)", team.Hover);
        Assert.True(series[1].Literature);
        Assert.Contains("literature", Assert.Single(series[1].Points).Hover, StringComparison.Ordinal);
        // An undoped parent sits at x_Al = 0 rather than being dropped.
        var byAl = ExplorerPlots.Series(ExplorerPlots.Find("sigma-xAl"), [.. rows, Row(ExplorerService.Team, "LZC-003", 4e-4, null)]);
        Assert.Equal([0.25, 0.0], byAl[0].Points.Select(p => p.X));
    }

    [Fact]
    public void Plots_EveryAxisTitledWithUnits()
    {
        Assert.All(ExplorerPlots.All, p => Assert.Contains("(", p.XTitle, StringComparison.Ordinal));
        Assert.All(ExplorerPlots.All, p => Assert.Contains("(", p.YTitle, StringComparison.Ordinal));
        Assert.Equal(7, ExplorerPlots.All.Select(p => p.Key).Distinct().Count());
    }

    [Fact]
    public void Csv_UnitsInHeaders_QuotedText_FullPrecisionNumbers()
    {
        var csv = ExplorerColumns.Csv([Row(ExplorerService.Team, "LZACFO-001", 1.1234567e-3, 0.36, new DopantView("F", "z_F", 0.2))], 150);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Source,Sample,Composition,Formula,Family,x_Al,y_O,z_F,σ 25 °C (mS/cm),σ 30 °C (mS/cm),Ea (eV)", lines[0], StringComparison.Ordinal);
        Assert.Contains("Retention after 150 cycles (%)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("team,LZACFO-001,LZACFO,Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2,Li2ZrCl6,0,0,0.2,,1.1234567", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"A, B\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",2026-03-05,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NumbersByValue_NullsLast()
    {
        Assert.True(ExplorerColumns.Compare(2.0, 10.0) < 0);
        Assert.True(ExplorerColumns.Compare(null, 1.0) > 0);
        Assert.True(ExplorerColumns.Compare("b", "A") > 0);
    }

    [Fact]
    public void CsvLink_CarriesThePageFilters()
    {
        var link = ExplorerLinks.Csv(new ExplorerQuery(Search: "LZ AC", Dopant: "F", DopantMin: 0.1, From: new DateOnly(2026, 1, 2), Literature: false, RetentionCycles: 150));
        Assert.Equal("/api/explorer?format=csv&search=LZ%20AC&dopant=F&dopantMin=0.1&from=2026-01-02&literature=false&retentionCycles=150", link);
    }
}
