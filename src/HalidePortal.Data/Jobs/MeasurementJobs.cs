using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HalidePortal.Data.Jobs;

/// <summary>
/// The work done for an uploaded file: parse, store series, compute its summary. Implemented by the worker; the
/// web app only enqueues it. Hangfire resolves the implementation from the worker's services by this interface.
/// </summary>
public interface IMeasurementJobs
{
    /// <summary>Brings the measurement to Done or Failed; safe to run again (replaces what an earlier run wrote).</summary>
    Task ProcessAsync(Guid measurementId, CancellationToken cancellationToken);
}

/// <summary>The analyses computed from a measurement's stored series (fits, onsets, crystallinity). Implemented by the worker.</summary>
public interface IAnalysisJobs
{
    /// <summary>Brings the analysis run to Done or Failed; a run already final is left alone.</summary>
    Task RunAsync(Guid analysisRunId, CancellationToken cancellationToken);
}

/// <summary>Queues measurement work for the workers.</summary>
public interface IMeasurementQueue
{
    void Enqueue(Guid measurementId);

    /// <summary>Queues an analysis run already saved in state Queued.</summary>
    void EnqueueAnalysis(Guid analysisRunId);
}

internal sealed class HangfireMeasurementQueue(IBackgroundJobClient client) : IMeasurementQueue
{
    public void Enqueue(Guid measurementId) =>
        client.Enqueue<IMeasurementJobs>(jobs => jobs.ProcessAsync(measurementId, CancellationToken.None));

    public void EnqueueAnalysis(Guid analysisRunId) =>
        client.Enqueue<IAnalysisJobs>(jobs => jobs.RunAsync(analysisRunId, CancellationToken.None));
}

public static class JobsSetup
{
    /// <summary>Schema of Hangfire's tables in the portal database.</summary>
    public const string Schema = "hangfire";

    /// <summary>
    /// Hangfire with its queue in the portal's PostgreSQL, so any number of workers on any machines share it.
    /// Hosts that process jobs add <c>AddHangfireServer</c> on top.
    /// </summary>
    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = builder.Configuration.GetConnectionString(DataSetup.ConnectionName)
            ?? throw new InvalidOperationException($"No database configured: set ConnectionStrings:{DataSetup.ConnectionName}.");
        var pollSeconds = builder.Configuration.GetValue("Jobs:PollSeconds", 1.0);
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(pollSeconds),
            // A worker that dies mid-job gives its job back after this long.
            InvisibilityTimeout = TimeSpan.FromMinutes(30),
        };
        // This host's own storage, registered before AddHangfire: Hangfire's default is the process-wide
        // JobStorage.Current, which the last host configured in a process wins (tests run several hosts, each with its
        // own database; one host's uploads were queued into another's dropped database).
        builder.Services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connection, options), options));
        builder.Services.AddHangfire((services, config) => config
            .UseLogProvider(new HangfireLogBridge(services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(services.GetRequiredService<JobStorage>()));
        builder.Services.AddSingleton<IMeasurementQueue, HangfireMeasurementQueue>();
        return builder;
    }

    /// <summary>A Hangfire server in this host processing the portal's queue with jobs resolved from this host's services.</summary>
    public static IServiceCollection AddPortalJobServer(this IServiceCollection services, int workerCount, string serverName)
    {
        services.AddHangfireServer((provider, options) =>
        {
            options.WorkerCount = workerCount;
            options.ServerName = serverName;
            options.Activator = new HostJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
        });
        return services;
    }
}

/// <summary>
/// Resolves jobs from this host's services. Hangfire's default activator is process-wide (the last host configured
/// wins), which would hand one host's jobs to another host's services when a process runs several.
/// </summary>
internal sealed class HostJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
