using System.Globalization;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>Settings of a powder pattern analysis (<see cref="PowderPatternFit"/> and <see cref="SnipCrystallinity"/>).</summary>
public sealed record DiffractionOptions
{
    /// <summary>K-alpha1 wavelength in Angstrom (the file's; Cu K-alpha1 when it states none).</summary>
    public double WavelengthAngstrom { get; init; } = Scherrer.CuKAlpha1Angstrom;

    /// <summary>K-alpha2 wavelength in Angstrom; when set, every peak is a linked alpha1/alpha2 doublet. Null: single lines.</summary>
    public double? Alpha2WavelengthAngstrom { get; init; }

    /// <summary>Height ratio alpha2 / alpha1 of the doublet.</summary>
    public double Alpha2Ratio { get; init; } = 0.5;

    /// <summary>SNIP half-window in degrees that strips Bragg peaks but follows the amorphous halo.</summary>
    public double HaloWindowDeg { get; init; } = 1.0;

    /// <summary>SNIP passes of the halo baseline (window from HaloWindowDeg down to one step).</summary>
    public int HaloIterations { get; init; } = 8;

    /// <summary>Order of the lower polynomial under the halo baseline (the smooth background of the snip method and the fit's start).</summary>
    public int BaselineOrder { get; init; } = 2;

    /// <summary>Moving-average points before SNIP clipping (odd), so the baselines sit in the noise, not under it.</summary>
    public int SnipSmoothingPoints { get; init; } = 5;

    /// <summary>A peak must stand k noise standard deviations above the halo baseline (smoothed).</summary>
    public double PeakThreshold { get; init; } = 4;

    /// <summary>Most peaks fitted (the tallest found); the rest are left to the background.</summary>
    public int MaxPeaks { get; init; } = 60;

    /// <summary>Largest FWHM of a Bragg peak in degrees; broader features are halo or background.</summary>
    public double MaxPeakFwhmDeg { get; init; } = 2.0;

    /// <summary>Number of amorphous halos fitted (0 = none).</summary>
    public int HaloCount { get; init; } = 1;

    /// <summary>Smallest halo FWHM in degrees, so a halo cannot turn into a broad Bragg peak.</summary>
    public double MinHaloFwhmDeg { get; init; } = 4.0;

    /// <summary>Largest halo FWHM in degrees, so a halo cannot turn into background.</summary>
    public double MaxHaloFwhmDeg { get; init; } = 30.0;

    /// <summary>Order of the fitted Chebyshev background polynomial.</summary>
    public int BackgroundOrder { get; init; } = 4;

    public int MaxIterations { get; init; } = 100;

    /// <summary>Relative change of chi-square that ends the fit.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Relative decrease of chi-square over ten iterations below which the fit is stalled and ends.</summary>
    public double StallTolerance { get; init; } = 5e-3;

    /// <summary>Scherrer shape factor K.</summary>
    public double ShapeFactor { get; init; } = Scherrer.DefaultShapeFactor;

    /// <summary>Instrumental FWHM in degrees taken out of every peak width before Scherrer.</summary>
    public double InstrumentalFwhmDeg { get; init; }

    public BroadeningCorrection BroadeningCorrection { get; init; } = BroadeningCorrection.Quadrature;

    internal void Check()
    {
        bool Positive(double v) => v > 0 && double.IsFinite(v);
        if (!Positive(WavelengthAngstrom) || (Alpha2WavelengthAngstrom is { } a2 && !Positive(a2))
            || !(Alpha2Ratio >= 0) || !double.IsFinite(Alpha2Ratio))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected wavelengths above 0 A and an alpha2 ratio >= 0, got {WavelengthAngstrom}, {Alpha2WavelengthAngstrom} and {Alpha2Ratio}."),
                nameof(WavelengthAngstrom));
        }
        if (!Positive(HaloWindowDeg) || SnipSmoothingPoints < 1 || SnipSmoothingPoints % 2 == 0 || HaloIterations < 1 || BaselineOrder is < 0 or > 20)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a halo window above 0 deg, odd smoothing points, at least 1 SNIP pass and a baseline order 0..20, got {HaloWindowDeg}, {SnipSmoothingPoints}, {HaloIterations} and {BaselineOrder}."),
                nameof(HaloWindowDeg));
        }
        if (!Positive(PeakThreshold) || MaxPeaks < 0 || !Positive(MaxPeakFwhmDeg) || HaloCount < 0
            || !Positive(MinHaloFwhmDeg) || !(MaxHaloFwhmDeg > MinHaloFwhmDeg) || BackgroundOrder is < 0 or > 20
            || MaxIterations < 1 || !Positive(Tolerance) || !Positive(StallTolerance))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Expected threshold > 0, MaxPeaks >= 0, MaxPeakFwhmDeg > 0, HaloCount >= 0, 0 < MinHaloFwhmDeg < MaxHaloFwhmDeg, background order 0..20, MaxIterations >= 1, Tolerance > 0; got {PeakThreshold}, {MaxPeaks}, {MaxPeakFwhmDeg}, {HaloCount}, {MinHaloFwhmDeg}, {MaxHaloFwhmDeg}, {BackgroundOrder}, {MaxIterations}, {Tolerance}."),
                nameof(PeakThreshold));
        }
        if (!Positive(ShapeFactor) || !(InstrumentalFwhmDeg >= 0) || !double.IsFinite(InstrumentalFwhmDeg))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected Scherrer K > 0 and instrumental FWHM >= 0 deg, got {ShapeFactor} and {InstrumentalFwhmDeg}."),
                nameof(ShapeFactor));
        }
    }

    internal double? SizeNm(double twoThetaDeg, double fwhmDeg) =>
        Scherrer.SizeNm(twoThetaDeg, fwhmDeg, WavelengthAngstrom, ShapeFactor, InstrumentalFwhmDeg, BroadeningCorrection);
}
