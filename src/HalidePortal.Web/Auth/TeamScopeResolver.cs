using System.Security.Claims;
using HalidePortal.Web.Services;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Auth;

/// <summary>Finds the team a signed-in user (or an API token) is working in, and the user's role there.</summary>
public sealed class TeamScopeResolver(PortalDb portalDb)
{
    public const string TokenTeamClaim = "halide:team";

    public async Task<TeamScope?> ResolveAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return null;
        }
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.CurrentTeamId, u.DisplayName, u.Email })
            .SingleOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }
        Guid? wanted = Guid.TryParse(principal.FindFirstValue(TokenTeamClaim), out var tokenTeam) ? tokenTeam : user.CurrentTeamId;
        var memberships = db.TeamMemberships.AsNoTracking().Where(m => m.UserId == userId);
        var membership = await memberships.Where(m => m.TeamId == wanted)
                .Select(m => new { m.TeamId, m.Role, TeamName = m.Team!.Name }).SingleOrDefaultAsync(ct)
            ?? (principal.HasClaim(c => c.Type == TokenTeamClaim)
                ? null // a token never falls back to another team
                : await memberships.OrderBy(m => m.Team!.Name)
                    .Select(m => new { m.TeamId, m.Role, TeamName = m.Team!.Name }).FirstOrDefaultAsync(ct));
        if (membership is null)
        {
            return null;
        }
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? userId.ToString() : user.DisplayName;
        return new TeamScope(membership.TeamId, membership.TeamName, membership.Role, userId, name);
    }
}
