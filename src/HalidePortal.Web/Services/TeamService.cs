using HalidePortal.Data;
using HalidePortal.Domain.Teams;
using HalidePortal.Web.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed record TeamMembershipView(Guid TeamId, string TeamName, TeamRole Role);

public sealed record TeamMemberView(Guid UserId, string Email, string DisplayName, TeamRole Role);

/// <summary>Adds a person to the team; a new account needs an initial password, an existing one keeps its own.</summary>
public sealed class MemberInput
{
    public string Email { get; set; } = "";
    public string? DisplayName { get; set; }
    public TeamRole Role { get; set; } = TeamRole.Member;
    public string? InitialPassword { get; set; }
}

public sealed record ApiTokenView(Guid Id, string Name, string Prefix, string TeamName, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, bool Revoked);

/// <summary>The plain token is returned once, at creation; the portal keeps only its hash.</summary>
public sealed record NewApiToken(ApiTokenView Token, string PlainToken);

public sealed class TeamService(PortalDb portalDb, TimeProvider clock, IServiceScopeFactory scopes)
{
    /// <summary>A new team with the caller as its Owner; the caller switches to it.</summary>
    public async Task<TeamMembershipView> CreateTeamAsync(Guid userId, string name, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(name), "name", "required, e.g. 'Halide SE group'");
        errors.ThrowIfAny();
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        if (await db.Teams.AnyAsync(t => t.Name == name.Trim(), ct))
        {
            throw new RecordValidationException("name", $"a team called '{name.Trim()}' exists already");
        }
        var team = new Team { Name = name.Trim(), CreatedAt = clock.GetUtcNow() };
        db.Teams.Add(team);
        db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = userId, Role = TeamRole.Owner });
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.CurrentTeamId = team.Id;
        await db.SaveChangesAsync(ct);
        return new TeamMembershipView(team.Id, team.Name, TeamRole.Owner);
    }

    /// <summary>Changes the caller's own password; Identity's rules (10 characters or more) apply.</summary>
    public async Task ChangePasswordAsync(Guid userId, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrEmpty(currentPassword), "currentPassword", "required");
        errors.Require(!string.IsNullOrEmpty(newPassword), "newPassword", "required, 10 characters or more");
        errors.ThrowIfAny();
        await using var services = scopes.CreateAsyncScope();
        var users = services.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new RecordNotFoundException("user", userId);
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code == "PasswordMismatch") ? "currentPassword" : "newPassword";
            throw new RecordValidationException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    public async Task<IReadOnlyList<TeamMemberView>> MembersAsync(TeamScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        return await db.TeamMemberships.AsNoTracking().Where(m => m.TeamId == scope.TeamId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.Role, u.Id, u.Email, u.DisplayName })
            .OrderBy(x => x.Email)
            .Select(x => new TeamMemberView(x.Id, x.Email ?? "", x.DisplayName, x.Role)).ToListAsync(ct);
    }

    public async Task<TeamMemberView> AddMemberAsync(TeamScope scope, MemberInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(input);
        scope.RequireOwner();
        var errors = new FieldErrors();
        var email = input.Email.Trim();
        errors.Require(email.Contains('@', StringComparison.Ordinal), "email", "an email address, e.g. name@lab.org");
        errors.ThrowIfAny();
        await using var services = scopes.CreateAsyncScope();
        var users = services.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            if (string.IsNullOrEmpty(input.InitialPassword))
            {
                throw new RecordValidationException("initialPassword", "no account has this email yet: give an initial password (10 characters or more)");
            }
            user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = input.DisplayName?.Trim() ?? email };
            var created = await users.CreateAsync(user, input.InitialPassword);
            if (!created.Succeeded)
            {
                throw new RecordValidationException("initialPassword", string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        if (await db.TeamMemberships.AnyAsync(m => m.TeamId == scope.TeamId && m.UserId == user.Id, ct))
        {
            throw new RecordValidationException("email", $"{email} is already a member of {scope.TeamName}");
        }
        db.TeamMemberships.Add(new TeamMembership { TeamId = scope.TeamId, UserId = user.Id, Role = input.Role });
        await db.SaveChangesAsync(ct);
        return new TeamMemberView(user.Id, email, user.DisplayName, input.Role);
    }

    public async Task SetRoleAsync(TeamScope scope, Guid userId, TeamRole role, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireOwner();
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        var membership = await MembershipAsync(db, scope, userId, ct);
        if (membership.Role == TeamRole.Owner && role != TeamRole.Owner)
        {
            await RequireAnotherOwnerAsync(db, scope, userId, ct);
        }
        membership.Role = role;
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveMemberAsync(TeamScope scope, Guid userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireOwner();
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        var membership = await MembershipAsync(db, scope, userId, ct);
        if (membership.Role == TeamRole.Owner)
        {
            await RequireAnotherOwnerAsync(db, scope, userId, ct);
        }
        db.TeamMemberships.Remove(membership);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<TeamMembership> MembershipAsync(PortalDbContext db, TeamScope scope, Guid userId, CancellationToken ct) =>
        await db.TeamMemberships.SingleOrDefaultAsync(m => m.TeamId == scope.TeamId && m.UserId == userId, ct)
            ?? throw new RecordNotFoundException("member", userId);

    private static async Task RequireAnotherOwnerAsync(PortalDbContext db, TeamScope scope, Guid userId, CancellationToken ct)
    {
        if (!await db.TeamMemberships.AnyAsync(m => m.TeamId == scope.TeamId && m.UserId != userId && m.Role == TeamRole.Owner, ct))
        {
            throw new RecordValidationException("role", "a team needs at least one Owner; make someone else Owner first");
        }
    }

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
