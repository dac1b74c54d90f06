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
        await page.OpenDemoSampleTabAsync("Cells");
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
        await page.OpenDemoSampleTabAsync("Pellets");
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

    [Fact]
    public Task UploadPage_EachFileGetsItsOwnTarget_NamedLabelFirst() => portal.RunAsync(nameof(UploadPage_EachFileGetsItsOwnTarget_NamedLabelFirst), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.GotoAsync("/upload");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");

        // A file naming pellet P2 goes there; one naming no label goes to the default (cell C1); both wait to be checked.
        var folder = Directory.CreateTempSubdirectory("upload-targets").FullName;
        var eis = Path.Combine(folder, $"LZC_P2_25C_{Guid.NewGuid():N}.mpt");
        var eisText = await File.ReadAllTextAsync(TestFile("PyEIS_ex1.mpt"));
        await File.WriteAllTextAsync(eis, eisText + new string('\n', Random.Shared.Next(1, 50)));
        var cycling = Path.Combine(folder, $"gcpl_{Guid.NewGuid():N}.mpt");
        var cyclingText = await File.ReadAllBytesAsync(TestFile("pyprobe__Sample_data_biologic_no_header.mpt"));
        await File.WriteAllBytesAsync(cycling, [.. cyclingText, .. Enumerable.Repeat((byte)'\n', Random.Shared.Next(1, 50))]);
        await page.GetByTestId("file-input").SetInputFilesAsync([eis, cycling]);

        var rows = page.GetByTestId("upload-file");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-state", "Staged");
        await Expect(rows.Nth(0).GetByTestId("file-target").Locator("option:checked")).ToHaveTextAsync("pellet P2");
        await Expect(rows.Nth(1).GetByTestId("file-target").Locator("option:checked")).ToHaveTextAsync("cell C1");
        // The user moves the second file to the sample itself before sending.
        var sampleOption = rows.Nth(1).GetByTestId("file-target").Locator("option", new() { HasTextRegex = new Regex("^sample ") });
        await rows.Nth(1).GetByTestId("file-target").SelectOptionAsync(new SelectOptionValue { Value = await sampleOption.GetAttributeAsync("value") });
        await page.GetByTestId("upload-start").ClickAsync();

        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-state", "Done", new() { Timeout = 90_000 });
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-state", "Done", new() { Timeout = 90_000 });
        var list = page.GetByTestId("measurements");
        await Expect(list.Locator("tr", new() { HasText = Path.GetFileName(eis) }).GetByTestId("measurement-target")).ToHaveTextAsync("pellet P2");
        await Expect(list.Locator("tr", new() { HasText = Path.GetFileName(cycling) }).GetByTestId("measurement-target")).ToHaveTextAsync(new Regex("^sample "));
        await PortalServer.ScreenshotAsync(page, "upload-page-targets");
        Directory.Delete(folder, recursive: true);
    });

    [GeneratedRegex("/cells/[0-9a-f-]{36}$")]
    private static partial Regex CellUrl();
}
