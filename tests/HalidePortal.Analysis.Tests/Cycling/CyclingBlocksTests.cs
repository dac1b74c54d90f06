using HalidePortal.Analysis.Cycling;

namespace HalidePortal.Analysis.Tests.Cycling;

/// <summary>
/// A run read block by block gives exactly (bit for bit) the summary and curves of the same run held whole, however the
/// blocks cut it: single rows, odd sizes, random sizes with empty blocks, and cuts on and just after step boundaries.
/// </summary>
public sealed class CyclingBlocksTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string scenario in CyclingScenarios.Names)
        {
            foreach (string split in Splits)
            {
                data.Add(scenario, split);
            }
        }
        return data;
    }

    private static readonly string[] Splits = ["1", "2", "7", "1000", "random-1", "random-2", "at-steps", "after-steps"];

    private static BlockedRun Split(CyclingSeries series, CyclingSummary whole, string split) => split switch
    {
        "random-1" => BlockedRun.Random(series, 1, 40),
        "random-2" => BlockedRun.Random(series, 2, 400),
        "at-steps" => BlockedRun.CutAt(series, whole.Steps.Select(s => s.FirstRow)),
        "after-steps" => BlockedRun.CutAt(series, whole.Steps.Select(s => s.FirstRow + 1)),
        _ => BlockedRun.Every(series, int.Parse(split, System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Summarise_Blocks_SameAsWholeSeries(string scenario, string split)
    {
        var (series, options) = CyclingScenarios.Get(scenario);
        var whole = CyclingAnalysis.Summarise(series, options);
        var run = Split(series, whole, split);

        var blocked = CyclingAnalysis.Summarise(run, options);

        Assert.Equal(whole.Steps, blocked.Steps);
        Assert.Equal(whole.Cycles, blocked.Cycles);
        Assert.Equal(whole.RateSteps, blocked.RateSteps);
        Assert.Equal(whole.Retention, blocked.Retention);
        Assert.Equal(whole.Notes, blocked.Notes);
        Assert.Equal(whole.CycleSource, blocked.CycleSource);
        Assert.Equal(whole.Electrode, blocked.Electrode);
        Assert.Equal(whole.AlgorithmVersion, blocked.AlgorithmVersion);
        Assert.Equal(2, run.Passes);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Curves_Blocks_SameAsVoltageCapacityOfEveryCycle(string scenario, string split)
    {
        var (series, options) = CyclingScenarios.Get(scenario);
        var summary = CyclingAnalysis.Summarise(series, options);
        var run = Split(series, summary, split);

        var curves = CyclingAnalysis.Curves(run, summary).ToList();

        Assert.Equal(summary.Cycles.Select(c => c.Cycle), curves.Select(c => c.Cycle));
        foreach (var streamed in curves)
        {
            var expected = CyclingAnalysis.VoltageCapacity(series, summary, streamed.Cycle);
            SameBranch(expected.Charge, streamed.Charge);
            SameBranch(expected.Discharge, streamed.Discharge);
        }
        Assert.Equal(1, run.Passes);
    }

    private static void SameBranch(VoltageCapacityBranch? expected, VoltageCapacityBranch? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal((expected.Cycle, expected.Kind), (actual!.Cycle, actual.Kind));
        Assert.Equal(expected.CapacityMAh, actual.CapacityMAh);
        Assert.Equal(expected.VoltageV, actual.VoltageV);
        Assert.Equal(expected.TimeS, actual.TimeS);
    }

    [Fact]
    public void Summarise_RateTestInBlocks_HasTheKnownCapacities()
    {
        // Not only equal to the whole series: right. Cycle 4 charges 1.60 / 0.99 mAh and discharges 1.60 mAh.
        var (series, options) = CyclingScenarios.Get("indices-step-counters");

        var summary = CyclingAnalysis.Summarise(BlockedRun.Every(series, 7), options);

        Assert.Equal(10, summary.Cycles.Count);
        Assert.Equal(1.60 / 0.99, summary.Cycles[3].ChargeMAh, 1e-9);
        Assert.Equal(1.60, summary.Cycles[3].DischargeMAh, 1e-9);
    }

    [Fact]
    public void Summarise_NoBlocksOrOnlyEmptyBlocks_ThrowsNoRows()
    {
        var (series, _) = CyclingScenarios.Get("integrated");

        var none = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(new BlockedRun(series, [])));
        var empty = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(new BlockedRun(series, [0, 0, 0])));

        Assert.Equal("the series has no rows", none.Message);
        Assert.Equal("the series has no rows", empty.Message);
    }

    [Fact]
    public void Summarise_NonFiniteInThirdBlock_ThrowsNamingTheRunsRow()
    {
        var (series, _) = CyclingScenarios.Get("integrated");
        series.VoltageV[2 * 100 + 37] = double.PositiveInfinity;

        var error = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(BlockedRun.Every(series, 100)));

        Assert.Equal("row 237 has a non-finite time, voltage or current", error.Message);
    }

    [Fact]
    public void Summarise_BlockWithShortColumn_ThrowsNamingTheBlock()
    {
        var (series, _) = CyclingScenarios.Get("integrated");
        var blocks = BlockedRun.Every(series, 100).Blocks().ToList();
        blocks[2] = blocks[2] with { CurrentMA = blocks[2].CurrentMA[..99] };

        var error = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(new ListedRun(blocks)));

        Assert.Equal("column CurrentMA has 99 rows, time has 100 in the block from row 200", error.Message);
    }

    [Fact]
    public void Summarise_BlockWithoutAColumnTheFirstHas_Throws()
    {
        var (series, _) = CyclingScenarios.Get("indices");
        var blocks = BlockedRun.Every(series, 100).Blocks().ToList();
        blocks[1] = blocks[1] with { StepIndex = null };

        var error = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(new ListedRun(blocks)));

        Assert.Equal("the block from row 100 lacks column StepIndex: every block must have the columns of the first", error.Message);
    }

    [Fact]
    public void Summarise_BlocksChangeBetweenPasses_ThrowsInvalidOperation()
    {
        var (series, _) = CyclingScenarios.Get("integrated");
        var first = BlockedRun.Every(series, 100).Blocks().ToList();

        var error = Assert.Throws<InvalidOperationException>(() => CyclingAnalysis.Summarise(new ListedRun(first, first.SkipLast(1).ToList())));

        Assert.Contains("changed between passes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Curves_RunShorterThanSummary_ThrowsWhileEnumerating()
    {
        var (series, options) = CyclingScenarios.Get("integrated");
        var summary = CyclingAnalysis.Summarise(series, options);
        var shorter = BlockedRun.Slice(series, 0, 1000);

        var curves = CyclingAnalysis.Curves(BlockedRun.Every(shorter, 64), summary);

        var error = Assert.Throws<ArgumentException>(() => curves.ToList());
        Assert.Equal($"the run ends at row 1000, but the summary's steps go on to row {series.RowCount}", error.Message);
    }

    [Fact]
    public void Curves_StepsWithAGap_ThrowsOnTheCall()
    {
        var (series, options) = CyclingScenarios.Get("integrated");
        var summary = CyclingAnalysis.Summarise(series, options);
        var gap = summary with { Steps = summary.Steps.Where(s => s.Number != 3).ToList() };

        Assert.Throws<ArgumentException>(() => CyclingAnalysis.Curves(BlockedRun.Every(series, 64), gap));
    }

    [Fact]
    public void Curves_FirstCycleOnly_ReadsNoFurtherThanItsSteps()
    {
        var (series, options) = CyclingScenarios.Get("integrated");
        var summary = CyclingAnalysis.Summarise(series, options);
        var run = BlockedRun.Every(series, 1);
        int blocksRead = 0;
        var counting = new ListedRun(Count(run.Blocks()));

        var first = CyclingAnalysis.Curves(counting, summary).First();

        Assert.Equal(1, first.Cycle);
        Assert.Equal(summary.Cycles[0].RowCount, blocksRead);

        IEnumerable<CyclingSeries> Count(IEnumerable<CyclingSeries> blocks)
        {
            foreach (var block in blocks)
            {
                blocksRead++;
                yield return block;
            }
        }
    }

    /// <summary>Given blocks; optionally different ones from the second pass on.</summary>
    private sealed class ListedRun(IEnumerable<CyclingSeries> blocks, IEnumerable<CyclingSeries>? later = null) : ICyclingBlocks
    {
        private int _passes;

        public IEnumerable<CyclingSeries> Blocks() => _passes++ == 0 || later is null ? blocks : later;
    }
}
