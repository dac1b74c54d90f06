using HalidePortal.Analysis.Cycling;

namespace HalidePortal.Analysis.Tests.Cycling;

/// <summary>
/// A series cut into blocks of the given lengths; counts passes. Blocks are copies, and blocks of equal length share
/// their arrays, overwritten for each (as the worker's spool hands them over), so an analysis that kept a block past
/// its turn would read another block's rows.
/// </summary>
internal sealed class BlockedRun(CyclingSeries series, IReadOnlyList<int> lengths) : ICyclingBlocks
{
    private readonly Dictionary<int, CyclingSeries> shared = [];

    public int Passes { get; private set; }

    public IReadOnlyList<int> Lengths => lengths;

    public IEnumerable<CyclingSeries> Blocks()
    {
        Passes++;
        int start = 0;
        foreach (int length in lengths)
        {
            var slice = Slice(series, start, length);
            if (!shared.TryGetValue(length, out var block))
            {
                shared[length] = block = slice;
            }
            else
            {
                foreach (var (from, to) in Columns(slice).Zip(Columns(block)))
                {
                    from?.CopyTo(to!, 0);
                }
            }
            yield return block;
            start += length;
        }
    }

    private static double[]?[] Columns(CyclingSeries s) =>
        [s.TimeS, s.VoltageV, s.CurrentMA, s.CycleIndex, s.StepIndex, s.ChargeCapacityMAh, s.DischargeCapacityMAh, s.SignedCapacityMAh,
            s.ChargeEnergyMWh, s.DischargeEnergyMWh];

    public static CyclingSeries Slice(CyclingSeries s, int start, int length)
    {
        double[]? Cut(double[]? column) => column?[start..(start + length)];
        return new CyclingSeries
        {
            TimeS = Cut(s.TimeS)!,
            VoltageV = Cut(s.VoltageV)!,
            CurrentMA = Cut(s.CurrentMA)!,
            CycleIndex = Cut(s.CycleIndex),
            StepIndex = Cut(s.StepIndex),
            ChargeCapacityMAh = Cut(s.ChargeCapacityMAh),
            DischargeCapacityMAh = Cut(s.DischargeCapacityMAh),
            SignedCapacityMAh = Cut(s.SignedCapacityMAh),
            ChargeEnergyMWh = Cut(s.ChargeEnergyMWh),
            DischargeEnergyMWh = Cut(s.DischargeEnergyMWh),
        };
    }

    /// <summary>Blocks of one length (the last one shorter).</summary>
    public static BlockedRun Every(CyclingSeries series, int size)
    {
        var lengths = new List<int>();
        for (int start = 0; start < series.RowCount; start += size)
        {
            lengths.Add(Math.Min(size, series.RowCount - start));
        }
        return new BlockedRun(series, lengths);
    }

    /// <summary>Blocks of random lengths from 0 (an empty block) to <paramref name="maxSize"/> rows.</summary>
    public static BlockedRun Random(CyclingSeries series, int seed, int maxSize)
    {
        var random = new Random(seed);
        var lengths = new List<int>();
        for (int start = 0; start < series.RowCount;)
        {
            int length = Math.Min(random.Next(0, maxSize + 1), series.RowCount - start);
            lengths.Add(length);
            start += length;
        }
        return new BlockedRun(series, lengths);
    }

    /// <summary>Blocks that begin at the given rows (0 and the end implied; rows outside the series ignored).</summary>
    public static BlockedRun CutAt(CyclingSeries series, IEnumerable<int> rows)
    {
        var cuts = rows.Where(r => r > 0 && r < series.RowCount).Distinct().Order().Append(series.RowCount).ToList();
        var lengths = new List<int>();
        int start = 0;
        foreach (int cut in cuts)
        {
            lengths.Add(cut - start);
            start = cut;
        }
        return new BlockedRun(series, lengths);
    }
}

/// <summary>The synthetic runs the cycling tests use, each with the options it is summarised with.</summary>
internal static class CyclingScenarios
{
    private static readonly CyclingOptions Rated = new() { ActiveMassMg = 10, NominalMAhPerG = 200 };

    private static readonly (double DischargeMAh, double Ce, double CurrentMA)[] RateTest =
    [
        (1.90, 0.85, 0.2), (1.88, 0.98, 0.2), (1.87, 0.985, 0.2),
        (1.60, 0.99, 1.0), (1.58, 0.99, 1.0), (1.57, 0.99, 1.0),
        (1.30, 0.99, 2.0), (1.29, 0.99, 2.0), (1.28, 0.99, 2.0), (1.26, 0.99, 2.0),
    ];

    public static IEnumerable<string> Names => All.Keys;

    /// <summary>A fresh copy of the scenario's run (tests may change it); each is generated once.</summary>
    public static (CyclingSeries Series, CyclingOptions Options) Get(string name)
    {
        (CyclingSeries, CyclingOptions) built;
        lock (Built)
        {
            if (!Built.TryGetValue(name, out built))
            {
                built = All[name]();
                Built[name] = built;
            }
        }
        return (BlockedRun.Slice(built.Item1, 0, built.Item1.RowCount), built.Item2);
    }

