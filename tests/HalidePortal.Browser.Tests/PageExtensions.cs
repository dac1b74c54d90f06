using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

/// <summary>Intent-level steps shared by the browser tests.</summary>
internal static class PageExtensions
{
    /// <summary>Signs in through the static /login form and waits for the interactive samples list.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password = PortalServer.Password)
    {
        await page.SubmitLoginAsync(email, password);
        // Signing in is the first server round trip of a test: on a loaded 2-core machine it can take a while.
        await Expect(page).ToHaveURLAsync(new Uri(new Uri(page.Url), "/samples").ToString(), new() { Timeout = 60_000 });
        await page.WaitForInteractiveAsync();
    }

    public static async Task SubmitLoginAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(new() { Timeout = 60_000 });
    }

    /// <summary>
    /// Waits until the Blazor circuit renders the page: before that the HTML is prerendered and clicks are lost.
    /// </summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();

    /// <summary>Opens the first sample of the list and one of its tabs (tab labels may carry a count).</summary>
    /// <summary>The seeded LZACFO batch with pellets P1, P2 and cells C1, C2-HL.</summary>
    public const string DemoSampleCode = "LZACFO-2026-005";

    /// <summary>
    /// Opens the demo sample with pellets and cells, found by its code: other tests add samples, so "the first row of
    /// the list" depends on the order the tests ran in.
    /// </summary>
    public static async Task OpenDemoSampleTabAsync(this IPage page, string tab)
    {
        await page.GetByTestId("sample-search").FillAsync(DemoSampleCode);
        var hit = page.GetByTestId("sample-link").Filter(new() { HasText = DemoSampleCode });
        await Expect(hit).ToHaveCountAsync(1);
        await hit.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/samples/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^" + tab) }).ClickAsync();
    }

    /// <summary>Opens a cell of the demo sample (C1 or C2-HL) and waits for its interactive page.</summary>
    public static async Task OpenDemoCellAsync(this IPage page, string label)
    {
        await page.OpenDemoSampleTabAsync("Cells");
        await page.GetByTestId("cells").GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/cells/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Drops one file on the page's upload panel, waits until it is parsed and opens its measurement page.</summary>
    public static async Task UploadAndOpenMeasurementAsync(this IPage page, string file)
    {
        await Expect(page.GetByTestId("drop-zone")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("file-input").SetInputFilesAsync(file);
        var row = page.GetByTestId("upload-file").First;
        await Expect(row).ToHaveAttributeAsync("data-state", "Done", new() { Timeout = 90_000 });
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/measurements/[0-9a-f-]{36}$"));
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Fills a MudBlazor text field and leaves it, so a field bound on change sends its value.</summary>
    public static async Task EnterAsync(this ILocator input, string value)
    {
        await input.FillAsync(value);
        await input.BlurAsync();
    }
}
