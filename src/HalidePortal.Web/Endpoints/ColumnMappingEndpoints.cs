using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>Optional filter of the column-mapping list.</summary>
public sealed record ColumnMappingFilter(string? Signature);

/// <summary>The generic delimited-text import: a measurement's file previewed, and the team's column mappings.</summary>
internal static class ColumnMappingEndpoints
{
    public static void MapColumnMappings(this RouteGroupBuilder api)
    {
        api.MapGet("/measurements/{id:guid}/preview", (Guid id, CallerTeam t, ColumnMappingService s, CancellationToken ct) => s.PreviewAsync(t.Scope, id, ct))
            .WithTags("Measurements")
            .WithSummary("The table in the raw file as the column mapping sees it: header row, delimiter, decimal comma, header signature, " +
                "the first 20 rows as text, the quantity and unit each header suggests, and the team's mappings for this header")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var g = api.MapGroup("/column-mappings").WithTags("Column mappings");
        g.MapGet("/", ([AsParameters] ColumnMappingFilter filter, CallerTeam t, ColumnMappingService s, CancellationToken ct) =>
                s.ListAsync(t.Scope, filter.Signature, ct))
            .WithSummary("The team's column mappings for delimited text no parser knows, newest first; ?signature= keeps those for one header");
        g.MapPost("/", async (ColumnMappingInput input, CallerTeam t, ColumnMappingService s, CancellationToken ct) =>
                TypedResults.Ok(await s.SaveAsync(t.Scope, input, ct)))
            .WithSummary("Save a mapping made on a measurement's file (one choice of quantity and unit per column, in order)")
            .WithDescription("Header row, delimiter and decimal comma come from the measurement's file. A mapping with the same name for the " +
                "same header is replaced. When the measurement had failed it is parsed again with the mapping; later uploads whose header " +
                "has the same signature are read with the team's newest mapping for it.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, ColumnMappingService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a column mapping; measurements already read with it keep their data")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
