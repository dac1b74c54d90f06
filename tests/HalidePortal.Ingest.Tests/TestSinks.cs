namespace HalidePortal.Ingest.Tests;

/// <summary>Takes blocks and keeps nothing (memory and block-count checks).</summary>
internal sealed class DroppingSink : ISeriesBlockSink
{
    public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
    {
    }

    public void Append(IReadOnlyList<ArraySegment<double>> columns)
    {
    }
}

/// <summary>Fails like a lost database connection: at Begin (-1) or after some blocks.</summary>
internal sealed class ThrowingSink(int afterBlocks) : ISeriesBlockSink
{
    private int blocks;

    public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
    {
        if (afterBlocks < 0)
        {
            throw new InvalidOperationException("sink down at begin");
        }
    }

    public void Append(IReadOnlyList<ArraySegment<double>> columns)
    {
        if (++blocks > afterBlocks)
        {
            throw new InvalidOperationException("sink down");
        }
    }
}
