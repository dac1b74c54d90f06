using System.Globalization;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>A local maximum of a background-subtracted pattern: where, how high, and its width at half height.</summary>
public sealed record PeakCandidate(int Index, double TwoThetaDeg, double Height, double FwhmDeg);

/// <summary>Peak search on a background-subtracted (net) pattern, and the noise level it is judged against.</summary>
public static class PeakSearch
{
    /// <summary>
    /// Robust noise standard deviation from second differences d_i = y_{i-1} - 2 y_i + y_{i+1}: for white noise
    /// var(d) = 6 sigma^2, so sigma = 1.4826 median|d - median d| / sqrt(6). Smooth background, halo and most of the
    /// pattern's points are not peaks, so the median ignores the peaks.
    /// </summary>
    public static double NoiseLevel(IReadOnlyList<double> intensity)
    {
        ArgumentNullException.ThrowIfNull(intensity);
        if (intensity.Count < 3)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected at least 3 intensities to estimate noise, got {intensity.Count}."), nameof(intensity));
        }
        var d = new double[intensity.Count - 2];
        for (var i = 1; i < intensity.Count - 1; i++)
        {
            d[i - 1] = intensity[i - 1] - 2 * intensity[i] + intensity[i + 1];
        }
        var median = Median(d);
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = Math.Abs(d[i] - median);
        }
        return 1.4826 * Median(d) / Math.Sqrt(6);
    }

    /// <summary>
    /// Counting noise at every point, sigma_i = kappa sqrt(max(b_i, floor)) with b the baseline (the pattern without
    /// its peaks) and kappa = 1.4826 median|d_i / sqrt(max(b_i, floor))| / sqrt(6) from the second differences d_i of
    /// the intensities (kappa = 1 for counts); floor = 5 % of the median baseline. A peak on a tall halo then has to
    /// stand out from that halo's larger noise.
    /// </summary>
    public static double[] CountingNoise(IReadOnlyList<double> intensity, IReadOnlyList<double> baseline)
    {
        ArgumentNullException.ThrowIfNull(intensity);
        ArgumentNullException.ThrowIfNull(baseline);
        if (intensity.Count < 3 || baseline.Count != intensity.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected at least 3 intensities and a baseline of the same length, got {intensity.Count} and {baseline.Count}."),
                nameof(baseline));
        }
        var n = intensity.Count;
        var floor = Math.Max(0.05 * Median([.. baseline.Select(Math.Abs)]), 1e-300);
        var scaled = new double[n - 2];
        for (var i = 1; i < n - 1; i++)
        {
            scaled[i - 1] = Math.Abs(intensity[i - 1] - 2 * intensity[i] + intensity[i + 1]) / Math.Sqrt(Math.Max(baseline[i], floor));
        }
        var kappa = 1.4826 * Median(scaled) / Math.Sqrt(6);
        return [.. baseline.Select(b => kappa * Math.Sqrt(Math.Max(b, floor)))];
    }

    /// <summary>
    /// Local maxima of the net pattern smoothed by a centred moving average of <paramref name="smoothingPoints"/>,
    /// kept when the smoothed height and its prominence (height above the higher of the valleys that part it from
    /// taller points on either side) both exceed k sigma_i (the noise of one raw point there: the SNIP baseline under the net
    /// pattern sits low in the noise, so the smoothed noise alone would pass bumps of the noise) and the width is at
    /// least two steps (a narrower one is a spike); the position is the vertex
    /// of the parabola through the maximum and its two neighbours. The width is where
    /// the smoothed net falls to half the maximum on each side (linear interpolation; when one side climbs above the
    /// maximum first, as on the flank of a taller neighbour, the width is twice the other side's half width). A maximum closer than 0.75 FWHM to a
    /// taller kept one is the same peak (noise on its top) and dropped. Strongest first.
    /// </summary>
    public static IReadOnlyList<PeakCandidate> Find(
        IReadOnlyList<double> twoThetaDeg, IReadOnlyList<double> net, IReadOnlyList<double> noise, double k = 4, int smoothingPoints = 5)
    {
        ArgumentNullException.ThrowIfNull(twoThetaDeg);
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(noise);
        var step = SnipBackground.MeanStep(twoThetaDeg, net.Count);
        if (noise.Count != net.Count || !(k > 0) || smoothingPoints < 1 || smoothingPoints % 2 == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected one noise value per point ({net.Count}), k > 0 and an odd smoothing width, got {noise.Count}, {k} and {smoothingPoints}."),
                nameof(noise));
        }
        var s = SnipBackground.MovingAverage(net, smoothingPoints);
        var n = s.Length;
        var found = new List<PeakCandidate>();
        for (var i = 1; i < n - 1; i++)
        {
            if (!(s[i] > k * noise[i]) || !(s[i] >= s[i - 1]) || !(s[i] > s[i + 1]) || !(Prominence(s, i) > k * noise[i]))
            {
                continue;
            }
            var half = s[i] / 2;
            var left = HalfCrossing(twoThetaDeg, s, i, -1, half);
            var right = HalfCrossing(twoThetaDeg, s, i, +1, half);
            // Vertex of the parabola through the three smoothed points around the maximum, within half a step.
            var curvature = s[i - 1] - 2 * s[i] + s[i + 1];
            var shift = curvature < 0 ? Math.Clamp(0.5 * (s[i - 1] - s[i + 1]) / curvature, -0.5, 0.5) : 0;
            var x = twoThetaDeg[i] + shift * (shift < 0 ? twoThetaDeg[i] - twoThetaDeg[i - 1] : twoThetaDeg[i + 1] - twoThetaDeg[i]);
            var fwhm = (left, right) switch
            {
                ({ } l, { } r) => r - l,
                ({ } l, null) => 2 * (x - l),
                (null, { } r) => 2 * (r - x),
                _ => double.NaN,
            };
            if (double.IsFinite(fwhm) && fwhm >= 2 * step)
            {
                found.Add(new PeakCandidate(i, x, s[i], fwhm));
            }
        }
        var kept = new List<PeakCandidate>();
        foreach (var candidate in found.OrderByDescending(c => c.Height))
        {
            if (!kept.Any(p => Math.Abs(p.TwoThetaDeg - candidate.TwoThetaDeg) < 0.75 * p.FwhmDeg))
            {
                kept.Add(candidate);
            }
        }
        return kept;
    }

    /// <summary>
    /// Height of s[i] above the higher of the two lowest points met walking out each way until s rises above s[i]
    /// (or the end): a bump on the flank of a taller peak has almost none.
    /// </summary>
    private static double Prominence(double[] s, int i)
    {
        var leftLow = s[i];
        for (var j = i - 1; j >= 0 && s[j] <= s[i]; j--)
        {
            leftLow = Math.Min(leftLow, s[j]);
        }
        var rightLow = s[i];
        for (var j = i + 1; j < s.Length && s[j] <= s[i]; j++)
        {
            rightLow = Math.Min(rightLow, s[j]);
        }
        return s[i] - Math.Max(leftLow, rightLow);
    }

    /// <summary>2-theta where s falls to half walking from i in direction dir; null if a taller point or the end comes first.</summary>
    private static double? HalfCrossing(IReadOnlyList<double> x, double[] s, int i, int dir, double half)
    {
        for (var j = i + dir; j >= 0 && j < s.Length; j += dir)
        {
            if (s[j] <= half)
            {
                var prev = j - dir;
                return x[prev] + (half - s[prev]) * (x[j] - x[prev]) / (s[j] - s[prev]);
            }
            if (s[j] > s[i])
            {
                return null;
            }
        }
        return null;
    }

    internal static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
