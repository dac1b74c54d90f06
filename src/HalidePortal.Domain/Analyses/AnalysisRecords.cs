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

/// <summary>Settings of an LSV onset analysis; potentials in the file are taken against Li-In unless the offset says otherwise.</summary>
public sealed record LsvOnsetSettings(
    double ReferenceOffsetV = 0.62,
    double? ThresholdUa = null,
    double? ThresholdUaPerCm2 = null,
    double? AreaCm2 = null,
    int Consecutive = 3);

/// <summary>What an LSV onset run stores: both onsets and the lines that show how they were found.</summary>
public sealed record LsvOnsetRecord(
    double ReferenceOffsetV,
    double? OnsetThresholdV,
    double ThresholdUa,
    string ThresholdText,
    double? OnsetTangentV,
    double[]? BaselineLine,
    double[]? TangentLine,
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
