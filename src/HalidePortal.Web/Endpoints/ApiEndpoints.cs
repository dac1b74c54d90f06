using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>The JSON API, one small group per resource; every route is scoped to the caller's team.</summary>
public static class ApiEndpoints
{
    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapCompositions();
        api.MapPrecursors();
        api.MapSamples();
        api.MapRecipes();
        api.MapPellets();
        api.MapCells();
        api.MapMeasurements();
        api.MapAnalyses();
        api.MapExplorer();
        api.MapOverlays();
        api.MapDashboards();
        api.MapColumnMappings();
        api.MapReferencePatterns();
        api.MapAccount();
        api.MapTrash();
        api.MapTeam();
    }

    private static void MapTeam(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/team/members").WithTags("Team");
        g.MapGet("/", (CallerTeam t, TeamService s, CancellationToken ct) => s.MembersAsync(t.Scope, ct));
        g.MapPost("/", async (MemberInput input, CallerTeam t, TeamService s, CancellationToken ct) =>
                TypedResults.Created("/api/team/members", await s.AddMemberAsync(t.Scope, input, ct)))
            .WithSummary("Add a person to the team (Owner only); a new account needs an initial password")
            .ProducesValidationProblem();
        g.MapPut("/{id:guid}", async (Guid id, RoleRequest request, CallerTeam t, TeamService s, CancellationToken ct) =>
            {
                await s.SetRoleAsync(t.Scope, id, request.Role, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Change a member's role (Owner only)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, TeamService s, CancellationToken ct) =>
            {
                await s.RemoveMemberAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapTrash(this RouteGroupBuilder api)
    {
        api.MapGet("/deleted", (CallerTeam t, TrashService s, CancellationToken ct) => s.ListAsync(t.Scope, ct))
            .WithTags("Deleted records").WithSummary("Soft-deleted records of the team (Owner only)");
        foreach (var kind in TrashService.Kinds)
        {
            api.MapPost($"/{kind}/{{id:guid}}/restore", async (Guid id, CallerTeam t, TrashService s, CancellationToken ct) =>
                {
                    await s.RestoreAsync(t.Scope, kind, id, ct);
                    return TypedResults.NoContent();
                })
                .WithTags("Deleted records").WithSummary($"Restore a soft-deleted record of {kind} (Owner only)")
                .ProducesProblem(StatusCodes.Status404NotFound);
        }
    }

    private static void MapCompositions(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/compositions").WithTags("Compositions");
        g.MapGet("/", (CallerTeam t, CompositionService s, CancellationToken ct) => s.ListAsync(t.Scope, ct));
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, CompositionService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", async (CompositionInput input, CallerTeam t, CompositionService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, input, ct);
                return TypedResults.Created($"/api/compositions/{created.Id}", created);
            })
            .ProducesValidationProblem();
        g.MapPut("/{id:guid}", (Guid id, CompositionInput input, CallerTeam t, CompositionService s, CancellationToken ct) => s.UpdateAsync(t.Scope, id, input, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, CompositionService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Soft delete; refused while samples use it")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/history", (Guid id, CallerTeam t, HistoryService s, CancellationToken ct) => s.ForRecordAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/precursor-masses", async (Guid id, PrecursorMassRequest request, CallerTeam t, CompositionService c, PrecursorService p, CancellationToken ct) =>
            {
                var composition = await c.GetAsync(t.Scope, id, ct);
                return await p.SolveAsync(t.Scope, composition.Formula, request, ct);
            })
            .WithSummary("Precursor masses for a batch of this composition (non-negative least squares)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapPrecursors(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/precursors").WithTags("Precursors");
        g.MapGet("/", (CallerTeam t, PrecursorService s, CancellationToken ct) => s.ListAsync(t.Scope, ct));
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, PrecursorService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", async (PrecursorInput input, CallerTeam t, PrecursorService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, input, ct);
                return TypedResults.Created($"/api/precursors/{created.Id}", created);
            })
            .ProducesValidationProblem();
        g.MapPut("/{id:guid}", (Guid id, PrecursorInput input, CallerTeam t, PrecursorService s, CancellationToken ct) => s.UpdateAsync(t.Scope, id, input, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, PrecursorService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/history", (Guid id, CallerTeam t, HistoryService s, CancellationToken ct) => s.ForRecordAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/solve", (SolveRequest request, CallerTeam t, PrecursorService s, CancellationToken ct) =>
                s.SolveAsync(t.Scope, request.Formula, new PrecursorMassRequest(request.BatchMassG, request.Precursors), ct))
            .WithSummary("Precursor masses for any target formula")
            .ProducesValidationProblem();
    }

    private static void MapSamples(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/samples").WithTags("Samples");
        g.MapGet("/", ([AsParameters] SampleQueryParameters q, CallerTeam t, SampleService s, CancellationToken ct) => s.ListAsync(t.Scope, q.ToQuery(), ct));
        g.MapGet("/tags", (CallerTeam t, SampleService s, CancellationToken ct) => s.TagsAsync(t.Scope, ct))
            .WithSummary("Every tag used on the team's samples, for filters");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, SampleService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/", async (SampleInput input, CallerTeam t, SampleService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, input, ct);
                return TypedResults.Created($"/api/samples/{created.Id}", created);
            })
            .ProducesValidationProblem();
        g.MapPut("/{id:guid}", (Guid id, SampleInput input, CallerTeam t, SampleService s, CancellationToken ct) => s.UpdateAsync(t.Scope, id, input, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/copy", async (Guid id, SampleCopyRequest request, CallerTeam t, SampleService s, CancellationToken ct) =>
            {
                var input = await s.CopyTemplateAsync(t.Scope, id, ct);
                input.Code = request.Code;
                if (request.SynthesisDate is { } date)
                {
                    input.SynthesisDate = date;
                }
                var created = await s.CreateAsync(t.Scope, input, ct);
                return TypedResults.Created($"/api/samples/{created.Id}", created);
            })
            .WithSummary("A new batch made like this one: same composition and recipe copy, actual masses cleared")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, SampleService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Soft delete; an Owner can restore")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/history", (Guid id, CallerTeam t, HistoryService s, CancellationToken ct) => s.ForSampleAsync(t.Scope, id, ct))
            .WithSummary("Every change to the sample, its recipe, pellets and cells: who, when, old and new values")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/pellets", (Guid id, CallerTeam t, PelletService s, CancellationToken ct) => s.ListAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/pellets", async (Guid id, PelletInput input, CallerTeam t, PelletService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, id, input, ct);
                return TypedResults.Created($"/api/pellets/{created.Id}", created);
            })
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/cells", (Guid id, CallerTeam t, CellService s, CancellationToken ct) => s.ListAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/cells", async (Guid id, CellInput input, CallerTeam t, CellService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(t.Scope, id, input, ct);
                return TypedResults.Created($"/api/cells/{created.Id}", created);
            })
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapRecipes(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/recipes").WithTags("Recipes");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, RecipeService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}", (Guid id, RecipeDto input, CallerTeam t, RecipeService s, CancellationToken ct) => s.UpdateAsync(t.Scope, id, input, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/compare", (Guid left, Guid right, CallerTeam t, RecipeService s, CancellationToken ct) => s.CompareAsync(t.Scope, left, right, ct))
            .WithSummary("Two recipes side by side, step by step")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/history", (Guid id, CallerTeam t, HistoryService s, CancellationToken ct) => s.ForRecordAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapPellets(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/pellets").WithTags("Pellets");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, PelletService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}", (Guid id, PelletInput input, CallerTeam t, PelletService s, CancellationToken ct) => s.UpdateAsync(t.Scope, id, input, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, PelletService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/history", (Guid id, CallerTeam t, HistoryService s, CancellationToken ct) => s.ForRecordAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapCells(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/cells").WithTags("Cells");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, CellService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}", (Guid id, CellInput input, CallerTeam t, CellService s, CancellationToken ct) => s.UpdateAsync(t.Scope, id, input, ct))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, CellService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/history", (Guid id, CallerTeam t, HistoryService s, CancellationToken ct) => s.ForRecordAsync(t.Scope, id, ct))
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapAccount(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/me").WithTags("Account");
        g.MapGet("/", (CallerTeam t) => TypedResults.Ok(new { t.Scope.UserId, t.Scope.UserName, t.Scope.TeamId, t.Scope.TeamName, Role = t.Scope.Role.ToString() }))
            .WithSummary("Who the caller is and which team the request acts in");
        g.MapGet("/tokens", (CallerTeam t, TeamService s, CancellationToken ct) => s.TokensAsync(t.Scope, ct));
        g.MapGet("/teams", (CallerTeam t, TeamService s, CancellationToken ct) => s.MembershipsAsync(t.Scope.UserId, ct))
            .WithSummary("The teams the caller belongs to, with the caller's role in each");
        g.MapPost("/teams", async (TeamRequest request, CallerTeam t, TeamService s, CancellationToken ct) =>
                TypedResults.Created("/api/team", await s.CreateTeamAsync(t.Scope.UserId, request.Name, ct)))
            .WithSummary("Create a team with the caller as Owner, and switch to it")
            .ProducesValidationProblem();
        g.MapPost("/tokens", async (TokenRequest request, CallerTeam t, TeamService s, CancellationToken ct) =>
            {
                var created = await s.CreateTokenAsync(t.Scope, request.Name, request.ValidDays, ct);
                return TypedResults.Created($"/api/me/tokens/{created.Token.Id}", created);
            })
            .WithSummary("A personal API token for the current team; the token text is shown only in this response")
            .ProducesValidationProblem();
        g.MapDelete("/tokens/{id:guid}", async (Guid id, CallerTeam t, TeamService s, CancellationToken ct) =>
            {
                await s.RevokeTokenAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

public sealed record SolveRequest(string Formula, double BatchMassG, IReadOnlyList<string> Precursors);

public sealed record SampleCopyRequest(string Code, DateOnly? SynthesisDate = null);

public sealed record TeamRequest(string Name);

public sealed record RoleRequest(Domain.Teams.TeamRole Role);

public sealed record TokenRequest(string Name, int? ValidDays = null);

public sealed record SampleQueryParameters(
    string? Search, Guid? CompositionId, string? DopantElement, double? DopantMin, double? DopantMax, string? Tag,
    SampleSort? Sort, bool? Descending, int? Page, int? PageSize, bool? Deleted)
{
    public SampleQuery ToQuery() => new(Search, CompositionId, DopantElement, DopantMin, DopantMax, Tag,
        Sort ?? SampleSort.Date, Descending ?? true, Page ?? 1, PageSize ?? 25, Deleted ?? false);
}
