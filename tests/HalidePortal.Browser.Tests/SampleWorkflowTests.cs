using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

[Collection(PortalCollection.Name)]
public sealed partial class SampleWorkflowTests(PortalServer portal)
{
    private const string Precursors = "LiCl, ZrCl4, AlCl3, LiF, Li2O";

    /// <summary>
    /// Masses for 1.000 g of LZACFO (Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2) from LiCl, ZrCl4, AlCl3, LiF, Li2O,
    /// worked by hand from standard atomic weights in /work/shared/DOMAIN.md (M = 256.27 g/mol); tolerance 0.05 mg.
    /// </summary>
    private static readonly Dictionary<string, double> ReferenceMassMg = new(StringComparer.Ordinal)
    {
        ["LiCl"] = 74.44, ["ZrCl4"] = 681.98, ["AlCl3"] = 130.07, ["LiF"] = 20.24, ["Li2O"] = 93.27,
    };

    private const double ToleranceMg = 0.05;

    [Fact]
    public Task CreateSample_FindItBySearch_ShowsReferencePrecursorMasses() => portal.RunAsync(nameof(CreateSample_FindItBySearch_ShowsReferencePrecursorMasses), async page =>
    {
        var code = "BT-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await page.SignInAsync(PortalServer.DemoEmail);

        await page.GetByTestId("new-sample").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/samples/new$"));
        await page.GetByTestId("sample-code-input").EnterAsync(code);
        await page.GetByTestId("composition-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "LZACFO – Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2" }).ClickAsync();
        // The select's input shows the chosen composition's label.
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Composition" })).ToHaveValueAsync(new Regex("^LZACFO – "));
        await page.GetByTestId("weighing-precursors").EnterAsync(Precursors);
        await page.GetByTestId("save-sample").ClickAsync();

        await Expect(page).ToHaveURLAsync(SamplePageUrl());
        await Expect(page.GetByTestId("sample-code")).ToHaveTextAsync(code);

        await page.GetByRole(AriaRole.Link, new() { Name = "Samples", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/samples$"));
        await page.GetByTestId("sample-search").FillAsync(code);
        var hit = page.GetByTestId("samples-table").GetByTestId("sample-link");
        await Expect(hit).ToHaveTextAsync([code]); // exactly one row: the search narrowed the table to the new sample
        await hit.ClickAsync();

        await Expect(page).ToHaveURLAsync(SamplePageUrl());
        await Expect(page.GetByTestId("sample-code")).ToHaveTextAsync(code);
        await Expect(page.GetByTestId("batch-mass")).ToHaveValueAsync("1");
        var rows = page.GetByTestId("precursor-masses").GetByTestId("precursor-row");
        await Expect(rows).ToHaveCountAsync(ReferenceMassMg.Count);
        await PortalServer.ScreenshotAsync(page, "sample-page");

        var shown = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in await rows.AllAsync())
        {
            var formula = (await row.Locator("td").First.InnerTextAsync()).Trim();
            shown[formula] = double.Parse(await row.GetByTestId("mass-mg").InnerTextAsync(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        // A saved weighing does not keep the typed precursor order (no position column), so compare as sets.
        var listed = (await page.GetByTestId("precursor-list").InputValueAsync()).Split(',', StringSplitOptions.TrimEntries);
        Assert.Equal(ReferenceMassMg.Keys.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(ReferenceMassMg.Keys.Order(StringComparer.Ordinal), shown.Keys.Order(StringComparer.Ordinal));
        foreach (var (formula, expected) in ReferenceMassMg)
        {
            Assert.Equal(expected, shown[formula], ToleranceMg);
        }
    });

    [GeneratedRegex("/samples/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex SamplePageUrl();
}
