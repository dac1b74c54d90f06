using HalidePortal.Analysis.Compositions;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed record PrecursorInput(string Formula, string? Name = null, string? Supplier = null, string? Lot = null, double? PurityPercent = null);

public sealed record PrecursorView(Guid Id, string Formula, string? Name, string? Supplier, string? Lot, double? PurityPercent, double MolarMassGPerMol);

public sealed record PrecursorMassRequest(double BatchMassG, IReadOnlyList<string> Precursors);

public sealed record PrecursorMassLine(string Formula, double MolesPerFormulaUnit, double Moles, double MassMg, double WeighedMassMg, double? PurityPercent);

public sealed record PrecursorMassView(string Formula, double MolarMassGPerMol, double BatchMassG, double TargetMoles, IReadOnlyList<PrecursorMassLine> Precursors);

public sealed class PrecursorService(PortalDb portalDb, TimeProvider clock)
{
    /// <summary>Largest batch the solver accepts; beyond lab scale the masses stop meaning anything.</summary>
    public const double MaxBatchMassG = 10_000;

    public async Task<IReadOnlyList<PrecursorView>> ListAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var rows = await db.Precursors.AsNoTracking().OrderBy(p => p.Formula).ThenBy(p => p.Supplier).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    public async Task<PrecursorView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Precursors.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new RecordNotFoundException("precursor", id);
        return ToView(row);
    }

    public async Task<PrecursorView> CreateAsync(TeamScope scope, PrecursorInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        var formula = Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = new Precursor { Formula = formula.Text };
        Apply(row, input);
        db.Precursors.Add(row);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task<PrecursorView> UpdateAsync(TeamScope scope, Guid id, PrecursorInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        var formula = Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Precursors.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new RecordNotFoundException("precursor", id);
        row.Formula = formula.Text;
        Apply(row, input);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Precursors.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new RecordNotFoundException("precursor", id);
        SoftDelete.Mark(row, clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Precursor masses for a batch of <paramref name="formula"/>; purities come from the team's inventory
    /// when a precursor of that formula is listed there.
    /// </summary>
    public async Task<PrecursorMassView> SolveAsync(TeamScope scope, string formula, PrecursorMassRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Dictionary<string, double?> purities;
        await using (var db = await portalDb.OpenAsync(scope, ct))
        {
            purities = await PuritiesAsync(db, ct);
        }
        return Solve(formula, request, purities.GetValueOrDefault);
    }

    /// <summary>Purity of each precursor formula in the team's inventory (the first listed, when a formula has several lots).</summary>
    internal static async Task<Dictionary<string, double?>> PuritiesAsync(Data.PortalDbContext db, CancellationToken ct)
    {
        var purities = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var p in await db.Precursors.AsNoTracking().Where(p => p.PurityPercent != null).OrderBy(p => p.CreatedAt).ToListAsync(ct))
        {
            purities.TryAdd(p.Formula, p.PurityPercent);
        }
        return purities;
    }

    public static PrecursorMassView Solve(string formula, PrecursorMassRequest request, Func<string, double?> purityOf)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(purityOf);
        var errors = new FieldErrors();
        if (!ChemicalFormula.TryParse(formula, out var target, out var targetError))
        {
            errors.Add("formula", targetError!.Message);
        }
        errors.Require(request.BatchMassG is > 0 and <= MaxBatchMassG, "batchMassG", "must be a mass in g above 0 and at most 10000 (10 kg)");
        errors.Require(request.Precursors is { Count: > 0 }, "precursors", "choose at least one precursor");
        var inputs = new List<Analysis.Compositions.PrecursorInput>();
        foreach (var text in request.Precursors ?? [])
        {
            if (ChemicalFormula.TryParse(text, out var p, out var error))
            {
                inputs.Add(new Analysis.Compositions.PrecursorInput(p!, purityOf(p!.Text)));
            }
            else
            {
                errors.Add("precursors", $"{text}: {error!.Message}");
            }
        }
        errors.ThrowIfAny();
        try
        {
            var solution = PrecursorSolver.Solve(target!, inputs, request.BatchMassG);
            return new PrecursorMassView(
                target!.Text, Math.Round(solution.TargetMolarMassGPerMol, 6), solution.BatchMassG, solution.TargetMoles,
                solution.Precursors.Select(p => new PrecursorMassLine(
                    p.Formula.Text, p.MolesPerFormulaUnit, p.Moles, p.MassMg, p.WeighedMassMg, p.PurityPercent)).ToList());
        }
        catch (UnreachableTargetException e)
        {
            throw new RecordValidationException("precursors", e.Message);
        }
        catch (ArgumentException e)
        {
            // The solver's messages are for people; the parameter name .NET appends is not.
            var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new RecordValidationException("precursors", message);
        }
    }

    private static ChemicalFormula Validate(PrecursorInput input)
    {
        var errors = new FieldErrors();
        ChemicalFormula.TryParse(input.Formula ?? "", out var formula, out var error);
        if (error is not null)
        {
            errors.Add("formula", error.Message);
        }
        if (input.PurityPercent is { } purity && (!(purity > 0) || purity > 100))
        {
            errors.Add("purityPercent", "must be between 0 and 100 %");
        }
        errors.ThrowIfAny();
        return formula!;
    }

    private static void Apply(Precursor row, PrecursorInput input)
    {
        row.Name = Blank(input.Name);
        row.Supplier = Blank(input.Supplier);
        row.Lot = Blank(input.Lot);
        row.PurityPercent = input.PurityPercent;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static PrecursorView ToView(Precursor p) => new(
        p.Id, p.Formula, p.Name, p.Supplier, p.Lot, p.PurityPercent, Math.Round(ChemicalFormula.Parse(p.Formula).MolarMassGPerMol, 6));
}
