using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>
/// A dashboard built from the demo data as a team member would: a capacity overlay of the demo cells and an explorer
/// plot; shared by link and opened in a fresh browser context with no account; a cycling file uploaded to cell C1
/// extends both open views without a reload; the link revoked and then refused.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DashboardTests(PortalServer portal)
{
    [Fact]
    public Task Dashboard_BuildShareOpenAnonymously_ExtendsLive_RevokedIsRefused_DeletedAndRestored() => portal.RunAsync(nameof(Dashboard_BuildShareOpenAnonymously_ExtendsLive_RevokedIsRefused_DeletedAndRestored), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboards" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboards$"));
        await page.WaitForInteractiveAsync();
        string name = "Cycling " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("dashboard-new-name").EnterAsync(name);
        await page.GetByTestId("dashboard-create").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboards/[0-9a-f-]{36}"));
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("dashboard-name")).ToHaveTextAsync(name);

        // Panel 1: discharge capacity of the demo sample's two cells (every file of each, now and later).
        await Expect(page.GetByTestId("panel-form")).ToBeVisibleAsync();
        await page.GetByTestId("panel-cells").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"{PageExtensions.DemoSampleCode} cell C1", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"{PageExtensions.DemoSampleCode} cell C2-HL", Exact = true }).ClickAsync();
        // A multi-select stays open for more picks; a click beside it closes it.
        await page.GetByText("Add a panel").ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.GetByTestId("panel-save").ClickAsync();
        var panels = page.GetByTestId("dashboard-panel");
        await Expect(panels).ToHaveCountAsync(1);
        await Expect(panels.Nth(0)).ToHaveAttributeAsync("data-title", "Discharge capacity");

        // Panel 2: the explorer's conductivity against activation energy.
        await page.GetByTestId("dashboard-add-panel").ClickAsync();
        await page.GetByTestId("panel-kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Explorer plot" }).ClickAsync();
        await page.GetByTestId("panel-plot").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "σ vs Ea" }).ClickAsync();
        await page.GetByTestId("panel-save").ClickAsync();
        await Expect(panels).ToHaveCountAsync(2);
        await Expect(panels.Nth(1).GetByTestId("explorer-chart")).ToHaveAttributeAsync("data-x-title", "Ea (eV)");
        int tracesBefore = int.Parse(await panels.Nth(0).GetAttributeAsync("data-traces") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        // Share it and open the link where nobody is signed in.
        await page.GetByTestId("dashboard-share").ClickAsync();
        await page.GetByTestId("share-label").EnterAsync("reviewer");
        await page.GetByTestId("share-create").ClickAsync();
        string url = await page.GetByTestId("share-url").InnerTextAsync();
        Assert.Matches("/shared/hpd_[A-Za-z0-9_-]{43}$", url);

        await using var stranger = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = "en-GB",
        });
        var shared = await stranger.NewPageAsync();
        await shared.GotoAsync(url);
        await shared.WaitForInteractiveAsync();
        await Expect(shared).ToHaveURLAsync(url);
        await Expect(shared.GetByTestId("dashboard-name")).ToHaveTextAsync(name);
        var sharedPanels = shared.GetByTestId("dashboard-panel");
        await Expect(sharedPanels).ToHaveCountAsync(2);
        await Expect(sharedPanels.Nth(1).GetByTestId("explorer-chart")).ToHaveAttributeAsync("data-y-title", "σ at 30 °C (mS/cm)");
        // Nothing beyond the panels: no menu, no way into the team's records.
        await Expect(shared.GetByRole(AriaRole.Link, new() { Name = "Samples" })).ToHaveCountAsync(0);
        await Expect(shared.Locator("a[href^='/samples'], a[href^='/measurements'], a[href^='/cells']")).ToHaveCountAsync(0);

        // A new cycling file for cell C1 (its own bytes, so never a duplicate) lands in both open views by itself.
        async Task<string> UploadToC1Async(string day)
        {
            var upload = await page.Context.NewPageAsync();
            await upload.GotoAsync("/samples");
            await upload.WaitForInteractiveAsync();
            await upload.OpenDemoCellAsync("C1");
            await Expect(upload.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
            var path = Path.Combine(Directory.CreateTempSubdirectory("dashboard-live").FullName, $"C1_{day}_{Guid.NewGuid():N}.csv");
            await File.WriteAllTextAsync(path, CyclingExport(cycles: 4, seed: Random.Shared.Next()));
            await upload.GetByTestId("file-input").SetInputFilesAsync(path);
            await Expect(upload.GetByTestId("upload-file").Nth(0)).ToHaveAttributeAsync("data-state", "Done", new() { Timeout = 120_000 });
            await upload.CloseAsync();
            return path;
        }
        var file = await UploadToC1Async("day2");

        string more = (tracesBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(panels.Nth(0)).ToHaveAttributeAsync("data-traces", more, new() { Timeout = 30_000 });
        await Expect(sharedPanels.Nth(0)).ToHaveAttributeAsync("data-traces", more, new() { Timeout = 30_000 });
        // (A single trace has no legend; its name is on the plot's data.)
        var names = await sharedPanels.Nth(0).Locator(".js-plotly-plot").EvaluateAsync<string[]>("e => e.data.map(t => t.name)");
        Assert.Contains(names, n => n.EndsWith(Path.GetFileName(file), StringComparison.Ordinal));
        await PortalServer.ScreenshotAsync(shared, "dashboard-shared");
        await PortalServer.ScreenshotAsync(page, "dashboard-owner");

        // The owner sees the views counted, revokes the link, and the stranger is refused from then on.
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByTestId("dashboard-share").ClickAsync();
        var row = page.GetByTestId("share-row").Filter(new() { HasText = "reviewer" });
        await Expect(row.GetByTestId("share-views")).ToHaveTextAsync("1");
        await row.GetByTestId("share-revoke").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-active", "false");
        // The stranger's open page stops at the next update instead of showing it.
        await UploadToC1Async("day3");
        await Expect(shared.GetByTestId("shared-refused")).ToContainTextAsync("revoked", new() { Timeout = 30_000 });
        await shared.ReloadAsync();
        await Expect(shared.GetByTestId("shared-refused")).ToContainTextAsync("revoked");
        await Expect(shared.GetByTestId("dashboard-panel")).ToHaveCountAsync(0);

        // Deleted from its page, it leaves the team's list; the Owner brings it back from Deleted records.
        int panelCount = await page.GetByTestId("dashboard-panel").CountAsync();
        await page.GetByTestId("dashboard-delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboards$"));
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deleted records" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        var deleted = page.GetByTestId("deleted-records").Locator("tr").Filter(new() { HasText = "dashboard " + name });
        await deleted.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Expect(deleted).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboards" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByTestId("dashboard-panel")).ToHaveCountAsync(panelCount);
    });

    // A Battery Archive style export of galvanostatic cycles (0.5 mA for an hour each way, 30 s points); the seed makes
    // each file's bytes its own.
    private static string CyclingExport(int cycles, int seed)
    {
        var text = new System.Text.StringBuilder("Date_Time,Test_Time (s),Cycle_Index,Current (A),Voltage (V),Charge_Capacity (Ah),Discharge_Capacity (Ah)\n");
        var start = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc).AddSeconds(seed % 3600);
        double t = 0, fade = 1;
        for (int cycle = 1; cycle <= cycles; cycle++, fade *= 0.98)
        {
            double charge = 0, discharge = 0;
            foreach (double current in new[] { 5e-4, -5e-4 * fade })
            {
                for (int i = 1; i <= 120; i++)
                {
                    t += 30;
                    if (current > 0) { charge += current * 30 / 3600; } else { discharge -= current * 30 / 3600; }
                    double v = current > 0 ? 3.0 + 1.2 * i / 120 : 4.2 - 1.2 * i / 120;
                    text.Append(System.FormattableString.Invariant($"{start.AddSeconds(t):yyyy-MM-dd HH:mm:ss},{t},{cycle},{current},{v:0.0000},{charge:0.000000},{discharge:0.000000}\n"));
                }
            }
        }
        return text.ToString();
    }
}
