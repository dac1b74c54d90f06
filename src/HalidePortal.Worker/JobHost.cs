using HalidePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker;

/// <summary>
/// The background job loop. It waits for the database (the worker may start before PostgreSQL accepts
/// connections) and then idles; parsing and analysis jobs arrive with the measurement-upload work.
/// </summary>
internal sealed partial class JobHost(IDbContextFactory<PortalDbContext> contexts, ILogger<JobHost> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                if (await db.Database.CanConnectAsync(stoppingToken))
                {
                    LogReady(logger);
                    break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWaiting(logger, e.Message);
            }
            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }

        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // No job types yet; the queue is polled here once measurement uploads exist.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker connected to the portal database and is waiting for jobs")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker waiting for the database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
