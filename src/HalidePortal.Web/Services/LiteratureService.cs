using HalidePortal.Analysis.Compositions;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>A published composition as the form and the API send it; figures as the paper states them.</summary>
public sealed class LiteratureInput
{
    public string Name { get; set; } = "";
    public string Formula { get; set; } = "";
    public string? ParentFormula { get; set; } = "Li2ZrCl6";
    public double? ConductivitySPerCm { get; set; }
    public double ConductivityTemperatureC { get; set; } = 30;
    public double? ActivationEnergyEv { get; set; }
    public double? OxidationOnsetV { get; set; }
    public double? CrystallinityPercent { get; set; }
    public double? YoungsModulusGPa { get; set; }
    public double? FirstDischargeMahPerG { get; set; }
    public double? CapacityHalfCMahPerG { get; set; }
    public double? CapacityOneCMahPerG { get; set; }
    public double? RetentionPercent { get; set; }
    public int? RetentionCycles { get; set; }
    public string Doi { get; set; } = "";
    public string? Notes { get; set; }
}

public sealed record LiteratureView(
    Guid Id, string Name, string Formula, string? ParentFormula, IReadOnlyList<DopantView> Dopants,
    double? ConductivitySPerCm, double ConductivityTemperatureC, double? ActivationEnergyEv, double? OxidationOnsetV,
    double? CrystallinityPercent, double? YoungsModulusGPa, double? FirstDischargeMahPerG, double? CapacityHalfCMahPerG,
    double? CapacityOneCMahPerG, double? RetentionPercent, int? RetentionCycles, string Doi, string? Notes)
{
    public string DoiUrl => "https://doi.org/" + Doi;
}

