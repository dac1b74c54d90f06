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

    /// <exception cref="ArgumentException">Columns of different lengths, no rows, or a non-finite time, voltage or current.</exception>
    internal void Validate()
    {
        int n = TimeS.Length;
        if (n == 0)
        {
            throw new ArgumentException("the series has no rows");
        }
        foreach (var (name, column) in Optional())
        {
            if (column is not null && column.Length != n)
            {
                throw new ArgumentException($"column {name} has {column.Length} rows, time has {n}");
            }
        }
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(TimeS[i]) || !double.IsFinite(VoltageV[i]) || !double.IsFinite(CurrentMA[i]))
            {
                throw new ArgumentException($"row {i} has a non-finite time, voltage or current");
            }
        }
    }

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
