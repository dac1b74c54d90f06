using HalidePortal.Data;
using HalidePortal.Domain;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

public sealed record DeletedRecordView(string Kind, Guid Id, string Label, DateTimeOffset? DeletedAt);

/// <summary>Soft-deleted records of a team, and their restoration by an Owner.</summary>
public sealed class TrashService(PortalDb portalDb)
{
    public static readonly IReadOnlyList<string> Kinds = ["compositions", "precursors", "samples", "pellets", "cells", "measurements", "reference-patterns", "dashboards"];

    public async Task<IReadOnlyList<DeletedRecordView>> ListAsync(TeamScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireOwner();
        await using var db = await portalDb.OpenAsync(scope, ct);
        db.IncludeDeleted = true;
        var rows = new List<DeletedRecordView>();
        rows.AddRange(await db.Compositions.Where(c => c.IsDeleted).Select(c => new DeletedRecordView("compositions", c.Id, c.Name + " (" + c.Formula + ")", c.DeletedAt)).ToListAsync(ct));
        rows.AddRange(await db.Precursors.Where(p => p.IsDeleted).Select(p => new DeletedRecordView("precursors", p.Id, p.Formula + " " + (p.Supplier ?? "") + " " + (p.Lot ?? ""), p.DeletedAt)).ToListAsync(ct));
        rows.AddRange(await db.Samples.Where(s => s.IsDeleted).Select(s => new DeletedRecordView("samples", s.Id, s.Code, s.DeletedAt)).ToListAsync(ct));
        rows.AddRange(await db.Pellets.Where(p => p.IsDeleted).Select(p => new DeletedRecordView("pellets", p.Id, "pellet " + p.Label + " of " + p.Sample!.Code, p.DeletedAt)).ToListAsync(ct));
        rows.AddRange(await db.Cells.Where(c => c.IsDeleted).Select(c => new DeletedRecordView("cells", c.Id, "cell " + c.Label + " of " + c.Sample!.Code, c.DeletedAt)).ToListAsync(ct));
        rows.AddRange(await db.Measurements.Where(m => m.IsDeleted).Select(m => new DeletedRecordView("measurements", m.Id, "measurement " + m.FileName, m.DeletedAt)).ToListAsync(ct));
        rows.AddRange(await db.ReferencePhases.Where(p => p.IsDeleted).Select(p => new DeletedRecordView("reference-patterns", p.Id, "reference pattern " + p.Name, p.DeletedAt)).ToListAsync(ct));
        rows.AddRange(await db.Dashboards.Where(d => d.IsDeleted).Select(d => new DeletedRecordView("dashboards", d.Id, "dashboard " + d.Name, d.DeletedAt)).ToListAsync(ct));
        return rows.OrderByDescending(r => r.DeletedAt).ToList();
    }

    public async Task RestoreAsync(TeamScope scope, string kind, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireOwner();
        await using var db = await portalDb.OpenAsync(scope, ct);
        db.IncludeDeleted = true;
        TeamRecord? record = kind switch
        {
            "compositions" => await db.Compositions.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            "precursors" => await db.Precursors.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            "samples" => await db.Samples.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            "pellets" => await db.Pellets.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            "cells" => await db.Cells.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            "measurements" => await db.Measurements.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            "reference-patterns" => await db.ReferencePhases.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            // Panels and share links are kept while the dashboard is deleted (DashboardShares refuses every link of a
            // deleted dashboard). Restoring it brings its panels back and its links with their own state: a link
            // neither revoked nor expired opens again, a revoked or expired one stays refused.
            "dashboards" => await db.Dashboards.SingleOrDefaultAsync(r => r.Id == id && r.IsDeleted, ct),
            _ => throw new RecordValidationException("kind", $"'{kind}' cannot be restored; expected one of {string.Join(", ", Kinds)}"),
        };
        if (record is null)
        {
            throw new RecordNotFoundException("deleted record", id);
        }
        SoftDelete.Restore(record);
        await db.SaveChangesAsync(ct);
    }
}

internal static class SoftDelete
{
    public static void Mark(TeamRecord record, TimeProvider clock)
    {
        record.IsDeleted = true;
        record.DeletedAt = clock.GetUtcNow();
    }

    public static void Restore(TeamRecord record)
    {
        record.IsDeleted = false;
        record.DeletedAt = null;
    }
}
