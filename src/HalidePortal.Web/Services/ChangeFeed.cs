using System.Text.Json;
using HalidePortal.Data;
using Npgsql;

namespace HalidePortal.Web.Services;

/// <summary>A measurement of a team, or one of its analyses, changed state (e.g. a cycling file finished processing).</summary>
public sealed record MeasurementChange(Guid TeamId, Guid MeasurementId, string State);

/// <summary>
/// Hears the database's "halide_changes" notifications (a trigger sends one when a measurement or an analysis run changes
/// state, whichever process wrote it) and passes them to open pages, so live dashboard panels redraw without a reload.
/// One listening connection per web process; it reconnects after a dropped connection.
/// </summary>
public sealed partial class ChangeFeed(IConfiguration configuration, ILogger<ChangeFeed> logger) : BackgroundService
{
    public const string Channel = "halide_changes";
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    /// <summary>Raised on the listener's thread; handlers must be quick and must not throw.</summary>
    public event Action<MeasurementChange>? Changed;

    /// <summary>True once LISTEN has been issued (tests wait for it before they change anything).</summary>
    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = configuration.GetConnectionString(DataSetup.ConnectionName);
        if (string.IsNullOrEmpty(connectionString))
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Publish(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                IsListening = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                IsListening = false;
                LogDropped(logger, e.Message);
                await Task.Delay(Retry, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Hands a change to the subscribers; also what tests call to stand in for the database.</summary>
    public void Publish(MeasurementChange change)
    {
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<MeasurementChange>)handler)(change);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogHandlerFailed(logger, e.Message); // one closed page must not stop the others hearing it
            }
        }
    }

    private void Publish(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            Publish(new MeasurementChange(root.GetProperty("team").GetGuid(), root.GetProperty("measurement").GetGuid(),
                root.GetProperty("state").GetString() ?? ""));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            LogBadPayload(logger, payload);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change feed connection dropped ({Reason}); listening again shortly")]
    private static partial void LogDropped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change feed subscriber failed: {Reason}")]
    private static partial void LogHandlerFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change feed payload not understood: {Payload}")]
    private static partial void LogBadPayload(ILogger logger, string payload);
}
