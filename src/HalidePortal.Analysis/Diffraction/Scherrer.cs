using System.Globalization;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>How the instrument's width is taken out of a measured FWHM.</summary>
public enum BroadeningCorrection
{
    /// <summary>beta = sqrt(w^2 - w_inst^2), right for Gaussian-like profiles (the default).</summary>
    Quadrature = 0,
    /// <summary>beta = w - w_inst, right for Lorentzian profiles.</summary>
    Linear = 1,
}

/// <summary>Crystallite size from peak broadening.</summary>
public static class Scherrer
{
    /// <summary>Cu K-alpha1 wavelength in Angstrom, used when a file states none.</summary>
    public const double CuKAlpha1Angstrom = 1.5406;

    /// <summary>Default Scherrer shape factor (spherical crystallites, FWHM).</summary>
    public const double DefaultShapeFactor = 0.9;

    /// <summary>
    /// D = K lambda / (beta cos theta) in nm (lambda in Angstrom / 10), beta the sample's FWHM in radians after the
    /// instrumental FWHM is taken out (<see cref="BroadeningCorrection"/>), theta half of 2-theta. Null when the peak is
    /// no broader than the instrument.
    /// </summary>
    public static double? SizeNm(
        double twoThetaDeg,
        double fwhmDeg,
        double wavelengthAngstrom = CuKAlpha1Angstrom,
        double shapeFactor = DefaultShapeFactor,
        double instrumentalFwhmDeg = 0,
        BroadeningCorrection correction = BroadeningCorrection.Quadrature)
    {
        if (!(twoThetaDeg > 0 && twoThetaDeg < 180) || !(fwhmDeg > 0) || !double.IsFinite(fwhmDeg)
            || !(wavelengthAngstrom > 0) || !double.IsFinite(wavelengthAngstrom) || !(shapeFactor > 0) || !double.IsFinite(shapeFactor)
            || !(instrumentalFwhmDeg >= 0) || !double.IsFinite(instrumentalFwhmDeg))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Expected 0 < 2-theta < 180 deg, FWHM > 0 deg, wavelength > 0 A, K > 0 and instrumental FWHM >= 0 deg, got {twoThetaDeg}, {fwhmDeg}, {wavelengthAngstrom}, {shapeFactor} and {instrumentalFwhmDeg}."),
                nameof(twoThetaDeg));
        }
        if (fwhmDeg <= instrumentalFwhmDeg)
        {
            return null;
        }
        var betaDeg = correction == BroadeningCorrection.Linear
            ? fwhmDeg - instrumentalFwhmDeg
            : Math.Sqrt(fwhmDeg * fwhmDeg - instrumentalFwhmDeg * instrumentalFwhmDeg);
        var beta = betaDeg * Math.PI / 180;
        var theta = twoThetaDeg * Math.PI / 360;
        return shapeFactor * wavelengthAngstrom / (beta * Math.Cos(theta)) / 10;
    }
}
