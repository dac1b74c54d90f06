using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed class PelletService(PortalDb portalDb, TimeProvider clock)
{
    public async Task<IReadOnlyList<PelletView>> ListAsync(TeamScope scope, Guid sampleId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        if (!await db.Samples.AnyAsync(s => s.Id == sampleId, ct))
        {
            throw new RecordNotFoundException("sample", sampleId);
        }
        var rows = await db.Pellets.AsNoTracking().Where(p => p.SampleId == sampleId).OrderBy(p => p.Label).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    public async Task<PelletView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Pellets.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new RecordNotFoundException("pellet", id);
        return ToView(row);
    }

    public async Task<PelletView> CreateAsync(TeamScope scope, Guid sampleId, PelletInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        if (!await db.Samples.AnyAsync(s => s.Id == sampleId, ct))
        {
            throw new RecordNotFoundException("sample", sampleId);
        }
        var row = new Pellet { SampleId = sampleId, Label = input.Label.Trim() };
        Apply(row, input);
        db.Pellets.Add(row);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task<PelletView> UpdateAsync(TeamScope scope, Guid id, PelletInput input, CancellationToken ct = default)
    {
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Pellets.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new RecordNotFoundException("pellet", id);
        row.Label = input.Label.Trim();
        Apply(row, input);
        await db.SaveChangesAsync(ct);
        return ToView(row);
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var row = await db.Pellets.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new RecordNotFoundException("pellet", id);
        SoftDelete.Mark(row, clock);
        await db.SaveChangesAsync(ct);
    }

    private static void Validate(PelletInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(input.Label), "label", "required, e.g. P1");
        errors.Positive(input.ThicknessMm, "thicknessMm", "mm", required: true);
        errors.Positive(input.DiameterMm, "diameterMm", "mm");
        errors.Positive(input.AreaCm2, "areaCm2", "cm2");
        errors.Require(input.DiameterMm is not null || input.AreaCm2 is not null, "diameterMm", "give the diameter in mm or the area in cm2");
        errors.Positive(input.MassMg, "massMg", "mg");
        errors.Positive(input.PressingPressureMPa, "pressingPressureMPa", "MPa");
        if (input.RelativeDensityPercent is { } rho && !(rho > 0 && rho <= 100))
        {
            errors.Add("relativeDensityPercent", "must be between 0 and 100 %");
        }
        errors.ThrowIfAny();
    }

    private static void Apply(Pellet row, PelletInput input)
    {
        row.ThicknessMm = input.ThicknessMm!.Value;
        row.DiameterMm = input.DiameterMm;
        row.AreaCm2 = input.AreaCm2;
        row.MassMg = input.MassMg;
        row.PressingPressureMPa = input.PressingPressureMPa;
        row.RelativeDensityPercent = input.RelativeDensityPercent;
    }

    internal static PelletView ToView(Pellet p) => new(
        p.Id, p.SampleId, p.Label, p.ThicknessMm, p.DiameterMm, p.AreaCm2, p.EffectiveAreaCm2, p.MassMg, p.PressingPressureMPa, p.RelativeDensityPercent);
}
