namespace HalidePortal.Analysis.Diffraction;

/// <summary>Profile functions of powder patterns, in 2-theta degrees; H the height, w the full width at half maximum.</summary>
public static class PeakShapes
{
    /// <summary>4 ln 2, so that exp(-FourLn2 u^2) is one half at u = 1/2.</summary>
    internal const double FourLn2 = 2.772588722239781;

    /// <summary>
    /// Pseudo-Voigt y = H [eta L + (1 - eta) G] with L = 1 / (1 + 4 u^2), G = exp(-4 ln2 u^2), u = (x - x0) / w.
    /// </summary>
    public static double PseudoVoigt(double x, double x0, double height, double fwhm, double eta)
    {
        var u = (x - x0) / fwhm;
        var u2 = u * u;
        return height * (eta / (1 + 4 * u2) + (1 - eta) * Math.Exp(-FourLn2 * u2));
    }

    /// <summary>
    /// Area of a pseudo-Voigt over the whole line: A = H w [eta pi / 2 + (1 - eta) sqrt(pi / (4 ln 2))].
    /// </summary>
    public static double PseudoVoigtArea(double height, double fwhm, double eta) =>
        height * fwhm * (eta * Math.PI / 2 + (1 - eta) * Math.Sqrt(Math.PI / FourLn2));

    /// <summary>
    /// 2-theta of the K-alpha2 line of a reflection seen at 2theta1 with K-alpha1: the d-spacing is shared, so by Bragg
    /// sin(theta2) = (lambda2 / lambda1) sin(theta1). NaN when the line would lie beyond 180 degrees.
    /// </summary>
    public static double Alpha2Position(double twoTheta1Deg, double lambda1Angstrom, double lambda2Angstrom)
    {
        var s = lambda2Angstrom / lambda1Angstrom * Math.Sin(twoTheta1Deg * Math.PI / 360);
        return s is > 0 and < 1 ? 360 / Math.PI * Math.Asin(s) : double.NaN;
    }
}
