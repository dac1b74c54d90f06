namespace HalidePortal.Analysis.Cycling;

/// <summary>One cycle as the comparison needs it: reported specific capacity (mAh/g) and retention (%).</summary>
public readonly record struct CycleFigure(int Cycle, double? CapacityMahPerG, double? RetentionPercent);

/// <summary>
/// A cell's comparable numbers. RetentionAfter is the retention N cycles after the reference cycle (cycle ref + N);
/// CyclesTo80 counts the cycles after the reference until retention first falls below 80 %, null while it has not
/// (then <see cref="LastCycleAfterReference"/> says how far the cell got).
/// </summary>
public sealed record CellFigureSet(
    double? FirstDischargeMahPerG, double? CapacityHalfCMahPerG, double? CapacityOneCMahPerG,
    int RetentionCycles, double? RetentionAfterPercent, int? CyclesTo80, int? LastCycleAfterReference);

public static class CellFigures
{
    /// <summary>
    /// First discharge = capacity of the first cycle that has one; capacity at a C-rate = mean capacity over the
    /// first rate step at that rate (|rate / step rate − 1| ≤ 10 %), the rate test rather than the long run that
    /// may follow at the same current; retention as <see cref="CellFigureSet"/> states.
    /// </summary>
    public static CellFigureSet From(IReadOnlyList<CycleFigure> cycles, IReadOnlyList<RateStep> rateSteps, int? referenceCycle, int retentionCycles)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        ArgumentNullException.ThrowIfNull(rateSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionCycles, 1);
        var ordered = cycles.OrderBy(c => c.Cycle).ToList();
        double? first = ordered.FirstOrDefault(c => c.CapacityMahPerG is > 0).CapacityMahPerG;

        double? AtRate(double rate)
        {
            var step = rateSteps.FirstOrDefault(s => s.CRate is { } r && Math.Abs(r / rate - 1) <= 0.1);
            if (step is null)
            {
                return null;
            }
            var inStep = ordered.Where(c => c.Cycle >= step.FirstCycle && c.Cycle <= step.LastCycle && c.CapacityMahPerG is > 0).ToList();
            return inStep.Count == 0 ? null : inStep.Average(c => c.CapacityMahPerG!.Value);
        }

        double? retention = null;
        int? to80 = null, last = null;
        if (referenceCycle is { } reference)
        {
            var after = ordered.Where(c => c.Cycle >= reference && c.RetentionPercent is not null).ToList();
            retention = after.FirstOrDefault(c => c.Cycle == reference + retentionCycles).RetentionPercent;
            var below = after.FirstOrDefault(c => c.RetentionPercent < 80);
            to80 = below.RetentionPercent is null ? null : below.Cycle - reference;
            last = after.Count == 0 ? null : after[^1].Cycle - reference;
        }
        return new CellFigureSet(first, AtRate(0.5), AtRate(1), retentionCycles, retention, to80, last);
    }
}
