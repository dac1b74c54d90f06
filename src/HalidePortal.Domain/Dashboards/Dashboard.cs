namespace HalidePortal.Domain.Dashboards;

/// <summary>A saved grid of panels the team looks at together, e.g. the cycling of this month's cells.</summary>
public sealed class Dashboard : TeamRecord
{
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>Who made it, as the team list shows it.</summary>
    public string? CreatedBy { get; set; }
    public List<DashboardPanel> Panels { get; set; } = [];
}

/// <summary>What a panel shows.</summary>
public enum DashboardPanelKind
{
    /// <summary>An overlay of measurements (capacity, efficiency, profiles, Nyquist, ...), by measurement or by cell.</summary>
    Overlay,
    /// <summary>One of the composition explorer's plots.</summary>
    ExplorerPlot,
    /// <summary>The composition explorer's table, best first by one column.</summary>
    ExplorerTable,
    /// <summary>A note in words.</summary>
    Text,
}

/// <summary>
/// One tile of a dashboard: its place in reading order, its width in twelfths of the page, and what it shows (the
/// kind's settings as JSON, read by the web layer).
/// </summary>
public sealed class DashboardPanel : ITeamOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Guid DashboardId { get; set; }
    public int Position { get; set; }
    /// <summary>6 (half the page) or 12 (the whole width); 4 and 8 are allowed too.</summary>
    public int Width { get; set; } = 6;
    public DashboardPanelKind Kind { get; set; }
    public required string Title { get; set; }
    public required string SettingsJson { get; set; }
}

/// <summary>
/// A read-only link to a dashboard for someone without an account. Only the SHA-256 of the token is kept, so a database
/// dump does not hand out working links; the link stops working when it expires or is revoked.
/// </summary>
public sealed class DashboardShare : ITeamOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Guid DashboardId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHashSha256 { get; set; }
    /// <summary>First characters of the token, so the owner can tell links apart.</summary>
    public required string Prefix { get; set; }
    public string? Label { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public int ViewCount { get; set; }
    public DateTimeOffset? LastViewedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
