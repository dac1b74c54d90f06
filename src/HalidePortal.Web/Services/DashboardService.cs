using System.Text.Json;
using HalidePortal.Domain.Dashboards;
using HalidePortal.Domain.Measurements;
using HalidePortal.Web.Components.Charts;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>
/// The team's dashboards: saved grids of panels (overlays, explorer plots and tables, text) that any member can create,
/// rename, duplicate and arrange, and that <see cref="DashboardShares"/> hands out read-only by link.
/// </summary>
public sealed class DashboardService(PortalDb portalDb, OverlayService overlays, ExplorerService explorer, TimeProvider clock)
{
    public const int MaxPanels = 24;
    public const int MaxTableRows = 200;
    public const int MaxTextLength = 5000;
    public static readonly IReadOnlyList<int> Widths = [4, 6, 8, 12];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<DashboardSummary>> ListAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var now = clock.GetUtcNow();
        return await db.Dashboards.AsNoTracking().OrderByDescending(d => d.UpdatedAt)
            .Select(d => new DashboardSummary(d.Id, d.Name, d.Description, d.CreatedBy, d.Panels.Count,
                db.DashboardShares.Count(s => s.DashboardId == d.Id && s.RevokedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now)),
                d.UpdatedAt))
            .ToListAsync(ct);
    }

    public async Task<DashboardView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = await db.Dashboards.AsNoTracking().Include(d => d.Panels).SingleOrDefaultAsync(d => d.Id == id, ct)
            ?? throw new RecordNotFoundException("dashboard", id);
        return ToView(dashboard);
    }

    public async Task<DashboardView> CreateAsync(TeamScope scope, DashboardInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        var (name, description) = Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = new Dashboard { Name = name, Description = description, CreatedBy = scope.UserName };
        db.Dashboards.Add(dashboard);
        await db.SaveChangesAsync(ct);
        return ToView(dashboard);
    }

    public async Task<DashboardView> RenameAsync(TeamScope scope, Guid id, DashboardInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        var (name, description) = Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = await LoadAsync(db, id, ct);
        dashboard.Name = name;
        dashboard.Description = description;
        await db.SaveChangesAsync(ct);
        return ToView(dashboard);
    }

    /// <summary>A copy with the same panels, named "… (copy)"; its share links are not copied.</summary>
    public async Task<DashboardView> DuplicateAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var source = await LoadAsync(db, id, ct);
        string name = source.Name.Length > 113 ? source.Name[..113] : source.Name;
        var copy = new Dashboard
        {
            Name = name + " (copy)",
            Description = source.Description,
            CreatedBy = scope.UserName,
            Panels = [.. source.Panels.OrderBy(p => p.Position).Select(p => new DashboardPanel
            {
                Position = p.Position, Width = p.Width, Kind = p.Kind, Title = p.Title, SettingsJson = p.SettingsJson,
            })],
        };
        db.Dashboards.Add(copy);
        await db.SaveChangesAsync(ct);
        return ToView(copy);
    }

    /// <summary>Moves the dashboard to the team's deleted records; its links stop working with it.</summary>
    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = await LoadAsync(db, id, ct);
        SoftDelete.Mark(dashboard, clock);
        await db.SaveChangesAsync(ct);
    }

    public async Task<DashboardView> AddPanelAsync(TeamScope scope, Guid id, DashboardPanelInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = await LoadAsync(db, id, ct);
        if (dashboard.Panels.Count >= MaxPanels)
        {
            throw new RecordValidationException("panels", $"a dashboard holds at most {MaxPanels} panels");
        }
        var (title, settings) = await ValidateAsync(db, input, ct);
        var panel = new DashboardPanel
        {
            DashboardId = id,
            Position = dashboard.Panels.Count == 0 ? 0 : dashboard.Panels.Max(p => p.Position) + 1,
            Width = input.Width,
            Kind = input.Kind,
            Title = title,
            SettingsJson = JsonSerializer.Serialize(settings, Json),
        };
        db.DashboardPanels.Add(panel);
        Touch(db, dashboard);
        await db.SaveChangesAsync(ct);
        return ToView(dashboard);
    }

    public async Task<DashboardView> UpdatePanelAsync(TeamScope scope, Guid id, Guid panelId, DashboardPanelInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = await LoadAsync(db, id, ct);
        var panel = dashboard.Panels.SingleOrDefault(p => p.Id == panelId) ?? throw new RecordNotFoundException("dashboard panel", panelId);
        var (title, settings) = await ValidateAsync(db, input, ct);
        panel.Kind = input.Kind;
        panel.Width = input.Width;
        panel.Title = title;
        panel.SettingsJson = JsonSerializer.Serialize(settings, Json);
        Touch(db, dashboard);
        await db.SaveChangesAsync(ct);
        return ToView(dashboard);
    }

    public async Task<DashboardView> RemovePanelAsync(TeamScope scope, Guid id, Guid panelId, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = await LoadAsync(db, id, ct);
        var panel = dashboard.Panels.SingleOrDefault(p => p.Id == panelId) ?? throw new RecordNotFoundException("dashboard panel", panelId);
        dashboard.Panels.Remove(panel);
        db.DashboardPanels.Remove(panel);
        Renumber(dashboard.Panels.OrderBy(p => p.Position));
        Touch(db, dashboard);
        await db.SaveChangesAsync(ct);
        return ToView(dashboard);
    }

    /// <summary>
    /// Puts the given panels first, in that order; panels not named follow in their present order (so a panel added
    /// meanwhile by a colleague is kept, not lost).
    /// </summary>
    public async Task<DashboardView> ArrangeAsync(TeamScope scope, Guid id, IReadOnlyList<Guid> order, CancellationToken ct = default)
    {
        scope.RequireEditor();
        ArgumentNullException.ThrowIfNull(order);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var dashboard = await LoadAsync(db, id, ct);
        var byId = dashboard.Panels.ToDictionary(p => p.Id);
        if (order.Distinct().Count() != order.Count)
        {
            throw new RecordValidationException("panelIds", "a panel id is given twice");
        }
        if (order.FirstOrDefault(p => !byId.ContainsKey(p)) is var unknown && unknown != Guid.Empty)
        {
            throw new RecordValidationException("panelIds", $"{unknown} is not a panel of this dashboard");
        }
        Renumber(order.Select(p => byId[p]).Concat(dashboard.Panels.Where(p => !order.Contains(p.Id)).OrderBy(p => p.Position)));
        Touch(db, dashboard);
        await db.SaveChangesAsync(ct);
        return ToView(dashboard);
    }

    /// <summary>Moves one panel earlier (delta -1) or later (+1) in reading order.</summary>
    public async Task<DashboardView> MovePanelAsync(TeamScope scope, Guid id, Guid panelId, int delta, CancellationToken ct = default)
    {
        var view = await GetAsync(scope, id, ct);
        var order = view.Panels.Select(p => p.Id).ToList();
        int at = order.IndexOf(panelId);
        if (at < 0)
        {
            throw new RecordNotFoundException("dashboard panel", panelId);
        }
        int to = Math.Clamp(at + delta, 0, order.Count - 1);
        order.RemoveAt(at);
        order.Insert(to, panelId);
        return await ArrangeAsync(scope, id, order, ct);
    }

    /// <summary>The team's cells as a panel's cell picker lists them, e.g. "LZC-2026-001 cell C1", by sample then cell.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Label)>> CellChoicesAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var cells = await db.Cells.AsNoTracking().Where(c => !c.Sample!.IsDeleted)
            .OrderBy(c => c.Sample!.Code).ThenBy(c => c.Label).Select(c => new { c.Id, c.Sample!.Code, c.Label }).Take(500).ToListAsync(ct);
        return [.. cells.Select(c => (c.Id, $"{c.Code} cell {c.Label}"))];
    }

    /// <summary>The given measurements as the overlay picker lists them, in the given order.</summary>
    public async Task<IReadOnlyList<OverlayChoice>> MeasurementChoicesAsync(TeamScope scope, IReadOnlyList<Guid> ids, CancellationToken ct = default)
    {
        var all = (await overlays.ChoicesAsync(scope, null, ct)).ToDictionary(c => c.Id);
        return [.. ids.Where(all.ContainsKey).Select(id => all[id])];
    }

    /// <summary>Every panel's data, read now in the caller's team.</summary>
    public async Task<IReadOnlyList<PanelData>> PanelDataAsync(TeamScope scope, DashboardView dashboard, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var data = new List<PanelData>(dashboard.Panels.Count);
        foreach (var panel in dashboard.Panels)
        {
            data.Add(await PanelDataAsync(scope, panel, ct));
        }
        return data;
    }

    public async Task<PanelData> PanelDataAsync(TeamScope scope, DashboardPanelView panel, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var s = panel.Settings;
        switch (panel.Kind)
        {
            case DashboardPanelKind.Overlay:
                var ids = await OverlayIdsAsync(scope, s, ct);
                var view = await overlays.BuildAsync(scope, new OverlayRequest(ids, s.Overlay ?? "capacity", s.Basis, s.Cycles), ct);
                return new PanelData(panel.Id, panel.Kind, panel.Title, panel.Width, view, null, null, null, ids) { FollowsTeam = s.CellIds is { Count: > 0 } };
            case DashboardPanelKind.ExplorerPlot:
                var plot = ExplorerPlots.Find(s.Plot);
                var rows = await explorer.RowsAsync(scope, new ExplorerQuery(Literature: s.Literature), ct);
                var plotData = new ExplorerPlotData(plot.Key, plot.Title, plot.XTitle, plot.YTitle, plot.LogX, plot.LogY, ExplorerPlots.Series(plot, rows));
                return new PanelData(panel.Id, panel.Kind, panel.Title, panel.Width, null, plotData, null, null, []) { FollowsTeam = true };
            case DashboardPanelKind.ExplorerTable:
                var sorted = await explorer.RowsAsync(scope, new ExplorerQuery(Literature: s.Literature, Sort: s.Sort ?? "sigma30", Descending: s.Descending), ct);
                return new PanelData(panel.Id, panel.Kind, panel.Title, panel.Width, null, null, [.. sorted.Take(s.Limit ?? 10)], null, [])
                {
                    SortColumn = s.Sort ?? "sigma30", FollowsTeam = true,
                };
            default:
                return new PanelData(panel.Id, panel.Kind, panel.Title, panel.Width, null, null, null, s.Text ?? "", []);
        }
    }

    // The chosen measurements, then every finished measurement of the chosen cells of the overlay's technique, oldest first.
    private async Task<IReadOnlyList<Guid>> OverlayIdsAsync(TeamScope scope, PanelSettings s, CancellationToken ct)
    {
        var ids = new List<Guid>(s.MeasurementIds ?? []);
        if (s.CellIds is { Count: > 0 } cells)
        {
            var technique = OverlayService.TechniqueOf(s.Overlay);
            await using var db = await portalDb.OpenAsync(scope, ct);
            ids.AddRange(await db.Measurements.AsNoTracking()
                .Where(m => m.CellId != null && cells.Contains(m.CellId.Value) && m.State == MeasurementState.Done && m.Technique == technique)
                .OrderBy(m => m.CreatedAt).Select(m => m.Id).ToListAsync(ct));
        }
        return [.. ids.Distinct().Take(OverlayService.MaxMeasurements)];
    }

    private static async Task<Dashboard> LoadAsync(Data.PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.Dashboards.Include(d => d.Panels).SingleOrDefaultAsync(d => d.Id == id, ct)
        ?? throw new RecordNotFoundException("dashboard", id);

    // A change to a panel counts as a change to its dashboard (the list is newest first).
    private static void Touch(Data.PortalDbContext db, Dashboard dashboard) =>
        db.Entry(dashboard).Property(d => d.UpdatedAt).IsModified = true;

    private static void Renumber(IEnumerable<DashboardPanel> panels)
    {
        int position = 0;
        foreach (var panel in panels)
        {
            panel.Position = position++;
        }
    }

    private static (string Name, string? Description) Validate(DashboardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        string name = (input.Name ?? "").Trim();
        errors.Require(name.Length > 0, "name", "required, e.g. \"LZACFO cells, December\"");
        errors.Require(name.Length <= 120, "name", "at most 120 characters");
        string? description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        errors.Require(description is null || description.Length <= 2000, "description", "at most 2000 characters");
        errors.ThrowIfAny();
        return (name, description);
    }

    private static async Task<(string Title, PanelSettings Settings)> ValidateAsync(Data.PortalDbContext db, DashboardPanelInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var s = input.Settings ?? new PanelSettings();
        var errors = new FieldErrors();
        errors.Require(Enum.IsDefined(input.Kind), "kind", $"expected one of {string.Join(", ", Enum.GetNames<DashboardPanelKind>())}");
        errors.Require(Widths.Contains(input.Width), "width", "expected 4, 6, 8 or 12 (twelfths of the page)");
        string? title = string.IsNullOrWhiteSpace(input.Title) ? null : input.Title.Trim();
        errors.Require(title is null || title.Length <= 200, "title", "at most 200 characters");
        switch (input.Kind)
        {
            case DashboardPanelKind.Overlay:
                string kind = (s.Overlay ?? "capacity").Trim().ToLowerInvariant();
                errors.Require(OverlayService.Kinds.Contains(kind), "settings.overlay", $"expected one of {string.Join(", ", OverlayService.Kinds)}");
                var measurementIds = (s.MeasurementIds ?? []).Distinct().ToList();
                var cellIds = (s.CellIds ?? []).Distinct().ToList();
                errors.Require(measurementIds.Count + cellIds.Count > 0, "settings.measurementIds", "choose at least one measurement or cell");
                // A cell's spectra are in-situ EIS with no pellet, so none would give an Arrhenius series.
                errors.Require(kind != "arrhenius" || cellIds.Count == 0, "settings.cellIds",
                    "an Arrhenius overlay is chosen by measurements (each brings in its pellet's temperature series), not by cells");
                errors.Require(measurementIds.Count <= OverlayService.MaxMeasurements, "settings.measurementIds",
                    $"at most {OverlayService.MaxMeasurements} measurements per panel");
                var knownMeasurements = await db.Measurements.Where(m => measurementIds.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct);
                foreach (var missing in measurementIds.Except(knownMeasurements))
                {
                    errors.Add("settings.measurementIds", $"no measurement {missing} in this team");
                }
                var knownCells = await db.Cells.Where(c => cellIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
                foreach (var missing in cellIds.Except(knownCells))
                {
                    errors.Add("settings.cellIds", $"no cell {missing} in this team");
                }
                errors.Require(s.Cycles is null || s.Cycles.All(c => c >= 0), "settings.cycles", "cycle numbers start at 0");
                s = new PanelSettings { Overlay = kind, Basis = s.Basis, Cycles = s.Cycles, MeasurementIds = measurementIds, CellIds = cellIds };
                errors.ThrowIfAny();
                title ??= OverlayTitle(kind);
                break;
            case DashboardPanelKind.ExplorerPlot:
                var plot = ExplorerPlots.All.FirstOrDefault(p => p.Key == s.Plot);
                errors.Require(plot is not null, "settings.plot", $"expected one of {string.Join(", ", ExplorerPlots.All.Select(p => p.Key))}");
                errors.ThrowIfAny();
                s = new PanelSettings { Plot = plot!.Key, Literature = s.Literature };
                title ??= plot.Title;
                break;
            case DashboardPanelKind.ExplorerTable:
                var column = ExplorerColumns.Find(s.Sort ?? "sigma30");
                errors.Require(column is not null, "settings.sort", $"expected one of {string.Join(", ", ExplorerColumns.All.Select(c => c.Key))}");
                errors.Require(s.Limit is null or (>= 1 and <= MaxTableRows), "settings.limit", $"between 1 and {MaxTableRows} rows");
                errors.ThrowIfAny();
                s = new PanelSettings { Sort = column!.Key, Descending = s.Descending, Limit = s.Limit ?? 10, Literature = s.Literature };
                title ??= $"Compositions by {column.Header}";
                break;
            default:
                string text = (s.Text ?? "").Trim();
                errors.Require(text.Length > 0, "settings.text", "write the note the panel shows");
                errors.Require(text.Length <= MaxTextLength, "settings.text", $"at most {MaxTextLength} characters");
                errors.ThrowIfAny();
                s = new PanelSettings { Text = text };
                title ??= "Note";
                break;
        }
        return (title, s);
    }

    internal static string OverlayTitle(string kind) => kind switch
    {
        "capacity" => "Discharge capacity",
        "efficiency" => "Coulombic efficiency",
        "rate" => "Rate capability",
        "profiles" => "Voltage profiles",
        "dqdv" => "dQ/dV",
        "nyquist" => "Nyquist",
        "arrhenius" => "Arrhenius",
        "lsv" => "LSV",
        "xrd" => "XRD",
        _ => kind,
    };

    internal static DashboardView ToView(Dashboard d) => new(d.Id, d.Name, d.Description, d.CreatedBy, d.UpdatedAt,
        [.. d.Panels.OrderBy(p => p.Position).Select(p => new DashboardPanelView(p.Id, p.Position, p.Width, p.Kind, p.Title,
            JsonSerializer.Deserialize<PanelSettings>(p.SettingsJson, Json) ?? new PanelSettings()))]);
}
