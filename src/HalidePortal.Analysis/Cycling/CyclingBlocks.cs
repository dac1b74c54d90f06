namespace HalidePortal.Analysis.Cycling;

/// <summary>
/// A cycler run read block by block, for runs too long to hold at once. <see cref="Blocks"/> may be enumerated several
/// times (the analysis makes a few passes), each time from the first row. Every block has the same optional columns
/// present; a block's rows follow the previous block's last row. A source may reuse a block's arrays for the next
/// block, so the analysis never keeps them past its own step of the enumeration.
/// </summary>
public interface ICyclingBlocks
{
    IEnumerable<CyclingSeries> Blocks();
}

/// <summary>A run held in memory as one block.</summary>
public sealed class SingleCyclingBlock(CyclingSeries series) : ICyclingBlocks
{
    public IEnumerable<CyclingSeries> Blocks() => [series];
}
