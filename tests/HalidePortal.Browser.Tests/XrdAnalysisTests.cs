using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>A powder pattern uploaded to a sample: the XRD analysis tab, the reference sticks, a re-run with SNIP, the headline.</summary>
[Collection(PortalCollection.Name)]
public sealed class XrdAnalysisTests(PortalServer portal)
{
    [Fact]
    public Task SamplePage_UploadXrd_PanelShowsPatternAndRerunsWithSnip() => portal.RunAsync(nameof(SamplePage_UploadXrd_PanelShowsPatternAndRerunsWithSnip), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.GetByTestId("sample-link").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/samples/[0-9a-f-]{36}$"));
        var sampleUrl = page.Url;
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Measurements" }).ClickAsync();

        // A unique copy, so the demo team's earlier uploads are no duplicate of it.
        var folder = Directory.CreateTempSubdirectory("xrd").FullName;
        var file = Path.Combine(folder, "pyScattData_TiO2-1-3h.ras");
        await File.WriteAllTextAsync(file, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "pyScattData_TiO2-1-3h.ras")) + new string('\n', Random.Shared.Next(1, 60)));
        await page.UploadAndOpenMeasurementAsync(file);

        await page.GetByRole(AriaRole.Tab, new() { Name = "XRD analysis" }).ClickAsync();
        var xrd = page.GetByTestId("xrd-analysis");
        await Expect(xrd.GetByTestId("xrd-state")).ToHaveTextAsync("Done", new() { Timeout = 120_000 });
        await Expect(xrd.GetByTestId("xrd-crystallinity")).ToContainTextAsync(new Regex(@"Crystallinity \d+\.\d %"));
        var chart = xrd.GetByTestId("xrd-pattern");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "2θ (°)");
        await Expect(chart).ToHaveAttributeAsync("data-y-title", new Regex(@"^Intensity \(counts(/s)?\)$"));
        await Expect(chart.Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(xrd.GetByTestId("xrd-peaks").Locator("tbody tr").First).ToContainTextAsync(new Regex(@"\b27\.[345]\d*\b"));
        await xrd.GetByText(new Regex("^Reference Li2ZrCl6")).ClickAsync();
        await Expect(chart.Locator(".legend")).ToContainTextAsync("Li2ZrCl6");
        await PortalServer.ScreenshotAsync(page, "measurement-xrd");

        await xrd.GetByTestId("xrd-method").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "SNIP baselines" }).ClickAsync();
        // The choice travels to the server first; running before it lands would re-run the old method.
        await Expect(xrd.GetByTestId("xrd-rerun")).ToHaveAttributeAsync("data-method", "snip");
        await xrd.GetByTestId("xrd-run").ClickAsync();
        await Expect(xrd.GetByTestId("xrd-versions").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(xrd.GetByTestId("xrd-state")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        await Expect(xrd.GetByTestId("xrd-versions").Locator("tbody tr").First).ToContainTextAsync("SNIP baselines");

        // The stacked, normalised overlay starts with this pattern, at its own wavelength.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Overlay" }).ClickAsync();
        var stacked = page.GetByTestId("xrd-overlay").GetByTestId("xrd-stacked");
        await Expect(stacked).ToHaveAttributeAsync("data-x-title", new Regex(@"^2θ \(°, λ = 1\.54\d* Å\)$"));
        await Expect(stacked).ToHaveAttributeAsync("data-y-title", "Normalised intensity (stacked, +1.1 each)");
        await Expect(stacked.Locator(".main-svg").First).ToBeVisibleAsync();

        await page.GotoAsync(sampleUrl);
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("sample-headlines")).ToContainTextAsync("Crystallinity");
        Directory.Delete(folder, recursive: true);
    });
}
