using System.Net;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// Reference patterns through /api/reference-patterns: pasted text stored as arrays and read back, line-numbered 400s,
/// editors only, teams apart, and the built-in Li2ZrCl6 always listed. d by hand: 16.19 deg at Mo K-alpha1 0.7093 A is
/// d = 0.7093 / (2 sin 8.095 deg) = 0.7093 / (2 * 0.140815) = 2.51856 A.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ReferencePatternTests(PortalApp app)
{
    private const string Url = "/api/reference-patterns";

    [Fact]
    public async Task PostGetDelete_PastedText_RoundTripsAndSoftDeletes()
    {
        var owner = await app.CreateTeamWithUserAsync();

        var created = await Json.ReadAsync<ReferencePhaseView>(await owner.PostAsync(Url,
            new ReferencePhaseInput("LZC Mo card", "PDF 00-000-0000 (test)", 0.7093, "# 2theta I hkl\n2theta;I;hkl\n16.19;50;110\n7.43;200;100\n")));

        var fetched = await owner.GetAsync<ReferencePhaseView>($"{Url}/{created.Id}");
        Assert.Equal(("LZC Mo card", "PDF 00-000-0000 (test)", 0.7093, false, true), (fetched.Name, fetched.Source, fetched.WavelengthAngstrom, fetched.BuiltIn, fetched.IntensitiesKnown));
        Assert.Equal([7.43, 16.19], fetched.Reflections.Select(r => r.TwoThetaDeg));
        Assert.Equal([100.0, 25], fetched.Reflections.Select(r => r.RelativeIntensity));
        Assert.Equal(["100", "110"], fetched.Reflections.Select(r => r.Label));
        Assert.Equal(2.51856, fetched.Reflections[1].DAngstrom, 1e-5);
        var list = await owner.GetAsync<List<ReferencePhaseSummary>>(Url);
        Assert.Equal(ReferencePhaseService.BuiltInLi2ZrCl6Id, list[0].Id);
        Assert.Contains(list, p => p.Id == created.Id && p.Reflections == 2 && !p.BuiltIn);

        using var deleted = await owner.DeleteAsync($"{Url}/{created.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await owner.GetAsync($"{Url}/{created.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain(await owner.GetAsync<List<ReferencePhaseSummary>>(Url), p => p.Id == created.Id);
        Assert.Contains(await owner.GetAsync<List<DeletedRecordView>>("/api/deleted"), r => r.Id == created.Id && r.Kind == "reference-patterns");
    }

    [Fact]
    public async Task Post_BadLine_Returns400NamingTheLineAndSavesNothing()
    {
        var owner = await app.CreateTeamWithUserAsync();

        using var response = await owner.PostAsync(Url, new ReferencePhaseInput("bad", null, null, "2theta intensity\n16.19 100\n28.2 60\nabc\n"));

        Assert.Equal("line 4: expected two numbers (2θ in degrees, intensity), got 'abc'", Assert.Single(await Json.FieldErrorsAsync(response, "text")));
        Assert.Single(await owner.GetAsync<List<ReferencePhaseSummary>>(Url));
    }

    [Theory]
    [InlineData(" ", 1.5406, "name", "required")]
    [InlineData("zero wavelength", 0.0, "wavelengthAngstrom", "in Å between 0.01 and 10")]
    public async Task Post_BadField_Returns400OnThatField(string name, double wavelength, string field, string expected)
    {
        var owner = await app.CreateTeamWithUserAsync();

        using var response = await owner.PostAsync(Url, new ReferencePhaseInput(name, null, wavelength, "16.19 100"));

        Assert.Contains(expected, Assert.Single(await Json.FieldErrorsAsync(response, field)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherTeam_CannotSeeFetchOrDelete()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var bob = await app.CreateTeamWithUserAsync();
        var alices = await alice.CreateReferencePatternAsync("Alice's phase");

        using var get = await bob.GetAsync($"{Url}/{alices.Id}");
        using var delete = await bob.DeleteAsync($"{Url}/{alices.Id}");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (get.StatusCode, delete.StatusCode));
        var bobs = await bob.GetAsync<List<ReferencePhaseSummary>>(Url);
        Assert.Equal([ReferencePhaseService.BuiltInLi2ZrCl6Id], bobs.Select(p => p.Id));
        Assert.Equal("Alice's phase", (await alice.GetAsync<ReferencePhaseView>($"{Url}/{alices.Id}")).Name);
    }

    [Fact]
    public async Task Viewer_ReadsButCannotPostOrDelete()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var viewer = await app.AddUserAsync(owner.Team, TeamRole.Viewer);
        var phase = await owner.CreateReferencePatternAsync();

        using var post = await viewer.PostAsync(Url, new ReferencePhaseInput("V", null, null, "16.19 100"));
        using var delete = await viewer.DeleteAsync($"{Url}/{phase.Id}");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (post.StatusCode, delete.StatusCode));
        Assert.Equal(3, (await viewer.GetAsync<ReferencePhaseView>($"{Url}/{phase.Id}")).Reflections.Count);
        Assert.Equal(2, (await viewer.GetAsync<List<ReferencePhaseSummary>>(Url)).Count);
    }

    [Fact]
    public async Task BuiltIn_AlwaysThere_WithIndicesAndNotDeletable()
    {
        var owner = await app.CreateTeamWithUserAsync();

        var builtIn = await owner.GetAsync<ReferencePhaseView>($"{Url}/{ReferencePhaseService.BuiltInLi2ZrCl6Id}");
        using var delete = await owner.DeleteAsync($"{Url}/{ReferencePhaseService.BuiltInLi2ZrCl6Id}");

        Assert.True(builtIn.BuiltIn);
        Assert.False(builtIn.IntensitiesKnown);
        Assert.Contains(builtIn.Reflections, r => r.Label == "110" && Math.Abs(r.TwoThetaDeg - 16.1909) < 1e-3);
        Assert.Contains("built in", Assert.Single(await Json.FieldErrorsAsync(delete, "id")), StringComparison.Ordinal);
    }
}
