namespace HalidePortal.Analysis.Diffraction;

/// <summary>
/// What both crystallinity methods start from: the SNIP halo baseline, the lower polynomial under it (the smooth
/// background, never above the halo baseline), the counting noise and the peaks found on y - halo baseline.
/// </summary>
internal sealed record PatternBaselines(SnipResult HaloBaseline, PolynomialBackgroundResult Background, double[] Noise, IReadOnlyList<PeakCandidate> Candidates, double Step)
{
    public static PatternBaselines Of(IReadOnlyList<double> x, IReadOnlyList<double> y, DiffractionOptions options)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        var step = SnipBackground.MeanStep(x, y.Count);
        var snip = new SnipOptions { SmoothingPoints = options.SnipSmoothingPoints };
        var halo = SnipBackground.Estimate(x, y, options.HaloWindowDeg, options.HaloIterations, snip);
        var background = PolynomialBackground.Estimate(x, halo.Background, options.BaselineOrder);
        for (var i = 0; i < y.Count; i++)
        {
            background.Background[i] = Math.Min(background.Background[i], halo.Background[i]);
        }
        var noise = PeakSearch.CountingNoise(y, halo.Background);
        var net = new double[y.Count];
        for (var i = 0; i < net.Length; i++)
        {
            net[i] = y[i] - halo.Background[i];
        }
        var candidates = PeakSearch.Find(x, net, noise, options.PeakThreshold);
        return new PatternBaselines(halo, background, noise, candidates, step);
    }

    /// <summary>Trapezoid integral of f over the grid x.</summary>
    public static double Integrate(IReadOnlyList<double> x, Func<int, double> f)
    {
        var sum = 0.0;
        var previous = f(0);
        for (var i = 1; i < x.Count; i++)
        {
            var current = f(i);
            sum += 0.5 * (previous + current) * (x[i] - x[i - 1]);
            previous = current;
        }
        return sum;
    }
}
