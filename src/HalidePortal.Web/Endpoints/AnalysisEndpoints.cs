using HalidePortal.Domain.Analyses;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>Analysis runs of a measurement, and what is computed from a pellet's series.</summary>
internal static class AnalysisEndpoints
{
    public static void MapAnalyses(this RouteGroupBuilder api)
    {
        var m = api.MapGroup("/measurements").WithTags("Analyses");
        m.MapGet("/{id:guid}/analyses", (Guid id, CallerTeam t, AnalysisService s, CancellationToken ct) => s.RunsAsync(t.Scope, id, ct))
            .WithSummary("Every analysis run of a measurement (impedance fit, onset, ...), newest version first per kind, with settings and result")
            .ProducesProblem(StatusCodes.Status404NotFound);
        m.MapPost("/{id:guid}/analyses", async (Guid id, AnalysisRequest request, CallerTeam t, AnalysisService s, CancellationToken ct) =>
            {
                var run = await s.RequestAsync(t.Scope, id, request, ct);
                return TypedResults.Accepted($"/api/analyses/{run.Id}", run);
            })
            .WithSummary("Queue a new version of an analysis, e.g. {\"kind\": \"ImpedanceFit\", \"settings\": {\"circuit\": \"R0-p(R1,CPE1)-CPE2\", \"weighting\": \"modulus\"}}")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var a = api.MapGroup("/analyses").WithTags("Analyses");
        a.MapGet("/{id:guid}", (Guid id, CallerTeam t, AnalysisService s, CancellationToken ct) => s.GetRunAsync(t.Scope, id, ct))
            .WithSummary("One analysis run: state, progress, settings, algorithm version and result")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGroup("/samples").WithTags("Analyses")
            .MapGet("/{id:guid}/headlines", (Guid id, CallerTeam t, AnalysisService s, CancellationToken ct) => s.HeadlinesAsync(t.Scope, id, ct))
            .WithSummary("A sample's headline numbers (sigma at 30 C, Ea, oxidation onset, crystallinity), each with where it comes from and a link to it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var p = api.MapGroup("/pellets").WithTags("Analyses");
        p.MapGet("/{id:guid}/arrhenius", (Guid id, string? element, string? form, CallerTeam t, AnalysisService s, CancellationToken ct) =>
                s.PelletSeriesAsync(t.Scope, id, element, form, ct))
            .WithSummary("A pellet's temperature series: resistance of ?element= (total, R1, R0+R1) and conductivity (S/cm) per spectrum, "
                + "and Arrhenius fits (?form=sigmaT default, or sigma) with Ea (eV) and sigma at 25 and 30 C")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        p.MapPost("/{id:guid}/refit", (Guid id, ImpedanceFitSettings settings, CallerTeam t, AnalysisService s, CancellationToken ct) =>
                s.RefitPelletAsync(t.Scope, id, settings, ct))
            .WithSummary("Fit every impedance spectrum of the pellet again with one circuit (a new version each)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
