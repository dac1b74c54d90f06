using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using HalidePortal.Data;
using HalidePortal.Data.Jobs;
using HalidePortal.Domain.Analyses;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// Runs one queued analysis: reads the measurement's stored series, computes, and stores the result with the algorithm
/// version. Input the analysis cannot use (no impedance columns, a circuit that does not parse, a fit that cannot
/// start) ends the run Failed with the reason; only database faults throw, so Hangfire retries those.
/// </summary>
public sealed partial class AnalysisJobs(
    IDbContextFactory<PortalDbContext> contexts,
    IEnumerable<IAnalysisRunner> runners,
    TimeProvider clock,
    ILogger<AnalysisJobs> logger) : IAnalysisJobs
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [5, 30, 120, 600])]
    public async Task RunAsync(Guid analysisRunId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.AnalysisRuns.IgnoreQueryFilters().FirstOrDefaultAsync(r => r.Id == analysisRunId, cancellationToken);
        if (run is null || run.State is AnalysisState.Done or AnalysisState.Failed)
        {
            return;
        }
        db.TeamScope = run.TeamId;
        var measurement = await db.Measurements.AsNoTracking().FirstOrDefaultAsync(m => m.Id == run.MeasurementId, cancellationToken);
        var clockStart = Stopwatch.StartNew();
        if (measurement is null)
        {
            await FinishAsync(db, run, null, null, "The measurement was deleted before the analysis ran.", clockStart, cancellationToken);
            return;
        }
        var runner = runners.FirstOrDefault(r => r.Kind == run.Kind);
        if (runner is null)
        {
            await FinishAsync(db, run, null, null, $"This worker has no {run.Kind} analysis; update the worker.", clockStart, cancellationToken);
            return;
        }

        run.State = AnalysisState.Running;
        run.Progress = 0;
        await db.SaveChangesAsync(cancellationToken);
        var key = runner.SerialKey(measurement);
        if (key is not null)
        {
            // A session lock on this context's connection, kept open until the result is saved.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({key.Value})", cancellationToken);
        }
        try
        {
            var context = new AnalysisContext(db, measurement, run, percent => ReportAsync(run.Id, percent, cancellationToken));
            try
            {
                var outcome = await runner.RunAsync(context, cancellationToken);
                await FinishAsync(db, run, JsonSerializer.Serialize(outcome.Result, outcome.Result.GetType(), Json), outcome.AlgorithmVersion,
                    null, clockStart, cancellationToken);
                LogDone(logger, run.Kind, run.Version, measurement.FileName, clockStart.Elapsed.TotalMilliseconds);
            }
            catch (Exception e) when (IsBadInput(e))
            {
                LogFailed(logger, run.Kind, measurement.FileName, e.Message);
                await FinishAsync(db, run, null, null, $"{measurement.FileName}: {e.Message}", clockStart, cancellationToken);
            }
        }
        finally
        {
            if (key is not null)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key.Value})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    // Faults of the data or the settings end the run; faults of the database or a cancellation are retried.
    private static bool IsBadInput(Exception e) =>
        e is not (NpgsqlException or DbUpdateException or OperationCanceledException or TimeoutException or OutOfMemoryException);

    private async Task FinishAsync(PortalDbContext db, AnalysisRun run, string? resultJson, string? algorithm, string? error,
        Stopwatch elapsed, CancellationToken cancellationToken)
    {
        run.State = error is null ? AnalysisState.Done : AnalysisState.Failed;
        run.Progress = 100;
        run.Error = error;
        run.ResultJson = resultJson;
        run.AlgorithmVersion = algorithm;
        run.CompletedAt = clock.GetUtcNow();
        run.DurationMs = elapsed.Elapsed.TotalMilliseconds;
        // Progress went to the row on other connections: written whatever EF thinks changed.
        db.Entry(run).Property(r => r.Progress).IsModified = true;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ReportAsync(Guid id, int percent, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.AnalysisRuns.IgnoreQueryFilters().Where(r => r.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, Math.Clamp(percent, 0, 99)), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} v{Version} of {File} done in {Ms:0.#} ms")]
    private static partial void LogDone(ILogger logger, AnalysisKind kind, int version, string file, double ms);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} of {File} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, AnalysisKind kind, string file, string reason);
}
