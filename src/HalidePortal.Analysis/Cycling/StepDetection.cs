using System.Globalization;
using System.Runtime.CompilerServices;

namespace HalidePortal.Analysis.Cycling;

/// <summary>Splits a run into steps, classifies them and measures what each passed.</summary>
internal static class StepDetection
{
    /// <summary>A step before it is given a cycle number; Start is the run's row number.</summary>
    internal sealed record Segment(
        int Start,
        int Count,
        int? FileStep,
        long? FileCycle,
        StepKind Kind,
        double DurationS,
        double CapacityMAh,
        double EnergyMWh,
        double MeanCurrentMA,
        double StartVoltageV,
        double EndVoltageV);

    /// <summary>Currents at or below this share of the largest |I| count as rest (cyclers read a few uA of noise at open circuit).</summary>
    private const double RestShareOfMaxCurrent = 1e-3;

    /// <summary>A step charges or discharges only when its net charge is at least this share of the charge it moved both ways.</summary>
    private const double NetChargeShareForDirection = 0.2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MaxAbsCurrent(double[] current)
    {
        double max = 0;
        foreach (double i in current)
        {
            max = Math.Max(max, Math.Abs(i));
        }
        return max;
    }

    public static double RestThreshold(double maxAbsCurrent) => Math.Max(1e-9, RestShareOfMaxCurrent * maxAbsCurrent);

    /// <summary>
    /// Splits a run read block by block into measured steps. Only the rows of the current step and the row before it
    /// are held (<see cref="StepRows"/>); each step is measured on them as it ends, exactly as on the whole series.
    /// </summary>
    /// <param name="rowCount">Rows the validating pass counted; the blocks must give the same again.</param>
    /// <remarks>The row loops here are optimised on first call: a worker meets them once per file, so tier-0 code would
    /// run the whole of a long run (docs/PERFORMANCE.md).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<Segment> Split(ICyclingBlocks run, int rowCount, double restThreshold)
    {
        var segments = new List<Segment>();
        StepRows? rows = null;
        int read = 0, stepStart = 0;
        double previousCycle = 0, previousStep = 0;
        int previousSign = 0;
        foreach (var block in run.Blocks())
        {
            int n = block.RowCount;
            if (n == 0)
            {
                continue;
            }
            if ((long)read + n > rowCount)
            {
                throw ChangedBetweenPasses(rowCount);
            }
            rows ??= new StepRows(block);
            double[]? cycle = block.CycleIndex, step = block.StepIndex;
            double[] current = block.CurrentMA;
            int from = 0;
            for (int i = 0; i < n; i++)
            {
                double c = cycle is null ? 0 : cycle[i], f = step is null ? 0 : step[i];
                int sign = Sign(current[i], restThreshold);
                // Row i begins a new step when the file's cycle or step index changes, or (without a step index) the current's sign does.
                bool breaks = (cycle is not null && c != previousCycle) || (step is not null ? f != previousStep : sign != previousSign);
                if (breaks && read + i > 0)
                {
                    rows.Append(block, from, i - from);
                    segments.Add(MeasureBuffered(rows, stepStart, restThreshold));
                    rows.KeepLast();
                    stepStart = read + i;
                    from = i;
                }
                (previousCycle, previousStep, previousSign) = (c, f, sign);
            }
            rows.Append(block, from, n - from);
            read += n;
        }
        if (read != rowCount || rows is null)
        {
            throw ChangedBetweenPasses(rowCount);
        }
        segments.Add(MeasureBuffered(rows, stepStart, restThreshold));
        return segments;
    }

    private static InvalidOperationException ChangedBetweenPasses(int rowCount) =>
        new(string.Create(CultureInfo.InvariantCulture, $"the run's blocks changed between passes: the first pass read {rowCount} rows"));

    /// <summary>Measures the buffered step (row 0 the row before it, unless it is the run's first step) and numbers it in the run.</summary>
    private static Segment MeasureBuffered(StepRows rows, int stepStart, double restThreshold)
    {
        int before = stepStart > 0 ? 1 : 0;
        return Measure(rows.Series, before, rows.Count - before, restThreshold, stepStart);
    }

    private static int Sign(double current, double restThreshold) =>
        current > restThreshold ? 1 : current < -restThreshold ? -1 : 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>Measures rows [start, start + count) of <paramref name="s"/> as one step, which is row <paramref name="runRow"/> on of the run.</summary>
    private static Segment Measure(CyclingSeries s, int start, int count, double restThreshold, int runRow)
    {
        double positive = 0, negative = 0, absCharge = 0, activeTime = 0, maxAbs = 0;
        for (int i = start; i < start + count; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(s.CurrentMA[i]));
            if (i == 0)
            {
                // The run's first row: nothing before it (a buffered later step's row 0 is the row before it, never visited).
                continue;
            }
            var (dt, current, _) = Interval(s, i, start);
            double q = current * dt / 3600;
            if (q > 0)
            {
                positive += q;
            }
            else
            {
                negative -= q;
            }
            absCharge += Math.Abs(q);
            if (Math.Abs(current) > restThreshold)
            {
                activeTime += dt;
            }
        }

