using System.Diagnostics;
using System.Globalization;
using Hangfire;
using HalidePortal.Data;
using HalidePortal.Data.Jobs;
using HalidePortal.Data.RawFiles;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
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
        var parsed = await ParseAsync(measurement, cancellationToken);
        if (parsed is null)
        {
            return;
        }
        var parseTime = clock.Elapsed;
        TimeSpan storeTime = default, analysisTime = default;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.TeamScope = measurement.TeamId;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var columns = parsed.Columns.Select(c => new ColumnValues(c.Name, c.Unit, c.Quantity.ToString(), c.Values)).ToList();
            var throttle = new ProgressThrottle(this, measurementId, MeasurementState.Parsing, 50, 40);
            await SeriesStore.WriteColumnsAsync(db, measurementId, measurement.TeamId, columns, throttle, cancellationToken);
            await throttle.FlushAsync(cancellationToken);
            storeTime = clock.Elapsed - parseTime;

            var tracked = await db.Measurements.FirstAsync(m => m.Id == measurementId, cancellationToken);
            tracked.Format = parsed.Format;
            tracked.Technique = (MeasurementTechnique)(int)parsed.Technique;
            tracked.RowCount = parsed.RowCount;
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

            await SetStateAsync(measurementId, MeasurementState.Analysing, 0, null, cancellationToken);
            foreach (var analysis in analyses.Where(a => a.Applies(parsed)))
            {
                await analysis.RunAsync(db, tracked, parsed, cancellationToken);
            }
            analysisTime = clock.Elapsed - parseTime - storeTime;

            tracked.State = MeasurementState.Done;
            tracked.Progress = 100;
            tracked.ParsedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        LogDone(logger, measurement.FileName, parsed.RowCount, parseTime.TotalSeconds, storeTime.TotalSeconds, analysisTime.TotalSeconds,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>Parses the raw file; a bad file marks the measurement Failed and returns null.</summary>
    private async Task<ParsedMeasurement?> ParseAsync(Measurement measurement, CancellationToken cancellationToken)
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
            var parse = Task.Run(() => mapping is null ? InstrumentFormats.Parse(reading, measurement.FileName) : mapping.Read(reading, measurement.FileName),
                cancellationToken);
            while (!parse.IsCompleted)
            {
                await Task.WhenAny(parse, ticker.WaitForNextTickAsync(cancellationToken).AsTask());
                if (!parse.IsCompleted && measurement.SizeBytes > 0)
                {
                    int percent = (int)Math.Min(50, 50.0 * reading.BytesRead / measurement.SizeBytes);
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

    private static double? FileNumber(ParsedMeasurement parsed, string key) =>
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

    /// <summary>Turns fractional progress into at most a few database updates per second.</summary>
    private sealed class ProgressThrottle(MeasurementPipeline owner, Guid id, MeasurementState state, int offset, int span) : IProgress<double>
    {
        private readonly Stopwatch sinceLast = Stopwatch.StartNew();
        private double latest;
        private Task pending = Task.CompletedTask;

        public void Report(double value)
        {
            latest = value;
            if (sinceLast.Elapsed >= ProgressInterval && pending.IsCompleted)
            {
                sinceLast.Restart();
                pending = owner.SetStateAsync(id, state, offset + (int)(span * latest), null, CancellationToken.None);
            }
        }

        public Task FlushAsync(CancellationToken cancellationToken) => pending.WaitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Measurement {Id} is gone or deleted; nothing to do")]
    private static partial void LogGone(ILogger logger, Guid id);

    [LoggerMessage(Level = LogLevel.Information, Message = "{File}: bad file: {Reason}")]
    private static partial void LogBadFile(ILogger logger, string file, string reason);

    // The stages apart, so a slow upload shows where its time went (docs/PERFORMANCE.md).
    [LoggerMessage(Level = LogLevel.Information,
        Message = "{File}: {Rows} rows parsed in {ParseSeconds:F2} s, stored in {StoreSeconds:F2} s, analysed in {AnalysisSeconds:F2} s, done in {TotalSeconds:F2} s")]
    private static partial void LogDone(ILogger logger, string file, int rows, double parseSeconds, double storeSeconds, double analysisSeconds,
        double totalSeconds);
}

/// <summary>An analysis run on every upload it applies to (the cycling summary for cycling files, ...).</summary>
public interface IMeasurementAnalysis
{
    bool Applies(ParsedMeasurement parsed);

    /// <summary>Runs inside the pipeline's transaction; writes its results through <paramref name="db"/>.</summary>
    Task RunAsync(PortalDbContext db, Measurement measurement, ParsedMeasurement parsed, CancellationToken cancellationToken);
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
