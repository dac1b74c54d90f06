using HalidePortal.Data;
using Microsoft.Extensions.DependencyInjection.Extensions;
using HalidePortal.Data.Jobs;
using HalidePortal.Data.RawFiles;
using HalidePortal.Worker.Analyses;
using HalidePortal.Worker.Measurements;

namespace HalidePortal.Worker;

public static class WorkerSetup
{
    /// <summary>Everything a worker process needs: database, raw store, job queue, and a job server processing it.</summary>
    public static IHostApplicationBuilder AddPortalWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPortalData();
        builder.AddRawFiles();
        builder.AddPortalJobs();
        builder.Services.AddMeasurementJobs();
        builder.Services.AddPortalJobServer(
            builder.Configuration.GetValue("Jobs:WorkerCount", Math.Max(1, Environment.ProcessorCount)),
            $"{Environment.MachineName}:{Environment.ProcessId}");
        return builder;
    }

    /// <summary>The job implementations and analyses (used by the worker, and by tests that run jobs in-process).</summary>
    public static IServiceCollection AddMeasurementJobs(this IServiceCollection services)
    {
        services.AddTransient<IMeasurementJobs, MeasurementPipeline>();
        services.AddSingleton<IMeasurementAnalysis, CyclingSummaryStep>();
        services.AddTransient<IAnalysisJobs, AnalysisJobs>();
        services.AddTransient<DefaultAnalyses>();
        services.AddSingleton<IAnalysisRunner, ImpedanceFitRunner>();
        services.AddSingleton<IAnalysisRunner, KramersKronigRunner>();
        services.AddSingleton<IAnalysisRunner, DrtRunner>();
        services.AddSingleton<IAnalysisRunner, MsdRunner>();
        services.AddSingleton<IAnalysisRunner, DiffractionRunner>();
        services.AddSingleton<IAnalysisRunner, LsvOnsetRunner>();
        services.AddSingleton<IAnalysisRunner, GittRunner>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
