using System.Globalization;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>Options of <see cref="SnipBackground.Estimate(IReadOnlyList{double}, int, int, SnipOptions?)"/>.</summary>
public sealed record SnipOptions
{
    /// <summary>
    /// Clip in the LLS space v = ln(ln(sqrt(y + 1) + 1) + 1) (Morhac 1997), which flattens tall peaks so one window
    /// serves both weak and strong lines. Off: clip the intensities themselves (a straight background is then kept
    /// exactly; in LLS space a straight line is slightly concave and is shaved a little).
    /// </summary>
    public bool LogLogSqrt { get; init; } = true;

    /// <summary>
    /// Points of a moving average applied before clipping (odd; 1 = none). Without it SNIP follows the lower edge of
    /// the counting noise, about two standard deviations under the true background.
    /// </summary>
    public int SmoothingPoints { get; init; } = 1;
}

/// <summary>A SNIP background: values on the input grid and the clipping windows used.</summary>
/// <param name="Background">Background at every point, same length as the input.</param>
/// <param name="WindowPoints">Largest half-window m in points (the window went from m down to 1).</param>
/// <param name="Iterations">Clipping passes run (m when every width was used).</param>
/// <param name="WindowDeg">Largest half-window in degrees when the grid was given, else NaN.</param>
public sealed record SnipResult(double[] Background, int WindowPoints, int Iterations, double WindowDeg, SnipOptions Options);

/// <summary>
/// Statistics-sensitive non-linear iterative peak clipping (SNIP; Ryan et al. 1988, Nucl. Instrum. Methods B 34, 396;
/// decreasing window as in Morhac et al. 1997, Nucl. Instrum. Methods A 401, 113). A narrow window removes the sharp
/// Bragg peaks and keeps a broad amorphous halo. Every pass also shaves a concave top (the halo's) a little, so few
/// passes keep more of the halo than one pass per window width.
/// </summary>
public static class SnipBackground
{
    /// <summary>
    /// For p running from m down to 1 in N passes (p_j = round(m - j (m - 1) / (N - 1)); N = m, every width, when
    /// iterations is 0): v_i &lt;- min(v_i, (v_{i-p} + v_{i+p}) / 2), with p shortened to min(p, i, n-1-i) near
    /// the ends; v = ln(ln(sqrt(y + 1) + 1) + 1) (negative intensities taken as 0) and back by
    /// y = (exp(exp(v) - 1) - 1)^2 - 1 when <see cref="SnipOptions.LogLogSqrt"/>.
    /// </summary>
    public static SnipResult Estimate(IReadOnlyList<double> intensity, int windowPoints, int iterations = 0, SnipOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(intensity);
        options ??= new SnipOptions();
        if (windowPoints < 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a SNIP half-window of at least 1 point, got {windowPoints}."), nameof(windowPoints));
        }
        if (options.SmoothingPoints < 1 || options.SmoothingPoints % 2 == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected an odd number of smoothing points (1 = none), got {options.SmoothingPoints}."), nameof(options));
        }
        var n = intensity.Count;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(intensity[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Expected finite intensities, point {i} is {intensity[i]}."), nameof(intensity));
            }
        }
        var v = MovingAverage(intensity, options.SmoothingPoints);
        if (options.LogLogSqrt)
        {
            for (var i = 0; i < n; i++)
            {
                v[i] = Math.Log(Math.Log(Math.Sqrt(Math.Max(v[i], 0) + 1) + 1) + 1);
            }
        }
        var m = Math.Min(windowPoints, Math.Max((n - 1) / 2, 1));
        var passes = iterations <= 0 ? m : Math.Min(iterations, m);
        var next = new double[n];
        for (var pass = 0; pass < passes; pass++)
        {
            var p = passes == 1 ? m : (int)Math.Round(m - pass * (m - 1.0) / (passes - 1));
            for (var i = 0; i < n; i++)
            {
                // Near the ends the window shrinks: padding with the end value would clip a rising end flat.
                var q = Math.Min(p, Math.Min(i, n - 1 - i));
                next[i] = q == 0 ? v[i] : Math.Min(v[i], 0.5 * (v[i - q] + v[i + q]));
            }
            (v, next) = (next, v);
        }
        if (options.LogLogSqrt)
        {
            for (var i = 0; i < n; i++)
            {
                var s = Math.Exp(Math.Exp(v[i]) - 1) - 1;
                v[i] = s * s - 1;
            }
        }
        return new SnipResult(v, m, passes, double.NaN, options);
    }

    /// <summary>
    /// As <see cref="Estimate(IReadOnlyList{double}, int, int, SnipOptions?)"/> with the half-window given in 2-theta
    /// degrees: m = round(windowDeg / mean step).
    /// </summary>
    public static SnipResult Estimate(IReadOnlyList<double> twoThetaDeg, IReadOnlyList<double> intensity, double windowDeg, int iterations = 0, SnipOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(twoThetaDeg);
        ArgumentNullException.ThrowIfNull(intensity);
        var step = MeanStep(twoThetaDeg, intensity.Count);
        if (!(windowDeg > 0) || !double.IsFinite(windowDeg))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a SNIP half-window in degrees above 0, got {windowDeg}."), nameof(windowDeg));
        }
        var points = (int)Math.Max(1, Math.Round(windowDeg / step));
        var result = Estimate(intensity, points, iterations, options);
        return result with { WindowDeg = result.WindowPoints * step };
    }

    /// <summary>(x_last - x_first) / (n - 1), after checking the grid rises strictly and matches the intensities.</summary>
    internal static double MeanStep(IReadOnlyList<double> twoThetaDeg, int count)
    {
        if (twoThetaDeg.Count != count || count < 3)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected 2-theta and intensity of the same length, at least 3 points, got {twoThetaDeg.Count} and {count}."),
                nameof(twoThetaDeg));
        }
        for (var i = 1; i < count; i++)
        {
            if (!(twoThetaDeg[i] > twoThetaDeg[i - 1]) || !double.IsFinite(twoThetaDeg[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Expected 2-theta rising strictly, point {i} is {twoThetaDeg[i]} after {twoThetaDeg[i - 1]}."),
                    nameof(twoThetaDeg));
            }
        }
        return (twoThetaDeg[count - 1] - twoThetaDeg[0]) / (count - 1);
    }

    /// <summary>Centred moving average over k points, the window shortened symmetrically at the ends.</summary>
    internal static double[] MovingAverage(IReadOnlyList<double> y, int k)
    {
        var n = y.Count;
        var result = new double[n];
        var half = k / 2;
        for (var i = 0; i < n; i++)
        {
            var h = Math.Min(half, Math.Min(i, n - 1 - i));
            var sum = 0.0;
            for (var j = i - h; j <= i + h; j++)
            {
                sum += y[j];
            }
            result[i] = sum / (2 * h + 1);
        }
        return result;
    }
}
