using HalidePortal.Analysis.Compositions;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed record CompositionInput(string Name, string Formula, string? ParentFormula = "Li2ZrCl6", string? OxidationStates = null, string? Notes = null)
{
    // Settable so a form can bind to it.
    public string Name { get; set; } = Name;
    public string Formula { get; set; } = Formula;
    public string? ParentFormula { get; set; } = ParentFormula;
    public string? OxidationStates { get; set; } = OxidationStates;
    public string? Notes { get; set; } = Notes;
}

public sealed record ChargeView(double Positive, double Negative, bool Balanced, IReadOnlyList<string> ElementsWithoutState);

public sealed record DopantView(string Element, string Symbol, double Amount);

public sealed record CompositionView(
    Guid Id, string Name, string Formula, string? ParentFormula, string? OxidationStates, double MolarMassGPerMol,
    ChargeView Charge, IReadOnlyList<DopantView> Dopants, string? Notes, bool IsDeleted);

public sealed class CompositionService(PortalDb portalDb, TimeProvider clock)
{
    public async Task<IReadOnlyList<CompositionView>> ListAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var rows = await db.Compositions.AsNoTracking().Include(c => c.DopantLevels).OrderBy(c => c.Name).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    public async Task<CompositionView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Compositions.AsNoTracking().Include(c => c.DopantLevels).SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new RecordNotFoundException("composition", id);
        return ToView(row);
    }

    public async Task<CompositionView> CreateAsync(TeamScope scope, CompositionInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        var (formula, parent, states) = Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = new Composition { Name = input.Name.Trim(), Formula = formula.Text };
        Apply(row, input, formula, parent, states);
        db.Compositions.Add(row);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task<CompositionView> UpdateAsync(TeamScope scope, Guid id, CompositionInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        var (formula, parent, states) = Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Compositions.Include(c => c.DopantLevels).SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new RecordNotFoundException("composition", id);
        row.Name = input.Name.Trim();
        db.DopantLevels.RemoveRange(row.DopantLevels);
        row.DopantLevels.Clear();
        Apply(row, input, formula, parent, states);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    /// <summary>Soft delete; refused while live samples use the composition, so no batch loses its formula.</summary>
    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Compositions.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new RecordNotFoundException("composition", id);
        var used = await db.Samples.CountAsync(s => s.CompositionId == id, ct);
        if (used > 0)
        {
            throw new RecordValidationException("id", $"{row.Name} is the composition of {used} sample(s); delete or reassign them first.");
        }
        SoftDelete.Mark(row, clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Checks a formula as the user types, for a message that points at the character.</summary>
    public static string? CheckFormula(string? text) =>
        ChemicalFormula.TryParse(text ?? "", out _, out var error) ? null : error!.Message;

    /// <summary>The formula with a caret under the character a parse error points at, or null when it parses.</summary>
    public static string? FormulaPointer(string? text) =>
        ChemicalFormula.TryParse(text ?? "", out _, out var error) ? null : error!.Pointer;

    /// <summary>One line for the form: molar mass and charge balance of a formula being typed.</summary>
    public static string? Preview(string formula, string? oxidationStates)
    {
        if (!ChemicalFormula.TryParse(formula, out var parsed, out _))
        {
            return null;
        }
        OxidationStateTable states;
        try
        {
            states = OxidationStateTable.Parse(oxidationStates);
        }
        catch (FormatException)
        {
            states = OxidationStateTable.Default;
        }
        var charge = ChargeBalance.Compute(parsed!, states);
        var balance = charge.IsBalanced ? "balanced" : "NOT balanced";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"M = {parsed!.MolarMassGPerMol:0.00} g/mol; charge +{charge.Positive:0.00} / {charge.Negative:0.00} ({balance})");
    }

    private static (ChemicalFormula Formula, ChemicalFormula? Parent, OxidationStateTable States) Validate(CompositionInput input)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Name), "name", "required, e.g. LZACFO");
        ChemicalFormula.TryParse(input.Formula ?? "", out var formula, out var formulaError);
        if (formulaError is not null)
        {
            errors.Add("formula", formulaError.Message);
        }
        ChemicalFormula? parent = null;
        if (!string.IsNullOrWhiteSpace(input.ParentFormula) && !ChemicalFormula.TryParse(input.ParentFormula, out parent, out var parentError))
        {
            errors.Add("parentFormula", parentError!.Message);
        }
        OxidationStateTable states = OxidationStateTable.Default;
        try
        {
            states = OxidationStateTable.Parse(input.OxidationStates);
        }
        catch (FormatException e)
        {
            errors.Add("oxidationStates", e.Message);
        }
        errors.ThrowIfAny();
        return (formula!, parent, states);
    }

    private static void Apply(Composition row, CompositionInput input, ChemicalFormula formula, ChemicalFormula? parent, OxidationStateTable states)
    {
        row.Formula = formula.Text;
        row.ParentFormula = parent?.Text;
        row.OxidationStates = NullIfEmpty(states.FormatOverrides());
        row.MolarMassGPerMol = formula.MolarMassGPerMol;
        row.Notes = NullIfEmpty(input.Notes?.Trim());
        if (parent is not null)
        {
            foreach (var level in DopantLevels.Relative(formula, parent))
            {
                row.DopantLevels.Add(new Domain.Samples.DopantLevel { Element = level.Element, Symbol = level.Symbol, Amount = level.Amount });
            }
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    public static ChargeView Charge(string formula, string? oxidationStates)
    {
        var result = ChargeBalance.Compute(ChemicalFormula.Parse(formula), OxidationStateTable.Parse(oxidationStates));
        // Sums of fractional subscripts carry float noise (-6.000000000000001); nine decimals is far below any real charge.
        return new ChargeView(Math.Round(result.Positive, 9), Math.Round(result.Negative, 9), result.IsBalanced, result.ElementsWithoutState);
    }

    internal static CompositionView ToView(Composition c) => new(
        c.Id, c.Name, c.Formula, c.ParentFormula, c.OxidationStates, Math.Round(c.MolarMassGPerMol, 6),
        Charge(c.Formula, c.OxidationStates),
        c.DopantLevels.OrderBy(d => d.Symbol, StringComparer.Ordinal).Select(d => new DopantView(d.Element, d.Symbol, d.Amount)).ToList(),
        c.Notes, c.IsDeleted);
}
