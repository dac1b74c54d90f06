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

    /// <summary>
    /// Largest-Triangle-Three-Buckets (S. Steinarsson, "Downsampling Time Series for Visual Representation", MSc thesis,
    /// University of Iceland, 2013): keeps the first and last point and, from each of <paramref name="threshold"/> − 2
    /// equal runs of the points between, the one forming the largest triangle with the point kept before it and the mean
    /// of the next run, area = |(xa − x̄)(y − ya) − (xa − x)(ȳ − ya)| / 2. Non-finite points are dropped first; a series
    /// of at most <paramref name="threshold"/> finite points comes back as it is. Point order is kept.
    /// </summary>
    public static (double[] X, double[] Y) Lttb(IReadOnlyList<double> x, IReadOnlyList<double> y, int threshold)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 2);
        var (fx, fy) = Finite(x, y);
        int n = fx.Length;
        if (n <= threshold)
        {
            return (fx, fy);
        }
        var keptX = new double[threshold];
        var keptY = new double[threshold];
        keptX[0] = fx[0];
        keptY[0] = fy[0];
        double every = (double)(n - 2) / (threshold - 2);
        int a = 0;
        for (int i = 0; i < threshold - 2; i++)
        {
            int nextStart = (int)Math.Floor((i + 1) * every) + 1;
            int nextEnd = Math.Min((int)Math.Floor((i + 2) * every) + 1, n);
            double meanX = 0, meanY = 0;
            for (int j = nextStart; j < nextEnd; j++)
            {
                meanX += fx[j];
                meanY += fy[j];
            }
            int count = Math.Max(1, nextEnd - nextStart);
            meanX /= count;
            meanY /= count;

            int start = (int)Math.Floor(i * every) + 1;
            int end = (int)Math.Floor((i + 1) * every) + 1;
            double best = -1;
            int chosen = start;
            for (int j = start; j < end; j++)
            {
                double area = Math.Abs((fx[a] - meanX) * (fy[j] - fy[a]) - (fx[a] - fx[j]) * (meanY - fy[a])) / 2;
                if (area > best)
                {
                    best = area;
                    chosen = j;
                }
            }
            keptX[i + 1] = fx[chosen];
            keptY[i + 1] = fy[chosen];
            a = chosen;
        }
        keptX[^1] = fx[n - 1];
        keptY[^1] = fy[n - 1];
        return (keptX, keptY);
    }

    /// <summary>
    /// The points with <paramref name="x0"/> ≤ x ≤ <paramref name="x1"/>, plus the neighbour just outside on each side so a
    /// line still reaches the window's edges; order is kept. For x sorted ascending (cycles, capacity, 2θ) the window is
    /// found by binary search and is one contiguous slice; any other order (Nyquist, a discharge branch against voltage)
    /// is filtered point by point. Non-finite points are dropped.
    /// </summary>
    public static (double[] X, double[] Y) Window(IReadOnlyList<double> x, IReadOnlyList<double> y, double x0, double x1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x1 < x0)
        {
            (x0, x1) = (x1, x0);
        }
        var (fx, fy) = Finite(x, y);
        int n = fx.Length;
        if (IsAscending(fx))
        {
            int first = LowerBound(fx, x0);
            int last = LowerBound(fx, Math.BitIncrement(x1)) - 1;
            if (last < first && (first == 0 || first == n))
            {
                return ([], []);
            }
            // With nothing inside, the two points either side of the window still draw the line through it.
            first = Math.Max(first - 1, 0);
            last = Math.Min(Math.Max(last, first) + 1, n - 1);
            return (fx[first..(last + 1)], fy[first..(last + 1)]);
        }
        var keptX = new List<double>();
        var keptY = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (Inside(i) || (i > 0 && Inside(i - 1)) || (i < n - 1 && Inside(i + 1)))
            {
                keptX.Add(fx[i]);
                keptY.Add(fy[i]);
            }
        }
        return ([.. keptX], [.. keptY]);

        bool Inside(int i) => fx[i] >= x0 && fx[i] <= x1;
    }

    /// <summary>
    /// What a chart gets: the <see cref="Window"/> [<paramref name="x0"/>, <paramref name="x1"/>] when one is given (the
    /// visible range after a zoom), reduced by <see cref="Lttb"/> to at most <paramref name="maxPoints"/> points.
    /// </summary>
    public static (double[] X, double[] Y) Reduce(IReadOnlyList<double> x, IReadOnlyList<double> y, int maxPoints, double? x0 = null, double? x1 = null)
    {
        var (wx, wy) = x0 is { } lo && x1 is { } hi ? Window(x, y, lo, hi) : Finite(x, y);
        return Lttb(wx, wy, maxPoints);
    }

    private static (double[] X, double[] Y) Finite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        int n = Math.Min(x.Count, y.Count);
        var keptX = new List<double>(n);
        var keptY = new List<double>(n);
        for (int i = 0; i < n; i++)
        {
            if (double.IsFinite(x[i]) && double.IsFinite(y[i]))
            {
                keptX.Add(x[i]);
                keptY.Add(y[i]);
            }
        }
        return ([.. keptX], [.. keptY]);
    }

    private static bool IsAscending(double[] x)
    {
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] < x[i - 1])
            {
                return false;
            }
        }
        return true;
    }

    // First index whose value is at least the given one.
    private static int LowerBound(double[] x, double value)
    {
        int lo = 0, hi = x.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (x[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
