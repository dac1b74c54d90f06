using HalidePortal.Domain.Dashboards;
using HalidePortal.Web.Components.Charts;

namespace HalidePortal.Web.Services;

/// <summary>
/// What a panel shows, by kind. Overlay: <see cref="Overlay"/> (capacity, efficiency, rate, profiles, dqdv, nyquist,
/// lsv, xrd), <see cref="Basis"/>, <see cref="Cycles"/>, and the measurements, chosen one by one
/// (<see cref="MeasurementIds"/>) or as every finished measurement of some cells (<see cref="CellIds"/>, so a file
/// uploaded later joins the panel by itself). ExplorerPlot: <see cref="Plot"/> (e.g. sigma-ea). ExplorerTable:
/// <see cref="Sort"/>, <see cref="Descending"/>, <see cref="Limit"/>. Text: <see cref="Text"/>.
/// </summary>
public sealed record PanelSettings
{
    public string? Overlay { get; init; }
    public string? Basis { get; init; }
    public IReadOnlyList<int>? Cycles { get; init; }
    public IReadOnlyList<Guid>? MeasurementIds { get; init; }
    public IReadOnlyList<Guid>? CellIds { get; init; }
    public string? Plot { get; init; }
    public string? Sort { get; init; }
    public bool Descending { get; init; } = true;
    public int? Limit { get; init; }
    public bool Literature { get; init; } = true;
    public string? Text { get; init; }
}

/// <summary>A panel as a form or the API sends it; <see cref="Width"/> in twelfths of the page (4, 6, 8 or 12).</summary>
public sealed record DashboardPanelInput(DashboardPanelKind Kind, string? Title, int Width, PanelSettings? Settings);

public sealed record DashboardPanelView(Guid Id, int Position, int Width, DashboardPanelKind Kind, string Title, PanelSettings Settings);

public sealed record DashboardView(Guid Id, string Name, string? Description, string? CreatedBy, DateTimeOffset UpdatedAt,
    IReadOnlyList<DashboardPanelView> Panels);

/// <summary>A dashboard as the team's list shows it.</summary>
public sealed record DashboardSummary(Guid Id, string Name, string? Description, string? CreatedBy, int PanelCount, int ActiveShares,
    DateTimeOffset UpdatedAt);

/// <summary>Name and description of a new or renamed dashboard.</summary>
public sealed record DashboardInput(string? Name, string? Description);

/// <summary>A share link without its token (only its first characters); <see cref="Active"/> when neither revoked nor expired.</summary>
public sealed record DashboardShareView(Guid Id, string Prefix, string? Label, string? CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, int ViewCount, DateTimeOffset? LastViewedAt, bool Active);

/// <summary>Label and optional expiry of a new share link.</summary>
public sealed record DashboardShareInput(string? Label, DateTimeOffset? ExpiresAt);

/// <summary>A new share link: the token is shown this once and never stored; <see cref="Path"/> is the page to send.</summary>
public sealed record CreatedDashboardShare(DashboardShareView Share, string Token, string Path);

/// <summary>One of the explorer's plots, ready to draw.</summary>
public sealed record ExplorerPlotData(string Key, string Title, string XTitle, string YTitle, bool LogX, bool LogY,
    IReadOnlyList<ExplorerSeries> Series);

/// <summary>
/// What a panel draws, read now: an overlay (traces reduced on the server), an explorer plot, explorer rows, or text;
/// <see cref="MeasurementIds"/> are the measurements it was drawn from (a live page redraws when one changes).
/// </summary>
public sealed record PanelData(Guid PanelId, DashboardPanelKind Kind, string Title, int Width, OverlayView? Overlay, ExplorerPlotData? Plot,
    IReadOnlyList<ExplorerRow>? Rows, string? Text, IReadOnlyList<Guid> MeasurementIds)
{
    /// <summary>The column an explorer table panel is sorted by.</summary>
    public string? SortColumn { get; init; }

    /// <summary>Overlays of cells and explorer panels can change with any upload of the team, not only their own measurements'.</summary>
    public bool FollowsTeam { get; init; }
}

/// <summary>A dashboard with every panel's data, as the shared view, the API and the static export use it.</summary>
public sealed record DashboardContents(DashboardView Dashboard, string TeamName, DateTimeOffset ReadAt, IReadOnlyList<PanelData> Panels);

/// <summary>
/// The link is unknown, or (<see cref="Ended"/>) revoked or expired; the reason is safe to show (it names no record).
/// </summary>
public sealed class ShareRefusedException(string reason, bool ended) : Exception(reason)
{
    public bool Ended { get; } = ended;
}
