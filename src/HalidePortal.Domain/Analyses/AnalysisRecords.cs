namespace HalidePortal.Domain.Analyses;

/// <summary>Settings of an equivalent-circuit fit. A null circuit means: the pellet's series circuit, else chosen automatically.</summary>
public sealed record ImpedanceFitSettings(
    string? Circuit = null,
    string Weighting = "modulus",
    IReadOnlyDictionary<string, double>? Fixed = null,
    IReadOnlyDictionary<string, double>? InitialValues = null,
    bool StartFromNeighbour = true);

/// <summary>A fitted circuit parameter with its unit and standard error (null when not determined).</summary>
public sealed record FittedParameter(string Name, double Value, double? StdErr, string Unit, bool Fixed);

/// <summary>Effective capacitance of an R-CPE (or R-C) pair and the region it likely comes from.</summary>
public sealed record CapacitanceRecord(string Resistor, string Element, double CapacitanceF, double? StdErrF, string Origin);

/// <summary>What an impedance fit run stores: parameters, quality, the model over the data and how it was started.</summary>
public sealed record ImpedanceFitRecord(
    string Circuit,
    string CircuitChoice,
    string Weighting,
    IReadOnlyList<FittedParameter> Parameters,
    double ChiSquare,
    double RelativeMisfit,
    bool Converged,
    string Exit,
    int Iterations,
    int Starts,
    int Points,
    int ExcludedInductive,
    string? StartedFrom,
    IReadOnlyList<CapacitanceRecord> Capacitances,
    IReadOnlyList<double> ModelFrequencyHz,
    IReadOnlyList<double> ModelZRealOhm,
    IReadOnlyList<double> ModelZImagOhm,
    IReadOnlyList<double> ResidualRealPercent,
    IReadOnlyList<double> ResidualImagPercent,
    IReadOnlyList<string> Notes)
{
    /// <summary>Covariance of the parameters in their units, rows and columns in parameter order (for sums such as R0+R1).</summary>
    public IReadOnlyList<double[]>? Covariance { get; init; }

    /// <summary>The sweep that was fitted, highest frequency first (the first ExcludedInductive points left out); residuals follow it.</summary>
    public IReadOnlyList<double> DataFrequencyHz { get; init; } = [];
    public IReadOnlyList<double> DataZRealOhm { get; init; } = [];
    public IReadOnlyList<double> DataZImagOhm { get; init; } = [];
}

/// <summary>
/// Settings of an LSV onset analysis; potentials in the file are taken against Li-In unless the offset says otherwise.
/// The threshold is ThresholdUa (default 1 uA) or ThresholdUaPerCm2 times AreaCm2 (default: the area the file states).
/// A null baseline window is the first 30 % of the sweep's potential range.
/// </summary>
public sealed record LsvOnsetSettings(
    double ReferenceOffsetV = 0.62,
    double? ThresholdUa = null,
    double? ThresholdUaPerCm2 = null,
    double? AreaCm2 = null,
    int Consecutive = 3,
    double? BaselineFromV = null,
    double? BaselineToV = null);

/// <summary>
/// What an LSV onset run stores: both onsets (V vs Li/Li+, null when the sweep never gets there), the threshold used
/// (ThresholdText as entered, e.g. "1 µA" or "10 µA/cm² × 0.785 cm²"), and what to draw: the anodic sweep used
/// (potential vs Li/Li+, current in mA, thinned), and the threshold, baseline and tangent lines as [E1, I1, E2, I2]
/// in V and mA (Tangent null when there is no tangent onset).
/// </summary>
public sealed record LsvOnsetRecord(
    double ReferenceOffsetV,
    double? OnsetThresholdV,
    double ThresholdUa,
    string ThresholdText,
    double? OnsetTangentV,
    double[]? BaselineLine,
    double[]? TangentLine,
    IReadOnlyList<string> Notes)
{
    public int Consecutive { get; init; }
    public double BaselineFromV { get; init; }
    public double BaselineToV { get; init; }
    public double SweepFromV { get; init; }
    public double SweepToV { get; init; }
    /// <summary>Points of the anodic sweep searched (before thinning).</summary>
    public int Points { get; init; }
    public double[]? ThresholdLine { get; init; }
    /// <summary>Slopes of the tangent (steepest after the window; null when none was found) and the baseline, in mA/V.</summary>
    public double? TangentSlopeMAPerV { get; init; }
    public double? BaselineSlopeMAPerV { get; init; }
    public IReadOnlyList<double> SweepPotentialV { get; init; } = [];
    public IReadOnlyList<double> SweepCurrentMA { get; init; } = [];
}

/// <summary>
/// Settings of a GITT analysis (only on request). D from the mass form needs MassMg (default: the file's or the
/// measurement's active mass), MolarMassGPerMol, MolarVolumeCm3PerMol and AreaCm2 together; from the length form
/// RadiusUm. Transient "fit" (E against sqrt(t)) or "ends" (last minus first pulse point).
/// </summary>
public sealed record GittSettings(
    double? MassMg = null,
    double? MolarMassGPerMol = null,
    double? MolarVolumeCm3PerMol = null,
    double? AreaCm2 = null,
    double? RadiusUm = null,
    string Transient = "fit");

/// <summary>One GITT pulse: state of charge 0..1, mean voltage in V, tau in s, dEs/dEt in V, D in cm²/s (null when its
/// form's inputs were not given), tau D / L² (null when infinite) and whether it meets the Weppner-Huggins condition.</summary>
public sealed record GittPulseRecord(
    int Index, double StateOfCharge, double MeanVoltageV, double TauS, double DeltaEsV, double DeltaEtV,
    double? DiffusionMassCm2PerS, double? DiffusionLengthCm2PerS, double? ValidityRatio, bool Valid);

/// <summary>What a GITT run stores: the pulses with D, the pulse threshold in mA, the inputs used and notes.</summary>
public sealed record GittRecord(
    string Transient, double CurrentThresholdMA, double? MassMg, double? RadiusUm, IReadOnlyList<GittPulseRecord> Pulses, IReadOnlyList<string> Notes);
