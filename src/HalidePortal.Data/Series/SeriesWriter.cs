using HalidePortal.Domain.Measurements;
using Npgsql;
using NpgsqlTypes;

namespace HalidePortal.Data.Series;

/// <summary>
/// Writes a measurement's columns block by block inside the caller's transaction: one <see cref="SeriesChunk"/> row
/// per column and block, sent by binary COPY as the block arrives, with each column's range kept on the way. Blocks
/// are written synchronously because parsers hand them over from their own (non-async) reading loop.
/// </summary>
public sealed class SeriesWriter : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlBinaryImporter chunks;
    private readonly Guid measurementId;
    private readonly Guid teamId;
    private double[] min = [];
    private double[] max = [];
    private int chunkIndex;
    private bool completed;

    internal SeriesWriter(NpgsqlConnection connection, NpgsqlBinaryImporter chunks, Guid measurementId, Guid teamId)
    {
        this.connection = connection;
        this.chunks = chunks;
        this.measurementId = measurementId;
        this.teamId = teamId;
    }

    /// <summary>Values written so far, over all columns.</summary>
    public long ValuesWritten { get; private set; }

    /// <summary>Rows written so far.</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes one block: a segment per column, all of one length up to <see cref="SeriesChunk.Length"/>.</summary>
    public void Append(IReadOnlyList<ArraySegment<double>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0 || columns[0].Count == 0)
        {
            return;
        }
        if (min.Length != columns.Count)
        {
            min = Enumerable.Repeat(double.PositiveInfinity, columns.Count).ToArray();
            max = Enumerable.Repeat(double.NegativeInfinity, columns.Count).ToArray();
        }
        int rows = columns[0].Count;
        if (rows > SeriesChunk.Length)
        {
            throw new ArgumentException($"a block has {rows} rows, at most {SeriesChunk.Length} fit a chunk", nameof(columns));
        }
        for (int c = 0; c < columns.Count; c++)
        {
            var values = columns[c];
            if (values.Count != rows)
            {
                throw new ArgumentException($"column {c} of a block has {values.Count} rows, column 0 has {rows}", nameof(columns));
            }
            foreach (double v in values.AsSpan())
            {
                if (double.IsFinite(v))
                {
                    min[c] = Math.Min(min[c], v);
                    max[c] = Math.Max(max[c], v);
                }
            }
            chunks.StartRow();
            chunks.Write(measurementId, NpgsqlDbType.Uuid);
            chunks.Write(c, NpgsqlDbType.Integer);
            chunks.Write(chunkIndex, NpgsqlDbType.Integer);
            chunks.Write(teamId, NpgsqlDbType.Uuid);
            chunks.Write(values, NpgsqlDbType.Array | NpgsqlDbType.Double);
        }
        chunkIndex++;
        RowsWritten += rows;
        ValuesWritten += (long)rows * columns.Count;
    }

    /// <summary>Ends the COPY and writes the column descriptions with the ranges seen.</summary>
    public async Task CompleteAsync(IReadOnlyList<(string Name, string Unit, string Quantity)> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        await chunks.CompleteAsync(cancellationToken);
        await chunks.DisposeAsync();
        completed = true;
        var described = columns.Select((c, i) => (c.Name, c.Unit, c.Quantity,
            i < min.Length && double.IsFinite(min[i]) ? min[i] : (double?)null,
            i < max.Length && double.IsFinite(max[i]) ? max[i] : (double?)null)).ToList();
        await SeriesStore.WriteColumnInfosAsync(connection, measurementId, teamId, described, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!completed)
        {
            // Cancels the COPY; the caller's transaction is rolled back.
            await chunks.DisposeAsync();
            completed = true;
        }
    }
}
