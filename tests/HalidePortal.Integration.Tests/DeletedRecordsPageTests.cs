using System.Net;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests;

/// <summary>The Deleted records page as a signed-in Owner first receives it (server prerendering, real data).</summary>
[Collection(DemoCollection.Name)]
public sealed class DeletedRecordsPageTests(DemoPortalApp app)
{
    [Fact]
    public async Task DeletedRecordsPage_DeletedDashboard_ListedWithRestore()
    {
        TeamScope owner;
        await using (var db = await app.OpenDbAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Email == DemoSeeder.Email);
            var team = await db.Teams.SingleAsync(t => t.Name == DemoSeeder.TeamName);
            owner = new TeamScope(team.Id, team.Name, TeamRole.Owner, user.Id, user.DisplayName);
        }
        var dashboards = app.Services.GetRequiredService<DashboardService>();
        var dashboard = await dashboards.CreateAsync(owner, new DashboardInput("Binned cells " + Unique.Id(), null));
        await dashboards.DeleteAsync(owner, dashboard.Id);
        var browser = app.CreateAnonymousClient();
        using (await DemoTests.SignInAsync(browser, DemoSeeder.Email, DemoSeeder.Password))
        {
        }

        using var page = await browser.GetAsync(new Uri("/deleted", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var table = html[html.IndexOf("data-testid=\"deleted-records\"", StringComparison.Ordinal)..];
        var at = table.IndexOf("dashboard " + dashboard.Name, StringComparison.Ordinal);
        Assert.True(at > 0, "the deleted dashboard is not on the page");
        var start = table.LastIndexOf("<tr", at, StringComparison.Ordinal);
        var row = table[start..table.IndexOf("</tr>", at, StringComparison.Ordinal)];
        Assert.Contains(">dashboards</td>", row, StringComparison.Ordinal);
        Assert.Contains("Restore", row, StringComparison.Ordinal);
    }
}
