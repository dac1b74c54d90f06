using System.Globalization;
using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

public sealed class ImpedanceFitTests
{
    private static readonly EquivalentCircuit Pellet = EquivalentCircuit.Parse(SyntheticSpectrum.PelletCircuit);
    private static readonly double[] PelletFrequencies = SyntheticSpectrum.Frequencies(1e6, 0.1, 10);

    /// <summary>Every positive parameter multiplied by factor, every exponent divided by 10.</summary>
    private static double[] OffStart(EquivalentCircuit circuit, double[] truth, double factor) =>
        [.. truth.Select((v, k) => circuit.Parameters[k].IsExponent ? v / 10 : v * factor)];

    // Noise-free data: the true parameters are the exact minimum (chi-square 0); tolerance 1e-6 relative.
    [Theory]
    [InlineData(10.0)]
    [InlineData(0.1)]
    public void Fit_PelletNoiseFree_TenfoldOffStart_RecoversExactly(double factor)
    {
        var truth = SyntheticSpectrum.PelletValues;
        var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth);

        var fit = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = OffStart(Pellet, truth, factor) });

        Assert.True(fit.Converged, fit.Exit.ToString());
        AssertRelative(Pellet, truth, fit.Values, 1e-6);
        Assert.True(fit.ChiSquare < 1e-20);
        Assert.Equal(ImpedanceFit.AlgorithmVersion, fit.AlgorithmVersion);
    }

    // 1 % Gaussian noise on each part (sigma = 0.01 |Z|, seeded). Independent yardsticks: every parameter within
    // 3 of its standard errors of the truth; the reduced chi-square of modulus weighting near 0.01^2 = 1e-4
    // (within 30 %); R1, from which the lab computes conductivity, within 1 %. R0 = 20 Ohm sits under a 38 kOhm
    // CPE1 impedance at 1 MHz, so its error is large and the 3-standard-error test is the honest one.
    [Theory]
    [InlineData(10.0, 1)]
    [InlineData(0.1, 1)]
    [InlineData(10.0, 2)]
    [InlineData(0.1, 3)]
    public void Fit_PelletOnePercentNoise_TenfoldOffStart_WithinThreeStandardErrors(double factor, int seed)
    {
        var truth = SyntheticSpectrum.PelletValues;
        var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth, noise: 0.01, seed: seed);

        var fit = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = OffStart(Pellet, truth, factor) });

        Assert.True(fit.Converged, fit.Exit.ToString());
        for (var k = 0; k < truth.Length; k++)
        {
            Assert.True(
                Math.Abs(fit.Values[k] - truth[k]) <= 3 * fit.StandardErrors[k],
                string.Create(CultureInfo.InvariantCulture, $"{Pellet.Parameters[k].Name}: {fit.Values[k]} +- {fit.StandardErrors[k]} vs {truth[k]}"));
        }
        Assert.InRange(fit.ReducedChiSquare, 0.7e-4, 1.3e-4);
        Assert.Equal(3e5, fit["R1"], 3e5 * 0.01);
    }

    // Independent check of the covariance: the spread of 30 fits to independently noised spectra. The sample
    // standard deviation of 30 draws is within +-35 % of the true one with >99 % probability for normal errors.
    // R0 is held: free, it often presses against 0 (its error, ~350 Ohm, dwarfs 20 Ohm), and a bound truncates
    // the spread of everything correlated with it, which a linear covariance cannot know.
    [Fact]
    public void Fit_RepeatedNoise_StandardErrorsMatchSpread()
    {
        var truth = SyntheticSpectrum.PelletValues;
        var fits = Enumerable.Range(100, 30).Select(seed =>
        {
            var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth, noise: 0.01, seed: seed);
            return ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = truth, Fixed = ["R0"] });
        }).ToList();

        foreach (var name in new[] { "R1", "CPE1.Q", "CPE1.n", "CPE2.Q", "CPE2.n" })
        {
            var values = fits.Select(f => f[name]).ToArray();
            var mean = values.Average();
            var spread = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
            var reported = fits.Average(f => f.StandardError(name));
            Assert.True(reported / spread is >= 0.65 and <= 1.5, string.Create(CultureInfo.InvariantCulture, $"{name}: reported {reported}, spread {spread}"));
        }
    }

    [Fact]
    public void Fit_FixedParameter_KeepsValueWithZeroError()
    {
        var truth = SyntheticSpectrum.PelletValues;
        var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth, noise: 0.01);

        var fit = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = truth, Fixed = ["R0"] });

        Assert.Equal(20, fit["R0"]);
        Assert.Equal(0, fit.StandardError("R0"));
        Assert.True(fit.IsFixed[0]);
        Assert.False(fit.IsFixed[1]);
        Assert.All(Enumerable.Range(0, truth.Length), k => Assert.Equal(0, fit.Covariance[0, k]));
        Assert.Equal(3e5, fit["R1"], 3e5 * 0.01);
        Assert.True(fit.StandardError("R1") > 0);
    }

    // R0 - C1 is separable (R0 sets Z', C1 sets Z''), so a bound on R0 below (above) its true 100 Ohm leaves the
    // best fit on that bound and C1 exact; tolerance 1e-6 relative.
    [Theory]
    [InlineData(10.0, 50.0, 50.0)]
    [InlineData(200.0, 500.0, 200.0)]
    public void Fit_BoundExcludingTruth_EndsOnBound(double lower, double upper, double expected)
    {
        var circuit = EquivalentCircuit.Parse("R0-C1");
        var f = SyntheticSpectrum.Frequencies(1e4, 1, 5);
        var (re, im) = SyntheticSpectrum.Impedance(circuit, f, [100, 1e-6]);

        var fit = ImpedanceFit.Fit(circuit, f, re, im, new FitOptions
        {
            InitialValues = [(lower + upper) / 2, 1e-5],
            Bounds = new Dictionary<string, ParameterBounds> { ["R0"] = new(lower, upper) },
        });

        Assert.InRange(fit["R0"], lower, upper);
        Assert.Equal(expected, fit["R0"], expected * 1e-6);
        Assert.Equal(1e-6, fit["C1"], 1e-12);
    }

    // From positive parameters 10x too small and exponents 10x too small, one Levenberg-Marquardt run ends far off
    // (iteration limit or a misfit of tens of percent); the restarts recover the exact parameters (1e-6 relative).
    [Fact]
    public void Fit_PoorFirstStart_RestartsRecover()
    {
        var truth = SyntheticSpectrum.PelletValues;
        var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth);
        var start = OffStart(Pellet, truth, 0.1);

        var single = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = start, MaxStarts = 1 });
        var restarted = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = start });

        Assert.Equal(1, single.Starts);
        Assert.True(!single.Converged || single.RelativeMisfit > 0.05, single.Exit.ToString());
        Assert.True(restarted.Starts > 1);
        Assert.True(restarted.RelativeMisfit < 1e-9);
        AssertRelative(Pellet, truth, restarted.Values, 1e-6);
    }

    // A CPE started at n = 1 (a capacitor) sits on its bound, where the bounded map is flat; the fit must still
    // move it. Noise-free, tolerance 1e-6 relative.
    [Fact]
    public void Fit_ExponentStartedOnBound_Moves()
    {
        var truth = SyntheticSpectrum.PelletValues;
        var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth);
        double[] start = [20, 3e5, 2e-11, 1, 1e-6, 1];

        var fit = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = start, MaxStarts = 1 });

        AssertRelative(Pellet, truth, fit.Values, 1e-6);
    }

    // Noise-free data are fitted exactly whatever the weighting; tolerance 1e-6 relative.
    [Theory]
    [InlineData(FitWeighting.Unit)]
    [InlineData(FitWeighting.Proportional)]
    [InlineData(FitWeighting.Modulus)]
    public void Fit_NoiseFreeAnyWeighting_RecoversExactly(FitWeighting weighting)
    {
        var truth = SyntheticSpectrum.PelletValues;
        var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth);
        var start = truth.Select((v, k) => Pellet.Parameters[k].IsExponent ? v - 0.1 : v * 2).ToArray();

        var fit = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = start, Weighting = weighting });

        AssertRelative(Pellet, truth, fit.Values, 1e-6);
    }

    public static TheoryData<string, double[]> OtherCircuits => new()
    {
        { "R0-Zarc1-Wo2", [15, 2000, 1e-5, 0.85, 500, 2] },
        { "L0-R1-p(R2,CPE2)-Ws3", [2e-7, 8, 120, 3e-5, 0.75, 60, 0.05] },
        { "R0-p(R1,C1)-G2-W3", [5, 100, 1e-6, 300, 0.01, 40] },
    };

    // Noise-free spectra of other element types from a start off by x2 (exponents -0.1); tolerance 1e-6 relative.
    [Theory]
    [MemberData(nameof(OtherCircuits))]
    public void Fit_OtherCircuitNoiseFree_RecoversExactly(string text, double[] truth)
    {
        var circuit = EquivalentCircuit.Parse(text);
        var f = SyntheticSpectrum.Frequencies(1e6, 0.01, 8);
        var (re, im) = SyntheticSpectrum.Impedance(circuit, f, truth);
        var start = truth.Select((v, k) => circuit.Parameters[k].IsExponent ? v - 0.1 : v * 2).ToArray();

        var fit = ImpedanceFit.Fit(circuit, f, re, im, new FitOptions { InitialValues = start });

        Assert.True(fit.Converged, fit.Exit.ToString());
        AssertRelative(circuit, truth, fit.Values, 1e-6);
    }

    // Chi-square is the modulus-weighted sum of the returned residuals (data - model), recomputed here.
    [Fact]
    public void Fit_Residuals_AreDataMinusModelAndSumToChiSquare()
    {
        var truth = SyntheticSpectrum.PelletValues;
        var (re, im) = SyntheticSpectrum.Impedance(Pellet, PelletFrequencies, truth, noise: 0.01);

        var fit = ImpedanceFit.Fit(Pellet, PelletFrequencies, re, im, new FitOptions { InitialValues = truth });

        var chi2 = 0.0;
        for (var i = 0; i < PelletFrequencies.Length; i++)
        {
            var model = Pellet.Impedance(PelletFrequencies[i], fit.Values.ToArray());
            Assert.Equal(re[i] - model.Real, fit.ResidualsReal[i], 1e-9 * model.Magnitude);
            Assert.Equal(im[i] - model.Imaginary, fit.ResidualsImag[i], 1e-9 * model.Magnitude);
            chi2 += (Math.Pow(fit.ResidualsReal[i], 2) + Math.Pow(fit.ResidualsImag[i], 2)) / (re[i] * re[i] + im[i] * im[i]);
        }
        Assert.Equal(chi2, fit.ChiSquare, chi2 * 1e-9);
        Assert.Equal(fit.ChiSquare / (2 * PelletFrequencies.Length - 6), fit.ReducedChiSquare, 1e-15);
    }

    [Theory]
    [InlineData("length", "frequencies, Z' and Z'' must have the same length, got 3, 2 and 3")]
    [InlineData("count", "needs 6 initial values (R0, R1, CPE1.Q, CPE1.n, CPE2.Q, CPE2.n), got 2")]
    [InlineData("fixed", "has no parameter R9; it has R0, R1")]
    [InlineData("exponent", "initial value of CPE1.n must be finite and within [0, 1] (above 0), got 1.5")]
    [InlineData("frequency", "point 1 must have a finite frequency above 0 Hz")]
    [InlineData("bounds", "bounds of R1 must satisfy 0 <= lower < upper <= Infinity, got [5, 2]")]
    public void Fit_BadInput_ThrowsNamingWhatWasExpected(string kind, string message)
    {
        double[] f = kind == "frequency" ? [1e3, -1, 1] : [1e3, 10, 1];
        double[] re = kind == "length" ? [1, 2] : [1, 2, 3];
        double[] im = [-1, -2, -3];
        var start = SyntheticSpectrum.PelletValues;
        var options = kind switch
        {
            "count" => new FitOptions { InitialValues = [1, 2] },
            "fixed" => new FitOptions { InitialValues = start, Fixed = ["R9"] },
            "exponent" => new FitOptions { InitialValues = [20, 3e5, 2e-11, 1.5, 1e-6, 0.8] },
            "bounds" => new FitOptions { InitialValues = start, Bounds = new Dictionary<string, ParameterBounds> { ["R1"] = new(5, 2) } },
            _ => new FitOptions { InitialValues = start },
        };

        var error = TestCulture.Run(TestCulture.German, () => Assert.Throws<ArgumentException>(() => ImpedanceFit.Fit(Pellet, f, re, im, options)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static void AssertRelative(EquivalentCircuit circuit, double[] truth, IReadOnlyList<double> values, double tolerance)
    {
        for (var k = 0; k < truth.Length; k++)
        {
            Assert.True(
                Math.Abs(values[k] / truth[k] - 1) < tolerance,
                string.Create(CultureInfo.InvariantCulture, $"{circuit.Parameters[k].Name}: {values[k]} vs {truth[k]}"));
        }
    }
}
