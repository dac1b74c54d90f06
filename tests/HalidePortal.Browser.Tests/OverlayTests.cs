using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>
/// Two cycling files of the demo team from two instruments (a BioLogic .mpr and a Neware .ndax) overlaid on
/// /overlays: capacity per gram against cycle, both files in the legend, the CSV of the plotted points downloadable.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OverlayTests(PortalServer portal)
{
    private const string BioLogic = "datalab__jdb11-1_e1_s3_squidTest_data_C15.mpr";
    private const string Neware = "newarenda__test_2.ndax";

    [Fact]
    public Task Overlays_TwoCyclingFiles_CapacityPerGramWithBothInTheLegend() => portal.RunAsync(nameof(Overlays_TwoCyclingFiles_CapacityPerGramWithBothInTheLegend), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.OpenDemoCellAsync("C1");
        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("file-input").SetInputFilesAsync([TestFile(BioLogic), TestFile(Neware)]);
        var rows = page.GetByTestId("upload-file");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-state", "Done", new() { Timeout = 120_000 });
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-state", "Done", new() { Timeout = 120_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Overlays" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/overlays$"));
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("overlay-technique").GetByText("Cycling", new() { Exact = true }).ClickAsync();
        var picker = page.GetByTestId("overlay-picker");
        foreach (var file in new[] { BioLogic, Neware })
        {
            await picker.Locator("tr").Filter(new() { HasText = file }).Locator("input[type=checkbox]").First.CheckAsync();
        }
        await Expect(page.GetByTestId("overlay-kind")).ToBeVisibleAsync();

        var chart = page.GetByTestId("overlay-chart");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "Cycle");
        await Expect(chart).ToHaveAttributeAsync("data-y-title", "Discharge capacity (mAh/g)");
        var legend = chart.Locator(".legendtext");
        await Expect(legend).ToHaveCountAsync(2);
        await Expect(legend.Filter(new() { HasText = BioLogic })).ToHaveCountAsync(1);
        await Expect(legend.Filter(new() { HasText = Neware })).ToHaveCountAsync(1);
        int[] points = await chart.Locator(".js-plotly-plot").EvaluateAsync<int[]>("e => e.data.map(t => t.x.length)");
        Assert.All(points, n => Assert.InRange(n, 2, 2000));

        // The CSV of what is plotted, with the axis titles (units) as column headers.
        var href = await page.GetByTestId("overlay-csv").GetAttributeAsync("href");
        Assert.Contains("format=csv", href, StringComparison.Ordinal);
        var csv = await page.Context.APIRequest.GetAsync(href!);
        Assert.True(csv.Ok, csv.StatusText);
        Assert.StartsWith("measurement_id,trace,\"Cycle\",\"Discharge capacity (mAh/g)\"", await csv.TextAsync(), StringComparison.Ordinal);
        await PortalServer.ScreenshotAsync(page, "overlay-capacity");
    });

    private static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);
}