/// <summary>The team's literature rows: published compositions shown beside its own in the explorer.</summary>
public sealed class LiteratureService(PortalDb portalDb, TimeProvider clock)
{
    public async Task<IReadOnlyList<LiteratureView>> ListAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var rows = await db.LiteratureCompositions.AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    public async Task<LiteratureView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.LiteratureCompositions.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, ct)
            ?? throw new RecordNotFoundException("literature composition", id);
        return ToView(row);
    }

    public async Task<LiteratureView> CreateAsync(TeamScope scope, LiteratureInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = new LiteratureComposition { Name = "", Formula = "", Doi = "" };
        Apply(row, input);
        db.LiteratureCompositions.Add(row);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task<LiteratureView> UpdateAsync(TeamScope scope, Guid id, LiteratureInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.LiteratureCompositions.SingleOrDefaultAsync(l => l.Id == id, ct)
            ?? throw new RecordNotFoundException("literature composition", id);
        Apply(row, input);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.LiteratureCompositions.SingleOrDefaultAsync(l => l.Id == id, ct)
            ?? throw new RecordNotFoundException("literature composition", id);
        SoftDelete.Mark(row, clock);
        await db.SaveChangesAsync(ct);
    }

    private static void Validate(LiteratureInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Name), "name", "required, e.g. LZACFO");
        if (!ChemicalFormula.TryParse(input.Formula ?? "", out _, out var formulaError))
        {
            errors.Add("formula", formulaError!.Message);
        }
        if (!string.IsNullOrWhiteSpace(input.ParentFormula) && !ChemicalFormula.TryParse(input.ParentFormula, out _, out var parentError))
        {
            errors.Add("parentFormula", parentError!.Message);
        }
        errors.Require(IsDoi(input.Doi), "doi", "expected a DOI such as 10.1039/D6SC04008J");
        errors.Positive(input.ConductivitySPerCm, "conductivitySPerCm", "S/cm");
        if (!(input.ConductivityTemperatureC > -273.15 && input.ConductivityTemperatureC < 1000))
        {
            errors.Add("conductivityTemperatureC", "must be between -273 and 1000 C");
        }
        errors.Positive(input.ActivationEnergyEv, "activationEnergyEv", "eV");
        errors.Positive(input.OxidationOnsetV, "oxidationOnsetV", "V vs Li/Li+");
        Percent(errors, input.CrystallinityPercent, "crystallinityPercent");
        errors.Positive(input.YoungsModulusGPa, "youngsModulusGPa", "GPa");
        errors.Positive(input.FirstDischargeMahPerG, "firstDischargeMahPerG", "mAh/g");
        errors.Positive(input.CapacityHalfCMahPerG, "capacityHalfCMahPerG", "mAh/g");
        errors.Positive(input.CapacityOneCMahPerG, "capacityOneCMahPerG", "mAh/g");
        if (input.RetentionPercent is { } r && !(r >= 0 && r <= 200))
        {
            errors.Add("retentionPercent", "must be a percentage between 0 and 200");
        }
        if ((input.RetentionPercent is null) != (input.RetentionCycles is null))
        {
            errors.Add("retentionCycles", "give the retention and the number of cycles it was measured after together");
        }
        if (input.RetentionCycles is < 1)
        {
            errors.Add("retentionCycles", "must be at least 1 cycle");
        }
        errors.ThrowIfAny();
    }

    private static void Percent(FieldErrors errors, double? value, string field)
    {
        if (value is { } v && !(v >= 0 && v <= 100))
        {
            errors.Add(field, "must be a percentage between 0 and 100");
        }
    }

    /// <summary>A DOI as printed: "10.", a registrant code, "/", a suffix; a doi.org link is accepted and trimmed.</summary>
    internal static bool IsDoi(string? text) =>
        TrimDoi(text) is { } d && d.StartsWith("10.", StringComparison.Ordinal) && d.IndexOf('/', StringComparison.Ordinal) is > 3 and var slash && slash < d.Length - 1;

    private static string? TrimDoi(string? text)
    {
        string? d = text?.Trim();
        foreach (var prefix in new[] { "https://doi.org/", "http://doi.org/", "doi:" })
        {
            if (d is not null && d.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                d = d[prefix.Length..];
            }
        }
        return string.IsNullOrEmpty(d) ? null : d;
    }

    private static void Apply(LiteratureComposition row, LiteratureInput input)
    {
        row.Name = input.Name.Trim();
        row.Formula = ChemicalFormula.Parse(input.Formula).Text;
        row.ParentFormula = string.IsNullOrWhiteSpace(input.ParentFormula) ? null : ChemicalFormula.Parse(input.ParentFormula).Text;
        row.ConductivitySPerCm = input.ConductivitySPerCm;
        row.ConductivityTemperatureC = input.ConductivityTemperatureC;
        row.ActivationEnergyEv = input.ActivationEnergyEv;
        row.OxidationOnsetV = input.OxidationOnsetV;
        row.CrystallinityPercent = input.CrystallinityPercent;
        row.YoungsModulusGPa = input.YoungsModulusGPa;
        row.FirstDischargeMahPerG = input.FirstDischargeMahPerG;
        row.CapacityHalfCMahPerG = input.CapacityHalfCMahPerG;
        row.CapacityOneCMahPerG = input.CapacityOneCMahPerG;
        row.RetentionPercent = input.RetentionPercent;
        row.RetentionCycles = input.RetentionCycles;
        row.Doi = TrimDoi(input.Doi)!;
        row.Notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
    }

    internal static IReadOnlyList<DopantView> Dopants(string formula, string? parent)
    {
        if (parent is null || !ChemicalFormula.TryParse(formula, out var f, out _) || !ChemicalFormula.TryParse(parent, out var p, out _))
        {
            return [];
        }
        return DopantLevels.Relative(f!, p!).OrderBy(d => d.Symbol, StringComparer.Ordinal).Select(d => new DopantView(d.Element, d.Symbol, d.Amount)).ToList();
    }

    internal static LiteratureView ToView(LiteratureComposition l) => new(
        l.Id, l.Name, l.Formula, l.ParentFormula, Dopants(l.Formula, l.ParentFormula), l.ConductivitySPerCm, l.ConductivityTemperatureC,
        l.ActivationEnergyEv, l.OxidationOnsetV, l.CrystallinityPercent, l.YoungsModulusGPa, l.FirstDischargeMahPerG,
        l.CapacityHalfCMahPerG, l.CapacityOneCMahPerG, l.RetentionPercent, l.RetentionCycles, l.Doi, l.Notes);
}
