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

    [Fact]
    public Task TeamSwitcher_OtherTeam_ShowsOnlyThatTeamsSamples() => portal.RunAsync(nameof(TeamSwitcher_OtherTeam_ShowsOnlyThatTeamsSamples), async page =>
    {
        await page.SignInAsync(PortalServer.DemoEmail);
        await Expect(page.GetByTestId("samples-table")).ToContainTextAsync("LZACFO-2026-005");
        try
        {
            await page.GetByTestId("team-switcher").SelectOptionAsync(new SelectOptionValue { Label = "Partner lab (Member)" });
            await page.WaitForInteractiveAsync();

            await Expect(page.GetByTestId("samples-table")).ToContainTextAsync("LYC-P-001");
            await Expect(page.GetByTestId("samples-table")).Not.ToContainTextAsync("LZACFO");
            await Expect(page.GetByTestId("current-user")).ToContainTextAsync("(Member)");
        }
        finally
        {
            // The current team is stored per user: switch back so other tests find the demo user in Demo lab.
            await page.GetByTestId("team-switcher").SelectOptionAsync(new SelectOptionValue { Label = "Demo lab (Owner)" });
            await page.WaitForInteractiveAsync();
        }
        await Expect(page.GetByTestId("samples-table")).ToContainTextAsync("LZACFO-2026-005");
    });
}
