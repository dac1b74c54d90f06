namespace HalidePortal.Analysis.Cycling;

public enum StepKind
{
    Rest = 0,
    Charge = 1,
    Discharge = 2,
}

/// <summary>Where the cycle numbers came from.</summary>
public enum CycleSource
{
    /// <summary>The instrument's cycle index, which holds at most one charge and one discharge half per cycle.</summary>
    FileIndex = 0,
    /// <summary>Counted from the steps: a new cycle at the first charge step after a discharge (cathode) or the
    /// first discharge step after a charge (anode), as Neware's software counts by default.</summary>
    Counted = 1,
}

/// <summary>
/// One step: a run of rows with the same file step index (and cycle index), or, without a step index, a run of rows
/// with the same current sign. Rows [FirstRow, FirstRow + RowCount). Capacity and energy are in the step's direction
/// (0 for rests); MeanCurrentMA is the time-weighted mean of |I|.
/// </summary>
public sealed record CyclingStep(
    int Number,
    int Cycle,
    StepKind Kind,
    int? FileStep,
    int FirstRow,
    int RowCount,
    double DurationS,
    double CapacityMAh,
    double EnergyMWh,
    double MeanCurrentMA,
    double StartVoltageV,
    double EndVoltageV);

/// <summary>
/// One cycle. Capacities and energies are sums over the cycle's charge or discharge steps; per gram with the active mass.
/// CoulombicEfficiency (a fraction) = discharge / charge for a cathode, charge / discharge for an anode, only for
/// complete cycles (both capacities above zero). Mean voltages = energy / capacity of the half. CurrentMA is the
/// time-weighted mean |I| of the step that passed most charge in the half whose capacity the cycle reports
/// (discharge for a cathode, charge for an anode; the other half when that one is missing); CRate = CurrentMA /
/// (nominal mAh/g x active mass g), in 1/h. RetentionPercent = reported capacity / the reference cycle's x 100.
/// </summary>
public sealed record CycleSummary(
    int Cycle,
    int FirstRow,
    int RowCount,
    double ChargeMAh,
    double DischargeMAh,
    double? ChargeMAhPerG,
    double? DischargeMAhPerG,
    double? CoulombicEfficiency,
    double ChargeEnergyMWh,
    double DischargeEnergyMWh,
    double? MeanChargeVoltageV,
    double? MeanDischargeVoltageV,
    double? CurrentMA,
    double? CRate,
    double? RetentionPercent)
{
    public bool IsComplete => ChargeMAh > 0 && DischargeMAh > 0;
}

/// <summary>
/// Consecutive complete cycles at one current (within the rate tolerance of the step's first cycle). CRate is the
/// mean measured C-rate snapped to a standard rate (C/100 ... 10 C) when within tolerance, else rounded to two
/// significant digits; null without active mass and nominal capacity.
/// </summary>
public sealed record RateStep(double? CRate, double MeanCurrentMA, int FirstCycle, int LastCycle);

/// <summary>Retention of the reported capacity (discharge for a cathode, charge for an anode) at the last complete cycle.</summary>
public sealed record CapacityRetention(int ReferenceCycle, double ReferenceCapacityMAh, int LastCycle, double PercentAtLast);

/// <summary>The summary of a cycling run; <see cref="Notes"/> says what was guessed or skipped.</summary>
public sealed record CyclingSummary(
    IReadOnlyList<CycleSummary> Cycles,
    IReadOnlyList<CyclingStep> Steps,
    IReadOnlyList<RateStep> RateSteps,
    CapacityRetention? Retention,
    CycleSource CycleSource,
    ElectrodeConvention Electrode,
    IReadOnlyList<string> Notes,
    string AlgorithmVersion);

/// <summary>One branch (all charge or all discharge rows of a cycle, rests left out): capacity passed since the
/// branch began (mAh, growing) against voltage and time.</summary>
public sealed record VoltageCapacityBranch(int Cycle, StepKind Kind, double[] CapacityMAh, double[] VoltageV, double[] TimeS);

/// <summary>Charge and discharge branches of one cycle (null when the cycle has no such half).</summary>
public sealed record CycleCurves(int Cycle, VoltageCapacityBranch? Charge, VoltageCapacityBranch? Discharge);

/// <summary>dQ/dV in mAh/V on a uniform voltage grid (bin centres), smoothed; negative on discharge.</summary>
public sealed record DifferentialCapacityCurve(
    int Cycle,
    StepKind Kind,
    double[] VoltageV,
    double[] DqDvMAhPerV,
    double GridStepV,
    double SmoothingV,
    string AlgorithmVersion);
