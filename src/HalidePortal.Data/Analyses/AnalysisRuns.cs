using HalidePortal.Domain.Analyses;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HalidePortal.Data.Analyses;

/// <summary>Adds analysis runs with the next version number of their measurement and kind.</summary>
public static class AnalysisRuns
{
    /// <summary>
    /// Saves a new Queued run (version = last + 1) in the context's team; the caller enqueues it. Two requests at once
    /// may pick the same version: the unique index refuses the second, which then takes the next.
    /// </summary>
    public static async Task<AnalysisRun> AddQueuedAsync(
        PortalDbContext db, Guid measurementId, AnalysisKind kind, string settingsJson, string? requestedBy, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        for (int attempt = 0; ; attempt++)
        {
            int last = await db.AnalysisRuns.Where(r => r.MeasurementId == measurementId && r.Kind == kind)
                .MaxAsync(r => (int?)r.Version, cancellationToken) ?? 0;
            var run = new AnalysisRun
            {
                MeasurementId = measurementId,
                Kind = kind,
                Version = last + 1,
                State = AnalysisState.Queued,
                SettingsJson = settingsJson,
                RequestedBy = requestedBy,
                CreatedAt = now,
            };
            db.AnalysisRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return run;
            }
            catch (DbUpdateException e) when (attempt < 5 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.Entry(run).State = EntityState.Detached;
            }
        }
    }
}
