using HalidePortal.Data;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker.Analyses;

/// <summary>One analysis's result and the algorithm that produced it.</summary>
public sealed record AnalysisOutcome(object Result, string AlgorithmVersion);

/// <summary>Computes one kind of analysis from a measurement's stored series.</summary>
public interface IAnalysisRunner
{
    AnalysisKind Kind { get; }

    /// <summary>The settings to run with on its own after an upload, or null when this analysis does not apply to the measurement.</summary>
    object? DefaultSettings(Measurement measurement);

    /// <summary>Runs with the same key never overlap (an advisory lock held until the result is saved); null = no such need.</summary>
    long? SerialKey(Measurement measurement) => null;

    /// <summary>Throws <see cref="ArgumentException"/> (or <see cref="AnalysisInputException"/>) for data or settings it cannot use.</summary>
    Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken);
}

/// <summary>Data the analysis needs that the measurement does not have, in words for the user.</summary>
public sealed class AnalysisInputException(string message) : Exception(message);

/// <summary>What a runner works on: the team-scoped database, the measurement, the run and a progress callback.</summary>
public sealed class AnalysisContext(PortalDbContext db, Measurement measurement, AnalysisRun run, Func<int, Task> reportProgress)
{
    public PortalDbContext Db => db;
    public Measurement Measurement => measurement;
    public AnalysisRun Run => run;

    public Task ReportProgressAsync(int percent) => reportProgress(percent);

    public T Settings<T>() where T : class =>
        System.Text.Json.JsonSerializer.Deserialize<T>(run.SettingsJson, AnalysisJobs.Json)
        ?? throw new AnalysisInputException($"The {run.Kind} settings are empty.");

    /// <summary>The stored column of a canonical quantity (e.g. "FrequencyHz"), or null when the file has none.</summary>
    public async Task<double[]?> ColumnAsync(string quantity, CancellationToken cancellationToken)
    {
        var index = await db.MeasurementColumns.AsNoTracking()
            .Where(c => c.MeasurementId == measurement.Id && c.Quantity == quantity)
            .OrderBy(c => c.Index).Select(c => (int?)c.Index).FirstOrDefaultAsync(cancellationToken);
        return index is { } i ? await SeriesStore.ReadColumnAsync(db, measurement.Id, i, cancellationToken) : null;
    }

    /// <summary>The column, or a clear error naming what the analysis needed.</summary>
    public async Task<double[]> RequiredColumnAsync(string quantity, string what, CancellationToken cancellationToken) =>
        await ColumnAsync(quantity, cancellationToken)
        ?? throw new AnalysisInputException($"the {run.Kind} analysis needs {what}, and the file has no such column.");
}
