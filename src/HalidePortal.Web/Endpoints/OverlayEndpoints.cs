using System.Globalization;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>Query of GET /api/overlays: ids and cycles comma-separated, e.g. ?ids=a,b&amp;kind=capacity&amp;basis=perGram.</summary>
public sealed record OverlayQuery(string? Ids, string? Kind, string? Basis, string? Cycles, double? X0, double? X1, string? Format);

/// <summary>Overlays of any measurements of the team, as JSON traces (reduced on the server) or their plotted data as CSV.</summary>
internal static class OverlayEndpoints
{
    private const string Summary = "Overlay measurements of the team: kind = capacity (default), efficiency, rate, profiles, dqdv, nyquist, "
        + "arrhenius (each chosen spectrum's pellet series with its fit, once per pellet), lsv or xrd; "
        + "basis = perGram (default), perArea, mAh or firstCycle; cycles for profiles and dqdv (default 1,10,100); x0 and x1 for the detail "
        + "of a window; every trace has at most 2000 points; a measurement that cannot take part gets a note; ?format=csv for the plotted data";

    public static void MapOverlays(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/overlays").WithTags("Overlays");
        g.MapGet("/", ([AsParameters] OverlayQuery q, CallerTeam t, OverlayService s, CancellationToken ct) =>
                RespondAsync(s, t, new OverlayRequest(ParseIds(q.Ids), q.Kind ?? "capacity", q.Basis, MeasurementEndpoints.ParseCycles(q.Cycles), q.X0, q.X1), q.Format, ct))
            .WithSummary(Summary).Produces<OverlayView>().ProducesValidationProblem();
        g.MapPost("/", (OverlayRequest request, string? format, CallerTeam t, OverlayService s, CancellationToken ct) => RespondAsync(s, t, request, format, ct))
            .WithSummary(Summary).Produces<OverlayView>().ProducesValidationProblem();
        g.MapGet("/choices", (string? technique, CallerTeam t, OverlayService s, CancellationToken ct) => s.ChoicesAsync(t.Scope, technique, ct))
            .WithSummary("The team's processed measurements that can be overlaid (?technique=Cycling|Impedance|Voltammetry|Diffraction), newest first")
            .ProducesValidationProblem();
    }

    private static async Task<IResult> RespondAsync(OverlayService service, CallerTeam team, OverlayRequest request, string? format, CancellationToken ct)
    {
        var view = await service.BuildAsync(team.Scope, request, ct);
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(OverlayCsv.Write(view)), "text/csv; charset=utf-8", OverlayCsv.FileName(view))
            : TypedResults.Ok(view);
    }

    private static Guid[] ParseIds(string? text)
    {
        var ids = new List<Guid>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Guid.TryParse(part, CultureInfo.InvariantCulture, out var id))
            {
                throw new RecordValidationException("ids", $"\"{part}\" is not a measurement id");
            }
            ids.Add(id);
        }
        return [.. ids];
    }
}
