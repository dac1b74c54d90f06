using System.Text.Json;
using HalidePortal.Data;
using HalidePortal.Data.Analyses;
using HalidePortal.Data.Jobs;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// After a file is parsed, queues the analyses that apply to it with default settings, so a spectrum is fitted and a
/// sweep's onset found without anyone asking. A kind that already has a run is left alone: processing a file again
/// does not pile up versions, and the user's own re-runs stay the latest.
/// </summary>
public sealed class DefaultAnalyses(IDbContextFactory<PortalDbContext> contexts, IEnumerable<IAnalysisRunner> runners, IMeasurementQueue queue, TimeProvider clock)
{
    public async Task QueueAsync(Guid measurementId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var measurement = await db.Measurements.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(m => m.Id == measurementId, cancellationToken);
        if (measurement is null || measurement.IsDeleted)
        {
            return;
        }
        db.TeamScope = measurement.TeamId;
        var existing = await db.AnalysisRuns.Where(r => r.MeasurementId == measurementId).Select(r => r.Kind).Distinct().ToListAsync(cancellationToken);
        foreach (var runner in runners)
        {
            if (existing.Contains(runner.Kind) || runner.DefaultSettings(measurement) is not { } settings)
            {
                continue;
            }
            var run = await AnalysisRuns.AddQueuedAsync(db, measurementId, runner.Kind,
                JsonSerializer.Serialize(settings, settings.GetType(), AnalysisJobs.Json), null, clock.GetUtcNow(), cancellationToken);
            queue.EnqueueAnalysis(run.Id);
        }
    }
}
