using System.Globalization;

namespace HalidePortal.Analysis.Voltammetry;

/// <summary>
/// Oxidation onset of a solid electrolyte from a linear sweep (SE + carbon vs Li-In). Potentials in V, currents in mA,
/// anodic current positive. Only the first anodic sweep is used: from the first point up to the highest potential
/// reached before the potential falls more than <see cref="ReversalToleranceV"/> below its running maximum (so
/// read-back jitter is tolerated and a return sweep is ignored). A sweep that does not rise is refused.
/// </summary>
public static class LsvOnset
{
    /// <summary>Potential of the Li-In reference against Li/Li+, in V.</summary>
    public const double LiInVsLiV = 0.62;

    /// <summary>A drop below the running maximum larger than this ends the anodic sweep, in V.</summary>
    public const double ReversalToleranceV = 0.01;

    /// <summary>
    /// The tangent must be at least this many times steeper than a rising baseline: an ohmic (resistor-like) sweep has
    /// the same slope everywhere, and noise alone makes some window a little steeper.
    /// </summary>
    public const double MinTangentToBaselineRatio = 3;

    /// <summary>
    /// The tangent's excess slope over the baseline must exceed this many standard errors of a window's slope under
    /// the baseline's scatter, so a noisy flat sweep reports no onset.
    /// </summary>
    public const double MinTangentSignificance = 5;

    /// <summary>E(vs Li/Li+) = E(vs Li-In) + offset, offset 0.62 V by default.</summary>
    public static double[] ToLiReference(IReadOnlyList<double> potentialVsLiInV, double offsetV = LiInVsLiV)
    {
        ArgumentNullException.ThrowIfNull(potentialVsLiInV);
        if (!double.IsFinite(offsetV))
        {
            throw new ArgumentException("Expected a finite reference offset in V.", nameof(offsetV));
        }
        return [.. potentialVsLiInV.Select(e => e + offsetV)];
    }

    /// <summary>
    /// Onset where I &gt;= threshold holds for <paramref name="consecutive"/> points in a row (a lone noise spike does
    /// not count). Onset E = E[s-1] + (I_th - I[s-1]) (E[s] - E[s-1]) / (I[s] - I[s-1]) for the run's first point s.
    /// </summary>
    public static ThresholdOnset ByCurrentThreshold(
        IReadOnlyList<double> potentialV, IReadOnlyList<double> currentMA, double thresholdMA, int consecutive = 3)
    {
        int end = AnodicSweepEnd(potentialV, currentMA);
        if (!double.IsFinite(thresholdMA) || thresholdMA <= 0)
        {
            throw new ArgumentException(
                $"Expected an anodic current threshold in mA above 0, got {Format(thresholdMA)}.", nameof(thresholdMA));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutive, 1);
        var line = new LineSegment(potentialV[0], thresholdMA, potentialV[end], thresholdMA);
        int run = 0;
        for (int i = 0; i <= end; i++)
        {
            run = currentMA[i] >= thresholdMA ? run + 1 : 0;
            if (run < consecutive)
            {
                continue;
            }
            int s = i - consecutive + 1;
            double onset = potentialV[s];
            if (s > 0 && currentMA[s] > currentMA[s - 1])
            {
                onset = potentialV[s - 1] + (thresholdMA - currentMA[s - 1])
                    * (potentialV[s] - potentialV[s - 1]) / (currentMA[s] - currentMA[s - 1]);
            }
            return new ThresholdOnset(onset, s, thresholdMA, consecutive, end, line);
        }
        return new ThresholdOnset(null, null, thresholdMA, consecutive, end, line);
    }

