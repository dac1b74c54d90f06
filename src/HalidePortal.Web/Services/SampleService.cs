using HalidePortal.Data;
using HalidePortal.Domain;
using HalidePortal.Domain.Recipes;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed class SampleService(PortalDb portalDb, TimeProvider clock)
{
    public async Task<SamplePage> ListAsync(TeamScope scope, SampleQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await portalDb.OpenAsync(scope, ct);
        if (query.Deleted)
        {
            scope.RequireOwner();
            db.IncludeDeleted = true;
        }
        var q = db.Samples.AsNoTracking().Where(s => s.IsDeleted == query.Deleted);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var like = "%" + EscapeLike(query.Search.Trim()) + "%";
            q = q.Where(s => EF.Functions.ILike(s.Code, like) || EF.Functions.ILike(s.Composition!.Name, like)
                || EF.Functions.ILike(s.Composition!.Formula, like) || EF.Functions.ILike(s.Notes ?? "", like)
                || EF.Functions.ILike(s.Operator ?? "", like));
        }
        if (query.CompositionId is { } compositionId)
        {
            q = q.Where(s => s.CompositionId == compositionId);
        }
        if (!string.IsNullOrWhiteSpace(query.DopantElement))
        {
            var element = query.DopantElement.Trim();
            var min = query.DopantMin ?? double.NegativeInfinity;
            var max = query.DopantMax ?? double.PositiveInfinity;
            q = q.Where(s => s.Composition!.DopantLevels.Any(d => d.Element == element && d.Amount >= min && d.Amount <= max));
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim();
            q = q.Where(s => s.Tags.Contains(tag));
        }
        q = (query.Sort, query.Descending) switch
        {
            (SampleSort.Code, false) => q.OrderBy(s => s.Code),
            (SampleSort.Code, true) => q.OrderByDescending(s => s.Code),
            (SampleSort.Composition, false) => q.OrderBy(s => s.Composition!.Name).ThenBy(s => s.Code),
            (SampleSort.Composition, true) => q.OrderByDescending(s => s.Composition!.Name).ThenBy(s => s.Code),
            (_, false) => q.OrderBy(s => s.SynthesisDate).ThenBy(s => s.Code),
            _ => q.OrderByDescending(s => s.SynthesisDate).ThenBy(s => s.Code),
        };
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        var total = await q.CountAsync(ct);
        var rows = await q.Skip((page - 1) * pageSize).Take(pageSize).Select(s => new
        {
            s.Id, s.Code, s.CompositionId, CompositionName = s.Composition!.Name, s.Composition.Formula, s.Composition.MolarMassGPerMol,
            Dopants = s.Composition.DopantLevels.Select(d => new DopantView(d.Element, d.Symbol, d.Amount)).ToList(),
            s.SynthesisDate, s.Operator, s.Tags, Pellets = s.Pellets.Count(p => !p.IsDeleted), Cells = s.Cells.Count(c => !c.IsDeleted), s.IsDeleted,
        }).ToListAsync(ct);
        return new SamplePage(
            rows.Select(r => new SampleRow(r.Id, r.Code, r.CompositionId, r.CompositionName, r.Formula, r.MolarMassGPerMol,
                r.Dopants.OrderBy(d => d.Symbol, StringComparer.Ordinal).ToList(), r.SynthesisDate, r.Operator, r.Tags, r.Pellets, r.Cells, r.IsDeleted)).ToList(),
            total, page, pageSize);
    }

    /// <summary>Batches that have a recipe, for choosing two to compare.</summary>
    public async Task<IReadOnlyList<RecipeChoice>> RecipeChoicesAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        return await db.Samples.AsNoTracking().Where(s => s.RecipeId != null).OrderBy(s => s.Code)
            .Select(s => new RecipeChoice(s.RecipeId!.Value, s.Id, s.Code, s.Composition!.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> TagsAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var tags = await db.Samples.AsNoTracking().SelectMany(s => s.Tags).Distinct().ToListAsync(ct);
        return tags.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<SampleDetail> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var s = await db.Samples.AsNoTracking()
            .Include(x => x.Composition!).ThenInclude(c => c.DopantLevels)
            .Include(x => x.Recipe)
            .Include(x => x.Pellets.Where(p => !p.IsDeleted).OrderBy(p => p.Label))
            .Include(x => x.Cells.Where(c => !c.IsDeleted).OrderBy(c => c.Label))
            .AsSplitQuery()
            .SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new RecordNotFoundException("sample", id);
        return new SampleDetail(
            s.Id, s.Code, CompositionService.ToView(s.Composition!), s.Recipe is null ? null : RecipeMapping.ToDto(s.Recipe),
            s.SynthesisDate, s.Operator, s.Notes, s.Tags,
            s.Pellets.Select(PelletService.ToView).ToList(), s.Cells.Select(CellService.ToView).ToList(), s.IsDeleted)
        { YoungsModulusGPa = s.YoungsModulusGPa };
    }

    public async Task<SampleDetail> CreateAsync(TeamScope scope, SampleInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        var steps = input.Recipe is null ? null : RecipeMapping.ToSteps(input.Recipe.Steps, errors);
        await using var db = await portalDb.OpenAsync(scope, ct);
        await CheckCodeAsync(db, input.Code, null, errors, ct);
        await CheckCompositionAsync(db, input.CompositionId, errors, ct);
        await ComputeWeighingsAsync(db, input.CompositionId, steps, errors, ct);
        errors.ThrowIfAny();

        var sample = new Sample { Code = input.Code.Trim() };
        Apply(sample, input);
        if (steps is not null)
        {
            sample.Recipe = new SynthesisRecipe { Name = RecipeName(input), Notes = input.Recipe!.Notes, Steps = steps };
        }
        db.Samples.Add(sample);
        await db.SaveChangesAsync(ct);
        return await GetAsync(scope, sample.Id, ct);
    }

    public async Task<SampleDetail> UpdateAsync(TeamScope scope, Guid id, SampleInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        ArgumentNullException.ThrowIfNull(input);
        var errors = Validate(input);
        var steps = input.Recipe is null ? null : RecipeMapping.ToSteps(input.Recipe.Steps, errors);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var sample = await db.Samples.Include(s => s.Recipe).SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new RecordNotFoundException("sample", id);
        await CheckCodeAsync(db, input.Code, id, errors, ct);
        await CheckCompositionAsync(db, input.CompositionId, errors, ct);
        await ComputeWeighingsAsync(db, input.CompositionId, steps, errors, ct);
        errors.ThrowIfAny();

        sample.Code = input.Code.Trim();
        Apply(sample, input);
        if (steps is null)
        {
            sample.RecipeId = null;
        }
        else if (sample.Recipe is null)
        {
            sample.Recipe = new SynthesisRecipe { Name = RecipeName(input), Notes = input.Recipe!.Notes, Steps = steps };
        }
        else
        {
            sample.Recipe.Name = RecipeName(input);
            sample.Recipe.Notes = input.Recipe!.Notes;
            ReplaceSteps(db, sample.Recipe, steps);
        }
        await db.SaveChangesAsync(ct);
        return await GetAsync(scope, id, ct);
    }

    /// <summary>Starting values for a new batch made like <paramref name="sourceId"/>: same composition and recipe, new code.</summary>
    public async Task<SampleInput> CopyTemplateAsync(TeamScope scope, Guid sourceId, CancellationToken ct = default)
    {
        var source = await GetAsync(scope, sourceId, ct);
        var input = source.ToInput();
        input.Code = source.Code + "-copy";
        input.SynthesisDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        input.Operator = scope.UserName;
        input.Notes = $"Copied from {source.Code}.";
        // A new batch is weighed anew: keep the computed masses, drop the source's balance readings.
        input.Recipe = source.Recipe?.Clone();
        return input;
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var sample = await db.Samples.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new RecordNotFoundException("sample", id);
        SoftDelete.Mark(sample, clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Brings a recipe's steps to <paramref name="steps"/>. A step that keeps its place and type is updated in
    /// place, so the history shows "rpm 500 → 600" rather than a step deleted and another created.
    /// </summary>
    internal static void ReplaceSteps(PortalDbContext db, SynthesisRecipe recipe, List<RecipeStep> steps)
    {
        var existing = recipe.Steps.OrderBy(s => s.Position).ToList();
        var kept = new List<RecipeStep>();
        for (var i = 0; i < steps.Count; i++)
        {
            var incoming = steps[i];
            if (i < existing.Count && existing[i].GetType() == incoming.GetType())
            {
                var target = existing[i];
                incoming.Id = target.Id;
                incoming.RecipeId = target.RecipeId;
                incoming.TeamId = target.TeamId;
                db.Entry(target).CurrentValues.SetValues(incoming);
                if (target is WeighingStep weighing && incoming is WeighingStep lines)
                {
                    MergeLines(db, weighing, lines.Precursors);
                }
                kept.Add(target);
            }
            else
            {
                // New keys are client-made, so the step is added explicitly rather than found through the navigation.
                db.RecipeSteps.Add(incoming);
                kept.Add(incoming);
            }
        }
        db.RecipeSteps.RemoveRange(existing.Except(kept));
        recipe.Steps.Clear();
        recipe.Steps.AddRange(kept);
    }

    private static void MergeLines(PortalDbContext db, WeighingStep step, List<WeighedPrecursor> incoming)
    {
        var existing = step.Precursors.OrderBy(p => p.Position).ToList();
        var kept = new List<WeighedPrecursor>();
        for (var j = 0; j < incoming.Count; j++)
        {
            var line = incoming[j];
            if (j < existing.Count)
            {
                line.Id = existing[j].Id;
                line.WeighingStepId = step.Id;
                line.TeamId = existing[j].TeamId;
                db.Entry(existing[j]).CurrentValues.SetValues(line);
                kept.Add(existing[j]);
            }
            else
            {
                line.WeighingStepId = step.Id;
                db.Add(line);
                kept.Add(line);
            }
        }
        db.RemoveRange(existing.Except(kept));
        step.Precursors.Clear();
        step.Precursors.AddRange(kept);
    }

    private static FieldErrors Validate(SampleInput input)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Code), "code", "required, e.g. LZACFO-2026-014");
        errors.Require(input.CompositionId != Guid.Empty, "compositionId", "choose a composition");
        errors.Require(input.Tags.All(t => !string.IsNullOrWhiteSpace(t)), "tags", "tags cannot be blank");
        errors.Positive(input.YoungsModulusGPa, "youngsModulusGPa", "GPa");
        return errors;
    }

    /// <summary>
    /// Fills each weighing line's computed mass from the composition and the listed precursors (purity-corrected
    /// from the inventory), so a saved recipe never carries a stale or missing mass to weigh.
    /// </summary>
    private static async Task ComputeWeighingsAsync(PortalDbContext db, Guid compositionId, List<RecipeStep>? steps, FieldErrors errors, CancellationToken ct)
    {
        var weighings = steps?.OfType<WeighingStep>().Where(w => w.Precursors.Count > 0 && w.BatchMassG > 0).ToList() ?? [];
        if (weighings.Count == 0)
        {
            return;
        }
        var formula = await db.Compositions.Where(c => c.Id == compositionId).Select(c => c.Formula).SingleOrDefaultAsync(ct);
        if (formula is null)
        {
            return;
        }
        var purities = await PrecursorService.PuritiesAsync(db, ct);
        foreach (var step in weighings)
        {
            var lines = step.Precursors.OrderBy(p => p.Position).ToList();
            try
            {
                var solution = PrecursorService.Solve(formula, new PrecursorMassRequest(step.BatchMassG, lines.Select(l => l.Formula).ToList()), purities.GetValueOrDefault);
                foreach (var (line, amount) in lines.Zip(solution.Precursors))
                {
                    line.ComputedMassMg = Math.Round(amount.WeighedMassMg, 2);
                }
            }
            catch (RecordValidationException e)
            {
                var at = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"steps[{step.Position}].precursors");
                errors.Add(at, string.Join(" ", e.Errors.SelectMany(x => x.Value)));
            }
        }
    }

    /// <summary>Batch codes name vials on the bench: one live sample per code in a team.</summary>
    private static async Task CheckCodeAsync(PortalDbContext db, string code, Guid? self, FieldErrors errors, CancellationToken ct)
    {
        var trimmed = code.Trim();
        if (trimmed.Length > 0 && await db.Samples.AnyAsync(s => s.Code == trimmed && s.Id != self, ct))
        {
            errors.Add("code", $"'{trimmed}' is already the code of another sample in this team");
        }
    }

    private static async Task CheckCompositionAsync(PortalDbContext db, Guid compositionId, FieldErrors errors, CancellationToken ct)
    {
        if (compositionId != Guid.Empty && !await db.Compositions.AnyAsync(c => c.Id == compositionId, ct))
        {
            errors.Add("compositionId", "no such composition in this team");
        }
    }

    private static void Apply(Sample sample, SampleInput input)
    {
        sample.CompositionId = input.CompositionId;
        sample.SynthesisDate = input.SynthesisDate;
        sample.Operator = string.IsNullOrWhiteSpace(input.Operator) ? null : input.Operator.Trim();
        sample.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        sample.YoungsModulusGPa = input.YoungsModulusGPa;
        sample.Tags = input.Tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string RecipeName(SampleInput input) =>
        string.IsNullOrWhiteSpace(input.Recipe?.Name) ? $"Recipe of {input.Code.Trim()}" : input.Recipe.Name.Trim();

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
