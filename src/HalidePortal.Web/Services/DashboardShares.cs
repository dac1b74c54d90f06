using System.Globalization;
using System.Security.Cryptography;
using HalidePortal.Domain.Dashboards;
using HalidePortal.Domain.Teams;
using HalidePortal.Web.Auth;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>
/// Read-only links to a dashboard for people without an account. A link carries 256 random bits; only their SHA-256
/// is stored. Opening one checks it is neither revoked nor expired, counts the view, and reads the panels in the
/// dashboard's team as a viewer, so the link can show its panels and nothing else.
/// </summary>
public sealed class DashboardShares(PortalDb portalDb, DashboardService dashboards, TimeProvider clock)
{
    public const string PathPrefix = "/shared/";
    private const string TokenPrefix = "hpd_";

    public async Task<IReadOnlyList<DashboardShareView>> ListAsync(TeamScope scope, Guid dashboardId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await RequireDashboardAsync(db, dashboardId, ct);
        var now = clock.GetUtcNow();
        var shares = await db.DashboardShares.AsNoTracking().Where(s => s.DashboardId == dashboardId).OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return [.. shares.Select(s => ToView(s, now))];
    }

    public async Task<CreatedDashboardShare> CreateAsync(TeamScope scope, Guid dashboardId, DashboardShareInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        string? label = string.IsNullOrWhiteSpace(input.Label) ? null : input.Label.Trim();
        errors.Require(label is null || label.Length <= 200, "label", "at most 200 characters");
        errors.Require(input.ExpiresAt is null || input.ExpiresAt > now, "expiresAt", "must be in the future (or left empty for a link that does not expire)");
        errors.ThrowIfAny();
        await using var db = await portalDb.OpenAsync(scope, ct);
        await RequireDashboardAsync(db, dashboardId, ct);
        string token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var share = new DashboardShare
        {
            DashboardId = dashboardId,
            TokenHashSha256 = ApiTokens.Hash(token),
            Prefix = token[..(TokenPrefix.Length + 6)],
            Label = label,
            CreatedBy = scope.UserName,
            CreatedAt = now,
            ExpiresAt = input.ExpiresAt,
        };
        db.DashboardShares.Add(share);
        await db.SaveChangesAsync(ct);
        return new CreatedDashboardShare(ToView(share, now), token, PathPrefix + token);
    }

    public async Task<DashboardShareView> RevokeAsync(TeamScope scope, Guid dashboardId, Guid shareId, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var share = await db.DashboardShares.SingleOrDefaultAsync(s => s.Id == shareId && s.DashboardId == dashboardId, ct)
            ?? throw new RecordNotFoundException("share link", shareId);
        share.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToView(share, clock.GetUtcNow());
    }

    /// <summary>
    /// The dashboard behind a link, with every panel's data, read as a viewer of its team; refused (with the reason)
    /// when the link is unknown, revoked or expired, or its dashboard deleted. <paramref name="countView"/> adds one to
    /// the link's view count (a page counts once, not on its pre-render).
    /// </summary>
    public async Task<DashboardContents> OpenAsync(string? token, bool countView, CancellationToken ct = default)
    {
        var (scope, dashboard) = await ResolveAsync(token, countView, ct);
        var panels = await dashboards.PanelDataAsync(scope, dashboard, ct);
        return new DashboardContents(dashboard, scope.TeamName, clock.GetUtcNow(), [.. panels.Select(WithoutLinks)]);
    }

    /// <summary>The viewer scope and dashboard of a link, for the live page that reads panels one by one.</summary>
    public async Task<(TeamScope Scope, DashboardView Dashboard)> ResolveAsync(string? token, bool countView, CancellationToken ct = default)
    {
        const string Unknown = "This link does not open a dashboard: it may be mistyped, or the dashboard was deleted.";
        if (string.IsNullOrWhiteSpace(token) || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            throw new ShareRefusedException(Unknown, ended: false);
        }
        var now = clock.GetUtcNow();
        string hash = ApiTokens.Hash(token);
        await using var db = await portalDb.OpenUnscopedAsync(ct);
        var share = await db.DashboardShares.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(s => s.TokenHashSha256 == hash, ct)
            ?? throw new ShareRefusedException(Unknown, ended: false);
        if (share.RevokedAt is not null)
        {
            throw new ShareRefusedException("This link was revoked by the team that shared it.", ended: true);
        }
        if (share.ExpiresAt is { } expires && expires <= now)
        {
            throw new ShareRefusedException(string.Create(CultureInfo.InvariantCulture, $"This link expired on {expires:yyyy-MM-dd HH:mm} UTC."), ended: true);
        }
        var team = await db.Teams.AsNoTracking().Where(t => t.Id == share.TeamId).Select(t => t.Name).SingleOrDefaultAsync(ct);
        var dashboard = await db.Dashboards.IgnoreQueryFilters().AsNoTracking().Include(d => d.Panels)
            .SingleOrDefaultAsync(d => d.Id == share.DashboardId && d.TeamId == share.TeamId && !d.IsDeleted, ct);
        if (team is null || dashboard is null)
        {
            throw new ShareRefusedException(Unknown, ended: false);
        }
        if (countView)
        {
            // One statement, so two readers at once both count and no history entry is written per view.
            await db.DashboardShares.IgnoreQueryFilters().Where(s => s.Id == share.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ViewCount, s => s.ViewCount + 1).SetProperty(s => s.LastViewedAt, now), ct);
        }
        var scope = new TeamScope(share.TeamId, team, TeamRole.Viewer, Guid.Empty, "shared link " + share.Prefix);
        return (scope, DashboardService.ToView(dashboard));
    }

    /// <summary>A panel as a link shows it: numbers and names, but no links into the team's records.</summary>
    public static PanelData WithoutLinks(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return panel with
        {
            Rows = panel.Rows?.Select(ExplorerLinksRemoved).ToList(),
            Plot = panel.Plot is null ? null : panel.Plot with
            {
                Series = [.. panel.Plot.Series.Select(s => s with { Points = [.. s.Points.Select(p => p with { Href = "" })] })],
            },
        };
    }

    private static ExplorerRow ExplorerLinksRemoved(ExplorerRow r)
    {
        static ExplorerFigure? F(ExplorerFigure? f) => f is null ? null : f with { Href = "" };
        return r with
        {
            Href = r.IsLiterature ? r.Href : "",
            Sigma25 = F(r.Sigma25), Sigma30 = F(r.Sigma30), Ea = F(r.Ea), Onset = F(r.Onset), Crystallinity = F(r.Crystallinity),
            Modulus = F(r.Modulus), FirstDischarge = F(r.FirstDischarge), CapacityHalfC = F(r.CapacityHalfC),
            CapacityOneC = F(r.CapacityOneC), Retention = F(r.Retention), CyclesTo80 = F(r.CyclesTo80),
        };
    }

    private static async Task RequireDashboardAsync(Data.PortalDbContext db, Guid dashboardId, CancellationToken ct)
    {
        if (!await db.Dashboards.AnyAsync(d => d.Id == dashboardId, ct))
        {
            throw new RecordNotFoundException("dashboard", dashboardId);
        }
    }

    private static DashboardShareView ToView(DashboardShare s, DateTimeOffset now) =>
        new(s.Id, s.Prefix, s.Label, s.CreatedBy, s.CreatedAt, s.ExpiresAt, s.RevokedAt, s.ViewCount, s.LastViewedAt, s.IsActive(now));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
