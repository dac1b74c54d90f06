using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>A pellet's temperature series fitted without a setting touched; the Arrhenius plot; a fit re-run with another circuit.</summary>
[Collection(PortalCollection.Name)]
public sealed class AnalysisTests(PortalServer portal)
{
    private static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    [Fact]
    public Task PelletPage_TemperatureSeries_ArrheniusThenRefitWithOtherCircuit() => portal.RunAsync(nameof(PelletPage_TemperatureSeries_ArrheniusThenRefitWithOtherCircuit), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.GetByTestId("sample-link").First.ClickAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Pellets") }).ClickAsync();

        // A new pellet with the published geometry of EISFitpython's s04147 (D 8 mm, L 2.1 mm).
        string label = "S" + Guid.NewGuid().ToString("N")[..5];
        await page.GetByText("Add a pellet").ClickAsync();
        await page.GetByLabel("Label").EnterAsync(label);
        await page.GetByLabel("Thickness").EnterAsync("2.1");
        await page.GetByLabel("Diameter").EnterAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add pellet" }).ClickAsync();
        await page.GetByTestId("pellets").GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/pellets/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();

        // The spectra as the instrument named them (temperature in the name), each copy made unique.
        var folder = Directory.CreateTempSubdirectory("series").FullName;
        var files = new List<string>();
        foreach (var t in new[] { 140, 170, 200 })
        {
            var name = $"EISFitpython_s04147-{t}deg.txt";
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, await File.ReadAllTextAsync(TestFile(name)) + new string('\n', Random.Shared.Next(1, 60)));
            files.Add(path);
        }
        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("file-input").SetInputFilesAsync(files);
        var rows = page.GetByTestId("upload-file");
        await Expect(rows).ToHaveCountAsync(3);
        for (int i = 0; i < 3; i++)
        {
            await Expect(rows.Nth(i)).ToHaveAttributeAsync("data-state", "Done", new() { Timeout = 90_000 });
        }

        var series = page.GetByTestId("pellet-series");
        await Expect(series.GetByTestId("series-ea")).ToContainTextAsync(new Regex(@"Ea = 0\.\d{3} ± 0\.\d{3} eV"), new() { Timeout = 60_000 });
        await Expect(series.GetByTestId("series-sigma30")).ToContainTextAsync("mS/cm");
        var chart = series.GetByTestId("arrhenius-chart");
        await Expect(chart).ToHaveAttributeAsync("data-x-title", "1000/T (1/K)");
        await Expect(chart).ToHaveAttributeAsync("data-y-title", "ln(σT / (S K cm⁻¹))");
        await Expect(chart.Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(series.GetByTestId("series-points").Locator("tbody tr")).ToHaveCountAsync(3);
        await PortalServer.ScreenshotAsync(page, "pellet-arrhenius");

        // The resistors named by their arcs' capacitances; a typed sum gets an Arrhenius fit of its own.
        await Expect(series.GetByTestId("series-ea-table")).ToContainTextAsync("R1 (bulk)");
        await series.GetByTestId("series-sum").FillAsync("R1+R2");
        await series.GetByTestId("series-sum").PressAsync("Enter");
        await Expect(series.GetByTestId("series-ea-table")).ToContainTextAsync("R1+R2");
        await Expect(series.GetByTestId("series-ea")).ToContainTextAsync(new Regex(@"Ea = 0\.\d{3} ± 0\.\d{3} eV"));
        await Expect(chart.Locator(".legend")).ToContainTextAsync("R1+R2 (measured)");
        await PortalServer.ScreenshotAsync(page, "pellet-arrhenius-sum");

        // The 140 C spectrum's fit, then the same spectrum fitted again with a one-arc circuit: a second version.
        await series.GetByTestId("series-points").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("140deg") }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/measurements/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Fit" }).ClickAsync();
        var fit = page.GetByTestId("impedance-fit");
        await Expect(fit.GetByTestId("fit-state")).ToHaveTextAsync("Done");
        await Expect(fit.GetByTestId("nyquist-fit")).ToHaveAttributeAsync("data-x-title", "Re(Z) (Ω)");
        await Expect(fit.GetByTestId("nyquist-fit").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(fit.GetByTestId("bode-fit").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(fit.GetByTestId("fit-parameters")).ToContainTextAsync("R1");
        await Expect(fit.GetByTestId("fit-versions").Locator("tbody tr")).ToHaveCountAsync(1);
        await PortalServer.ScreenshotAsync(page, "measurement-fit");

        await fit.GetByTestId("refit-circuit").EnterAsync("R0-p(R1,CPE1)-CPE2");
        await fit.GetByTestId("refit-run").ClickAsync();
        await Expect(fit.GetByTestId("fit-versions").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(fit.GetByTestId("fit-state")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        await Expect(fit.GetByTestId("fit-circuit")).ToContainTextAsync("R0-p(R1,CPE1)-CPE2 (given)");
        await Expect(fit.GetByTestId("fit-parameters")).ToContainTextAsync("CPE2.n");
        await PortalServer.ScreenshotAsync(page, "measurement-refit");

        // The same spectrum's data-quality check and DRT, computed on upload.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Quality and DRT" }).ClickAsync();
        var quality = page.GetByTestId("spectrum-quality");
        await Expect(quality.GetByTestId("kk-verdict")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(quality.GetByTestId("drt-chart")).ToHaveAttributeAsync("data-x-title", "τ (s)");
        await Expect(quality.GetByTestId("drt-chart").Locator(".main-svg").First).ToBeVisibleAsync();
        await Expect(quality.GetByTestId("drt-peaks").Locator("tbody tr").First).ToBeVisibleAsync();
        await PortalServer.ScreenshotAsync(page, "measurement-drt");

        // A DRT with a given λ: a second version, then the first drawn over it.
        await quality.GetByTestId("drt-lambda").EnterAsync("0.001");
        await quality.GetByTestId("drt-run").ClickAsync();
        var drtVersions = quality.GetByTestId("drt-versions").Locator("tbody tr");
        await Expect(drtVersions).ToHaveCountAsync(2);
        await Expect(drtVersions.First).ToContainTextAsync("Done", new() { Timeout = 60_000 });
        await Expect(drtVersions.First).ToContainTextAsync("(given)");
        await drtVersions.Nth(1).Locator("input[type=checkbox]").CheckAsync();
        await Expect(quality.GetByTestId("drt-chart").Locator(".legend")).ToContainTextAsync("v1");
        await PortalServer.ScreenshotAsync(page, "measurement-drt-overlay");
        Directory.Delete(folder, recursive: true);
    });
}
