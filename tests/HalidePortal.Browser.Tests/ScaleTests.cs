using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>
/// The explorer with 200 compositions and a dashboard of 10 cells x 500 cycles (capacity, coulombic efficiency and
/// profiles), opened as a user would, checked to render completely: every row, every point, every trace. The times it
/// took (navigation start to the last chart drawn, and the server's answer to the same data through the API) are
/// written to screenshots/scale-timings.json for docs/PERFORMANCE.md; like every test here, nothing asserts on them.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ScaleTests(PortalServer portal, ITestOutputHelper output)
{
    private const string ScaleEmail = "scale@halideportal.test";
    private const int Compositions = 200;
    private const int Cells = 10;
    // Page loads timed per view; HALIDE_SCALE_ROUNDS asks for more when measuring for docs/PERFORMANCE.md.
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("HALIDE_SCALE_ROUNDS"), out int n) && n > 0 ? n : 3;

    // Every chart in the element drawn (Plotly has laid it out) with the given number of points in all.
    private const string ChartsDrawn = """
        ([selector, points]) => {
          const charts = [...document.querySelectorAll(selector + ' .js-plotly-plot')];
          if (charts.length === 0 || !charts.every(c => c._fullLayout && c.querySelector('.main-svg'))) return false;
          const drawn = charts.reduce((n, c) => n + c.data.reduce((m, t) => m + (t.x ? t.x.length : 0), 0), 0);
          return drawn >= points;
        }
        """;

    [Fact]
    public Task Explorer200Compositions_Dashboard10CellsX500Cycles_RenderCompletely() => portal.RunAsync(nameof(Explorer200Compositions_Dashboard10CellsX500Cycles_RenderCompletely), async page =>
    {
        await portal.SeedScaleAsync();
        await page.SignInAsync(ScaleEmail);
        var dashboards = await FetchJsonAsync(page, "/api/dashboards");
        string dashboardId = dashboards.EnumerateArray().Single().GetProperty("id").GetString()!;

        // The ten cycling files go through the worker; wait until every cell is in the capacity panel.
        string dataUrl = $"/api/dashboards/{dashboardId}/data";
        var deadline = DateTime.UtcNow.AddMinutes(5);
        JsonElement data;
        while (true)
        {
            data = await FetchJsonAsync(page, dataUrl);
            if (data[0].GetProperty("overlay").GetProperty("traces").GetArrayLength() == Cells || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(2000);
        }
        Assert.Equal(Cells, data[0].GetProperty("overlay").GetProperty("traces").GetArrayLength());
        Assert.Equal(Cells, data[1].GetProperty("overlay").GetProperty("traces").GetArrayLength());
        // Profiles of cycles 1, 100, 250 and 500 of each cell (charge and discharge may be a trace each).
        int profileTraces = data[2].GetProperty("overlay").GetProperty("traces").GetArrayLength();
        Assert.True(profileTraces >= Cells * 4, $"{profileTraces} profile traces");
        int[] dashboardPoints = [.. data.EnumerateArray().Select(p => p.GetProperty("overlay").GetProperty("traces").EnumerateArray()
            .Sum(t => t.GetProperty("x").GetArrayLength()))];
        long storedPoints = data.EnumerateArray().Sum(p => p.GetProperty("overlay").GetProperty("traces").EnumerateArray()
            .Sum(t => t.GetProperty("storedPoints").GetInt64()));

        // Explorer: every composition in the table and on the default plot.
        var explorer = new List<Phases>();
        int literatureRows = 0;
        for (int round = 0; round < Rounds; round++)
        {
            await page.GotoAsync("/explorer");
            await Expect(page.GetByTestId("explorer-count")).ToContainTextAsync($"{Compositions} samples of the team", new() { Timeout = 30_000 });
            literatureRows = await LiteratureRowsAsync(page);
            // The table shows its first page of the sorted rows; the plot carries every composition.
            await Expect(page.GetByTestId("explorer-page")).ToHaveTextAsync($"Rows 1–50 of {Compositions + literatureRows}");
            await Expect(page.GetByTestId("explorer-rows").Locator("tbody tr")).ToHaveCountAsync(50);
            explorer.Add(await DrawnAtAsync(page, "[data-testid='explorer-chart']", Compositions));
        }
        await PortalServer.ScreenshotAsync(page, "scale-explorer");
        // Every row is one choice away.
        await page.GetByTestId("explorer-page-size").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "All", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("explorer-rows").Locator("tbody tr")).ToHaveCountAsync(Compositions + literatureRows);
        await Expect(page.GetByTestId("explorer-page-next")).ToBeDisabledAsync();

        // Dashboard: three panels, every trace and point the server sent.
        var dashboard = new List<Phases>();
        for (int round = 0; round < Rounds; round++)
        {
            await page.GotoAsync($"/dashboards/{dashboardId}");
            var panels = page.GetByTestId("dashboard-panel");
            await Expect(panels).ToHaveCountAsync(3, new() { Timeout = 30_000 });
            await Expect(panels.Nth(2)).ToHaveAttributeAsync("data-traces", profileTraces.ToString(CultureInfo.InvariantCulture));
            dashboard.Add(await DrawnAtAsync(page, "[data-testid='dashboard-grid']", dashboardPoints.Sum()));
        }
        await PortalServer.ScreenshotAsync(page, "scale-dashboard");

        // Server time of the same data through the API, warm (the pages above were the warm-up).
        var explorerApi = await ServerTimesAsync(page, "/api/explorer");
        var dashboardApi = await ServerTimesAsync(page, dataUrl);
        // The prerendered pages (HTML as the server sends it on a full load).
        var explorerHtml = await ServerTimesAsync(page, "/explorer");
        var dashboardHtml = await ServerTimesAsync(page, $"/dashboards/{dashboardId}");

        var timings = new
        {
            measuredAt = DateTimeOffset.UtcNow,
            explorer = new { compositions = Compositions, literatureRows, renderMs = explorer, medianDrawnMs = Median(explorer), apiMs = explorerApi, pageHtmlMs = explorerHtml },
            dashboard = new
            {
                cells = Cells, cyclesPerCell = 500, panels = 3, traces = 2 * Cells + profileTraces, pointsSent = dashboardPoints, storedPoints,
                renderMs = dashboard, medianDrawnMs = Median(dashboard), apiMs = dashboardApi, pageHtmlMs = dashboardHtml,
            },
        };
        string json = JsonSerializer.Serialize(timings, new JsonSerializerOptions { WriteIndented = true });
        Directory.CreateDirectory(PortalServer.OutputFolder);
        await File.WriteAllTextAsync(Path.Combine(PortalServer.OutputFolder, "scale-timings.json"), json);
        output.WriteLine(json);
    });

    private static double Median(List<Phases> rounds)
    {
        var sorted = rounds.Select(r => r.DrawnMs).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<int> LiteratureRowsAsync(IPage page)
    {
        string text = await page.GetByTestId("explorer-count").InnerTextAsync();
        var match = System.Text.RegularExpressions.Regex.Match(text, @"(\d+) literature row");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// Milliseconds from the navigation's start until the HTML is read (DOMContentLoaded), the page is interactive (its
    /// circuit connected) and every chart under the selector is drawn with its points.
    /// </summary>
    private static async Task<Phases> DrawnAtAsync(IPage page, string selector, int points)
    {
        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-interactive='true']\") !== null", null, new() { PollingInterval = 10, Timeout = 60_000 });
        double interactive = await page.EvaluateAsync<double>("() => performance.now()");
        await page.WaitForFunctionAsync(ChartsDrawn, new object[] { selector, points }, new() { PollingInterval = 10, Timeout = 60_000 });
        double drawn = await page.EvaluateAsync<double>("() => performance.now()");
        double html = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
        return new Phases(Math.Round(html), Math.Round(interactive), Math.Round(drawn));
    }

    private sealed record Phases(double HtmlMs, double InteractiveMs, double DrawnMs);

    /// <summary>Five timed GETs from the browser (its cookie), after one untimed: request start to the whole body.</summary>
    private static async Task<double[]> ServerTimesAsync(IPage page, string url) =>
        await page.EvaluateAsync<double[]>("""
            async url => {
              await (await fetch(url)).arrayBuffer();
              const times = [];
              for (let i = 0; i < 5; i++) {
                const t0 = performance.now();
                const r = await fetch(url);
                await r.arrayBuffer();
                if (!r.ok) throw new Error(url + ' answered ' + r.status);
                times.push(Math.round((performance.now() - t0) * 10) / 10);
              }
              return times;
            }
            """, url);

    private static async Task<JsonElement> FetchJsonAsync(IPage page, string url)
    {
        string text = await page.EvaluateAsync<string>("""
            async url => {
              const r = await fetch(url);
              if (!r.ok) throw new Error(url + ' answered ' + r.status);
              return await r.text();
            }
            """, url);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
