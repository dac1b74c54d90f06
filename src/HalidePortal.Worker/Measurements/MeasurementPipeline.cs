using System.Diagnostics;
using System.Globalization;
using Hangfire;
using HalidePortal.Data;
using HalidePortal.Data.Jobs;
using HalidePortal.Data.RawFiles;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Worker.Analyses;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker.Measurements;

/// <summary>
/// Raw file → parsed series (COPY) → summary, for one measurement. A bad file ends in state Failed with the
/// parser's reason and no rows; a transient fault (database, raw store) throws so Hangfire retries with back-off.
/// Every run replaces what an earlier run wrote, inside one transaction, so retries never duplicate rows.
/// </summary>
public sealed partial class MeasurementPipeline(
    IDbContextFactory<PortalDbContext> contexts,
    IRawFileStore rawFiles,
    IEnumerable<IMeasurementAnalysis> analyses,
    DefaultAnalyses defaultAnalyses,
    ILogger<MeasurementPipeline> logger) : IMeasurementJobs
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(400);

    [AutomaticRetry(Attempts = 6, DelaysInSeconds = [5, 15, 60, 300, 900, 3600])]
    public async Task ProcessAsync(Guid measurementId, CancellationToken cancellationToken)
    {
        Measurement? measurement;
        await using (var lookup = await contexts.CreateDbContextAsync(cancellationToken))
        {
            measurement = await lookup.Measurements.IgnoreQueryFilters().AsNoTracking()
                .FirstOrDefaultAsync(m => m.Id == measurementId, cancellationToken);
        }
        if (measurement is null || measurement.IsDeleted)
        {
            LogGone(logger, measurementId);
            return;
        }

        var clock = Stopwatch.StartNew();
        await SetStateAsync(measurementId, MeasurementState.Parsing, 0, null, cancellationToken);
        TimeSpan parseTime = default, analysisTime = default;
        StreamedMeasurement? parsed = null;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.TeamScope = measurement.TeamId;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            // Rows go to the database while the file is read, inside one transaction: a bad file rolls back to nothing.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Two runs of one measurement (a re-run asked for while the first is under way) take turns; an advisory
            // lock, not a row lock, so the progress updates on the measurement's row never wait for it.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryKey(measurementId)})", cancellationToken);
            await using var writer = await SeriesStore.BeginColumnsAsync(db, measurementId, measurement.TeamId, cancellationToken);
            using var sink = new PipelineSink(writer, analyses);
            parsed = await ParseAsync(measurement, sink, cancellationToken);
            if (parsed is null)
            {
                // The COPY is cancelled first: a connection in the middle of one cannot roll back.
                await writer.DisposeAsync();
                await transaction.RollbackAsync(cancellationToken);
                return;
            }
            await writer.CompleteAsync(parsed.Columns.Select(c => (c.Name, c.Unit, c.Quantity.ToString())).ToList(), cancellationToken);
            parseTime = clock.Elapsed;

            var tracked = await db.Measurements.FirstOrDefaultAsync(m => m.Id == measurementId, cancellationToken);
            if (tracked is null)
            {
                // Deleted while its file was read: nothing to keep, and nothing to retry.
                await transaction.RollbackAsync(cancellationToken);
                LogGone(logger, measurementId);
                parsed = null;
                return;
            }
            tracked.Format = parsed.Format;
            tracked.Technique = (MeasurementTechnique)(int)parsed.Technique;
            tracked.RowCount = (int)Math.Min(int.MaxValue, parsed.RowCount);
            tracked.FileMetadata = new Dictionary<string, string>(parsed.Metadata);
            tracked.Warnings = [.. parsed.Warnings];
            tracked.Error = null;
            tracked.SummaryJson = null;
            // What the user left blank, the file's header fills in.
            if (tracked.ActiveMassMg is null && FileNumber(parsed, MetadataKeys.ActiveMaterialMassMg) is { } mass && mass > 0)
            {
                tracked.ActiveMassMg = mass;
            }
            if (tracked.TemperatureC is null && FileNumber(parsed, MetadataKeys.TemperatureC) is { } temperature)
            {
                tracked.TemperatureC = temperature;
            }
            if (tracked.TemperatureC is null && tracked.Technique == MeasurementTechnique.Impedance
                && HalidePortal.Ingest.Impedance.FileNameTemperature.Parse(tracked.FileName) is { } named)
            {
                // A temperature series is usually named by temperature; taken so the Arrhenius plot needs no typing.
                tracked.TemperatureC = named;
                tracked.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"Temperature {named:0.#} °C taken from the file name."));
            }

            await SetStateAsync(measurementId, MeasurementState.Analysing, 0, null, cancellationToken);
            foreach (var run in sink.Runs)
            {
                await run.FinishAsync(db, tracked, parsed, cancellationToken);
            }
            analysisTime = clock.Elapsed - parseTime;

            tracked.State = MeasurementState.Done;
            tracked.Progress = 100;
            tracked.ParsedAt = DateTimeOffset.UtcNow;
            // Progress went to the row on other connections since it was read, so the values read may already say
            // Done (an earlier run's): written whatever EF thinks changed.
            var entry = db.Entry(tracked);
            entry.Property(m => m.State).IsModified = true;
            entry.Property(m => m.Progress).IsModified = true;
            entry.Property(m => m.Error).IsModified = true;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        if (parsed is not null)
        {
            await defaultAnalyses.QueueAsync(measurementId, cancellationToken);
            LogDone(logger, measurement.FileName, parsed.RowCount, parseTime.TotalSeconds, analysisTime.TotalSeconds, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// Reads the raw file, giving its rows to <paramref name="sink"/>; a bad file marks the measurement Failed and
    /// returns null (the caller rolls back what the sink wrote).
    /// </summary>
    private async Task<StreamedMeasurement?> ParseAsync(Measurement measurement, ISeriesBlockSink sink, CancellationToken cancellationToken)
    {
        string? temporary = null;
        try
        {
            Stream raw = await rawFiles.OpenReadAsync(measurement.Sha256, cancellationToken);
            if (!raw.CanSeek)
            {
                // Object-store streams cannot seek; parsers of zip and binary formats need to.
                temporary = Path.GetTempFileName();
                await using (var copy = File.Create(temporary))
                {
                    await raw.CopyToAsync(copy, cancellationToken);
                }
                await raw.DisposeAsync();
                raw = File.OpenRead(temporary);
            }
            await using var reading = new ProgressStream(raw);
            using var ticker = new PeriodicTimer(ProgressInterval);
            // Delimited text no parser reads is read with the team's column mapping for its header, when there is one.
            var mapping = await ColumnMappingLookup.FindAsync(contexts, measurement, reading, cancellationToken);
            var parse = Task.Run(() => mapping is null
                ? InstrumentFormats.Parse(reading, measurement.FileName, sink)
                : SeriesBlocks.Emit(mapping.Read(reading, measurement.FileName), sink), cancellationToken);
            while (!parse.IsCompleted)
            {
                await Task.WhenAny(parse, ticker.WaitForNextTickAsync(cancellationToken).AsTask());
                if (!parse.IsCompleted && measurement.SizeBytes > 0)
                {
                    // Reading and storing happen together: the bytes read are the progress of both.
                    int percent = (int)Math.Min(90, 90.0 * reading.BytesRead / measurement.SizeBytes);
                    await SetStateAsync(measurement.Id, MeasurementState.Parsing, percent, null, cancellationToken);
                }
            }
            return await parse;
        }
        catch (InstrumentFileException e)
        {
            LogBadFile(logger, measurement.FileName, e.Message);
            await SetStateAsync(measurement.Id, MeasurementState.Failed, 0, e.Message, cancellationToken);
            return null;
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The measurement's key for <c>pg_advisory_xact_lock</c>: its id's first 8 bytes.</summary>
    internal static long AdvisoryKey(Guid measurementId) => BitConverter.ToInt64(measurementId.ToByteArray(), 0);

    private static double? FileNumber(StreamedMeasurement parsed, string key) =>
        parsed.Metadata.TryGetValue(key, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value : null;

    internal async Task SetStateAsync(Guid id, MeasurementState state, int progress, string? error, CancellationToken cancellationToken)
    {
        // Outside the job's transaction, so the upload page sees progress while the work is under way.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Measurements.IgnoreQueryFilters().Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.State, state)
            .SetProperty(m => m.Progress, progress)
            .SetProperty(m => m.Error, error), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Measurement {Id} is gone or deleted; nothing to do")]
    private static partial void LogGone(ILogger logger, Guid id);

    [LoggerMessage(Level = LogLevel.Information, Message = "{File}: bad file: {Reason}")]
    private static partial void LogBadFile(ILogger logger, string file, string reason);

    // The stages apart, so a slow upload shows where its time went (docs/PERFORMANCE.md).
    [LoggerMessage(Level = LogLevel.Information,
        Message = "{File}: {Rows} rows parsed and stored in {ParseSeconds:F2} s, analysed in {AnalysisSeconds:F2} s, done in {TotalSeconds:F2} s")]
    private static partial void LogDone(ILogger logger, string file, long rows, double parseSeconds, double analysisSeconds, double totalSeconds);
}

/// <summary>An analysis run on every upload it applies to (the cycling summary for cycling files, ...).</summary>
public interface IMeasurementAnalysis
{
    /// <summary>
    /// Called when the parser names the file's columns, before any row; returns what keeps this analysis's input
    /// from the blocks, or null when the analysis does not apply to such a file.
    /// </summary>
    IMeasurementAnalysisRun? Start(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns);
}

/// <summary>One analysis of one file: sees every block as it is read, then writes its results.</summary>
public interface IMeasurementAnalysisRun : IDisposable
{
    /// <summary>The next block (segments valid only during the call).</summary>
    void Append(IReadOnlyList<ArraySegment<double>> block);

    /// <summary>Runs inside the pipeline's transaction once the file is read; writes its results through <paramref name="db"/>.</summary>
    Task FinishAsync(PortalDbContext db, Measurement measurement, StreamedMeasurement parsed, CancellationToken cancellationToken);
}

/// <summary>Hands each block to the series writer and to every analysis that applies.</summary>
internal sealed class PipelineSink(SeriesWriter writer, IEnumerable<IMeasurementAnalysis> analyses) : ISeriesBlockSink, IDisposable
{
    private readonly List<IMeasurementAnalysisRun> runs = [];

    public IReadOnlyList<IMeasurementAnalysisRun> Runs => runs;

    public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
    {
        foreach (var analysis in analyses)
        {
            if (analysis.Start(format, technique, columns) is { } run)
            {
                runs.Add(run);
            }
        }
    }

    public void Append(IReadOnlyList<ArraySegment<double>> columns)
    {
        writer.Append(columns);
        foreach (var run in runs)
        {
            run.Append(columns);
        }
    }

    public void Dispose()
    {
        foreach (var run in runs)
        {
            run.Dispose();
        }
    }
}

/// <summary>Counts bytes read, for parse progress.</summary>
internal sealed class ProgressStream(Stream inner) : Stream
{
    private long bytesRead;

    public long BytesRead => Interlocked.Read(ref bytesRead);
    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));
    public override long Seek(long offset, SeekOrigin origin)
    {
        long position = inner.Seek(offset, origin);
        Interlocked.Exchange(ref bytesRead, Math.Max(BytesRead, position));
        return position;
    }

    private int Count(int read)
    {
        Interlocked.Add(ref bytesRead, read);
        return read;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
