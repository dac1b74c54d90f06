using HalidePortal.Analysis.Cycling;

namespace HalidePortal.Analysis.Tests.Cycling;

/// <summary>A cell's comparable numbers from a hand-made run: a rate test (0.1, 0.5, 1 C) then long cycling at 0.5 C.</summary>
public sealed class CellFiguresTests
{
    // Cycles 1-2 at 0.1 C (200, 198), 3-4 at 0.5 C (156, 154), 5-6 at 1 C (131, 129), 7-.. at 0.5 C from 145 mAh/g,
    // losing 0.5 mAh/g per cycle, so retention (against cycle 7) = 100 (145 - 0.5 k) / 145 after k cycles.
    private static (List<CycleFigure> Cycles, List<RateStep> Steps) Run(int longCycles)
    {
        var cycles = new List<CycleFigure>
        {
            new(1, 200, null), new(2, 198, null), new(3, 156, null), new(4, 154, null), new(5, 131, null), new(6, 129, null),
        };
        for (int k = 0; k < longCycles; k++)
        {
            double q = 145 - 0.5 * k;
            cycles.Add(new CycleFigure(7 + k, q, 100 * q / 145));
        }
        List<RateStep> steps = [new(0.1, 0.2, 1, 2), new(0.5, 1, 3, 4), new(1, 2, 5, 6), new(0.5, 1, 7, 6 + longCycles)];
        return (cycles, steps);
    }

    [Fact]
    public void From_RateTestThenLongRun_CapacitiesFromTheRateTest()
    {
        var (cycles, steps) = Run(100);
        var f = CellFigures.From(cycles, steps, referenceCycle: 7, retentionCycles: 50);
        Assert.Equal(200, f.FirstDischargeMahPerG);
        Assert.Equal(155, f.CapacityHalfCMahPerG!.Value, 9);
        Assert.Equal(130, f.CapacityOneCMahPerG!.Value, 9);
        // 50 cycles after cycle 7: 145 - 25 = 120 mAh/g, 82.759 %.
        Assert.Equal(100 * 120.0 / 145, f.RetentionAfterPercent!.Value, 9);
        // Below 80 % when 145 - 0.5 k < 116, first at k = 59.
        Assert.Equal(59, f.CyclesTo80);
        Assert.Equal(99, f.LastCycleAfterReference);
    }

    [Fact]
    public void From_RunShorterThanAsked_RetentionAndCyclesTo80Absent()
    {
        var (cycles, steps) = Run(20);
        var f = CellFigures.From(cycles, steps, referenceCycle: 7, retentionCycles: 100);
        Assert.Null(f.RetentionAfterPercent);
        Assert.Null(f.CyclesTo80);
        Assert.Equal(19, f.LastCycleAfterReference);
    }

    [Fact]
    public void From_NoRatesNoMass_OnlyWhatIsKnown()
    {
        var f = CellFigures.From([new(1, null, 100), new(2, null, 99)], [], referenceCycle: 1, retentionCycles: 1);
        Assert.Null(f.FirstDischargeMahPerG);
        Assert.Null(f.CapacityHalfCMahPerG);
        Assert.Equal(99, f.RetentionAfterPercent);
        Assert.Null(f.CyclesTo80);
    }

    [Fact]
    public void From_StepRateNearHalfC_Matched()
    {
        var f = CellFigures.From([new(1, 150, null), new(2, 152, null)], [new(0.48, 1, 1, 2)], null, 10);
        Assert.Equal(151, f.CapacityHalfCMahPerG);
        Assert.Null(f.CapacityOneCMahPerG);
    }
}
