namespace HalidePortal.Analysis.Voltammetry;

/// <summary>Spike removal for sweeps before slopes are taken from them.</summary>
public static class RunningMedian
{
    /// <summary>
    /// y'[i] = median of y[i-h .. i+h], the window shrunk symmetrically at the ends (y'[0] = y[0]). A spike of up to h
    /// points is removed, while a monotonic stretch is returned unchanged (there the median of a window is its centre).
    /// </summary>
    public static double[] Filter(IReadOnlyList<double> values, int halfWidth)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(halfWidth);
        int n = values.Count;
        var result = new double[n];
        var window = new double[2 * halfWidth + 1];
        for (int i = 0; i < n; i++)
        {
            int h = Math.Min(halfWidth, Math.Min(i, n - 1 - i));
            for (int k = -h; k <= h; k++)
            {
                window[k + h] = values[i + k];
            }
            Array.Sort(window, 0, 2 * h + 1);
            result[i] = window[h];
        }
        return result;
    }
}
