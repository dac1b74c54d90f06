using System.Globalization;

namespace HalidePortal.Analysis.Simulation;

/// <summary>
/// How the linear regime of an MSD curve is chosen. With FromPs and ToPs both given that window is used as is; otherwise
/// windows of WindowShare of the points are slid over the curve from StartShare on (the ballistic and vibrational start,
/// which a log-log slope alone can mistake for diffusion when a plateau and a t^2 part average to 1) and never into the
/// last TailShare (few time origins averaged there), and the one whose log-log slope d ln MSD / d ln t is closest to 1
/// (diffusive) is taken.
/// </summary>
public sealed record MsdOptions
{
    /// <summary>Dimensions d of MSD = 2 d D t: 3 for bulk diffusion.</summary>
    public int Dimensions { get; init; } = 3;

    /// <summary>Start of a fixed fit window in ps (with <see cref="ToPs"/>).</summary>
    public double? FromPs { get; init; }

    /// <summary>End of a fixed fit window in ps (with <see cref="FromPs"/>).</summary>
    public double? ToPs { get; init; }

    /// <summary>Share of the points a searched window spans.</summary>
    public double WindowShare { get; init; } = 0.4;

    /// <summary>Share of the points at the start that the search never uses.</summary>
    public double StartShare { get; init; } = 0.1;

    /// <summary>Share of the points at the end that the search never uses.</summary>
    public double TailShare { get; init; } = 0.2;
}

/// <summary>
/// D from the linear regime of a mean squared displacement. SlopeA2PerPs and InterceptA2 are the OLS line
/// MSD = a + b t over FromPs..ToPs (Points rows); DiffusionCm2PerS = b / (2 d) x 1e-4 (1 A^2/ps = 1e-4 cm2/s) with its
/// standard error from the slope's. The MSD of one trajectory is correlated from point to point, so that error is a lower
/// bound; block averages or independent runs give a fairer one. LogLogSlope is d ln MSD / d ln t over the window
/// (1 when diffusive, 2 when ballistic). AutoWindow says whether the window was searched.
/// </summary>
public sealed record MsdFit(
    double DiffusionCm2PerS,
    double DiffusionStdErrCm2PerS,
    double SlopeA2PerPs,
    double SlopeStdErrA2PerPs,
    double InterceptA2,
    double RSquared,
    double FromPs,
    double ToPs,
    int Points,
    double LogLogSlope,
    int Dimensions,
    bool AutoWindow);

/// <summary>Diffusion coefficient from a simulated mean squared displacement (Einstein relation).</summary>
public static class MsdDiffusion
{
    /// <summary>1 A^2/ps in cm2/s.</summary>
    public const double A2PerPsInCm2PerS = 1e-4;

    /// <summary>
    /// Einstein relation MSD(t) = 2 d D t + c over the linear regime (c absorbs the ballistic and vibrational start):
    /// OLS slope b = Sxy / Sxx, D = b / (2 d) in A^2/ps, x 1e-4 to cm2/s; SE(b) = s / sqrt(Sxx), s^2 = SSres / (n - 2);
    /// R^2 = 1 - SSres / Syy. The window is fixed by the options or searched (see <see cref="MsdOptions"/>).
    /// </summary>
    /// <param name="timePs">Lag times in ps, increasing.</param>
    /// <param name="msdA2">MSD in A^2 at those lags.</param>
    public static MsdFit Fit(IReadOnlyList<double> timePs, IReadOnlyList<double> msdA2, MsdOptions? options = null)
    {
        options ??= new MsdOptions();
        ArgumentNullException.ThrowIfNull(timePs);
        ArgumentNullException.ThrowIfNull(msdA2);
        if (timePs.Count != msdA2.Count)
        {
            throw new ArgumentException(
                $"Expected one MSD per time, got {Invariant(timePs.Count)} times and {Invariant(msdA2.Count)} MSD values.", nameof(msdA2));
        }
        for (int i = 0; i < timePs.Count; i++)
        {
            if (!double.IsFinite(timePs[i]) || !double.IsFinite(msdA2[i]) || timePs[i] < 0)
            {
                throw new ArgumentException(
                    $"Expected a time of 0 ps or more and a finite MSD, got {Format(timePs[i])} ps and {Format(msdA2[i])} A^2 at row {Invariant(i)}.",
                    nameof(timePs));
            }
            if (i > 0 && timePs[i] <= timePs[i - 1])
            {
                throw new ArgumentException(
                    $"Expected increasing times, but row {Invariant(i)} is at {Format(timePs[i])} ps after {Format(timePs[i - 1])} ps.",
                    nameof(timePs));
            }
        }
        if (options.Dimensions is < 1 or > 3)
        {
            throw new ArgumentException($"Expected 1, 2 or 3 dimensions, got {Invariant(options.Dimensions)}.", nameof(options));
        }
        if (options.FromPs is null != options.ToPs is null)
        {
            throw new ArgumentException("Expected both ends of a fixed fit window (from and to in ps) or neither.", nameof(options));
        }
        if (!(options.WindowShare is > 0 and <= 1) || !(options.TailShare is >= 0 and < 1) || !(options.StartShare is >= 0 and < 1)
            || options.StartShare + options.WindowShare + options.TailShare > 1)
        {
            throw new ArgumentException(
                $"Expected start, window and tail shares of the points adding up to at most 1, got {Format(options.StartShare)}, {Format(options.WindowShare)} and {Format(options.TailShare)}.",
                nameof(options));
        }

        int first, last;
        bool auto = options.FromPs is null;
        if (!auto)
        {
            double from = options.FromPs!.Value, to = options.ToPs!.Value;
            if (!(to > from))
            {
                throw new ArgumentException($"Expected a fit window with from < to, got {Format(from)} to {Format(to)} ps.", nameof(options));
            }
            first = Enumerable.Range(0, timePs.Count).FirstOrDefault(i => timePs[i] >= from, -1);
            last = Enumerable.Range(0, timePs.Count).LastOrDefault(i => timePs[i] <= to, -1);
            if (first < 0 || last - first + 1 < 3)
            {
                throw new ArgumentException(
                    $"Expected at least 3 points between {Format(from)} and {Format(to)} ps.", nameof(options));
            }
        }
        else
        {
            (first, last) = SearchWindow(timePs, msdA2, options);
        }

        var line = Line(timePs, msdA2, first, last);
        double twoD = 2 * options.Dimensions;
        return new MsdFit(
            line.Slope / twoD * A2PerPsInCm2PerS,
            line.SlopeStdErr / twoD * A2PerPsInCm2PerS,
            line.Slope,
            line.SlopeStdErr,
            line.Intercept,
            line.RSquared,
            timePs[first],
            timePs[last],
            last - first + 1,
            LogLogSlope(timePs, msdA2, first, last),
            options.Dimensions,
            auto);
    }

