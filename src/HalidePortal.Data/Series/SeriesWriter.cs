using System.Collections.Concurrent;
using System.Threading.Channels;
using HalidePortal.Domain.Measurements;
using Npgsql;
using NpgsqlTypes;

namespace HalidePortal.Data.Series;

/// <summary>
/// Writes a measurement's columns block by block inside the caller's transaction: one <see cref="SeriesChunk"/> row
/// per column and block, sent by binary COPY, with each column's range kept on the way. <see cref="Append"/> is called
/// from a parser's (non-async) reading loop: it copies the block into a recycled buffer and leaves it to a background
/// task that does the COPY, so parsing the next block and storing this one run on two cores at once; at most a few
/// blocks wait, so memory stays bounded.
/// </summary>
public sealed class SeriesWriter : IAsyncDisposable
{
    /// <summary>Blocks waiting for the COPY; the parser waits when they are all taken.</summary>
    private const int Pending = 3;

    private readonly NpgsqlConnection connection;
    private readonly NpgsqlBinaryImporter chunks;
    private readonly Guid measurementId;
    private readonly Guid teamId;
    private readonly Channel<Block> queue = Channel.CreateBounded<Block>(new BoundedChannelOptions(Pending) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentBag<double[][]> spare = [];
    private readonly Task copying;
    private double[] min = [];
    private double[] max = [];
    private int chunkIndex;
    private bool completed;

    private readonly record struct Block(double[][] Columns, int Rows);

    internal SeriesWriter(NpgsqlConnection connection, NpgsqlBinaryImporter chunks, Guid measurementId, Guid teamId)
    {
        this.connection = connection;
        this.chunks = chunks;
        this.measurementId = measurementId;
        this.teamId = teamId;
        copying = Task.Run(CopyAsync);
    }

    /// <summary>Rows handed over so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>
    /// Hands over one block: a segment per column, all of one length up to <see cref="SeriesChunk.Length"/>; the
    /// segments may be reused by the caller once this returns. Throws what the COPY failed with, if it did.
    /// </summary>
    public void Append(IReadOnlyList<ArraySegment<double>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0 || columns[0].Count == 0)
        {
            return;
        }
        int rows = columns[0].Count;
        if (rows > SeriesChunk.Length)
        {
            throw new ArgumentException($"a block has {rows} rows, at most {SeriesChunk.Length} fit a chunk", nameof(columns));
        }
        if (min.Length != columns.Count)
        {
            min = Enumerable.Repeat(double.PositiveInfinity, columns.Count).ToArray();
            max = Enumerable.Repeat(double.NegativeInfinity, columns.Count).ToArray();
        }
        if (!spare.TryTake(out var buffer) || buffer.Length != columns.Count)
        {
            buffer = new double[columns.Count][];
            for (int c = 0; c < buffer.Length; c++)
            {
                buffer[c] = new double[SeriesChunk.Length];
            }
        }
        for (int c = 0; c < columns.Count; c++)
        {
            var values = columns[c];
            if (values.Count != rows)
            {
                throw new ArgumentException($"column {c} of a block has {values.Count} rows, column 0 has {rows}", nameof(columns));
            }
            double low = min[c], high = max[c];
            foreach (double v in values.AsSpan())
            {
                if (double.IsFinite(v))
                {
                    low = Math.Min(low, v);
                    high = Math.Max(high, v);
                }
            }
            (min[c], max[c]) = (low, high);
            values.AsSpan().CopyTo(buffer[c]);
        }
        try
        {
            // The caller is a parser's own thread (never a request's): waiting here is what bounds the memory.
            queue.Writer.WriteAsync(new Block(buffer, rows)).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
        }
        RowsWritten += rows;
    }

    private async Task CopyAsync()
    {
        try
        {
            await foreach (var block in queue.Reader.ReadAllAsync())
            {
                for (int c = 0; c < block.Columns.Length; c++)
                {
                    await chunks.StartRowAsync();
                    await chunks.WriteAsync(measurementId, NpgsqlDbType.Uuid);
                    await chunks.WriteAsync(c, NpgsqlDbType.Integer);
                    await chunks.WriteAsync(chunkIndex, NpgsqlDbType.Integer);
                    await chunks.WriteAsync(teamId, NpgsqlDbType.Uuid);
                    await chunks.WriteAsync(new ArraySegment<double>(block.Columns[c], 0, block.Rows), NpgsqlDbType.Array | NpgsqlDbType.Double);
                }
                chunkIndex++;
                spare.Add(block.Columns);
            }
        }
        catch (Exception e)
        {
            // The parser learns of it at its next block; the caller's transaction is rolled back.
            queue.Writer.TryComplete(e);
            throw;
        }
    }

    /// <summary>Waits for the blocks handed over, ends the COPY and writes the column descriptions with the ranges seen.</summary>
    public async Task CompleteAsync(IReadOnlyList<(string Name, string Unit, string Quantity)> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        queue.Writer.TryComplete();
        await copying.WaitAsync(cancellationToken);
        await chunks.CompleteAsync(cancellationToken);
        await chunks.DisposeAsync();
        completed = true;
        var described = columns.Select((c, i) => (c.Name, c.Unit, c.Quantity,
            i < min.Length && double.IsFinite(min[i]) ? min[i] : (double?)null,
            i < max.Length && double.IsFinite(max[i]) ? max[i] : (double?)null)).ToList();
        await SeriesStore.WriteColumnInfosAsync(connection, measurementId, teamId, described, cancellationToken);
    }

    /// <summary>Without <see cref="CompleteAsync"/>: stops the background COPY and cancels it (the caller then rolls back).</summary>
    public async ValueTask DisposeAsync()
    {
        if (completed)
        {
            return;
        }
        completed = true;
        queue.Writer.TryComplete();
        try
        {
            await copying;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or OperationCanceledException)
        {
            // Already reported to the parser, or the job is being abandoned; the transaction is rolled back either way.
        }
        // Disposing an unfinished import cancels the COPY.
        await chunks.DisposeAsync();
    }
}
