using System.Globalization;

namespace HalidePortal.Analysis.Cycling;

/// <summary>Per-cycle summaries, rate capability, retention, voltage-capacity curves and dQ/dV of a galvanostatic cycling run.</summary>
public static class CyclingAnalysis
{
    /// <summary>Identifies the summary method in stored results.</summary>
    public const string SummaryAlgorithmVersion = "cycling-summary/1";

    /// <summary>Identifies the dQ/dV method in stored results.</summary>
    public const string DifferentialCapacityAlgorithmVersion = "dqdv-binned-gaussian/1";

    /// <summary>
    /// Steps: runs of rows with the same file step index (and cycle index), or, without a step index, with the same
    /// current sign (|I| &lt;= 1e-3 max|I| is rest). A step charges when the charge it passed, integral of I dt, is
    /// positive, discharges when negative, and counts as a rest when |integral of I dt| &lt; 0.2 integral of |I| dt
    /// (impedance steps). Capacity of a step Q = max over the step of the instrument's counter for its direction (minus the
    /// counter's value before the step when the counter carries on across steps), or integral of |I| dt / 3600 without
    /// a counter; energy E likewise from the energy counter or integral of V |I| dt / 3600 (mWh).
    /// <para>Cycles: the file's cycle index when it holds at most one charge and one discharge half per cycle and never
    /// goes back; otherwise counted: cycle 1 at the start, a new cycle at the first charge step after a discharge
    /// (cathode) or the first discharge step after a charge (anode). Per cycle: Q_ch = sum of Q over charge steps,
    /// Q_dis likewise; q = Q / (m_active / 1000) in mAh/g; CE = Q_dis / Q_ch (cathode) or Q_ch / Q_dis (anode) for
    /// cycles with both; mean voltage = E / Q per half; I = time-weighted mean |I| (rests excluded) of the step passing
    /// most charge in the reported half (discharge for a cathode, charge for an anode); C-rate = I / (q_nominal m_active / 1000).</para>
    /// <para>Rate steps: runs of consecutive complete cycles with |I / I_first - 1| &lt;= tolerance; their C-rate snapped to
    /// a standard rate (<see cref="RateCapability.Snap"/>). Retention (%) = 100 Q_rep(n) / Q_rep(reference), Q_rep the
    /// reported capacity; reference = <see cref="CyclingOptions.ReferenceCycle"/> or the first cycle of the last rate step.</para>
    /// </summary>
    /// <exception cref="ArgumentException">Inconsistent columns, a non-finite time/voltage/current, a non-positive mass or
    /// nominal capacity, or a reference cycle that is not a complete cycle of the run.</exception>
    public static CyclingSummary Summarise(CyclingSeries series, CyclingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Summarise(new SingleCyclingBlock(series), options);
    }

    /// <summary>
    /// The same summary as <see cref="Summarise(CyclingSeries, CyclingOptions?)"/> (which runs this with one block) for a
    /// run read block by block, in two passes over the blocks: the first checks them and finds max|I| (the rest
    /// threshold), the second splits and measures the steps, crossing block boundaries. Memory grows with the longest
    /// step (its rows are buffered until it ends) and with the number of steps and cycles, not with the run's rows.
    /// </summary>
    /// <exception cref="ArgumentException">As for a series; row numbers are those of the whole run. Also a block whose
    /// optional columns differ from the first block's, or a run of more than <see cref="int.MaxValue"/> rows.</exception>
    /// <exception cref="InvalidOperationException">The second pass read a different number of rows than the first.</exception>
    public static CyclingSummary Summarise(ICyclingBlocks run, CyclingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        options ??= new CyclingOptions();
        int rows = ValidateRun(run, out double maxAbsCurrent);
        ValidateOptions(options);

        var notes = new List<string>();
        var segments = StepDetection.Split(run, rows, StepDetection.RestThreshold(maxAbsCurrent));
        var cycleOf = CycleAssignment.Assign(segments, options.Electrode, notes, out var source);
        var steps = segments.Select((s, k) => new CyclingStep(k + 1, cycleOf[k], s.Kind, s.FileStep, s.Start, s.Count,
            s.DurationS, s.CapacityMAh, s.EnergyMWh, s.MeanCurrentMA, s.StartVoltageV, s.EndVoltageV)).ToList();

        var cycles = SummariseCycles(steps, options);
        var rateSteps = RateCapability.Steps(cycles, options.RateTolerance);
        var retention = Retention(cycles, rateSteps, options, out var percentOf);
        if (retention is not null)
        {
            cycles = cycles.Select(c => c with { RetentionPercent = percentOf(c) }).ToList();
        }
        if (options.ActiveMassMg is null)
        {
            notes.Add("No active mass: no mAh/g and no C-rate.");
        }
        else if (options.NominalMAhPerG is null)
        {
            notes.Add("No nominal specific capacity: no C-rate; rate steps are grouped by current.");
        }
        return new CyclingSummary(cycles, steps, rateSteps, retention, source, options.Electrode, notes, SummaryAlgorithmVersion);
    }

