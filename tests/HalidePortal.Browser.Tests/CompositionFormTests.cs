using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

[Collection(PortalCollection.Name)]
public sealed class CompositionFormTests(PortalServer portal)
{
    [Fact]
    public Task Formula_BadCharacter_ShowsErrorNamingIt() => portal.RunAsync(nameof(Formula_BadCharacter_ShowsErrorNamingIt), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Compositions", Exact = true }).ClickAsync();

        var formula = page.GetByTestId("composition-formula");
        await formula.FillAsync("Li2Zr#Cl6");

        await Expect(formula).ToHaveAttributeAsync("aria-invalid", "true");
        // MudBlazor renders ErrorText as the field's helper text, not linked to the input by aria-describedby.
        var error = page.Locator(".mud-input-control").Filter(new() { Has = formula }).Locator(".mud-input-helper-text");
        await Expect(error).ToContainTextAsync("unexpected character '#'");
        await Expect(page.GetByTestId("composition-preview")).ToHaveCountAsync(0);
    });
}
