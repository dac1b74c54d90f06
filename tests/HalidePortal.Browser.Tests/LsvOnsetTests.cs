using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>
/// A linear sweep uploaded to a sample: the Onset tab shows both onsets and the chart, a re-run with another threshold
/// adds a version. The file is the EC-Lab export of AnalysisRunLsvTests: I = 0.1 µA + 0.9 µA exp((E - 3.86 V) / 0.05 V)
/// vs Li/Li+, so 1 µA is crossed at 3.860 V and 10 µA at 3.980 V.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LsvOnsetTests(PortalServer portal)
{
    [Fact]
    public Task SamplePage_UploadLsv_OnsetTabShowsOnsetsAndRerunsWithThreshold() => portal.RunAsync(nameof(SamplePage_UploadLsv_OnsetTabShowsOnsetsAndRerunsWithThreshold), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.OpenDemoSampleTabAsync("Measurements");

        var folder = Directory.CreateTempSubdirectory("lsv").FullName;
        var file = Path.Combine(folder, "lsv.mpt");
        await File.WriteAllBytesAsync(file, LsvMpt());
        await page.UploadAndOpenMeasurementAsync(file);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Onset" }).ClickAsync();
        var lsv = page.GetByTestId("lsv-onset");
        // The first run is queued by the worker after parsing; the panel offers Refresh until it exists.
        var state = lsv.GetByTestId("lsv-state");
        for (int i = 0; i < 60 && !await state.IsVisibleAsync(); i++)
        {
            await Task.Delay(2000);
            var refresh = lsv.GetByRole(AriaRole.Button, new() { Name = "Refresh" });
            if (await refresh.IsVisibleAsync())
            {
                await refresh.ClickAsync();
            }
        }
        await Expect(state).ToHaveTextAsync("Done", new() { Timeout = 120_000 });
        await Expect(lsv.GetByTestId("lsv-onset-threshold")).ToHaveTextAsync(new Regex(@"^3\.86\d V vs Li/Li⁺$"));
        await Expect(lsv.GetByTestId("lsv-onset-tangent")).ToHaveTextAsync(new Regex(@"^4\.2[345]\d V vs Li/Li⁺$"));
        var chart = lsv.GetByTestId("lsv-chart");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", new Regex("V vs Li"));
        await Expect(chart).ToHaveAttributeAsync("data-y-title", new Regex(@"\(µA\)"));
        await Expect(chart.Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(lsv.GetByTestId("lsv-versions").Locator("tbody tr")).ToHaveCountAsync(1);
        await PortalServer.ScreenshotAsync(page, "measurement-lsv");

        await lsv.GetByTestId("lsv-threshold").EnterAsync("10");
        await lsv.GetByTestId("lsv-run").ClickAsync();
        // The snackbar says queued, or states why the settings were refused.
        await Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Onset version 2 queued", new() { Timeout = 30_000 });
        await Expect(lsv.GetByTestId("lsv-versions").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(state).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        await Expect(lsv.GetByTestId("lsv-onset-threshold")).ToHaveTextAsync(new Regex(@"^3\.9[78]\d V vs Li/Li⁺$"));
        await Expect(lsv.GetByTestId("lsv-versions").Locator("tbody tr").First).ToContainTextAsync("10 µA");
        Directory.Delete(folder, recursive: true);
    });

    /// <summary>3.0 to 4.3 V vs Li/Li+ recorded vs Li-In (0.62 V) every 1 mV; a random start time keeps it unique.</summary>
    private static byte[] LsvMpt()
    {
        var text = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 7\n\nLinear Sweep Voltammetry\n\nElectrode surface area : 0.785 cm\u00b2\n");
        text.Append("time/s\tEwe/V\t<I>/mA\n");
        double start = Random.Shared.Next(1, 1_000_000);
        for (int k = 0; k <= 1300; k++)
        {
            double e = 3.0 + 0.001 * k;
            double current = 0.0001 + 0.0009 * Math.Exp((e - 3.86) / 0.05);
            text.Append(CultureInfo.InvariantCulture, $"{start + k * 0.1:R}\t{e - 0.62:R}\t{current:R}\n");
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }
}
