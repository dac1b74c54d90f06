using HalidePortal.Analysis.Conductivity;

namespace HalidePortal.Analysis.Tests.Conductivity;

/// <summary>
/// Arrhenius fits of data generated from LZACFO's published figures (DOMAIN.md: Ea = 0.355 eV, sigma(30 C) =
/// 1.12e-3 S/cm) at 25..80 C in 5 C steps. Noise-free data must come back to 1e-9 relative; the standard errors of
/// noisy data are checked against OLS sums worked in the test by a different route (SSres = Syy - b Sxy), to 1e-8
/// relative (the two routes round differently).
/// </summary>
public sealed class ArrheniusFitTests
{
    private const double Kb = 8.617333262e-5;
    private const double EaEv = 0.355;
    private const double Sigma30 = 1.12e-3;
    private static readonly double[] TemperaturesC = [.. Enumerable.Range(0, 12).Select(i => 25.0 + 5 * i)];

    /// <summary>Fixed multiplicative scatter of a few percent, as repeated EIS fits give.</summary>
    private static readonly double[] Scatter = [1.03, 0.98, 1.01, 0.97, 1.02, 0.99, 1.04, 0.96, 1.00, 1.02, 0.98, 1.01];

    private static void Near(double expected, double? actual, double relative)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(actual!.Value - expected) <= relative * Math.Abs(expected),
            $"expected {expected:R}, got {actual.Value:R}");
    }

    /// <summary>sigma T = sigma30 T30 exp(-Ea/kB (1/T - 1/T30)).</summary>
    private static double SigmaTModel(double celsius)
    {
        double t = celsius + 273.15, t30 = 303.15;
        return Sigma30 * t30 * Math.Exp(-EaEv / Kb * (1 / t - 1 / t30)) / t;
    }

    /// <summary>sigma = sigma30 exp(-Ea/kB (1/T - 1/T30)).</summary>
    private static double SigmaModel(double celsius)
    {
        double t = celsius + 273.15, t30 = 303.15;
        return Sigma30 * Math.Exp(-EaEv / Kb * (1 / t - 1 / t30));
    }

    [Fact]
    public void Fit_NoiseFreeLzacfoSigmaT_RecoversEaSigma30AndPrefactor()
    {
        double[] sigma = [.. TemperaturesC.Select(SigmaTModel)];

        var fit = ArrheniusFit.Fit(TemperaturesC, sigma);

        Assert.Equal(ArrheniusForm.SigmaT, fit.Form);
        Near(EaEv, fit.ActivationEnergyEv, 1e-9);
        Near(Sigma30, fit.SigmaAt(30), 1e-9);
        Near(SigmaTModel(25), fit.SigmaAt(25), 1e-9);
        // A = sigma30 T30 exp(Ea / (kB T30)) in S K/cm.
        Near(Sigma30 * 303.15 * Math.Exp(EaEv / (Kb * 303.15)), fit.PrefactorA, 1e-8);
        Assert.True(fit.RSquared > 1 - 1e-12);
        Assert.All(fit.Residuals, r => Assert.True(Math.Abs(r) < 1e-10));
        Assert.True(fit.ActivationEnergyStdErrEv < 1e-9);
        Assert.Equal(12, fit.Y.Count);
    }

    [Fact]
    public void Fit_NoiseFreeSigmaFormData_SigmaFormRecoversEa()
    {
        double[] sigma = [.. TemperaturesC.Select(SigmaModel)];

        var fit = ArrheniusFit.Fit(TemperaturesC, sigma, ArrheniusForm.Sigma);

        Near(EaEv, fit.ActivationEnergyEv, 1e-9);
        Near(Sigma30, fit.SigmaAt(30), 1e-9);
        Near(Sigma30 * Math.Exp(EaEv / (Kb * 303.15)), fit.PrefactorA, 1e-8);
    }

    [Fact]
    public void Fit_Noisy_StandardErrorsMatchHandOls()
    {
        double[] sigma = [.. TemperaturesC.Select((t, i) => SigmaTModel(t) * Scatter[i])];
        int n = sigma.Length;
        double[] x = [.. TemperaturesC.Select(t => 1 / (t + 273.15))];
        double[] y = [.. TemperaturesC.Select((t, i) => Math.Log(sigma[i] * (t + 273.15)))];
        double xm = x.Average(), ym = y.Average();
        double sxx = x.Sum(v => (v - xm) * (v - xm));
        double syy = y.Sum(v => (v - ym) * (v - ym));
        double sxy = x.Zip(y).Sum(p => (p.First - xm) * (p.Second - ym));
        double b = sxy / sxx;
        double ssRes = syy - b * sxy;
        double seB = Math.Sqrt(ssRes / (n - 2) / sxx);
        double seA = Math.Sqrt(ssRes / (n - 2) * (1.0 / n + xm * xm / sxx));

        var fit = ArrheniusFit.Fit(TemperaturesC, sigma);

        Near(-b * Kb, fit.ActivationEnergyEv, 1e-9);
        Near(seB * Kb, fit.ActivationEnergyStdErrEv, 1e-8);
        Near(seA, fit.InterceptStdErr, 1e-8);
        Near(1 - ssRes / syy, fit.RSquared, 1e-8);
        // A few percent scatter leaves Ea near 0.355 eV with an SE of order 0.01 eV.
        Assert.InRange(fit.ActivationEnergyEv, 0.33, 0.38);
        Assert.InRange(fit.ActivationEnergyStdErrEv!.Value, 1e-3, 2e-2);
        Assert.Equal(0, fit.Residuals.Sum(), 1e-12);
    }

    [Fact]
    public void Fit_SigmaVersusSigmaT_EaDiffersByKbTimesSlopeOfLnTOnInverseT()
    {
        // ln sigma = ln(sigma T) - ln T and OLS is linear in y, so b(sigma) = b(sigma T) - slope(ln T on 1/T), i.e.
        // Ea(sigma) = Ea(sigma T) + kB slope(ln T on 1/T); that slope is close to -T, giving Ea(sigma T) - kB T.
        double[] sigma = [.. TemperaturesC.Select((t, i) => SigmaTModel(t) * Scatter[i])];
        double[] x = [.. TemperaturesC.Select(t => 1 / (t + 273.15))];
        double[] lnT = [.. TemperaturesC.Select(t => Math.Log(t + 273.15))];
        double xm = x.Average(), lm = lnT.Average();
        double slopeLnT = x.Zip(lnT).Sum(p => (p.First - xm) * (p.Second - lm)) / x.Sum(v => (v - xm) * (v - xm));

        var sigmaT = ArrheniusFit.Fit(TemperaturesC, sigma, ArrheniusForm.SigmaT);
        var plain = ArrheniusFit.Fit(TemperaturesC, sigma, ArrheniusForm.Sigma);

        Near(sigmaT.ActivationEnergyEv + Kb * slopeLnT, plain.ActivationEnergyEv, 1e-9);
        double meanT = TemperaturesC.Average() + 273.15;
        Near(-meanT, slopeLnT, 5e-3);
        // Dropping the T factor lowers Ea by about kB T_mean = 0.028 eV here.
        Assert.True(plain.ActivationEnergyEv < sigmaT.ActivationEnergyEv);
    }

    [Fact]
    public void Fit_TwoPoints_ExactLineWithoutStandardError()
    {
        var fit = ArrheniusFit.Fit([25, 80], [SigmaTModel(25), SigmaTModel(80)]);

        Near(EaEv, fit.ActivationEnergyEv, 1e-9);
        Assert.Null(fit.ActivationEnergyStdErrEv);
        Assert.Null(fit.InterceptStdErr);
    }

    [Fact]
    public void Line_Endpoints_SpanTheFittedRangeInThousandOverT()
    {
        var fit = ArrheniusFit.Fit(TemperaturesC, [.. TemperaturesC.Select(SigmaTModel)]);

        var (x, y) = fit.Line(11);

        Assert.Equal(11, x.Length);
        Near(1000 / 353.15, x[0], 1e-12);
        Near(1000 / 298.15, x[^1], 1e-12);
        Near(Math.Log(SigmaTModel(80) * 353.15), y[0], 1e-9);
        Near(Math.Log(SigmaTModel(25) * 298.15), y[^1], 1e-9);
    }

    [Fact]
    public void Fit_OnePoint_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ArrheniusFit.Fit([30], [1e-3]));
        Assert.Contains("at least 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-3)]
    [InlineData(double.NaN)]
    public void Fit_NonPositiveSigma_ThrowsNamingPosition(double bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => ArrheniusFit.Fit([25, 30, 35], [1e-3, bad, 2e-3]));
        Assert.Equal("sigmaSPerCm", ex.ParamName);
        Assert.Contains("position 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_DuplicateTemperatures_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => ArrheniusFit.Fit([25, 30, 30], [1e-3, 1.1e-3, 1.2e-3]));
        Assert.Contains("distinct", ex.Message, StringComparison.Ordinal);
        Assert.Contains("positions 1 and 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_MismatchedLengthsOrBelowAbsoluteZero_Throws()
    {
        Assert.Throws<ArgumentException>(() => ArrheniusFit.Fit([25, 30], [1e-3]));
        Assert.Throws<ArgumentException>(() => ArrheniusFit.Fit([-300, 30], [1e-3, 2e-3]));
    }
}
