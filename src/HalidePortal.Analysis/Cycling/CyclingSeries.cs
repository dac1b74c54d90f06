using System.Globalization;
using System.Runtime.CompilerServices;

namespace HalidePortal.Analysis.Cycling;

/// <summary>
/// One cycler run as equal-length columns in canonical units. Current is signed as the cycler signs it: positive
/// while the cell charges, negative while it discharges. Optional columns come from the instrument when it has them:
/// cycle and step indices (cycles numbered from 1), capacity counters in mAh (separate charge and discharge counters,
/// or one counter signed like the current) and energy counters in mWh. Counters may reset at every step (Neware),
/// every half cycle or every cycle (BioLogic): <see cref="CyclingAnalysis"/> handles all three.
/// </summary>
public sealed record CyclingSeries
{
    public required double[] TimeS { get; init; }
    public required double[] VoltageV { get; init; }
    public required double[] CurrentMA { get; init; }
    public double[]? CycleIndex { get; init; }
    public double[]? StepIndex { get; init; }
    public double[]? ChargeCapacityMAh { get; init; }
    public double[]? DischargeCapacityMAh { get; init; }
    /// <summary>One counter for both directions, positive on charge and negative on discharge (EC-Lab "Q charge/discharge").</summary>
    public double[]? SignedCapacityMAh { get; init; }
    public double[]? ChargeEnergyMWh { get; init; }
    public double[]? DischargeEnergyMWh { get; init; }

    public int RowCount => TimeS.Length;

    /// <summary>
    /// Checks one block of a run: columns of one length, the same optional columns as <paramref name="first"/> (the
    /// run's first non-empty block) and, when <paramref name="finite"/>, finite time, voltage and current; errors name
    /// rows of the run (the block starts at row <paramref name="firstRow"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The block breaks one of these.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ValidateBlock(long firstRow, CyclingSeries first, bool finite)
    {
        int n = TimeS.Length;
        foreach (var (name, column) in Optional())
        {
            if (column is not null && column.Length != n)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"column {name} has {column.Length} rows, time has {n}{Where(firstRow)}"));
            }
        }
        foreach (var ((name, column), (_, expected)) in Optional().Zip(first.Optional()))
        {
            if ((column is null) != (expected is null))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"the block from row {firstRow} {(column is null ? "lacks" : "adds")} column {name}: every block must have the columns of the first"));
            }
        }
        if (!finite)
        {
            return;
        }
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(TimeS[i]) || !double.IsFinite(VoltageV[i]) || !double.IsFinite(CurrentMA[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"row {firstRow + i} has a non-finite time, voltage or current"));
            }
        }
    }

    private static string Where(long firstRow) =>
        firstRow == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" in the block from row {firstRow}");

    private IEnumerable<(string Name, double[]? Column)> Optional() =>
    [
        (nameof(VoltageV), VoltageV), (nameof(CurrentMA), CurrentMA), (nameof(CycleIndex), CycleIndex),
        (nameof(StepIndex), StepIndex), (nameof(ChargeCapacityMAh), ChargeCapacityMAh),
        (nameof(DischargeCapacityMAh), DischargeCapacityMAh), (nameof(SignedCapacityMAh), SignedCapacityMAh),
        (nameof(ChargeEnergyMWh), ChargeEnergyMWh), (nameof(DischargeEnergyMWh), DischargeEnergyMWh),
    ];
}

/// <summary>Which half of a cycle comes first and which ratio is the coulombic efficiency.</summary>
public enum ElectrodeConvention
{
    /// <summary>A cycle is charge then discharge; CE = discharge / charge; retention follows the discharge capacity.</summary>
    Cathode = 0,
    /// <summary>A cycle is discharge (lithiation) then charge; CE = charge / discharge; retention follows the charge capacity.</summary>
    Anode = 1,
}

/// <summary>What the user states about the cell; every field is optional.</summary>
public sealed record CyclingOptions
{
    /// <summary>Active material mass in mg, for mAh/g and the C-rate.</summary>
    public double? ActiveMassMg { get; init; }

    /// <summary>Nominal specific capacity in mAh/g defining 1 C (e.g. 200 for NCM90).</summary>
    public double? NominalMAhPerG { get; init; }

    /// <summary>Cycle the retention is relative to; default the first cycle of the last constant-rate step.</summary>
    public int? ReferenceCycle { get; init; }

    public ElectrodeConvention Electrode { get; init; } = ElectrodeConvention.Cathode;

    /// <summary>Relative tolerance for snapping a C-rate to a standard rate and for keeping consecutive cycles in one rate step.</summary>
    public double RateTolerance { get; init; } = 0.1;
}
