using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>One row of a side-by-side recipe comparison: a step field and its value in each recipe.</summary>
public sealed record RecipeComparisonRow(int Step, string StepKind, string Field, string? Left, string? Right)
{
    public bool Differs => !string.Equals(Left, Right, StringComparison.Ordinal);
}

public sealed record RecipeComparison(RecipeDto Left, RecipeDto Right, IReadOnlyList<RecipeComparisonRow> Rows);

public sealed class RecipeService(PortalDb portalDb)
{
    public async Task<RecipeDto> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var recipe = await db.Recipes.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new RecordNotFoundException("recipe", id);
        return RecipeMapping.ToDto(recipe);
    }

    public async Task<RecipeDto> UpdateAsync(TeamScope scope, Guid id, RecipeDto input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Name), "name", "required");
        var steps = RecipeMapping.ToSteps(input.Steps, errors);
        errors.ThrowIfAny();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var recipe = await db.Recipes.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new RecordNotFoundException("recipe", id);
        recipe.Name = input.Name.Trim();
        recipe.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        SampleService.ReplaceSteps(db, recipe, steps);
        await db.SaveChangesAsync(ct);
        return RecipeMapping.ToDto(recipe);
    }

    public async Task<RecipeComparison> CompareAsync(TeamScope scope, Guid leftId, Guid rightId, CancellationToken ct = default)
    {
        var left = await GetAsync(scope, leftId, ct);
        var right = await GetAsync(scope, rightId, ct);
        return new RecipeComparison(left, right, Compare(left, right));
    }

    /// <summary>Aligns steps by position and lists every field either side has.</summary>
    public static IReadOnlyList<RecipeComparisonRow> Compare(RecipeDto left, RecipeDto right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var rows = new List<RecipeComparisonRow>();
        var count = Math.Max(left.Steps.Count, right.Steps.Count);
        for (var i = 0; i < count; i++)
        {
            var l = i < left.Steps.Count ? left.Steps[i] : null;
            var r = i < right.Steps.Count ? right.Steps[i] : null;
            var kind = l?.Kind == r?.Kind ? l!.Kind : $"{l?.Kind ?? "-"} / {r?.Kind ?? "-"}";
            rows.Add(new RecipeComparisonRow(i + 1, kind, "Step", l?.Kind, r?.Kind));
            var lf = l?.Describe().ToDictionary(x => x.Field, x => x.Value, StringComparer.Ordinal) ?? [];
            var rf = r?.Describe().ToDictionary(x => x.Field, x => x.Value, StringComparer.Ordinal) ?? [];
            foreach (var field in lf.Keys.Concat(rf.Keys).Distinct(StringComparer.Ordinal))
            {
                rows.Add(new RecipeComparisonRow(i + 1, kind, field, lf.GetValueOrDefault(field), rf.GetValueOrDefault(field)));
            }
        }
        return rows;
    }
}
