using System.Net;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

[Collection(PortalCollection.Name)]
public sealed class RoleTests(PortalApp app)
{
    [Fact]
    public async Task Viewer_Writes_Return403AndReads_Return200()
    {
        var owner = await app.CreateTeamWithUserAsync(TeamRole.Owner);
        var viewer = await app.AddUserAsync(owner.Team, TeamRole.Viewer);
        var sample = await owner.CreateSampleAsync();
        var pellet = await owner.AddPelletAsync(sample.Id);

        foreach (var url in new[] { $"/api/samples/{sample.Id}", "/api/samples/", "/api/compositions/", $"/api/pellets/{pellet.Id}", $"/api/samples/{sample.Id}/history" })
        {
            using var read = await viewer.GetAsync(url);
            Assert.True(read.StatusCode == HttpStatusCode.OK, await Json.DescribeAsync(read));
        }
        var edit = sample.ToInput();
        edit.Notes = "changed by a viewer";
        var writes = new Func<Task<HttpResponseMessage>>[]
        {
            () => viewer.PostAsync("/api/compositions", new CompositionInput("V", "Li2ZrCl6")),
            () => viewer.PostAsync($"/api/samples/{sample.Id}/pellets", TestRecords.Pellet()),
            () => viewer.PostAsync($"/api/samples/{sample.Id}/copy", new SampleCopyRequest("V-COPY")),
            () => viewer.PutAsync($"/api/samples/{sample.Id}", edit),
            () => viewer.PutAsync($"/api/pellets/{pellet.Id}", TestRecords.Pellet()),
            () => viewer.DeleteAsync($"/api/samples/{sample.Id}"),
            () => viewer.DeleteAsync($"/api/pellets/{pellet.Id}"),
        };
        foreach (var write in writes)
        {
            using var response = await write();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, await Json.DescribeAsync(response));
        }

        var after = await owner.GetSampleAsync(sample.Id);
        Assert.Equal((sample.Notes, 1), (after.Notes, after.Pellets.Count));
    }

    [Theory]
    [InlineData("/api/samples/")]
    [InlineData("/api/me/")]
    [InlineData("/api/compositions/")]
    public async Task Api_WithoutCredentials_Returns401(string url)
    {
        using var response = await app.CreateAnonymousClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithRevokedToken_Returns401()
    {
        var owner = await app.CreateTeamWithUserAsync(TeamRole.Owner);
        var token = await owner.CreateTokenAsync("potentiostat PC");
        var script = app.CreateTokenClient(token.PlainToken);
        using (var before = await script.GetAsync(new Uri("/api/me/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoke = await owner.DeleteAsync($"/api/me/tokens/{token.Token.Id}");
        using var after = await script.GetAsync(new Uri("/api/me/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains(await owner.GetAsync<List<ApiTokenView>>("/api/me/tokens"), t => t.Id == token.Token.Id && t.Revoked);
    }

    [Fact]
    public async Task Api_WithUnknownToken_Returns401()
    {
        using var response = await app.CreateTokenClient("hp_not-a-token").GetAsync(new Uri("/api/me/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
