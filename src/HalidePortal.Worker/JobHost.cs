using HalidePortal.Data;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker;

/// <summary>
/// Logs when the worker first reaches the database (it may start before PostgreSQL accepts connections);
/// the jobs themselves are run by the Hangfire server registered in <see cref="WorkerSetup"/>.
/// </summary>
internal sealed partial class JobHost(IDbContextFactory<PortalDbContext> contexts, ILogger<JobHost> logger) : BackgroundService
{
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
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker connected to the portal database and is waiting for jobs")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker waiting for the database: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string reason);
}
