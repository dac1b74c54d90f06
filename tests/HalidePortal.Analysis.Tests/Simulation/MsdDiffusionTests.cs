using HalidePortal.Analysis.Simulation;

namespace HalidePortal.Analysis.Tests.Simulation;

/// <summary>
/// D from synthetic MSD curves with a known D: MSD = 6 D (t - tau (1 - exp(-t / tau))) + c (1 - exp(-t / 0.1 ps)), which
/// is ballistic (6 D t^2 / (2 tau)) at short lags and 6 D t + (c - 6 D tau) at long ones, so the linear regime's slope
/// is 6 D exactly. D = 1e-5 cm2/s = 0.1 A^2/ps, tau = 2 ps, c = 1 A^2, lags 0 .. 200 ps every 0.1 ps.
/// Tolerances: 1e-3 relative without noise (the exp(-t/tau) remainder at the window's start), 3 % with white noise
/// of 1 % growing to 11 % and a wobble of up to 5 % at the tail.
/// </summary>
public sealed class MsdDiffusionTests
{
    private const double D = 1e-5, DA2PerPs = 0.1, Tau = 2, Plateau = 1;

    private static (double[] T, double[] Msd) Curve(bool noisy)
    {
        var random = new Random(42);
        double[] t = [.. Enumerable.Range(0, 2001).Select(i => i * 0.1)];
        double[] msd = [.. t.Select(x =>
        {
            double clean = 6 * DA2PerPs * (x - Tau * (1 - Math.Exp(-x / Tau))) + Plateau * (1 - Math.Exp(-x / 0.1));
            if (!noisy)
            {
                return clean;
            }
            double share = x / 200;
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return clean * (1 + (0.01 + 0.1 * share * share) * normal + 0.05 * share * share * Math.Sin(2 * Math.PI * x / 37));
        })];
        return (t, msd);
    }

    private static void Relative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual / expected - 1) <= tolerance, $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Fit_CleanCurveWithBallisticStart_RecoversD()
    {
        var (t, msd) = Curve(noisy: false);
        var fit = MsdDiffusion.Fit(t, msd);

        Relative(D, fit.DiffusionCm2PerS, 1e-3);
        Assert.True(fit.AutoWindow);
        Assert.True(fit.FromPs > 5 * Tau, $"window starts at {fit.FromPs} ps, inside the ballistic start");
        Assert.True(fit.ToPs <= 160 + 1e-9, "the last 20 % is never used");
        Assert.Equal(1, fit.LogLogSlope, 1);
        Assert.True(fit.RSquared > 0.9999);
    }

    [Fact]
    public void Fit_NoisyCurve_RecoversDWithinThreePercent()
    {
        var (t, msd) = Curve(noisy: true);
        var fit = MsdDiffusion.Fit(t, msd);

        Relative(D, fit.DiffusionCm2PerS, 0.03);
        Assert.True(fit.DiffusionStdErrCm2PerS > 0 && fit.DiffusionStdErrCm2PerS < 0.03 * D);
    }

    [Fact]
    public void Fit_FixedWindowAndTwoDimensions_UsesThem()
    {
        var (t, msd) = Curve(noisy: false);
        var fit = MsdDiffusion.Fit(t, msd, new MsdOptions { FromPs = 50, ToPs = 100, Dimensions = 2 });

        // Slope 6 D in A^2/ps read as 4 D': D' = 6 D / 4.
        Relative(6 * D / 4, fit.DiffusionCm2PerS, 1e-9);
        Assert.False(fit.AutoWindow);
        Assert.Equal(501, fit.Points);
        Assert.Equal(50, fit.FromPs, 9);
        Relative(-6 * DA2PerPs * Tau + Plateau, fit.InterceptA2, 1e-6);
    }

    [Fact]
    public void Fit_PureLine_HandValues()
    {
        // MSD = 0.6 t exactly: D = 0.6 / 6 A^2/ps = 0.1 x 1e-4 cm2/s, zero standard error, R^2 = 1.
        double[] t = [.. Enumerable.Range(1, 50).Select(i => (double)i)];
        var fit = MsdDiffusion.Fit(t, [.. t.Select(x => 0.6 * x)]);

        Relative(1e-5, fit.DiffusionCm2PerS, 1e-12);
        Assert.Equal(0, fit.DiffusionStdErrCm2PerS, 15);
        Assert.Equal(1, fit.RSquared, 12);
    }

    [Fact]
    public void Fit_MismatchedLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => MsdDiffusion.Fit([0, 1, 2], [0, 1]));
        Assert.Contains("one MSD per time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TimeNotIncreasing_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => MsdDiffusion.Fit([0, 1, 1, 2, 3, 4, 5], [0, 1, 1, 2, 3, 4, 5]));
        Assert.Contains("row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TooFewPoints_Throws()
    {
        Assert.Throws<ArgumentException>(() => MsdDiffusion.Fit([0, 1, 2], [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => MsdDiffusion.Fit([0, 1, 2, 3], [0, 1, 2, 3], new MsdOptions { FromPs = 2.5, ToPs = 3 }));
    }
}
