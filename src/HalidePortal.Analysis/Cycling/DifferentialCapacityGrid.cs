using System.Globalization;

namespace HalidePortal.Analysis.Cycling;

/// <summary>Binned, area-preserving dQ/dV with Gaussian smoothing (see <see cref="CyclingAnalysis.DifferentialCapacity"/>).</summary>
internal static class DifferentialCapacityGrid
{
    private const int MaxBins = 1_000_000;

    public static DifferentialCapacityCurve Compute(VoltageCapacityBranch branch, double stepV, double smoothingV)
    {
        if (!(stepV > 0) || !double.IsFinite(stepV))
        {
            throw new ArgumentException("grid step must be above 0 V", nameof(stepV));
        }
        if (!(smoothingV >= 0) || !double.IsFinite(smoothingV))
        {
            throw new ArgumentException("smoothing must be 0 V or more", nameof(smoothingV));
        }
        var v = branch.VoltageV;
        var q = branch.CapacityMAh;
        if (v.Length < 2)
        {
            throw new ArgumentException("a branch needs at least two rows for dQ/dV", nameof(branch));
        }

        double min = v.Min(), max = v.Max();
        double low = Math.Floor(min / stepV) * stepV;
        double bins = Math.Max(1, Math.Ceiling((max - low) / stepV - 1e-9));
        if (bins > MaxBins)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{min}-{max} V in {stepV} V steps needs more than {MaxBins} bins"), nameof(stepV));
        }
        var charge = new double[(int)bins];
        for (int i = 1; i < v.Length; i++)
        {
            double dq = q[i] - q[i - 1];
            if (double.IsFinite(dq) && dq != 0)
            {
                Spread(charge, low, stepV, Math.Min(v[i - 1], v[i]), Math.Max(v[i - 1], v[i]), dq);
            }
        }

        double sign = branch.Kind == StepKind.Discharge ? -1 : 1;
        var density = charge.Select(c => sign * c / stepV).ToArray();
        var smoothed = smoothingV > 0 ? Smooth(density, smoothingV / stepV) : density;
        var grid = Enumerable.Range(0, charge.Length).Select(k => low + (k + 0.5) * stepV).ToArray();
        return new DifferentialCapacityCurve(branch.Cycle, branch.Kind, grid, smoothed, stepV, smoothingV,
            CyclingAnalysis.DifferentialCapacityAlgorithmVersion);
    }

    /// <summary>Adds dq to the bins [a, b] covers, in proportion to the overlap; a point interval goes to its bin.</summary>
    private static void Spread(double[] bins, double low, double step, double a, double b, double dq)
    {
        int first = Bin(bins, low, step, a), last = Bin(bins, low, step, b);
        if (first == last || b - a < 1e-12)
        {
            bins[first] += dq;
            return;
        }
        for (int k = first; k <= last; k++)
        {
            double from = Math.Max(a, low + k * step), to = Math.Min(b, low + (k + 1) * step);
            if (to > from)
            {
                bins[k] += dq * (to - from) / (b - a);
            }
        }
    }

    private static int Bin(double[] bins, double low, double step, double v) =>
        Math.Clamp((int)Math.Floor((v - low) / step), 0, bins.Length - 1);

    private static double[] Smooth(double[] values, double sigmaBins)
    {
        if (sigmaBins < 0.25)
        {
            return values;
        }
        int half = (int)Math.Ceiling(3 * sigmaBins);
        var kernel = new double[2 * half + 1];
        for (int j = -half; j <= half; j++)
        {
            kernel[j + half] = Math.Exp(-0.5 * j * j / (sigmaBins * sigmaBins));
        }
        var result = new double[values.Length];
        for (int k = 0; k < values.Length; k++)
        {
            double sum = 0, weight = 0;
            for (int j = Math.Max(-half, -k); j <= half && k + j < values.Length; j++)
            {
                sum += kernel[j + half] * values[k + j];
                weight += kernel[j + half];
            }
            result[k] = sum / weight;
        }
        return result;
    }
}
