using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>
/// The composition explorer as a team member uses it: a pellet series of the demo LZACFO batch gives its row σ and Ea,
/// the published family sits beside it, a plot point opens its sample, filters narrow the rows, a paper is added.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ExplorerTests(PortalServer portal)
{
    private static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    [Fact]
    public Task Explorer_TeamRowsBesideLiterature_PlotPointOpensSample() => portal.RunAsync(nameof(Explorer_TeamRowsBesideLiterature_PlotPointOpensSample), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.OpenDemoSampleTabAsync("Pellets");
        await page.GetByTestId("pellets").GetByRole(AriaRole.Link, new() { Name = "P2", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/pellets/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();
        var folder = Directory.CreateTempSubdirectory("explorer").FullName;
        var files = new List<string>();
        foreach (var t in new[] { 140, 170, 200 })
        {
            var name = $"EISFitpython_s04147-{t}deg.txt";
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, await File.ReadAllTextAsync(TestFile(name)) + new string('\n', Random.Shared.Next(1, 5000)));
            files.Add(path);
        }
        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("file-input").SetInputFilesAsync(files);
        await Expect(page.GetByTestId("pellet-series").GetByTestId("series-ea")).ToContainTextAsync("eV", new() { Timeout = 120_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Composition explorer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/explorer$"));
        await page.WaitForInteractiveAsync();
        var rows = page.GetByTestId("explorer-rows").Locator("tbody tr");
        await Expect(page.GetByTestId("explorer-count")).ToContainTextAsync("5 literature rows");
        var own = rows.Filter(new() { HasText = PageExtensions.DemoSampleCode });
        await Expect(own).ToHaveCountAsync(1);
        await Expect(own.Locator("a[href^='/pellets/']").First).ToBeVisibleAsync();
        await Expect(rows.Filter(new() { HasText = "literature" })).ToHaveCountAsync(5);
        // Sorted by σ at 30 °C, highest first: the published LZACO (1.15 mS/cm) leads.
        await Expect(rows.First).ToContainTextAsync("LZACO");
        await Expect(rows.First).ToContainTextAsync("1.15");

        await page.GetByTestId("explorer-plot").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "σ vs Ea" }).ClickAsync();
        var chart = page.GetByTestId("explorer-chart");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "Ea (eV)");
        await Expect(chart).ToHaveAttributeAsync("data-y-title", "σ at 30 °C (mS/cm)");
        await Expect(chart.Locator(".legend")).ToContainTextAsync("Literature");
        await PortalServer.ScreenshotAsync(page, "explorer");

        // The team's first point opens its sample.
        await chart.Locator(".scatterlayer .trace").First.Locator("path.point").First.ClickAsync(new() { Force = true });
        await Expect(page).ToHaveURLAsync(new Regex("/samples/[0-9a-f-]{36}$"));
        await page.GoBackAsync();
        await page.WaitForInteractiveAsync();

        // Fluorine-doped only: the undoped and O-only rows leave, the CSV link follows the filter.
        await page.GetByTestId("explorer-dopant").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "F", Exact = true }).ClickAsync();
        // The range fields open once a dopant is chosen (after the page has re-rendered).
        var min = page.GetByTestId("explorer-dopant-min");
        await Expect(min).ToBeEnabledAsync();
        await min.FillAsync("0.1");
        await min.PressAsync("Enter");
        await min.BlurAsync();
        await Expect(rows.Filter(new() { HasText = "LZACO" })).ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = "LZACFO" }).First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("explorer-csv")).ToHaveAttributeAsync("href", new Regex("format=csv&dopant=F&dopantMin=0.1"));

        // A paper of the team's own choosing joins the table, marked as literature.
        await page.GetByText("Add a published composition").ClickAsync();
        await page.GetByTestId("literature-name").EnterAsync("LZCF4");
        await page.GetByTestId("literature-formula").EnterAsync("Li2ZrCl5.6F0.4");
        await page.GetByTestId("literature-doi").EnterAsync("10.1000/example");
        await page.GetByTestId("literature-sigma").EnterAsync("0.0002");
        await page.GetByTestId("literature-save").ClickAsync();
        var added = rows.Filter(new() { HasText = "LZCF4" });
        await Expect(added).ToHaveCountAsync(1);
        await Expect(added).ToHaveAttributeAsync("data-source", "literature");
        await Expect(added).ToContainTextAsync("0.2");
        Directory.Delete(folder, recursive: true);
    });
}