    /// <summary>
    /// As <see cref="ByCurrentThreshold"/> with the threshold given as a current density: I_th = j_th A
    /// (mA/cm2 times the electrode area in cm2).
    /// </summary>
    public static ThresholdOnset ByCurrentDensityThreshold(
        IReadOnlyList<double> potentialV,
        IReadOnlyList<double> currentMA,
        double areaCm2,
        double thresholdMAPerCm2,
        int consecutive = 3)
    {
        if (!double.IsFinite(areaCm2) || areaCm2 <= 0)
        {
            throw new ArgumentException($"Expected an electrode area in cm2 above 0, got {Format(areaCm2)}.", nameof(areaCm2));
        }
        if (!double.IsFinite(thresholdMAPerCm2) || thresholdMAPerCm2 <= 0)
        {
            throw new ArgumentException(
                $"Expected a current density threshold in mA/cm2 above 0, got {Format(thresholdMAPerCm2)}.",
                nameof(thresholdMAPerCm2));
        }
        return ByCurrentThreshold(potentialV, currentMA, thresholdMAPerCm2 * areaCm2, consecutive);
    }

    /// <summary>
    /// Tangent onset. Baseline: OLS I = a + b E over the points with baselineFromV &lt;= E &lt;= baselineToV.
    /// Smoothed slope at point j: OLS slope of I on E over points j-h .. j+h (h = smoothingHalfWidth), with the fitted
    /// value I_j there; the tangent is taken at the steepest such slope s among points above baselineToV.
    /// Onset E* = (I_j - s E_j - a) / (b - s), where I = a + b E meets I = I_j + s (E - E_j); none when the sweep does
    /// not rise: s - b must exceed (<see cref="MinTangentToBaselineRatio"/> - 1) |b| and
    /// <see cref="MinTangentSignificance"/> sigma / sqrt(Sxx_j) (sigma the baseline's residual scatter, Sxx_j the spread
    /// of E in the tangent's window), or none when E* falls outside the sweep.
    /// </summary>
    public static TangentOnset ByTangent(
        IReadOnlyList<double> potentialV,
        IReadOnlyList<double> currentMA,
        double baselineFromV,
        double baselineToV,
        int smoothingHalfWidth = 5)
    {
        int end = AnodicSweepEnd(potentialV, currentMA);
        if (!double.IsFinite(baselineFromV) || !double.IsFinite(baselineToV) || baselineToV <= baselineFromV)
        {
            throw new ArgumentException(
                $"Expected a baseline window with from < to, got {Format(baselineFromV)} to {Format(baselineToV)} V.",
                nameof(baselineToV));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(smoothingHalfWidth, 1);

        var window = Enumerable.Range(0, end + 1)
            .Where(i => potentialV[i] >= baselineFromV && potentialV[i] <= baselineToV)
            .ToArray();
        if (window.Length < 2)
        {
            throw new ArgumentException(
                $"Expected at least 2 points in the baseline window {Format(baselineFromV)} to {Format(baselineToV)} V, got {window.Length.ToString(CultureInfo.InvariantCulture)}.",
                nameof(baselineFromV));
        }
        var (a, b, _) = LineFit(potentialV, currentMA, window);
        double scatter = window.Length > 2
            ? Math.Sqrt(window.Sum(i => Math.Pow(currentMA[i] - a - b * potentialV[i], 2)) / (window.Length - 2))
            : 0;
        if (double.IsNaN(b))
        {
            throw new ArgumentException("Expected the baseline window to span more than one potential.", nameof(baselineFromV));
        }

        int h = smoothingHalfWidth;
        int best = -1;
        double bestSlope = double.NegativeInfinity, bestCurrent = double.NaN, bestSpread = 0;
        for (int j = h; j <= end - h; j++)
        {
            if (potentialV[j] <= baselineToV)
            {
                continue;
            }
            var (intercept, slope, spread) = LineFit(potentialV, currentMA, Enumerable.Range(j - h, 2 * h + 1));
            if (slope > bestSlope)
            {
                best = j;
                bestSlope = slope;
                bestCurrent = intercept + slope * potentialV[j];
                bestSpread = spread;
            }
        }
        double windowStart = window.Min(i => potentialV[i]);
        // A rise only in the last digits, by the baseline's own slope (a resistor) or within its noise is no rise; an
        // intersection outside the sweep is no onset.
        double excess = bestSlope - b;
        bool rises = best >= 0
            && excess > 1e-9 * (Math.Abs(b) + Math.Abs(bestSlope))
            && excess > (MinTangentToBaselineRatio - 1) * Math.Abs(b)
            && (bestSpread <= 0 || excess > MinTangentSignificance * scatter / Math.Sqrt(bestSpread));
        double onset = rises ? (bestCurrent - bestSlope * potentialV[best] - a) / (b - bestSlope) : double.NaN;
        if (!rises || !(onset >= potentialV[0] && onset <= potentialV[end]))
        {
            var flat = new LineSegment(windowStart, a + b * windowStart, baselineToV, a + b * baselineToV);
            return new TangentOnset(
                null, a, b, window.Length,
                best < 0 ? double.NaN : potentialV[best], bestCurrent, best < 0 ? double.NaN : bestSlope, end, flat, null);
        }
        double tangentAt = potentialV[best];
        double onsetCurrent = a + b * onset;
        return new TangentOnset(
            onset, a, b, window.Length, tangentAt, bestCurrent, bestSlope, end,
            new LineSegment(windowStart, a + b * windowStart, onset, onsetCurrent),
            new LineSegment(onset, onsetCurrent, tangentAt, bestCurrent));
    }

    /// <summary>Index of the last point of the first anodic sweep; checks lengths and finiteness on the way.</summary>
    internal static int AnodicSweepEnd(IReadOnlyList<double> potentialV, IReadOnlyList<double> currentMA)
    {
        ArgumentNullException.ThrowIfNull(potentialV);
        ArgumentNullException.ThrowIfNull(currentMA);
        if (potentialV.Count != currentMA.Count)
        {
            throw new ArgumentException(
                $"Expected one current per potential, got {potentialV.Count.ToString(CultureInfo.InvariantCulture)} potentials and {currentMA.Count.ToString(CultureInfo.InvariantCulture)} currents.",
                nameof(currentMA));
        }
        if (potentialV.Count < 2)
        {
            throw new ArgumentException("Expected a sweep of at least 2 points.", nameof(potentialV));
        }
        int top = 0;
        for (int i = 0; i < potentialV.Count; i++)
        {
            if (!double.IsFinite(potentialV[i]) || !double.IsFinite(currentMA[i]))
            {
                throw new ArgumentException(
                    $"Expected finite potential and current, got {Format(potentialV[i])} V and {Format(currentMA[i])} mA at position {i.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(potentialV));
            }
            if (potentialV[i] > potentialV[top])
            {
                top = i;
            }
            else if (potentialV[top] - potentialV[i] > ReversalToleranceV)
            {
                break;
            }
        }
        if (potentialV[top] - potentialV[0] <= ReversalToleranceV)
        {
            throw new ArgumentException(
                $"Expected an anodic sweep (potential rising from the first point), but the potential goes from {Format(potentialV[0])} V no higher than {Format(potentialV[top])} V before falling; reverse a cathodic-first file or cut it at its lower vertex.",
                nameof(potentialV));
        }
        return top;
    }

    /// <summary>OLS y = a + b x over the given rows, with Sxx = sum (x - mean)^2; b is NaN when x does not vary.</summary>
    private static (double A, double B, double Sxx) LineFit(
        IReadOnlyList<double> x, IReadOnlyList<double> y, IEnumerable<int> rows)
    {
        double sx = 0, sy = 0;
        int n = 0;
        foreach (int i in rows)
        {
            sx += x[i];
            sy += y[i];
            n++;
        }
        double xm = sx / n, ym = sy / n, sxx = 0, sxy = 0;
        foreach (int i in rows)
        {
            sxx += (x[i] - xm) * (x[i] - xm);
            sxy += (x[i] - xm) * (y[i] - ym);
        }
        if (sxx <= 0)
        {
            return (ym, double.NaN, 0);
        }
        double b = sxy / sxx;
        return (ym - b * xm, b, sxx);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
