using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>The composition explorer's rows (JSON or CSV) and the team's literature rows.</summary>
public static class ExplorerEndpoints
{
    public static void MapExplorer(this RouteGroupBuilder api)
    {
        api.MapGet("/explorer", async ([AsParameters] ExplorerQueryParameters q, CallerTeam t, ExplorerService s, CancellationToken ct) =>
            {
                var query = q.ToQuery();
                var rows = await s.RowsAsync(t.Scope, query, ct);
                return string.Equals(q.Format, "csv", StringComparison.OrdinalIgnoreCase)
                    ? Results.Text(ExplorerColumns.Csv(rows, query.RetentionCycles), "text/csv; charset=utf-8")
                    : Results.Ok(rows);
            })
            .WithTags("Composition explorer")
            .WithSummary("Every composition of the team (and its literature rows) with headline numbers and links to their evidence; format=csv for a table")
            .Produces<IReadOnlyList<ExplorerRow>>().Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();

        var g = api.MapGroup("/literature").WithTags("Composition explorer");
        g.MapGet("/", (CallerTeam t, LiteratureService s, CancellationToken ct) => s.ListAsync(t.Scope, ct))
            .WithSummary("Published compositions the team compares against");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, LiteratureService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", async (LiteratureInput input, CallerTeam t, LiteratureService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, input, ct);
                return TypedResults.Created($"/api/literature/{created.Id}", created);
            })
            .WithSummary("Add a published composition (formula, figures as published, DOI)").ProducesValidationProblem();
        g.MapPut("/{id:guid}", (Guid id, LiteratureInput input, CallerTeam t, LiteratureService s, CancellationToken ct) => s.UpdateAsync(t.Scope, id, input, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, LiteratureService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>The explorer's query string: filters as <see cref="ExplorerQuery"/>, sort by a column key, format json|csv.</summary>
public sealed record ExplorerQueryParameters(
    string? Search, string? Family, string? Dopant, double? DopantMin, double? DopantMax, string? Tag, string? Operator,
    DateOnly? From, DateOnly? To, bool? Literature, int? RetentionCycles, string? Sort, bool? Descending, string? Format)
{
    public ExplorerQuery ToQuery() => new(Search, Family, Dopant, DopantMin, DopantMax, Tag, Operator, From, To,
        Literature ?? true, RetentionCycles ?? ExplorerService.DefaultRetentionCycles, Sort, Descending ?? false);
}