        // An impedance step passes alternating current with no net charge: for capacity it is a rest.
        bool noNetCharge = Math.Abs(positive - negative) <= NetChargeShareForDirection * (positive + negative);
        var kind = maxAbs <= restThreshold || noNetCharge ? StepKind.Rest
            : positive > negative ? StepKind.Charge : StepKind.Discharge;
        int end = start + count - 1;
        double duration = Math.Max(0, s.TimeS[end] - s.TimeS[start]);
        double capacity = 0, energy = 0;
        if (kind != StepKind.Rest)
        {
            capacity = Max(RowCapacities(s, start, count, kind));
            energy = Max(RowEnergies(s, start, count, kind));
        }
        return new Segment(runRow, count, AsInt(s.StepIndex, start), AsLong(s.CycleIndex, start), kind, duration,
            capacity, energy, activeTime > 0 ? absCharge * 3600 / activeTime : 0, s.VoltageV[start], s.VoltageV[end]);
    }

    /// <summary>
    /// Capacity passed since the step began, per row (mAh). From the instrument's counter when it has one for the
    /// direction: counter minus its value just before the step when it carries on from there (cycle-long counters),
    /// else the counter itself (counters reset each step). Without a counter, the integral of |I| dt.
    /// </summary>
    public static double[] RowCapacities(CyclingSeries s, int start, int count, StepKind kind)
    {
        var counter = kind switch
        {
            StepKind.Charge => s.ChargeCapacityMAh is { } c ? Abs(c) : s.SignedCapacityMAh is { } q ? Positive(q) : null,
            StepKind.Discharge => s.DischargeCapacityMAh is { } d ? Abs(d) : s.SignedCapacityMAh is { } q ? Negative(q) : null,
            _ => null,
        };
        return counter is null ? Integrate(s, start, count, energy: false) : FromCounter(counter, start, count);
    }

    /// <summary>Energy since the step began, per row (mWh): the instrument's energy counter, else the integral of V |I| dt.</summary>
    public static double[] RowEnergies(CyclingSeries s, int start, int count, StepKind kind)
    {
        var counter = kind switch
        {
            StepKind.Charge => s.ChargeEnergyMWh is { } c ? Abs(c) : null,
            StepKind.Discharge => s.DischargeEnergyMWh is { } d ? Abs(d) : null,
            _ => null,
        };
        return counter is null ? Integrate(s, start, count, energy: true) : FromCounter(counter, start, count);
    }

    private static Func<int, double> Abs(double[] c) => i => Math.Abs(c[i]);

    private static Func<int, double> Positive(double[] q) => i => Math.Max(q[i], 0);

    private static Func<int, double> Negative(double[] q) => i => Math.Max(-q[i], 0);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] FromCounter(Func<int, double> counter, int start, int count)
    {
        double baseline = 0;
        if (start > 0)
        {
            double before = counter(start - 1), first = counter(start);
            // A counter that carries on from the previous row was not reset for this step: count only what it added.
            if (before > 0 && first >= before - (1e-9 + 1e-6 * before))
            {
                baseline = before;
            }
        }
        var values = new double[count];
        for (int k = 0; k < count; k++)
        {
            double v = counter(start + k);
            values[k] = double.IsFinite(v) ? v - baseline : double.NaN;
        }
        return values;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Integrate(CyclingSeries s, int start, int count, bool energy)
    {
        var values = new double[count];
        double sum = 0;
        for (int k = 0; k < count; k++)
        {
            int i = start + k;
            if (i > 0)
            {
                var (dt, current, voltage) = Interval(s, i, start);
                sum += Math.Abs(current) * (energy ? voltage : 1) * dt / 3600;
            }
            values[k] = sum;
        }
        return values;
    }

    /// <summary>
    /// The interval (t[i-1], t[i]] belongs to row i's step: trapezoid inside a step; at the step's first row the row's
    /// own current and voltage (cyclers record the mean over the interval ending at the row). Backward clock jumps count as 0 s.
    /// </summary>
    private static (double Dt, double Current, double Voltage) Interval(CyclingSeries s, int i, int stepStart)
    {
        double dt = Math.Max(0, s.TimeS[i] - s.TimeS[i - 1]);
        return i == stepStart
            ? (dt, s.CurrentMA[i], s.VoltageV[i])
            : (dt, (s.CurrentMA[i] + s.CurrentMA[i - 1]) / 2, (s.VoltageV[i] + s.VoltageV[i - 1]) / 2);
    }

    private static double Max(double[] values)
    {
        double max = 0;
        foreach (double v in values)
        {
            if (v > max)
            {
                max = v;
            }
        }
        return max;
    }

    private static int? AsInt(double[]? column, int row) =>
        column is null || !double.IsFinite(column[row]) ? null : (int)Math.Round(column[row]);

    private static long? AsLong(double[]? column, int row) =>
        column is null || !double.IsFinite(column[row]) ? null : (long)Math.Round(column[row]);
}
