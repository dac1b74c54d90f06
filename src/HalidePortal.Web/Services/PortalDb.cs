using HalidePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>Hands out one short-lived context per operation, scoped to the caller's team.</summary>
public sealed class PortalDb(IDbContextFactory<PortalDbContext> factory, TimeProvider clock)
{
    public async Task<PortalDbContext> OpenAsync(TeamScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var db = await factory.CreateDbContextAsync(ct);
        db.TeamScope = scope.TeamId;
        db.Actor = new Actor(scope.UserId, scope.UserName);
        db.Clock = clock;
        return db;
    }

    /// <summary>A context with no team in scope: sees users, teams and tokens, but no team records.</summary>
    public Task<PortalDbContext> OpenUnscopedAsync(CancellationToken ct = default) => factory.CreateDbContextAsync(ct);
}
