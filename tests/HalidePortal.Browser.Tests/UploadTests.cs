using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>Files dropped on a cell or pellet page are parsed by the worker and plotted, without a reload.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class UploadTests(PortalServer portal)
{
    private static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    [Fact]
    public Task CellPage_UploadCyclingAndJunk_ShowsSummaryAndReason() => portal.RunAsync(nameof(CellPage_UploadCyclingAndJunk_ShowsSummaryAndReason), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await OpenFirstSampleTabAsync(page, "Cells");
        await page.GetByTestId("cells").GetByRole(AriaRole.Link, new() { Name = "C1", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CellUrl());
        await page.WaitForInteractiveAsync();

        var junk = Path.Combine(Path.GetTempPath(), $"junk-{Guid.NewGuid():N}.ndax");
        await File.WriteAllBytesAsync(junk, System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096));
        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("file-input").SetInputFilesAsync([TestFile("navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"), junk]);

        var rows = page.GetByTestId("upload-file");
        await Expect(rows).ToHaveCountAsync(2);
        // The state updates live: no reload between the drop and Done/Failed.
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-state", new Regex("^(Done)$"), new() { Timeout = 90_000 });
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-state", "Failed", new() { Timeout = 60_000 });
        await Expect(rows.Nth(1).GetByTestId("upload-error")).ToContainTextAsync("not a format the portal reads");

        await Expect(page.GetByTestId("capacity-chart")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("capacity-chart")).ToHaveAttributeAsync("data-x-title", "Cycle");
        await Expect(page.GetByTestId("capacity-chart").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("profile-chart")).ToHaveAttributeAsync("data-y-title", "Voltage (V)");
        await Expect(page.GetByTestId("profile-chart").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("dqdv-chart").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cycle-table")).ToBeAttachedAsync();
        await PortalServer.ScreenshotAsync(page, "cell-page-cycling");
        File.Delete(junk);
    });

    [Fact]
    public Task PelletPage_UploadImpedance_MeasurementPageShowsNyquist() => portal.RunAsync(nameof(PelletPage_UploadImpedance_MeasurementPageShowsNyquist), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await OpenFirstSampleTabAsync(page, "Pellets");
        await page.GetByTestId("pellets").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/pellets/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();

        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("file-input").SetInputFilesAsync(TestFile("PyEIS_ex1.mpt"));
        var row = page.GetByTestId("upload-file").First;
        await Expect(row).ToHaveAttributeAsync("data-state", new Regex("^(Done)$"), new() { Timeout = 90_000 });
        await row.GetByRole(AriaRole.Link).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/measurements/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("measurement-state")).ToHaveTextAsync("Done");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Data" }).ClickAsync();
        var chart = page.GetByTestId("data-chart");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "Re(Z) (Ohm)");
        await Expect(chart).ToHaveAttributeAsync("data-y-title", "-Im(Z) (Ohm)");
        await Expect(chart.Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("bode-chart")).ToHaveAttributeAsync("data-x-title", "Frequency (Hz)");
        await PortalServer.ScreenshotAsync(page, "measurement-nyquist");
    });

    [Fact]
    public Task UploadPage_DefaultsToTheFirstSamplesCell_AndListsItsMeasurements() => portal.RunAsync(nameof(UploadPage_DefaultsToTheFirstSamplesCell_AndListsItsMeasurements), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Upload", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/upload$"));
        await page.WaitForInteractiveAsync();

        // A sample is chosen and its first cell is the default target, so the lab can drop files at once.
        await Expect(page.GetByText("cell C1 (cycling)")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.GetByText("Active mass")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("measurements")).ToBeVisibleAsync();
        await PortalServer.ScreenshotAsync(page, "upload-page");
    });

    private static async Task OpenFirstSampleTabAsync(IPage page, string tab)
    {
        await page.GetByTestId("sample-link").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/samples/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^" + tab) }).ClickAsync();
    }

    [GeneratedRegex("/cells/[0-9a-f-]{36}$")]
    private static partial Regex CellUrl();
}
