using System.Globalization;

namespace HalidePortal.Analysis.Voltammetry;

/// <summary>How an LSV onset analysis is run; potentials as the file records them until the offset is added.</summary>
/// <param name="ThresholdMA">Anodic current threshold in mA (a density times the area is converted by the caller).</param>
/// <param name="ReferenceOffsetV">Added to the file's potentials to put them against Li/Li+ (0.62 V for Li-In).</param>
/// <param name="Consecutive">Points in a row at or above the threshold.</param>
/// <param name="BaselineFromV">Start of the tangent method's baseline window, V vs Li/Li+; null with
/// <paramref name="BaselineToV"/> null = the first <see cref="LsvAnalysis.BaselineShare"/> of the sweep.</param>
/// <param name="BaselineToV">End of the baseline window, V vs Li/Li+.</param>
public sealed record LsvOptions(
    double ThresholdMA,
    double ReferenceOffsetV = LsvOnset.LiInVsLiV,
    int Consecutive = 3,
    double? BaselineFromV = null,
    double? BaselineToV = null);

/// <summary>
/// Both onsets of the first anodic sweep and what shows how they were found. SweepPotentialV (vs Li/Li+) and
/// SweepCurrentMA are the rows searched (from the lower vertex to the upper one); the tangent read the despiked current.
/// </summary>
public sealed record LsvAnalysisResult(
    ThresholdOnset Threshold,
    TangentOnset Tangent,
    double ReferenceOffsetV,
    double BaselineFromV,
    double BaselineToV,
    IReadOnlyList<double> SweepPotentialV,
    IReadOnlyList<double> SweepCurrentMA)
{
    public int Points => SweepPotentialV.Count;
    public double SweepFromV => SweepPotentialV[0];
    public double SweepToV => SweepPotentialV[^1];
}

/// <summary>
/// The LSV onset analysis from a file's columns (shared by halide lsv and the worker): the first anodic sweep (by the
/// file's sweep number when it has one, from the lower vertex when the potential first goes down), the offset to
/// Li/Li+, the threshold onset and the tangent onset on the despiked current with a baseline over the first 30 % of
/// the sweep unless a window is given.
/// </summary>
public static class LsvAnalysis
{
    /// <summary>Threshold when none is given, in uA (halide lsv and the portal alike).</summary>
    public const double DefaultThresholdUa = 1;

    /// <summary>Share of the anodic sweep's potential range, from its start, fitted as the tangent method's baseline.</summary>
    public const double BaselineShare = 0.3;

    /// <summary>The tangent method reads a running median of this half-width: spikes of up to 2 points go, a smooth rise stays.</summary>
    private const int DespikeHalfWidth = 2;

    /// <summary>Fewer points than the tangent's smoothing window (2 x 5 + 1) are no sweep (a glitch before a cathodic scan).</summary>
    private const int MinSweepPoints = 11;

    /// <exception cref="ArgumentException">Columns of different lengths, non-finite values, a sweep that does not rise
    /// or is too short, bad options.</exception>
    public static LsvAnalysisResult Run(
        IReadOnlyList<double> potentialV, IReadOnlyList<double> currentMA, IReadOnlyList<double>? sweepNumber, LsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(potentialV);
        ArgumentNullException.ThrowIfNull(currentMA);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaselineFromV is null != options.BaselineToV is null)
        {
            throw new ArgumentException("Expected both ends of the baseline window, or neither.", nameof(options));
        }
        if (potentialV.Count != currentMA.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Expected one current per potential, got {potentialV.Count} potentials and {currentMA.Count} currents."), nameof(currentMA));
        }
        var (e, i) = FirstAnodicSweep(potentialV, currentMA, sweepNumber);
        var vsLi = LsvOnset.ToLiReference(e, options.ReferenceOffsetV);
        var byThreshold = LsvOnset.ByCurrentThreshold(vsLi, i, options.ThresholdMA, options.Consecutive);
        int end = byThreshold.SweepEndIndex;
        if (end + 1 < MinSweepPoints)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"the first anodic sweep has only {end + 1} points ({vsLi[0]:0.000} to {vsLi[end]:0.000} V vs Li/Li+), too few for an onset (a cathodic sweep has none)"));
        }
        double from = options.BaselineFromV ?? vsLi[0];
        double to = options.BaselineToV ?? vsLi[0] + BaselineShare * (vsLi[end] - vsLi[0]);
        // A one- or two-point current spike (a glitch on the sweep) would be the steepest "slope" anywhere.
        var byTangent = LsvOnset.ByTangent(vsLi, RunningMedian.Filter(i, DespikeHalfWidth), from, to);
        return new LsvAnalysisResult(byThreshold, byTangent, options.ReferenceOffsetV, from, to, vsLi[..(end + 1)], i[..(end + 1)]);
    }

    /// <summary>
    /// Rows of the first sweep (by the file's sweep number when it has one), from the lower vertex when the potential
    /// first goes down (a CV started at open circuit towards its lower limit), so the onset routines see a rising sweep.
    /// </summary>
    private static (double[] Potential, double[] Current) FirstAnodicSweep(
        IReadOnlyList<double> potential, IReadOnlyList<double> current, IReadOnlyList<double>? sweep)
    {
        int count = potential.Count;
        if (sweep is { Count: > 0 } && sweep.Count == potential.Count)
        {
            count = 1;
            while (count < sweep.Count && sweep[count].Equals(sweep[0]))
            {
                count++;
            }
        }
        int start = 0;
        for (int k = 1; k < count; k++)
        {
            if (potential[k] < potential[start])
            {
                start = k;
            }
            else if (potential[k] - potential[start] > LsvOnset.ReversalToleranceV)
            {
                break;
            }
        }
        return ([.. potential.Skip(start).Take(count - start)], [.. current.Skip(start).Take(count - start)]);
    }
}
