using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>A powder pattern uploaded to a sample: the XRD analysis tab, the reference sticks (built-in and pasted), a re-run with SNIP, the headline.</summary>
[Collection(PortalCollection.Name)]
public sealed class XrdAnalysisTests(PortalServer portal)
{
    [Fact]
    public Task SamplePage_UploadXrd_PanelShowsPatternAndRerunsWithSnip() => portal.RunAsync(nameof(SamplePage_UploadXrd_PanelShowsPatternAndRerunsWithSnip), async page =>
    {
        var sampleUrl = await UploadXrdAndOpenAnalysisAsync(page);
        var xrd = page.GetByTestId("xrd-analysis");
        await Expect(xrd.GetByTestId("xrd-crystallinity")).ToContainTextAsync(new Regex(@"Crystallinity \d+\.\d %"));
        var chart = xrd.GetByTestId("xrd-pattern");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "2θ (°)");
        await Expect(chart).ToHaveAttributeAsync("data-y-title", new Regex(@"^Intensity \(counts(/s)?\)$"));
        await Expect(chart.Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(xrd.GetByTestId("xrd-peaks").Locator("tbody tr").First).ToContainTextAsync(new Regex(@"\b27\.[345]\d*\b"));
        await PickReferenceAsync(page, "Li2ZrCl6 (P-3m1)");
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
    });

    [Fact]
    public Task XrdAnalysis_PasteReference_PickedPatternDrawsItsSticks() => portal.RunAsync(nameof(XrdAnalysis_PasteReference_PickedPatternDrawsItsSticks), async page =>
    {
        await UploadXrdAndOpenAnalysisAsync(page);
        var xrd = page.GetByTestId("xrd-analysis");
        var name = "Rutile card " + Guid.NewGuid().ToString("N")[..6];

        await xrd.GetByTestId("xrd-ref-open").ClickAsync();
        var form = xrd.GetByTestId("xrd-ref-form");
        await form.GetByTestId("xrd-ref-name").EnterAsync(name);
        await form.GetByTestId("xrd-ref-source").EnterAsync("rutile TiO2, test list");
        await form.GetByTestId("xrd-ref-text").EnterAsync("2theta intensity hkl\n27.45 100 110\n36.09 50 101\nabc");
        await form.GetByTestId("xrd-ref-add").ClickAsync();
        await Expect(form.GetByTestId("xrd-ref-error")).ToHaveTextAsync("line 4: expected two numbers (2θ in degrees, intensity), got 'abc'");

        await form.GetByTestId("xrd-ref-text").EnterAsync("2theta intensity hkl\n27.45 100 110\n36.09 50 101\n54.32 60 211");
        await form.GetByTestId("xrd-ref-add").ClickAsync();
        await Expect(xrd.GetByTestId("xrd-ref-form")).ToHaveCountAsync(0);

        var chart = xrd.GetByTestId("xrd-pattern");
        await PickReferenceAsync(page, "None");
        await Expect(chart.Locator(".legend")).Not.ToContainTextAsync(name);
        await PickReferenceAsync(page, name);
        await Expect(chart.Locator(".legend")).ToContainTextAsync(name);
        await Expect(xrd.GetByTestId("xrd-reference-caption")).ToContainTextAsync("Source: rutile TiO2, test list.");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "2θ (°)");
        await PortalServer.ScreenshotAsync(page, "measurement-xrd-reference");
    });

    /// <summary>
    /// Uploads a unique copy of a rutile pattern (so the demo team's earlier uploads are no duplicate of it) to the demo
    /// team's first sample, opens its XRD analysis tab and waits for the analysis; returns the sample's URL.
    /// </summary>
    private static async Task<string> UploadXrdAndOpenAnalysisAsync(IPage page)
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.GetByTestId("sample-link").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/samples/[0-9a-f-]{36}$"));
        var sampleUrl = page.Url;
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Measurements" }).ClickAsync();

        var folder = Directory.CreateTempSubdirectory("xrd").FullName;
        var file = Path.Combine(folder, "pyScattData_TiO2-1-3h.ras");
        await File.WriteAllTextAsync(file, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "pyScattData_TiO2-1-3h.ras")) + new string('\n', Random.Shared.Next(1, 5000)));
        await page.UploadAndOpenMeasurementAsync(file);
        Directory.Delete(folder, recursive: true);

        await page.GetByRole(AriaRole.Tab, new() { Name = "XRD analysis" }).ClickAsync();
        await Expect(page.GetByTestId("xrd-analysis").GetByTestId("xrd-state")).ToHaveTextAsync("Done", new() { Timeout = 120_000 });
        return sampleUrl;
    }

    private static async Task PickReferenceAsync(IPage page, string name)
    {
        await page.GetByTestId("xrd-analysis").GetByTestId("xrd-reference").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = name, Exact = true }).ClickAsync();
    }
}
