using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HalidePortal.Browser.Tests;

[Collection(PortalCollection.Name)]
public sealed class AccessTests(PortalServer portal)
{
    [Fact]
    public Task SignIn_WrongPassword_ShowsErrorAndStaysOnLogin() => portal.RunAsync(nameof(SignIn_WrongPassword_ShowsErrorAndStaysOnLogin), async page =>
    {
        await page.SubmitLoginAsync(PortalServer.DemoEmail, "not-the-password");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Email or password is wrong.");
        await Expect(page).ToHaveURLAsync(new Regex("/login(\\?.*)?$"));
        await Expect(page.Locator("#email")).ToHaveValueAsync(PortalServer.DemoEmail);
    });

    [Fact]
    public Task Viewer_SeesSamples_ButNoNewSampleButton() => portal.RunAsync(nameof(Viewer_SeesSamples_ButNoNewSampleButton), async page =>
    {
        await page.SignInAsync(PortalServer.ViewerEmail);

        await Expect(page.GetByTestId("current-user")).ToContainTextAsync("(Viewer)");
        await Expect(page.GetByTestId("samples-table").GetByTestId("sample-link").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("new-sample")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New sample" })).ToHaveCountAsync(0);
    });
}
