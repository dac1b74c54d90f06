using HalidePortal.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed record HistoryView(
    long Id, string EntityType, Guid EntityId, HistoryAction Action, string? UserName, DateTimeOffset At, IReadOnlyList<PropertyChange> Changes);

public sealed class HistoryService(PortalDb portalDb)
{
    private static readonly string[] StepTypes =
        [nameof(Domain.Recipes.WeighingStep), nameof(Domain.Recipes.MillingStep), nameof(Domain.Recipes.AnnealingStep), nameof(Domain.Recipes.PressingStep)];

    /// <summary>The history of a sample together with its recipe, steps, pellets and cells, newest first.</summary>
    public async Task<IReadOnlyList<HistoryView>> ForSampleAsync(TeamScope scope, Guid sampleId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        db.IncludeDeleted = true;
        var sample = await db.Samples.AsNoTracking().Where(s => s.Id == sampleId).Select(s => new { s.Id, s.RecipeId }).SingleOrDefaultAsync(ct)
            ?? throw new RecordNotFoundException("sample", sampleId);
        var roots = new List<Guid> { sample.Id };
        if (sample.RecipeId is { } recipeId)
        {
            roots.Add(recipeId);
        }
        // Steps hang under the recipe and weighed lines under their step, even after the step was replaced.
        var steps = await db.History.Where(h => h.ParentId != null && roots.Contains(h.ParentId.Value) && StepTypes.Contains(h.EntityType))
            .Select(h => h.EntityId).Distinct().ToListAsync(ct);
        var parents = roots.Concat(steps).ToList();
        var rows = await db.History.AsNoTracking()
            .Where(h => roots.Contains(h.EntityId) || (h.ParentId != null && parents.Contains(h.ParentId.Value)))
            .OrderByDescending(h => h.At).ThenByDescending(h => h.Id).Take(500).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    private static HistoryView ToView(HistoryEntry h) => new(h.Id, h.EntityType, h.EntityId, h.Action, h.UserName, h.At, h.Changes);

    public async Task<IReadOnlyList<HistoryView>> ForRecordAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var rows = await ListAsync(db, [id], ct);
        return rows.Count == 0 ? throw new RecordNotFoundException("record", id) : rows;
    }

    private static async Task<IReadOnlyList<HistoryView>> ListAsync(Data.PortalDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var rows = await db.History.AsNoTracking().Where(h => ids.Contains(h.EntityId))
            .OrderByDescending(h => h.At).ThenByDescending(h => h.Id).Take(500).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }
}
