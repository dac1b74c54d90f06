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

/// <summary>Settings of the linear Kramers-Kronig check: mu threshold and the series capacitance ("auto", "include", "exclude").</summary>
public sealed record KramersKronigSettings(double MuCritical = 0.85, string SeriesCapacitance = "auto");

/// <summary>What a Kramers-Kronig run stores: the verdict, the model size and the relative residuals per point.</summary>
public sealed record KramersKronigRecord(
    bool IsValid,
    int Elements,
    double Mu,
    double? CapacitanceF,
    double MaxResidualPercent,
    double MaxTrendPercent,
    IReadOnlyList<double> FrequencyHz,
    IReadOnlyList<double> ResidualRealPercent,
    IReadOnlyList<double> ResidualImagPercent,
    IReadOnlyList<string> Notes);

/// <summary>Settings of a DRT: lambda (null = generalised cross-validation), penalty on the 1st or 2nd derivative.</summary>
public sealed record DrtSettings(double? Lambda = null, int Derivative = 1);

/// <summary>A peak of a DRT: its time constant, frequency, height and area (the resistance of the process).</summary>
public sealed record DrtPeakRecord(double TauS, double FrequencyHz, double GammaOhm, double ResistanceOhm);

/// <summary>What a DRT run stores: gamma(tau), its peaks, R_inf and L, lambda and how it was chosen, the GCV curve.</summary>
public sealed record DrtRecord(
    IReadOnlyList<double> TauS,
    IReadOnlyList<double> GammaOhm,
    IReadOnlyList<DrtPeakRecord> Peaks,
    double SeriesResistanceOhm,
    double InductanceH,
    double Lambda,
    bool LambdaFromGcv,
    IReadOnlyList<double> GcvLambda,
    IReadOnlyList<double> GcvScore,
    double PolarisationResistanceOhm,
    double RelativeMisfit,
    IReadOnlyList<string> Notes);

/// <summary>
/// Settings of the diffusivity and conductivity from an MD mean squared displacement: Li per simulation cell and the
/// cell volume (from the file's header when it states them), Haven ratio 1 unless the lab knows better.
/// </summary>
public sealed record MsdSettings(int? IonsPerCell = null, double? CellVolumeA3 = null, double HavenRatio = 1);

/// <summary>What an MSD run stores: D from the linear regime (the window used), and sigma by Nernst-Einstein when the density is known.</summary>
public sealed record MsdRecord(
    double? TemperatureK,
    double DiffusionCm2PerS,
    double DiffusionStdErrCm2PerS,
    double WindowFromPs,
    double WindowToPs,
    double RSquared,
    double? ConductivitySPerCm,
    double HavenRatio,
    IReadOnlyList<double> TimePs,
    IReadOnlyList<double> MsdA2,
    IReadOnlyList<string> Notes);

/// <summary>
/// Settings of a powder XRD analysis: method "fit" (whole-pattern fit: pseudo-Voigt peaks, a broad halo, a Chebyshev
/// background) or "snip" (areas between the SNIP baseline and a lower polynomial). A null wavelength means the file's
/// (Cu K-alpha1 when it states none); NoAlpha2 models single lines even when the file states an alpha2 wavelength.
/// </summary>
public sealed record DiffractionSettings(
    string Method = "fit",
    double? WavelengthAngstrom = null,
    bool NoAlpha2 = false,
    double ShapeFactor = 0.9,
    double InstrumentalFwhmDeg = 0);

/// <summary>One Bragg peak as stored: K-alpha1 position, width, height and area; Scherrer size (null when no broader than the instrument).</summary>
public sealed record DiffractionPeakRecord(double TwoThetaDeg, double FwhmDeg, double Height, double Area, double? CrystalliteSizeNm);

/// <summary>
/// What a powder XRD run stores: crystallinity and how it was found, the peaks (strongest first), and the pattern as
/// analysed (decimated for drawing when long) with the model and the two baselines, so the areas can be judged. For
/// the fit, Background is the fitted polynomial and HaloBaseline the background plus the halo(s); for snip, the lower
/// polynomial and the SNIP baseline. Model is empty for snip (no peak model). Rwp, iterations and exit are the fit's.
/// </summary>
public sealed record DiffractionRecord(
    double CrystallinityPercent,
    string Method,
    IReadOnlyDictionary<string, double> Parameters,
    double WavelengthAngstrom,
    double? Alpha2WavelengthAngstrom,
    bool CountsPerSecond,
    IReadOnlyList<DiffractionPeakRecord> Peaks,
    int Points,
    IReadOnlyList<double> TwoThetaDeg,
    IReadOnlyList<double> Intensity,
    IReadOnlyList<double> Model,
    IReadOnlyList<double> Background,
    IReadOnlyList<double> HaloBaseline,
    double? Rwp,
    int? Iterations,
    string? Exit,
    IReadOnlyList<string> Notes);

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
