namespace HalidePortal.Analysis.Diffraction;

/// <summary>
/// One Bragg peak. With a K-alpha1/alpha2 doublet modelled, position, FWHM, height and area are those of the
/// K-alpha1 line (the alpha2 line has the same width and shape at Ratio times the height). Area = the pseudo-Voigt's
/// whole area, H w [eta pi/2 + (1 - eta) sqrt(pi / 4 ln 2)] (for the snip method: the net area under the peak).
/// CrystalliteSizeNm by <see cref="Scherrer.SizeNm"/>, null when the peak is no broader than the instrument.
/// </summary>
public sealed record DiffractionPeak(
    double TwoThetaDeg,
    double FwhmDeg,
    double Height,
    double Area,
    double Eta,
    double? CrystalliteSizeNm);

/// <summary>A broad amorphous halo, a Gaussian H exp(-4 ln2 ((x - c) / w)^2); Area = H w sqrt(pi / (4 ln 2)).</summary>
public sealed record AmorphousHalo(double TwoThetaDeg, double FwhmDeg, double Height, double Area);

/// <summary>
/// Crystallinity = 100 CrystallineArea / (CrystallineArea + AmorphousArea), areas in intensity x degrees over the
/// measured range. Method "whole-pattern-fit" or "snip"; Parameters name the windows, orders and limits used.
/// </summary>
public sealed record CrystallinityResult(
    double Percent,
    string Method,
    double CrystallineArea,
    double AmorphousArea,
    IReadOnlyDictionary<string, double> Parameters);

/// <summary>Why a whole-pattern fit stopped.</summary>
public enum PatternFitExit
{
    /// <summary>Relative change of chi-square between accepted steps fell below the tolerance.</summary>
    ChiSquareConverged = 0,
    /// <summary>No step reduced chi-square even with the largest damping.</summary>
    NoFurtherDecrease = 1,
    /// <summary>Iteration limit reached.</summary>
    MaxIterations = 2,
    /// <summary>
    /// Chi-square fell by less than <see cref="DiffractionOptions.StallTolerance"/> (relative) over the last ten
    /// iterations: a real pattern the model cannot match exactly crawls on without changing the peaks or areas.
    /// </summary>
    Stalled = 3,
}

/// <summary>
/// Result of <see cref="PowderPatternFit.Fit"/>. Peaks strongest (tallest) first. Background = the Chebyshev
/// polynomial on the grid, Model = background + halos + peaks. ChiSquare = sum_i w_i^2 (y_i - model_i)^2 with
/// w_i = 1 / sqrt(max(y_i, floor)); Rwp = sqrt(ChiSquare / sum_i w_i^2 y_i^2).
/// </summary>
public sealed record PowderFitResult(
    IReadOnlyList<DiffractionPeak> Peaks,
    IReadOnlyList<AmorphousHalo> Halos,
    IReadOnlyList<double> BackgroundCoefficients,
    double[] Background,
    double[] Model,
    CrystallinityResult Crystallinity,
    double WavelengthAngstrom,
    double? Alpha2WavelengthAngstrom,
    double ChiSquare,
    double Rwp,
    int Iterations,
    PatternFitExit Exit,
    string AlgorithmVersion)
{
    public bool Converged => Exit != PatternFitExit.MaxIterations;
}

/// <summary>
/// Result of <see cref="SnipCrystallinity.Estimate"/>: crystallinity, the peaks found (strongest first), both baselines
/// and the counting noise per point (<see cref="PeakSearch.CountingNoise"/>).
/// </summary>
public sealed record SnipCrystallinityResult(
    CrystallinityResult Crystallinity,
    IReadOnlyList<DiffractionPeak> Peaks,
    SnipResult HaloBaseline,
    PolynomialBackgroundResult Background,
    double[] Noise);
