namespace HalidePortal.Analysis.Diffraction;

/// <summary>Crystallinity from two SNIP baselines, without a model of the peaks.</summary>
public static class SnipCrystallinity
{
    public const string Method = "snip";

    /// <summary>
    /// Halo baseline b_h = SNIP with a half-window of <see cref="DiffractionOptions.HaloWindowDeg"/> (strips Bragg peaks,
    /// follows the halo) in <see cref="DiffractionOptions.HaloIterations"/> passes; background b_0 = the lower Chebyshev
    /// polynomial of order <see cref="DiffractionOptions.BaselineOrder"/> under b_h (<see cref="PolynomialBackground"/>), kept at or below b_h. Crystalline area C = integral (y - b_h) d2theta, amorphous area A = integral (b_h - b_0) d2theta
    /// (trapezoids over the measured range); crystallinity = 100 C / (C + A). Peaks are the local maxima of y - b_h
    /// (<see cref="PeakSearch.Find"/>) with their half-height widths; a peak's area is the integral of y - b_h from
    /// 1.5 FWHM below to 1.5 FWHM above it, cut halfway to a neighbouring peak.
    /// </summary>
    public static SnipCrystallinityResult Estimate(IReadOnlyList<double> twoThetaDeg, IReadOnlyList<double> intensity, DiffractionOptions options)
    {
        var baselines = PatternBaselines.Of(twoThetaDeg, intensity, options);
        var halo = baselines.HaloBaseline.Background;
        var background = baselines.Background.Background;
        var crystalline = Math.Max(0, PatternBaselines.Integrate(twoThetaDeg, i => intensity[i] - halo[i]));
        var amorphous = Math.Max(0, PatternBaselines.Integrate(twoThetaDeg, i => halo[i] - background[i]));
        var total = crystalline + amorphous;
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["haloWindowDeg"] = baselines.HaloBaseline.WindowDeg,
            ["haloWindowPoints"] = baselines.HaloBaseline.WindowPoints,
            ["haloIterations"] = baselines.HaloBaseline.Iterations,
            ["baselineOrder"] = baselines.Background.Order,
            ["smoothingPoints"] = options.SnipSmoothingPoints,
            ["peakThresholdSigma"] = options.PeakThreshold,
            ["medianNoise"] = PeakSearch.Median(baselines.Noise),
        };
        var result = new CrystallinityResult(total > 0 ? 100 * crystalline / total : double.NaN, Method, crystalline, amorphous, parameters);

        var byPosition = baselines.Candidates.OrderBy(c => c.TwoThetaDeg).ToList();
        var peaks = new List<DiffractionPeak>(byPosition.Count);
        for (var k = 0; k < byPosition.Count; k++)
        {
            var c = byPosition[k];
            var from = c.TwoThetaDeg - 1.5 * c.FwhmDeg;
            var to = c.TwoThetaDeg + 1.5 * c.FwhmDeg;
            if (k > 0)
            {
                from = Math.Max(from, 0.5 * (byPosition[k - 1].TwoThetaDeg + c.TwoThetaDeg));
            }
            if (k < byPosition.Count - 1)
            {
                to = Math.Min(to, 0.5 * (byPosition[k + 1].TwoThetaDeg + c.TwoThetaDeg));
            }
            var area = 0.0;
            for (var i = 1; i < twoThetaDeg.Count; i++)
            {
                if (twoThetaDeg[i - 1] >= from && twoThetaDeg[i] <= to)
                {
                    area += 0.5 * (intensity[i - 1] - halo[i - 1] + intensity[i] - halo[i]) * (twoThetaDeg[i] - twoThetaDeg[i - 1]);
                }
            }
            peaks.Add(new DiffractionPeak(c.TwoThetaDeg, c.FwhmDeg, c.Height, area, double.NaN, options.SizeNm(c.TwoThetaDeg, c.FwhmDeg)));
        }
        return new SnipCrystallinityResult(result, [.. peaks.OrderByDescending(p => p.Height)], baselines.HaloBaseline, baselines.Background, baselines.Noise);
    }
}
