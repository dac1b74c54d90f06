namespace HalidePortal.Analysis.Tests.Diffraction;

/// <summary>One synthetic Bragg line: pseudo-Voigt at 2-theta X0 (deg) with height H, FWHM W (deg) and Lorentzian share Eta.</summary>
internal sealed record SyntheticPeak(double X0, double Height, double Fwhm, double Eta)
{
    /// <summary>Closed-form area H W [eta pi / 2 + (1 - eta) sqrt(pi / (4 ln 2))].</summary>
    public double Area => Height * Fwhm * (Eta * Math.PI / 2 + (1 - Eta) * Math.Sqrt(Math.PI / (4 * Math.Log(2))));
}

/// <summary>
/// Powder patterns written from known parts: pseudo-Voigt peaks (optionally K-alpha1/alpha2 doublets), one Gaussian
/// halo, a curved background a + b (x - 10) + c (x - 45)^2, and seeded Poisson-like noise N(0, model) per point.
/// </summary>
internal static class SyntheticPattern
{
    public const double CuAlpha1 = 1.5406;
    public const double CuAlpha2 = 1.54439;

    /// <summary>Eight lines in 10-80 deg with relative areas 1.0 ... 0.3, widths 0.12-0.3 deg, eta 0.2-0.7.</summary>
    public static SyntheticPeak[] Lines(double totalArea)
    {
        (double X0, double Relative, double Fwhm, double Eta)[] shape =
        [
            (16.20, 1.0, 0.15, 0.3), (22.10, 0.5, 0.18, 0.5), (29.90, 0.9, 0.20, 0.4), (34.60, 0.6, 0.22, 0.6),
            (41.30, 0.8, 0.24, 0.2), (50.60, 0.7, 0.26, 0.5), (59.20, 0.4, 0.28, 0.7), (65.00, 0.3, 0.30, 0.4),
        ];
        var unit = shape.Sum(s => new SyntheticPeak(s.X0, 1, s.Fwhm, s.Eta).Area * s.Relative);
        return [.. shape.Select(s => new SyntheticPeak(s.X0, s.Relative * totalArea / unit, s.Fwhm, s.Eta))];
    }

    public static double[] Grid(double from = 10, double to = 80, int points = 5000) =>
        [.. Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1))];

    public static double PseudoVoigt(double x, SyntheticPeak p)
    {
        var u = (x - p.X0) / p.Fwhm;
        return p.Height * (p.Eta / (1 + 4 * u * u) + (1 - p.Eta) * Math.Exp(-4 * Math.Log(2) * u * u));
    }

    /// <summary>2-theta of the alpha2 line: sin(theta2) = (lambda2 / lambda1) sin(theta1).</summary>
    public static double Alpha2(double twoTheta1) =>
        2 * Math.Asin(CuAlpha2 / CuAlpha1 * Math.Sin(twoTheta1 * Math.PI / 360)) * 180 / Math.PI;

    /// <summary>
    /// The pattern: crystalline area f T in the lines, amorphous area (1 - f) T in a Gaussian halo at 24 deg with
    /// FWHM 8 deg, background 150 + 1.5 (x - 10) + 0.05 (x - 45)^2 counts.
    /// </summary>
    public static (double[] X, double[] Y, SyntheticPeak[] Peaks, double HaloArea) Make(
        double crystallineFraction, double totalArea = 30000, bool doublet = false, int seed = 1, double noise = 1, SyntheticPeak[]? peaks = null)
    {
        var x = Grid();
        peaks ??= Lines(crystallineFraction * totalArea);
        var haloArea = (1 - crystallineFraction) * totalArea;
        const double haloFwhm = 8;
        var haloHeight = haloArea / (haloFwhm * Math.Sqrt(Math.PI / (4 * Math.Log(2))));
        var random = new Random(seed);
        var y = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var v = 150 + 1.5 * (x[i] - 10) + 0.05 * (x[i] - 45) * (x[i] - 45);
            v += haloHeight * Math.Exp(-4 * Math.Log(2) * Math.Pow((x[i] - 24) / haloFwhm, 2));
            foreach (var p in peaks)
            {
                v += PseudoVoigt(x[i], p);
                if (doublet)
                {
                    v += PseudoVoigt(x[i], p with { X0 = Alpha2(p.X0), Height = 0.5 * p.Height });
                }
            }
            y[i] = v + noise * Math.Sqrt(v) * Gaussian(random);
        }
        return (x, y, peaks, haloArea);
    }

    /// <summary>Box-Muller standard normal.</summary>
    private static double Gaussian(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
