using System.Runtime.CompilerServices;

namespace HalidePortal.Ingest;

/// <summary>
/// The arrays a parser fills row by row, one per column. With a sink, a full block of <see cref="SeriesBlocks.MaxRows"/>
/// rows goes to the sink and its arrays are reused, so memory stays one block whatever the file's length; without
/// one, full blocks are kept and joined into whole columns at the end (<see cref="ToArrays"/>).
/// </summary>
/// <remarks>
/// A block is handed over lazily, when room for the next row is asked for (or at <see cref="Finish"/>): every block
/// but the last is full, and a reader that knows its row count up front fills one exact array when collecting.
/// </remarks>
internal sealed class ColumnBlocks
{
    private const int FirstCapacity = 256;

    private readonly ISeriesBlockSink? sink;
    private readonly List<double[][]> kept = [];
    private readonly ArraySegment<double>[] segments;
    private int capacity;

    /// <param name="columns">Number of columns.</param>
    /// <param name="sink">Where full blocks go; null to collect whole columns.</param>
    /// <param name="expectedRows">Rows the file says it holds (0 when unknown): the first arrays' length, capped at
    /// one block when streaming; small files start small either way.</param>
    public ColumnBlocks(int columns, ISeriesBlockSink? sink, long expectedRows = 0)
    {
        this.sink = sink;
        long first = expectedRows > 0 ? expectedRows : FirstCapacity;
        if (sink is not null || first > Array.MaxLength)
        {
            first = Math.Min(first, SeriesBlocks.MaxRows);
        }
        capacity = (int)first;
        Arrays = new double[columns][];
        for (int c = 0; c < columns; c++)
        {
            Arrays[c] = GC.AllocateUninitializedArray<double>(capacity);
        }
        segments = new ArraySegment<double>[columns];
    }

    /// <summary>The current block's arrays: row <see cref="Count"/> is the next to write. Replaced when a block is kept
    /// or grown, so read this again after <see cref="EnsureRoom"/> or <see cref="Room"/>.</summary>
    public double[][] Arrays { get; private set; }

    /// <summary>Rows written into the current block.</summary>
    public int Count { get; private set; }

    /// <summary>Rows written in all.</summary>
    public long Total => TotalBefore + Count;

    private long TotalBefore { get; set; }

    /// <summary>Makes room for one more row in <see cref="Arrays"/> (handing a full block to the sink).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EnsureRoom()
    {
        if (Count == capacity)
        {
            MakeRoom();
        }
    }

    /// <summary>Rows that fit in the current block from <see cref="Count"/> on, after making room for at least one.</summary>
    public int Room()
    {
        EnsureRoom();
        return capacity - Count;
    }

    /// <summary>Marks <paramref name="rows"/> rows (written at <see cref="Count"/> onwards) as filled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int rows = 1) => Count += rows;

    /// <summary>Hands the last, partial block to the sink (streaming only).</summary>
    public void Finish()
    {
        if (sink is not null && Count > 0)
        {
            Flush();
        }
    }

    /// <summary>The whole columns (collecting only): the kept blocks and the current one, joined.</summary>
    public double[][] ToArrays()
    {
        if (sink is not null)
        {
            throw new InvalidOperationException("the rows went to the sink");
        }
        var result = new double[Arrays.Length][];
        for (int c = 0; c < result.Length; c++)
        {
            if (kept.Count == 0 && Count == Arrays[c].Length)
            {
                result[c] = Arrays[c];
                continue;
            }
            var whole = GC.AllocateUninitializedArray<double>(checked((int)Total));
            int offset = 0;
            foreach (var block in kept)
            {
                block[c].CopyTo(whole, offset);
                offset += block[c].Length;
                block[c] = [];
            }
            Arrays[c].AsSpan(0, Count).CopyTo(whole.AsSpan(offset));
            Arrays[c] = [];
            result[c] = whole;
        }
        kept.Clear();
        return result;
    }

    private void MakeRoom()
    {
        if (capacity < SeriesBlocks.MaxRows && TotalBefore == 0)
        {
            // Small files stay small: the first block doubles up to the block length before any is handed over.
            capacity = Math.Min(SeriesBlocks.MaxRows, Math.Max(FirstCapacity, capacity * 2));
            for (int c = 0; c < Arrays.Length; c++)
            {
                var grown = GC.AllocateUninitializedArray<double>(capacity);
                Arrays[c].AsSpan(0, Count).CopyTo(grown);
                Arrays[c] = grown;
            }
            return;
        }
        if (sink is not null)
        {
            Flush();
            return;
        }
        kept.Add(Arrays);
        TotalBefore += Count;
        Count = 0;
        capacity = SeriesBlocks.MaxRows;
        var next = new double[Arrays.Length][];
        for (int c = 0; c < next.Length; c++)
        {
            next[c] = GC.AllocateUninitializedArray<double>(capacity);
        }
        Arrays = next;
    }

    private void Flush()
    {
        for (int c = 0; c < segments.Length; c++)
        {
            segments[c] = new ArraySegment<double>(Arrays[c], 0, Count);
        }
        // Exceptions from the sink are not the file's fault: they pass through untouched.
        sink!.Append(segments);
        TotalBefore += Count;
        Count = 0;
    }
}
