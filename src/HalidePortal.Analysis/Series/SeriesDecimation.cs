namespace HalidePortal.Analysis.Series;

/// <summary>Fewer points for plotting without losing the shape: spikes and plateaus survive.</summary>
public static class SeriesDecimation
{
    /// <summary>
    /// Splits the series into <paramref name="buckets"/> runs of consecutive points and keeps, per run, the first
    /// point and the points of lowest and highest y, in their original order (at most 3 per run). Series no longer
    /// than 3 × buckets come back unchanged. Non-finite values are dropped.
    /// </summary>
    public static (double[] X, double[] Y) MinMax(IReadOnlyList<double> x, IReadOnlyList<double> y, int buckets)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        int n = Math.Min(x.Count, y.Count);
        var keptX = new List<double>(Math.Min(n, 3 * buckets + 1));
        var keptY = new List<double>(keptX.Capacity);
        if (n <= 3 * buckets)
        {
            for (int i = 0; i < n; i++)
            {
                Add(i);
            }
            return ([.. keptX], [.. keptY]);
        }
        double size = (double)n / buckets;
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)(b * size);
            int end = b == buckets - 1 ? n : (int)((b + 1) * size);
            int lo = -1, hi = -1;
            for (int i = start; i < end; i++)
            {
                if (!double.IsFinite(y[i]) || !double.IsFinite(x[i]))
                {
                    continue;
                }
                if (lo < 0 || y[i] < y[lo])
                {
                    lo = i;
                }
                if (hi < 0 || y[i] > y[hi])
                {
                    hi = i;
                }
            }
            if (lo < 0)
            {
                continue;
            }
            int first = Math.Min(start, Math.Min(lo, hi));
            foreach (int i in new[] { first, lo, hi }.Distinct().Order())
            {
                Add(i);
            }
        }
        return ([.. keptX], [.. keptY]);

        void Add(int i)
        {
            if (double.IsFinite(x[i]) && double.IsFinite(y[i]))
            {
                keptX.Add(x[i]);
                keptY.Add(y[i]);
            }
        }
    }
}