    /// <summary>
    /// The voltage-capacity branches (as <see cref="VoltageCapacity"/>) of every cycle of <paramref name="summary"/>, in
    /// cycle order, in one pass over the blocks (lazily: a cycle's curves are made when the enumeration reaches it).
    /// The summary must be this run's (its steps cover the rows one after another from row 0); rows after its last
    /// step are not read. Memory grows with the longest cycle (its branches) and step (its rows), not with the run.
    /// </summary>
    /// <exception cref="ArgumentException">The summary's steps do not follow one another from row 0 (on the call), or
    /// the run ends before the summary's last step or has a block whose columns differ (while enumerating).</exception>
    public static IEnumerable<CycleCurves> Curves(ICyclingBlocks run, CyclingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(summary);
        var steps = summary.Steps;
        for (int k = 0; k < steps.Count; k++)
        {
            int expected = k == 0 ? 0 : steps[k - 1].FirstRow + steps[k - 1].RowCount;
            if (steps[k].FirstRow != expected || steps[k].RowCount < 1)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"step {steps[k].Number} of the summary starts at row {steps[k].FirstRow}, expected {expected}: not a summary of a run"),
                    nameof(summary));
            }
        }
        return CurvesOf(run, steps);
    }

    /// <summary>Cuts the rows at the summary's steps, measures each charge or discharge step on its buffered rows and
    /// hands out a cycle's branches when its last step ends (a cycle's steps follow one another).</summary>
    private static IEnumerable<CycleCurves> CurvesOf(ICyclingBlocks run, IReadOnlyList<CyclingStep> steps)
    {
        if (steps.Count == 0)
        {
            yield break;
        }
        var charge = new BranchRows();
        var discharge = new BranchRows();
        StepRows? rows = null;
        CyclingSeries? first = null;
        int k = 0, read = 0;
        foreach (var block in run.Blocks())
        {
            int n = block.RowCount;
            block.ValidateBlock(read, n == 0 ? block : first ?? block, finite: false);
            if (n == 0)
            {
                continue;
            }
            first ??= block;
            rows ??= new StepRows(block);
            int i = 0;
            while (i < n)
            {
                var step = steps[k];
                int end = step.FirstRow + step.RowCount;
                int take = Math.Min(n - i, end - (read + i));
                if (step.Kind == StepKind.Rest)
                {
                    // A rest adds nothing to a branch: keep only its last row, the row before the next step.
                    rows.Clear();
                    rows.Append(block, i + take - 1, 1);
                }
                else
                {
                    rows.Append(block, i, take);
                }
                i += take;
                if (read + i < end)
                {
                    break;
                }
                if (step.Kind != StepKind.Rest)
                {
                    (step.Kind == StepKind.Charge ? charge : discharge).Add(rows.Series, step.FirstRow > 0 ? 1 : 0, step);
                }
                rows.KeepLast();
                k++;
                if (k == steps.Count || steps[k].Cycle != step.Cycle)
                {
                    yield return new CycleCurves(step.Cycle, charge.Take(step.Cycle, StepKind.Charge),
                        discharge.Take(step.Cycle, StepKind.Discharge));
                    if (k == steps.Count)
                    {
                        yield break;
                    }
                }
            }
            read += n;
        }
        var last = steps[^1];
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"the run ends at row {read}, but the summary's steps go on to row {last.FirstRow + last.RowCount}"));
    }

    /// <summary>Checks every block (pass 1) and finds the largest |I|; returns the run's row count.</summary>
    private static int ValidateRun(ICyclingBlocks run, out double maxAbsCurrent)
    {
        long rows = 0;
        maxAbsCurrent = 0;
        CyclingSeries? first = null;
        foreach (var block in run.Blocks())
        {
            if (block is null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the run gave no block after row {rows}"));
            }
            int n = block.RowCount;
            // Empty blocks carry no rows to compare; their columns need only agree among themselves.
            block.ValidateBlock(rows, n == 0 ? block : first ?? block, finite: true);
            if (n == 0)
            {
                continue;
            }
            first ??= block;
            rows += n;
            if (rows > int.MaxValue)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the run has more than {int.MaxValue} rows"));
            }
            maxAbsCurrent = Math.Max(maxAbsCurrent, StepDetection.MaxAbsCurrent(block.CurrentMA));
        }
        if (rows == 0)
        {
            throw new ArgumentException("the series has no rows");
        }
        return (int)rows;
    }

    /// <summary>
    /// The charge and discharge branches of one cycle: the rows of its charge (discharge) steps in order, rests left
    /// out, with the capacity passed since the branch began (each step's capacity as in <see cref="Summarise"/>, added
    /// to the steps before it in the branch).
    /// </summary>
    /// <exception cref="ArgumentException">The summary has no such cycle.</exception>
    public static CycleCurves VoltageCapacity(CyclingSeries series, CyclingSummary summary, int cycle)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(summary);
        if (!summary.Cycles.Any(c => c.Cycle == cycle))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"no cycle {cycle} in this run"), nameof(cycle));
        }
        var charge = new BranchRows(RowsOf(summary, cycle, StepKind.Charge));
        var discharge = new BranchRows(RowsOf(summary, cycle, StepKind.Discharge));
        foreach (var step in summary.Steps)
        {
            if (step.Cycle == cycle && step.Kind != StepKind.Rest)
            {
                (step.Kind == StepKind.Charge ? charge : discharge).Add(series, step.FirstRow, step);
            }
        }
        return new CycleCurves(cycle, charge.Take(cycle, StepKind.Charge), discharge.Take(cycle, StepKind.Discharge));
    }

    private static int RowsOf(CyclingSummary summary, int cycle, StepKind kind) =>
        summary.Steps.Where(s => s.Cycle == cycle && s.Kind == kind).Sum(s => s.RowCount);

    /// <summary>
    /// dQ/dV of a branch on a uniform voltage grid: the capacity passed between consecutive rows is spread over the
    /// grid bins their voltage interval covers (in proportion to overlap, so the curve's integral is the branch
    /// capacity and a flat plateau piles into its bin), divided by the bin width, then smoothed with a Gaussian of
    /// standard deviation <paramref name="smoothingV"/> (weights renormalised at the ends). Values are reported at
    /// bin centres in mAh/V, negative for discharge (V falls while Q grows).
    /// </summary>
    /// <param name="gridStepV">Bin width in V (default 5 mV).</param>
    /// <param name="smoothingV">Gaussian standard deviation in V (default 10 mV; 0 for none).</param>
    /// <exception cref="ArgumentException">Fewer than two rows, a non-positive step, a negative smoothing or more than 1e6 bins.</exception>
    public static DifferentialCapacityCurve DifferentialCapacity(VoltageCapacityBranch branch, double gridStepV = 0.005, double smoothingV = 0.01)
    {
        ArgumentNullException.ThrowIfNull(branch);
        return DifferentialCapacityGrid.Compute(branch, gridStepV, smoothingV);
    }

    private static void ValidateOptions(CyclingOptions options)
    {
        if (options.ActiveMassMg is { } m && !(m > 0 && double.IsFinite(m)))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"active mass must be above 0 mg, got {m}"));
        }
        if (options.NominalMAhPerG is { } q && !(q > 0 && double.IsFinite(q)))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"nominal specific capacity must be above 0 mAh/g, got {q}"));
        }
        if (!(options.RateTolerance is >= 0 and < 1))
        {
            throw new ArgumentException("rate tolerance must be in [0, 1)");
        }
    }

    private static List<CycleSummary> SummariseCycles(List<CyclingStep> steps, CyclingOptions options)
    {
        double? grams = options.ActiveMassMg / 1000;
        double? oneCMA = grams * options.NominalMAhPerG;
        var cycles = new List<CycleSummary>();
        int k = 0;
        while (k < steps.Count)
        {
            int first = k;
            int number = steps[k].Cycle;
            while (k < steps.Count && steps[k].Cycle == number)
            {
                k++;
            }
            var inCycle = steps.GetRange(first, k - first);
            var charge = inCycle.Where(s => s.Kind == StepKind.Charge).ToList();
            var discharge = inCycle.Where(s => s.Kind == StepKind.Discharge).ToList();
            double qCh = charge.Sum(s => s.CapacityMAh), qDis = discharge.Sum(s => s.CapacityMAh);
            double eCh = charge.Sum(s => s.EnergyMWh), eDis = discharge.Sum(s => s.EnergyMWh);
            bool complete = qCh > 0 && qDis > 0;
            bool cathode = options.Electrode == ElectrodeConvention.Cathode;
            var reported = cathode ? discharge : charge;
            var fallback = cathode ? charge : discharge;
            double? current = MainCurrent(reported) ?? MainCurrent(fallback);
            int firstRow = steps[first].FirstRow;
            var last = steps[k - 1];
            cycles.Add(new CycleSummary(
                number,
                firstRow,
                last.FirstRow + last.RowCount - firstRow,
                qCh,
                qDis,
                qCh / grams,
                qDis / grams,
                complete ? (cathode ? qDis / qCh : qCh / qDis) : null,
                eCh,
                eDis,
                qCh > 0 ? eCh / qCh : null,
                qDis > 0 ? eDis / qDis : null,
                current,
                current / oneCMA,
                null));
        }
        return cycles;
    }

    /// <summary>Mean |I| of the step that passed most charge: the constant-current part, not a CV tail or a short pulse.</summary>
    private static double? MainCurrent(List<CyclingStep> steps) =>
        steps.Count == 0 ? null : steps.MaxBy(s => s.CapacityMAh)!.MeanCurrentMA;

    private static CapacityRetention? Retention(List<CycleSummary> cycles, List<RateStep> rateSteps, CyclingOptions options,
        out Func<CycleSummary, double?> percentOf)
    {
        bool cathode = options.Electrode == ElectrodeConvention.Cathode;
        var complete = cycles.Where(c => c.IsComplete).ToList();
        percentOf = _ => null;
        if (options.ReferenceCycle is { } asked && !complete.Any(c => c.Cycle == asked))
        {
            string known = complete.Count == 0 ? "none" : string.Join(", ", Ranges(complete.Select(c => c.Cycle)));
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"reference cycle {asked} is not a complete cycle of this run (complete cycles: {known})"));
        }
        if (complete.Count == 0)
        {
            return null;
        }
        int referenceCycle = options.ReferenceCycle ?? (rateSteps.Count > 0 ? rateSteps[^1].FirstCycle : complete[0].Cycle);
        var reference = complete.First(c => c.Cycle == referenceCycle);
        double referenceQ = cathode ? reference.DischargeMAh : reference.ChargeMAh;
        percentOf = c => c.IsComplete ? 100 * (cathode ? c.DischargeMAh : c.ChargeMAh) / referenceQ : null;
        var lastCycle = complete[^1];
        return new CapacityRetention(referenceCycle, referenceQ, lastCycle.Cycle, percentOf(lastCycle)!.Value);
    }

    private static IEnumerable<string> Ranges(IEnumerable<int> numbers)
    {
        int? start = null, end = null;
        foreach (int n in numbers)
        {
            if (start is not null && n == end + 1)
            {
                end = n;
                continue;
            }
            if (start is not null)
            {
                yield return Range(start.Value, end!.Value);
            }
            start = end = n;
        }
        if (start is not null)
        {
            yield return Range(start.Value, end!.Value);
        }
    }

    private static string Range(int a, int b) =>
        a == b ? a.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{a}-{b}");

    /// <summary>One branch of a cycle, assembled step by step in arrays that grow by doubling.</summary>
    private sealed class BranchRows(int capacity = 256)
    {
        private double[] _capacity = new double[capacity], _voltage = new double[capacity], _time = new double[capacity];
        private int _count, _steps;
        private double _offset;

        /// <summary>Adds a step whose rows are rows [start, start + RowCount) of <paramref name="s"/>: the capacity
        /// passed since the step began (<see cref="StepDetection.RowCapacities"/>), on top of the branch's earlier steps.</summary>
        public void Add(CyclingSeries s, int start, CyclingStep step)
        {
            var rows = StepDetection.RowCapacities(s, start, step.RowCount, step.Kind);
            if (_count + rows.Length > _capacity.Length)
            {
                int size = Math.Max(_count + rows.Length, 2 * _capacity.Length);
                Array.Resize(ref _capacity, size);
                Array.Resize(ref _voltage, size);
                Array.Resize(ref _time, size);
            }
            for (int k = 0; k < rows.Length; k++, _count++)
            {
                _capacity[_count] = _offset + rows[k];
                _voltage[_count] = s.VoltageV[start + k];
                _time[_count] = s.TimeS[start + k];
            }
            _offset += step.CapacityMAh;
            _steps++;
        }

        /// <summary>The branch so far (null when no step was added), then empty for the next cycle.</summary>
        public VoltageCapacityBranch? Take(int cycle, StepKind kind)
        {
            VoltageCapacityBranch? branch = null;
            if (_steps > 0 && _count == _capacity.Length)
            {
                // Sized exactly (a whole series): hand the arrays over instead of copying them.
                branch = new VoltageCapacityBranch(cycle, kind, _capacity, _voltage, _time);
                (_capacity, _voltage, _time) = ([], [], []);
            }
            else if (_steps > 0)
            {
                branch = new VoltageCapacityBranch(cycle, kind, _capacity[.._count], _voltage[.._count], _time[.._count]);
            }
            (_count, _steps, _offset) = (0, 0, 0);
            return branch;
        }
    }
}
