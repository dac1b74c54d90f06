using System.Net;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests;

/// <summary>The mapping page as a signed-in browser first receives it (server prerendering, real data).</summary>
[Collection(DemoCollection.Name)]
public sealed class ColumnMappingPageTests(DemoPortalApp app)
{
    [Fact]
    public async Task MapPage_LoggerUpload_RendersPreviewWithGuessedColumns()
    {
        // The demo user uploads through the API with a token of their own, then opens the page with the cookie.
        Guid teamId, userId, sampleId;
        await using (var db = await app.OpenDbAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Email == DemoSeeder.Email);
            userId = user.Id;
            teamId = await db.Teams.Where(t => t.Name == DemoSeeder.TeamName).Select(t => t.Id).SingleAsync();
        }
        await using (var db = await app.OpenDbAsync(teamId))
        {
            sampleId = await db.Samples.Select(s => s.Id).FirstAsync();
        }
        var token = await app.Services.GetRequiredService<TeamService>()
            .CreateTokenAsync(new TeamScope(teamId, DemoSeeder.TeamName, TeamRole.Owner, userId, "Demo"), "mapping page test", null);
        var api = new PortalClient(app.CreateTokenClient(token.PlainToken), new TeamHandle(teamId, DemoSeeder.TeamName), userId, "Demo", token.Token.Id);
        // No waiting for the worker: the preview reads the stored raw file whatever the state (and two test apps in one
        // process share Hangfire's global storage, so this collection's jobs may run elsewhere).
        var upload = await api.UploadAsync($"sample:{sampleId}", (PortalClient.LoggerFile, TestFiles.Unique(PortalClient.LoggerFile)));
        var measurementId = upload.Items[0].MeasurementId!.Value;
        var browser = app.CreateAnonymousClient();
        using (await DemoTests.SignInAsync(browser, DemoSeeder.Email, DemoSeeder.Password))
        {
        }

        using var page = await browser.GetAsync(new Uri($"/measurements/{measurementId}/map", UriKind.Relative));
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"mapping-table\"", html, StringComparison.Ordinal);
        Assert.Contains("Header on line 5", html, StringComparison.Ordinal);
        Assert.Contains("Spannung [mV]", html, StringComparison.Ordinal);
        Assert.Contains("3812,5", html, StringComparison.Ordinal);
        Assert.Contains("Save and parse", html, StringComparison.Ordinal);
    }
}
