using HalidePortal.Domain.Teams;
using HalidePortal.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed record TeamMembershipView(Guid TeamId, string TeamName, TeamRole Role);

public sealed record ApiTokenView(Guid Id, string Name, string Prefix, string TeamName, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, bool Revoked);

/// <summary>The plain token is returned once, at creation; the portal keeps only its hash.</summary>
public sealed record NewApiToken(ApiTokenView Token, string PlainToken);

public sealed class TeamService(PortalDb portalDb, TimeProvider clock)
{
    public async Task<IReadOnlyList<TeamMembershipView>> MembershipsAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        return await db.TeamMemberships.AsNoTracking().Where(m => m.UserId == userId)
            .OrderBy(m => m.Team!.Name)
            .Select(m => new TeamMembershipView(m.TeamId, m.Team!.Name, m.Role)).ToListAsync(ct);
    }

    public async Task SwitchTeamAsync(Guid userId, Guid teamId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        if (!await db.TeamMemberships.AnyAsync(m => m.UserId == userId && m.TeamId == teamId, ct))
        {
            throw new RecordNotFoundException("team", teamId);
        }
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.CurrentTeamId = teamId;
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<ApiTokenView>> TokensAsync(TeamScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == scope.UserId)
            .OrderByDescending(t => t.CreatedAt)
            .Join(db.Teams, t => t.TeamId, team => team.Id, (t, team) => new ApiTokenView(
                t.Id, t.Name, t.Prefix, team.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt != null))
            .ToListAsync(ct);
    }

    /// <summary>A personal token for the caller's current team, for scripts and instrument PCs.</summary>
    public async Task<NewApiToken> CreateTokenAsync(TeamScope scope, string name, int? validDays, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(name), "name", "required, e.g. 'potentiostat PC'");
        errors.Require(validDays is null or > 0 and <= 3650, "validDays", "between 1 and 3650 days, or empty for no expiry");
        errors.ThrowIfAny();
        var plain = ApiTokens.NewToken();
        var now = clock.GetUtcNow();
        var token = new ApiToken
        {
            UserId = scope.UserId,
            TeamId = scope.TeamId,
            Name = name.Trim(),
            Prefix = plain[..10],
            HashSha256 = ApiTokens.Hash(plain),
            CreatedAt = now,
            ExpiresAt = validDays is { } d ? now.AddDays(d) : null,
        };
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return new NewApiToken(new ApiTokenView(token.Id, token.Name, token.Prefix, scope.TeamName, now, token.ExpiresAt, null, false), plain);
    }

    public async Task RevokeTokenAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == scope.UserId, ct)
            ?? throw new RecordNotFoundException("API token", id);
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }
}
