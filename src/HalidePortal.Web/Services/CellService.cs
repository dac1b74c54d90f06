using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed class CellService(PortalDb portalDb, TimeProvider clock)
{
    public async Task<IReadOnlyList<CellView>> ListAsync(TeamScope scope, Guid sampleId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        if (!await db.Samples.AnyAsync(s => s.Id == sampleId, ct))
        {
            throw new RecordNotFoundException("sample", sampleId);
        }
        var rows = await db.Cells.AsNoTracking().Where(c => c.SampleId == sampleId).OrderBy(c => c.Label).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    public async Task<CellView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Cells.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new RecordNotFoundException("cell", id);
        return ToView(row);
    }

    public async Task<CellView> CreateAsync(TeamScope scope, Guid sampleId, CellInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var sample = await db.Samples.Include(s => s.Composition).SingleOrDefaultAsync(s => s.Id == sampleId, ct)
            ?? throw new RecordNotFoundException("sample", sampleId);
        var row = new Cell { SampleId = sampleId, Label = input.Label.Trim() };
        Apply(row, input);
        row.SolidElectrolyte ??= sample.Composition?.Name;
        db.Cells.Add(row);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task<CellView> UpdateAsync(TeamScope scope, Guid id, CellInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Cells.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new RecordNotFoundException("cell", id);
        row.Label = input.Label.Trim();
        Apply(row, input);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Cells.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new RecordNotFoundException("cell", id);
        SoftDelete.Mark(row, clock);
        await db.SaveChangesAsync(ct);
    }

    private static void Validate(CellInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Label), "label", "required, e.g. C1");
        errors.Require(!string.IsNullOrWhiteSpace(input.Anode), "anode", "required, e.g. Li-In");
        errors.Require(!string.IsNullOrWhiteSpace(input.CathodeActiveMaterial), "cathodeActiveMaterial", "required, e.g. NCM90");
        errors.Positive(input.AreaCm2, "areaCm2", "cm2", required: true);
        if (input.ActiveFraction is { } f && !(f > 0 && f <= 1))
        {
            errors.Add("activeFraction", "must be a mass fraction between 0 and 1");
        }
        errors.Positive(input.ActiveMassLoadingMgPerCm2, "activeMassLoadingMgPerCm2", "mg/cm2");
        errors.Positive(input.VoltageMinV, "voltageMinV", "V");
        errors.Positive(input.VoltageMaxV, "voltageMaxV", "V");
        if (input.VoltageMinV is { } lo && input.VoltageMaxV is { } hi && lo >= hi)
        {
            errors.Add("voltageMaxV", "must be above the lower cut-off");
        }
        errors.Positive(input.StackPressureMPa, "stackPressureMPa", "MPa");
        errors.ThrowIfAny();
    }

    private static void Apply(Cell row, CellInput input)
    {
        row.Anode = input.Anode.Trim();
        row.Interlayer = Blank(input.Interlayer);
        row.SolidElectrolyte = Blank(input.SolidElectrolyte);
        row.CathodeActiveMaterial = input.CathodeActiveMaterial.Trim();
        row.ActiveFraction = input.ActiveFraction;
        row.ActiveMassLoadingMgPerCm2 = input.ActiveMassLoadingMgPerCm2;
        row.AreaCm2 = input.AreaCm2!.Value;
        row.VoltageMinV = input.VoltageMinV;
        row.VoltageMaxV = input.VoltageMaxV;
        row.PotentialReference = string.IsNullOrWhiteSpace(input.PotentialReference) ? "Li/Li+" : input.PotentialReference.Trim();
        row.TemperatureC = input.TemperatureC;
        row.StackPressureMPa = input.StackPressureMPa;
        row.Notes = Blank(input.Notes);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    internal static CellView ToView(Cell c) => new(
        c.Id, c.SampleId, c.Label, c.Anode, c.Interlayer, c.SolidElectrolyte, c.CathodeActiveMaterial, c.ActiveFraction,
        c.ActiveMassLoadingMgPerCm2, c.AreaCm2, c.ActiveMassMg, c.VoltageMinV, c.VoltageMaxV, c.PotentialReference, c.TemperatureC,
        c.StackPressureMPa, c.Notes);
}