    /// <summary>The window of WindowShare of the positive points, outside the tail, with log-log slope closest to 1.</summary>
    private static (int First, int Last) SearchWindow(IReadOnlyList<double> t, IReadOnlyList<double> msd, MsdOptions options)
    {
        // ln t needs t > 0 and ln MSD needs MSD > 0: the lag-0 row (and any zero MSD) is left out of the search.
        int start = 0;
        while (start < t.Count && (t[start] <= 0 || msd[start] <= 0))
        {
            start++;
        }
        int n = t.Count - start;
        int width = Math.Max(5, (int)Math.Round(options.WindowShare * n));
        int usable = n - (int)Math.Floor(options.TailShare * n);
        if (usable < width || n < 5)
        {
            throw new ArgumentException(
                $"Expected at least {Invariant(Math.Max(5, width))} points with time and MSD above 0 before the tail, got {Invariant(Math.Max(0, usable))} of {Invariant(t.Count)}.",
                nameof(t));
        }
        // Prefix sums of x = ln t and y = ln MSD make each window's OLS slope O(1).
        var sx = new double[n + 1];
        var sy = new double[n + 1];
        var sxx = new double[n + 1];
        var sxy = new double[n + 1];
        for (int k = 0; k < n; k++)
        {
            if (msd[start + k] <= 0)
            {
                throw new ArgumentException(
                    $"Expected an MSD above 0 after the start, got {Format(msd[start + k])} A^2 at row {Invariant(start + k)}.", nameof(msd));
            }
            double x = Math.Log(t[start + k]), y = Math.Log(msd[start + k]);
            sx[k + 1] = sx[k] + x;
            sy[k + 1] = sy[k] + y;
            sxx[k + 1] = sxx[k] + x * x;
            sxy[k + 1] = sxy[k] + x * y;
        }
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int s = (int)Math.Ceiling(options.StartShare * n); s + width <= usable; s++)
        {
            int e = s + width;
            double mx = (sx[e] - sx[s]) / width;
            double vxx = sxx[e] - sxx[s] - width * mx * mx;
            double vxy = sxy[e] - sxy[s] - width * mx * (sy[e] - sy[s]) / width;
            double distance = Math.Abs(vxy / vxx - 1);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = s;
            }
        }
        if (best < 0)
        {
            throw new ArgumentException(
                $"Expected room for a window of {Invariant(width)} points between the start and the tail, got {Invariant(n)} points in all.", nameof(t));
        }
        return (start + best, start + best + width - 1);
    }

    private readonly record struct OlsLine(double Intercept, double Slope, double SlopeStdErr, double RSquared);

    private static OlsLine Line(IReadOnlyList<double> x, IReadOnlyList<double> y, int first, int last)
    {
        int n = last - first + 1;
        double xm = 0, ym = 0;
        for (int i = first; i <= last; i++)
        {
            xm += x[i];
            ym += y[i];
        }
        xm /= n;
        ym /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = first; i <= last; i++)
        {
            sxx += (x[i] - xm) * (x[i] - xm);
            sxy += (x[i] - xm) * (y[i] - ym);
            syy += (y[i] - ym) * (y[i] - ym);
        }
        double slope = sxy / sxx, intercept = ym - slope * xm;
        double ssRes = 0;
        for (int i = first; i <= last; i++)
        {
            double r = y[i] - intercept - slope * x[i];
            ssRes += r * r;
        }
        double se = n > 2 ? Math.Sqrt(ssRes / (n - 2) / sxx) : double.NaN;
        return new OlsLine(intercept, slope, se, syy > 0 ? 1 - ssRes / syy : 1);
    }

    private static double LogLogSlope(IReadOnlyList<double> t, IReadOnlyList<double> msd, int first, int last)
    {
        var rows = Enumerable.Range(first, last - first + 1).Where(i => t[i] > 0 && msd[i] > 0).ToArray();
        if (rows.Length < 2)
        {
            return double.NaN;
        }
        double[] x = [.. rows.Select(i => Math.Log(t[i]))], y = [.. rows.Select(i => Math.Log(msd[i]))];
        return Line(x, y, 0, x.Length - 1).Slope;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
