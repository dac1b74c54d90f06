using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>
/// A GITT file uploaded to a cell, run on request with a particle radius: D per pulse on a log axis and the pulse table.
/// The file is the EC-Lab export of AnalysisRunGittTests: 0.1 mA pulses of 60 s with E = E0 + IR + S √t,
/// S = 2 L ΔEs / (τ √(π D)), 900 s rests; L = 10 µm and D = 1e-11, 1e-10, 1e-9 cm²/s.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class GittTests(PortalServer portal)
{
    [Fact]
    public Task CellPage_UploadGitt_RunWithRadiusShowsDiffusionChartAndPulses() => portal.RunAsync(nameof(CellPage_UploadGitt_RunWithRadiusShowsDiffusionChartAndPulses), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.OpenDemoSampleTabAsync("Cells");
        await page.GetByTestId("cells").GetByRole(AriaRole.Link, new() { Name = "C1", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CellUrl());
        await page.WaitForInteractiveAsync();

        var folder = Directory.CreateTempSubdirectory("gitt").FullName;
        var file = Path.Combine(folder, "gitt.mpt");
        await File.WriteAllBytesAsync(file, GittMpt());
        await page.UploadAndOpenMeasurementAsync(file);

        await page.GetByRole(AriaRole.Tab, new() { Name = "GITT" }).ClickAsync();
        var gitt = page.GetByTestId("gitt");
        await gitt.GetByLabel("Radius").EnterAsync("10");
        await gitt.GetByTestId("gitt-run").ClickAsync();
        await Expect(gitt.GetByTestId("gitt-state")).ToHaveTextAsync("Done", new() { Timeout = 120_000 });
        var chart = gitt.GetByTestId("gitt-chart");
        await Expect(chart).ToHaveAttributeAsync("data-y-title", "D (cm²/s)");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", new Regex(@"^State of charge \(.+\)$"));
        await Expect(chart.Locator(".main-svg").First).ToBeVisibleAsync();
        Assert.Equal("log", await chart.Locator(".js-plotly-plot").EvaluateAsync<string>("e => e._fullLayout.yaxis.type"));
        var pulses = gitt.GetByTestId("gitt-pulses").Locator("tbody tr");
        await Expect(pulses).ToHaveCountAsync(3);
        await Expect(pulses.Nth(0)).ToContainTextAsync(new Regex(@"\b(1\.00\d|9\.99\d)E-1[12]"));
        await Expect(pulses.Nth(2)).ToContainTextAsync(new Regex(@"\b(1\.00\d|9\.99\d)E-(09|10)"));
        await PortalServer.ScreenshotAsync(page, "measurement-gitt");

        // The same D against the pulses' mean voltage: the chart's x values are the table's V column.
        await gitt.GetByText("against voltage").ClickAsync();
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "Mean cell voltage during the pulse (V)");
        double[] xs = await chart.Locator(".js-plotly-plot").EvaluateAsync<double[]>("e => e.data.flatMap(t => t.x)");
        var volts = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            volts.Add(double.Parse(await pulses.Nth(i).Locator("td").Nth(2).InnerTextAsync(), CultureInfo.InvariantCulture));
        }
        Assert.Equal(volts.Order(), xs.Distinct().Order().Select(x => Math.Round(x, 4)));
        Directory.Delete(folder, recursive: true);
    });

    /// <summary>A first rest point, then per D a 60 s pulse (1 s rows) and a 900 s rest; a random start keeps it unique.</summary>
    private static byte[] GittMpt()
    {
        double[] d = [1e-11, 1e-10, 1e-9];
        double start = Random.Shared.Next(0, 1_000_000);
        var text = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 5\n\nGalvanostatic Cycling with Potential Limitation\ntime/s\tEwe/V\tI/mA\n");
        void Row(double t, double e, double i) => text.Append(CultureInfo.InvariantCulture, $"{start + t:R}\t{e:R}\t{i:R}\n");
        Row(0, 3.7, 0);
        for (int k = 0; k < d.Length; k++)
        {
            double t0 = k * 960, e0 = 3.7 + k * 0.01, slope = 2 * 1e-3 * 0.01 / (60 * Math.Sqrt(Math.PI * d[k]));
            for (int s = 1; s <= 60; s++)
            {
                Row(t0 + s, e0 + 0.02 + slope * Math.Sqrt(s), 0.1);
            }
            double relaxFrom = e0 + slope * Math.Sqrt(60), es = e0 + 0.01;
            for (int s = 5; s <= 900; s += 5)
            {
                Row(t0 + 60 + s, es + (relaxFrom - es) * Math.Exp(-s / 60.0), 0);
            }
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    [GeneratedRegex("/cells/[0-9a-f-]{36}$")]
    private static partial Regex CellUrl();
}
