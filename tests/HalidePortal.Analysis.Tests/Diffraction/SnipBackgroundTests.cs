using HalidePortal.Analysis.Diffraction;

namespace HalidePortal.Analysis.Tests.Diffraction;

/// <summary>SNIP on backgrounds known by construction (tolerances in the test names).</summary>
public sealed class SnipBackgroundTests
{
    private static double Background(double x) => 150 + 1.5 * (x - 10) + 0.05 * (x - 45) * (x - 45) + 400 * Math.Exp(-(x - 10) / 8);

    [Fact]
    public void Estimate_PureCurvedBackground_ReturnedWithin1Percent()
    {
        var x = SyntheticPattern.Grid();
        var y = x.Select(Background).ToArray();

        var result = SnipBackground.Estimate(x, y, 1.0);

        Assert.Equal(71, result.WindowPoints);
        Assert.Equal(71, result.Iterations);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(y[i], result.Background[i], 0.01 * y[i]);
        }
    }

    [Fact]
    public void Estimate_NoisyBackgroundSmoothed_ReturnedWithin4Percent()
    {
        var x = SyntheticPattern.Grid();
        var random = new Random(3);
        double Counts(double v) => 10 * Background(v);
        var y = x.Select(v => Counts(v) + Math.Sqrt(Counts(v)) * (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2).ToArray();

        var result = SnipBackground.Estimate(x, y, 1.0, iterations: 8, new SnipOptions { SmoothingPoints = 5 });

        Assert.Equal(8, result.Iterations);
        // Away from the ends, where the smoothing and the window shrink and the noise shows through.
        for (var i = 71; i < x.Length - 71; i++)
        {
            var truth = Counts(x[i]);
            // Noise sigma = sqrt(B), 1.3-2.4 % of B here; the 5-point average leaves about 1 %, and SNIP settles near
            // its lower edge.
            Assert.Equal(truth, result.Background[i], 0.04 * truth);
        }
    }

    [Fact]
    public void Estimate_PeaksOnBackground_PeaksClippedBackgroundKeptWithin5Percent()
    {
        var x = SyntheticPattern.Grid();
        // Peaks 10-20 times the background: their Lorentzian tails beyond the window stay under 5 % of it.
        var peaks = SyntheticPattern.Lines(5000);
        var y = x.Select(v => Background(v) + peaks.Sum(p => SyntheticPattern.PseudoVoigt(v, p))).ToArray();

        var result = SnipBackground.Estimate(x, y, 1.5);

        foreach (var p in peaks)
        {
            var i = Array.BinarySearch(x, x.MinBy(v => Math.Abs(v - p.X0)));
            var truth = Background(x[i]);
                Assert.Equal(truth, result.Background[i], 0.05 * truth);
        }
    }

    [Fact]
    public void Estimate_LinearBackgroundWithoutLls_KeptExactly()
    {
        var y = Enumerable.Range(0, 200).Select(i => 100 + 0.5 * i).ToArray();

        var result = SnipBackground.Estimate(y, 20, options: new SnipOptions { LogLogSqrt = false });

        Assert.Equal(y, result.Background, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void Estimate_BadInput_Throws()
    {
        Assert.Contains("at least 1 point", Assert.Throws<ArgumentException>(() => SnipBackground.Estimate([1.0, 2, 3], 0)).Message, StringComparison.Ordinal);
        Assert.Contains("odd", Assert.Throws<ArgumentException>(() => SnipBackground.Estimate([1.0, 2, 3], 1, options: new SnipOptions { SmoothingPoints = 4 })).Message, StringComparison.Ordinal);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => SnipBackground.Estimate([1.0, double.NaN, 3], 1)).Message, StringComparison.Ordinal);
    }
}

/// <summary>The lower polynomial under peaks, against the quadratic it was built on.</summary>
public sealed class PolynomialBackgroundTests
{
    [Fact]
    public void Estimate_QuadraticUnderNarrowBumps_Within3Percent()
    {
        var x = SyntheticPattern.Grid();
        double Quadratic(double v) => 300 - 2 * (v - 10) + 0.03 * (v - 40) * (v - 40);
        double[] centres = [20, 35, 50, 65];
        var y = x.Select(v => Quadratic(v) + centres.Sum(c => 800 * Math.Exp(-4 * Math.Log(2) * Math.Pow((v - c) / 1.0, 2)))).ToArray();

        var result = PolynomialBackground.Estimate(x, y, 2);

        for (var i = 0; i < x.Length; i += 100)
        {
            Assert.Equal(Quadratic(x[i]), result.Background[i], 0.03 * Quadratic(x[i]));
        }
        Assert.Equal(2, result.Order);
    }
}
