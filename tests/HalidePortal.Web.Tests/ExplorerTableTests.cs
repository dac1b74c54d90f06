using Bunit;
using HalidePortal.Web.Components.Shared;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

/// <summary>The explorer table pages its rows after sorting all of them, so the best row is on the first page.</summary>
public sealed class ExplorerTableTests : MudComponentTests
{
    // 120 team rows; σ rises with the index, Ea falls with it, every seventh row has no σ.
    private static List<ExplorerRow> Rows() => [.. Enumerable.Range(1, 120).Select(i =>
        ExplorerTests.Row(ExplorerService.Team, $"S-{i:000}", i % 7 == 0 ? null : i * 1e-5, 0.5 - i * 1e-3))];

    private IRenderedComponent<ExplorerTable> Render(List<ExplorerRow> rows, int? pageSize = null) => Ctx.Render<ExplorerTable>(p =>
    {
        p.Add(t => t.Rows, rows);
        if (pageSize is { } n)
        {
            p.Add(t => t.PageSize, n);
        }
    });

    private static List<string> Labels(IRenderedComponent<ExplorerTable> cut) =>
        [.. cut.FindAll("[data-testid=explorer-sample]").Select(a => a.TextContent.Trim())];

    [Fact]
    public void FirstPage_TheHighestSigmaOfAllRows_ThenNextPage()
    {
        var cut = Render(Rows());

        var first = Labels(cut);
        Assert.Equal(50, first.Count);
        Assert.Equal("S-120", first[0]);
        Assert.Equal("Rows 1–50 of 120", cut.Find("[data-testid=explorer-page]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=explorer-page-previous]").HasAttribute("disabled"));

        cut.Find("[data-testid=explorer-page-next]").Click();
        Assert.Equal("Rows 51–100 of 120", cut.Find("[data-testid=explorer-page]").TextContent.Trim());
        Assert.Empty(Labels(cut).Intersect(first));

        cut.Find("[data-testid=explorer-page-next]").Click();
        var last = Labels(cut);
        Assert.Equal(20, last.Count);
        // Rows without σ come last, after every number.
        Assert.All(last.TakeLast(17), l => Assert.Equal(0, int.Parse(l[2..], System.Globalization.CultureInfo.InvariantCulture) % 7));
        Assert.True(cut.Find("[data-testid=explorer-page-next]").HasAttribute("disabled"));
    }

    [Fact]
    public void Sorting_OrdersEveryRow_AndReturnsToTheFirstPage()
    {
        var cut = Render(Rows());
        cut.Find("[data-testid=explorer-page-next]").Click();

        // Ea descending first (a number), a second click ascending: the lowest Ea of all 120 rows leads page one.
        cut.Find("[data-testid=sort-ea]").Click();
        Assert.Equal("S-001", Labels(cut)[0]);
        cut.Find("[data-testid=sort-ea]").Click();
        Assert.Equal("S-120", Labels(cut)[0]);
        Assert.Equal("Rows 1–50 of 120", cut.Find("[data-testid=explorer-page]").TextContent.Trim());
    }

    [Fact]
    public void NewRows_StartOnTheFirstPage_AllShowsEveryRow_FewRowsNoPager()
    {
        var cut = Render(Rows());
        cut.Find("[data-testid=explorer-page-next]").Click();
        cut.Render(p => p.Add(t => t.Rows, Rows().Take(80).ToList()));
        Assert.Equal("Rows 1–50 of 80", cut.Find("[data-testid=explorer-page]").TextContent.Trim());

        Assert.Equal(120, Labels(Render(Rows(), pageSize: 0)).Count);

        var few = Render(Rows().Take(20).ToList());
        Assert.Equal(20, Labels(few).Count);
        Assert.Empty(few.FindAll("[data-testid=explorer-pager]"));
    }
}
