using HalidePortal.Data;
using HalidePortal.Domain;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>
/// Create, read, update and soft-delete for the parts of a sample (pellets, cells): each is listed under its
/// sample, validated as a whole, and answers 404 outside the caller's team.
/// </summary>
public abstract class SamplePartService<TPart, TInput, TView>(PortalDb portalDb, TimeProvider clock)
    where TPart : TeamRecord, ISamplePart
{
    /// <summary>Lower-case name for messages, e.g. "pellet".</summary>
    protected abstract string Kind { get; }

    protected abstract TPart New(Guid sampleId, TInput input);

    protected abstract void Validate(TInput input);

    protected abstract void Apply(TPart part, TInput input);

    protected abstract TView View(TPart part);

    /// <summary>Defaults a new part takes from its sample (a cell's electrolyte); nothing by default.</summary>
    protected virtual void FromSample(TPart part, Sample sample)
    {
    }

    public async Task<IReadOnlyList<TView>> ListAsync(TeamScope scope, Guid sampleId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await RequireSampleAsync(db, sampleId, ct);
        var rows = await db.Set<TPart>().AsNoTracking().Where(p => p.SampleId == sampleId).OrderBy(p => p.Label).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<TView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        return View(await FindAsync(db, id, tracked: false, ct));
    }

    public async Task<TView> CreateAsync(TeamScope scope, Guid sampleId, TInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var sample = await RequireSampleAsync(db, sampleId, ct);
        var part = New(sampleId, input);
        await CheckLabelAsync(db, sampleId, part.Label, null, ct);
        Apply(part, input);
        FromSample(part, sample);
        db.Set<TPart>().Add(part);
        await db.SaveChangesAsync(ct);
        return View(part);
    }

    public async Task<TView> UpdateAsync(TeamScope scope, Guid id, TInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        Validate(input);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var part = await FindAsync(db, id, tracked: true, ct);
        Apply(part, input);
        await CheckLabelAsync(db, part.SampleId, part.Label, part.Id, ct);
        await db.SaveChangesAsync(ct);
        return View(part);
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        SoftDelete.Mark(await FindAsync(db, id, tracked: true, ct), clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Labels are how people tell a sample's pellets (P1, P2) or cells apart, so one per sample.</summary>
    private async Task CheckLabelAsync(PortalDbContext db, Guid sampleId, string label, Guid? self, CancellationToken ct)
    {
        if (await db.Set<TPart>().AnyAsync(p => p.SampleId == sampleId && p.Label == label && p.Id != self, ct))
        {
            throw new RecordValidationException("label", $"this sample already has a {Kind} labelled '{label}'");
        }
    }

    private async Task<TPart> FindAsync(PortalDbContext db, Guid id, bool tracked, CancellationToken ct)
    {
        var set = tracked ? db.Set<TPart>() : db.Set<TPart>().AsNoTracking();
        return await set.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new RecordNotFoundException(Kind, id);
    }

    private static async Task<Sample> RequireSampleAsync(PortalDbContext db, Guid sampleId, CancellationToken ct) =>
        await db.Samples.AsNoTracking().Include(s => s.Composition).SingleOrDefaultAsync(s => s.Id == sampleId, ct)
            ?? throw new RecordNotFoundException("sample", sampleId);

    protected static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
