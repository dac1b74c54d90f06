using System.Net;
using HalidePortal.Data;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests;

/// <summary>Owners manage who is in their team; every account manages its own password.</summary>
[Collection(PortalCollection.Name)]
public sealed class TeamTests(PortalApp app)
{
    [Fact]
    public async Task AddMember_NewAccount_CanSignInWithInitialPasswordAndChangeIt()
    {
        var owner = await app.CreateTeamWithUserAsync(TeamRole.Owner);
        var email = $"new-{Unique.Id()}@lab.test";

        var member = await Json.ReadAsync<TeamMemberView>(await owner.PostAsync("/api/team/members",
            new MemberInput { Email = email, DisplayName = "New Member", Role = TeamRole.Member, InitialPassword = "First-pass-2026!" }));
        var teams = app.Services.GetRequiredService<TeamService>();
        var wrong = await Assert.ThrowsAsync<RecordValidationException>(() => teams.ChangePasswordAsync(member.UserId, "not-it", "Second-pass-2026!"));
        await teams.ChangePasswordAsync(member.UserId, "First-pass-2026!", "Second-pass-2026!");

        Assert.Equal(TeamRole.Member, member.Role);
        Assert.True(wrong.Errors.ContainsKey("currentPassword"));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.True(await users.CheckPasswordAsync(user!, "Second-pass-2026!"));
        Assert.Contains(await owner.GetAsync<List<TeamMemberView>>("/api/team/members/"), m => m.Email == email);
    }

    [Fact]
    public async Task AddMember_ByMember_Returns403()
    {
        var owner = await app.CreateTeamWithUserAsync(TeamRole.Owner);
        var member = await app.AddUserAsync(owner.Team, TeamRole.Member);

        using var response = await member.PostAsync("/api/team/members", new MemberInput { Email = $"x-{Unique.Id()}@lab.test", InitialPassword = "Some-pass-2026!" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Demote_LastOwner_Returns400AndKeepsTheOwner()
    {
        var owner = await app.CreateTeamWithUserAsync(TeamRole.Owner);

        using var response = await owner.PutAsync($"/api/team/members/{owner.UserId}", new RoleRequest(TeamRole.Member));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await owner.GetAsync<List<TeamMemberView>>("/api/team/members/"), m => m.UserId == owner.UserId && m.Role == TeamRole.Owner);
    }

    [Fact]
    public async Task CreateTeam_MakesCallerOwnerOfAnEmptyTeam()
    {
        var someone = await app.CreateTeamWithUserAsync(TeamRole.Viewer);
        var name = "Team " + Unique.Id();

        var created = await Json.ReadAsync<TeamMembershipView>(await someone.PostAsync("/api/me/teams", new TeamRequest(name)));
        var memberships = await someone.GetAsync<List<TeamMembershipView>>("/api/me/teams");

        Assert.Equal(TeamRole.Owner, created.Role);
        Assert.Contains(memberships, m => m.TeamName == name && m.Role == TeamRole.Owner);
        Assert.Contains(memberships, m => m.TeamId == someone.Team.Id && m.Role == TeamRole.Viewer);
    }
}