    private static readonly Dictionary<string, (CyclingSeries, CyclingOptions)> Built = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, Func<(CyclingSeries, CyclingOptions)>> All = new(StringComparer.Ordinal)
    {
        ["integrated"] = () => (Rate(), Rated),
        ["indices"] = () => (Rate(indices: true), Rated),
        ["step-counters"] = () => (Rate(stepCounters: true), Rated),
        ["indices-step-counters"] = () => (Rate(indices: true, stepCounters: true), Rated),
        ["signed-counter"] = () => (Rate(signedCounter: true), Rated),
        ["indices-signed-counter"] = () => (Rate(indices: true, signedCounter: true), Rated),
        ["no-mass"] = () => (Rate(), new CyclingOptions()),
        ["reference-cycle"] = () => (Rate(indices: true), Rated with { ReferenceCycle = 2 }),
        ["cycle-long-counter"] = CycleLongCounter,
        ["loop-counter"] = () => (SyntheticCell.Build(
            SyntheticCell.ChargeFirst(RateTest).Select(h => (h.Item1 <= 2 ? 1 : h.Item1 - 1, h.Item2)), indices: true), Rated),
        ["anode"] = () => (DischargeFirst(), new CyclingOptions { Electrode = ElectrodeConvention.Anode }),
        ["anode-read-as-cathode"] = () => (DischargeFirst(), new CyclingOptions()),
        ["anode-counters"] = () => (DischargeFirst(stepCounters: true), new CyclingOptions { Electrode = ElectrodeConvention.Anode }),
        ["impedance-indices"] = () => (Impedance(indices: true), Rated),
        ["impedance-by-sign"] = () => (Impedance(indices: false), Rated),
        ["counter-gap-and-clock-jump"] = CounterGapAndClockJump,
        ["one-row"] = () => (new CyclingSeries { TimeS = [0], VoltageV = [3.1], CurrentMA = [0.5] }, Rated),
    };

    private static CyclingSeries Rate(bool indices = false, bool stepCounters = false, bool signedCounter = false) =>
        SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest), indices, stepCounters, signedCounter);

    private static CyclingSeries DischargeFirst(bool stepCounters = false) => SyntheticCell.Build(
    [
        (1, new(false, 0.40, 0.04)), (1, new(true, 0.36, 0.04)),
        (2, new(false, 0.37, 0.04)), (2, new(true, 0.36, 0.04)),
        (3, new(false, 0.36, 0.08)), (3, new(true, 0.35, 0.08)),
    ], indices: stepCounters, stepCounters: stepCounters);

    /// <summary>EC-Lab's "Q charge" runs on through a cycle: a charge split in two by a rest.</summary>
    private static (CyclingSeries, CyclingOptions) CycleLongCounter()
    {
        var series = SyntheticCell.Build(
        [
            (1, new SyntheticCell.Half(true, 1.0, 0.5)),
            (1, new SyntheticCell.Half(true, 0.5, 0.5)),
            (1, new SyntheticCell.Half(false, 1.4, 0.5)),
            (2, new SyntheticCell.Half(true, 1.2, 0.5)),
            (2, new SyntheticCell.Half(false, 1.1, 0.5)),
        ], stepCounters: true);
        const int R = SyntheticCell.RestRows, H = SyntheticCell.RowsPerHalf;
        var charge = series.ChargeCapacityMAh!;
        for (int i = R + H; i < 3 * (R + H); i++)
        {
            charge[i] = i < 2 * R + H ? 1.0 : i < 2 * R + 2 * H ? 1.0 + charge[i] : 1.5;
        }
        return (series, Rated);
    }

    /// <summary>The first rest of each cycle replaced by an alternating current of zero mean (a GEIS step).</summary>
    private static CyclingSeries Impedance(bool indices)
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest.Take(4).ToArray()), indices: indices);
        const int Cycle = 2 * (SyntheticCell.RestRows + SyntheticCell.RowsPerHalf);
        for (int c = 0; c < 4; c++)
        {
            for (int i = 0; i < SyntheticCell.RestRows; i++)
            {
                series.CurrentMA[c * Cycle + i] = i % 2 == 0 ? 0.3 : -0.3;
            }
        }
        return series;
    }

    /// <summary>A missing counter value mid-step and the clock stepping back once.</summary>
    private static (CyclingSeries, CyclingOptions) CounterGapAndClockJump()
    {
        var series = Rate(indices: true, stepCounters: true);
        series.ChargeCapacityMAh![SyntheticCell.RestRows + 40] = double.NaN;
        series.DischargeEnergyMWh![3 * SyntheticCell.RestRows + 2 * SyntheticCell.RowsPerHalf - 5] = double.NaN;
        series.TimeS[500] = series.TimeS[499] - 30;
        return (series, Rated);
    }
}
