using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>Reference powder patterns drawn under a measured pattern: the built-in Li2ZrCl6 and the team's own.</summary>
internal static class ReferencePatternEndpoints
{
    public static void MapReferencePatterns(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/reference-patterns").WithTags("Reference patterns");
        g.MapGet("/", (CallerTeam t, ReferencePhaseService s, CancellationToken ct) => s.ListAsync(t.Scope, ct))
            .WithSummary("The built-in Li2ZrCl6 (P-3m1) and the team's reference patterns, without their reflections");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, ReferencePhaseService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .WithSummary("One reference pattern with its reflections (2θ at its own wavelength, d, intensity relative to 100, hkl)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", async (ReferencePhaseInput input, CallerTeam t, ReferencePhaseService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, input, ct);
                return TypedResults.Created($"/api/reference-patterns/{created.Id}", created);
            })
            .WithSummary("Add a reference pattern from text: one reflection a line, '2θ intensity [hkl]'")
            .WithDescription("Fields separated by spaces, tabs, commas or semicolons, decimal point only; '#' and ';' comment lines and one " +
                "header line are skipped. wavelengthAngstrom is the wavelength the 2θ were given at (Cu Kα1 1.5406 when omitted); the " +
                "pattern is drawn at each measurement's own wavelength through d = λ / (2 sin θ). A line that cannot be read is " +
                "reported as errors.text, naming the line.")
            .ProducesValidationProblem();
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, ReferencePhaseService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Soft delete (an Owner can restore it); the built-in pattern cannot be deleted")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
