using System.Text;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>Order of a dashboard's panels: every panel id once, in reading order.</summary>
public sealed record PanelOrder(IReadOnlyList<Guid> PanelIds);

/// <summary>Dashboards of the team, their panels' data, share links, and exports (HTML that opens offline, or CSV).</summary>
internal static class DashboardEndpoints
{
    public static void MapDashboards(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/dashboards").WithTags("Dashboards");
        g.MapGet("/", (CallerTeam t, DashboardService s, CancellationToken ct) => s.ListAsync(t.Scope, ct))
            .WithSummary("The team's dashboards, most recently changed first");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, DashboardService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .WithSummary("A dashboard and its panels' settings").ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", async (DashboardInput input, CallerTeam t, DashboardService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, input, ct);
                return TypedResults.Created($"/api/dashboards/{created.Id}", created);
            })
            .WithSummary("Create an empty dashboard").ProducesValidationProblem();
        g.MapPut("/{id:guid}", (Guid id, DashboardInput input, CallerTeam t, DashboardService s, CancellationToken ct) => s.RenameAsync(t.Scope, id, input, ct))
            .WithSummary("Rename a dashboard or change its description").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/duplicate", async (Guid id, CallerTeam t, DashboardService s, CancellationToken ct) =>
            {
                var copy = await s.DuplicateAsync(t.Scope, id, ct);
                return TypedResults.Created($"/api/dashboards/{copy.Id}", copy);
            })
            .WithSummary("Copy a dashboard with its panels (not its share links)").ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/panels", (Guid id, DashboardPanelInput input, CallerTeam t, DashboardService s, CancellationToken ct) => s.AddPanelAsync(t.Scope, id, input, ct))
            .WithSummary("Add a panel at the end: kind Overlay (settings.overlay, measurementIds or cellIds, basis, cycles), ExplorerPlot (settings.plot), "
                + "ExplorerTable (settings.sort, descending, limit) or Text (settings.text); width 4, 6, 8 or 12")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}/panels/{panelId:guid}", (Guid id, Guid panelId, DashboardPanelInput input, CallerTeam t, DashboardService s, CancellationToken ct) =>
                s.UpdatePanelAsync(t.Scope, id, panelId, input, ct))
            .WithSummary("Change a panel").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}/panels/{panelId:guid}", (Guid id, Guid panelId, CallerTeam t, DashboardService s, CancellationToken ct) =>
                s.RemovePanelAsync(t.Scope, id, panelId, ct))
            .WithSummary("Remove a panel").ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}/panels/order", (Guid id, PanelOrder order, CallerTeam t, DashboardService s, CancellationToken ct) =>
                s.ArrangeAsync(t.Scope, id, order.PanelIds, ct))
            .WithSummary("Arrange the panels: the ids given come first in that order, the rest follow as they were").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapGet("/{id:guid}/data", async (Guid id, CallerTeam t, DashboardService s, CancellationToken ct) =>
                await s.PanelDataAsync(t.Scope, await s.GetAsync(t.Scope, id, ct), ct))
            .WithSummary("Every panel's data as drawn now (overlay traces reduced to at most 2000 points each)").ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/export", async (Guid id, string? format, CallerTeam t, DashboardService s, CancellationToken ct) =>
            {
                var dashboard = await s.GetAsync(t.Scope, id, ct);
                var contents = new DashboardContents(dashboard, t.Scope.TeamName, DateTimeOffset.UtcNow, await s.PanelDataAsync(t.Scope, dashboard, ct));
                return Export(contents, format);
            })
            .WithSummary("The dashboard as one HTML file that opens offline (format=html, default) or as CSV with a section per panel (format=csv)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapGet("/{id:guid}/shares", (Guid id, CallerTeam t, DashboardShares s, CancellationToken ct) => s.ListAsync(t.Scope, id, ct))
            .WithSummary("The dashboard's share links (without their tokens), with view counts").ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/shares", async (Guid id, DashboardShareInput input, CallerTeam t, DashboardShares s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, id, input, ct);
                return TypedResults.Created(created.Path, created);
            })
            .WithSummary("Make a read-only link (optional label and expiresAt); the token is in this answer only")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}/shares/{shareId:guid}", (Guid id, Guid shareId, CallerTeam t, DashboardShares s, CancellationToken ct) =>
                s.RevokeAsync(t.Scope, id, shareId, ct))
            .WithSummary("Revoke a share link; opening it is refused from now on").ProducesProblem(StatusCodes.Status404NotFound);
        // Last, so a client walking the routes in order removes panels and links before their dashboard.
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, DashboardService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Move a dashboard to the deleted records; its share links stop working").ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The anonymous side of a link: its dashboard's panels as JSON, or exported. No account needed.</summary>
    public static void MapSharedDashboards(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/shared").AllowAnonymous().WithTags("Dashboards");
        g.MapGet("/{token}", (string token, DashboardShares s, CancellationToken ct) => s.OpenAsync(token, countView: true, ct))
            .WithSummary("A shared dashboard's panels and data, by its link's token (counts a view; 410 when revoked or expired, 404 when unknown)")
            .ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{token}/export", async (string token, string? format, DashboardShares s, CancellationToken ct) =>
                Export(await s.OpenAsync(token, countView: true, ct), format))
            .WithSummary("A shared dashboard as HTML that opens offline or as CSV")
            .ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult Export(DashboardContents contents, string? format) => (format ?? "html").ToLowerInvariant() switch
    {
        "html" => TypedResults.File(Encoding.UTF8.GetBytes(DashboardExport.Html(contents)), "text/html; charset=utf-8", DashboardExport.FileName(contents, "html")),
        "csv" => TypedResults.File(Encoding.UTF8.GetBytes(DashboardExport.Csv(contents)), "text/csv; charset=utf-8", DashboardExport.FileName(contents, "csv")),
        _ => throw new RecordValidationException("format", "expected html or csv"),
    };
}
