using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>A smooth background under a pattern: the polynomial on the grid, its Chebyshev coefficients and passes.</summary>
public sealed record PolynomialBackgroundResult(double[] Background, IReadOnlyList<double> Coefficients, int Order, int Iterations);

/// <summary>
/// Iterated lower polynomial ("modpoly", Lieber and Mahadevan-Jansen 2003, Appl. Spectrosc. 57, 1363): the smooth
/// instrumental background under an amorphous halo, where a SNIP window wide enough to clip the halo also clips a
/// curved background near the ends of the scan.
/// </summary>
public static class PolynomialBackground
{
    /// <summary>
    /// z_0 = y; repeat: P_k = least-squares sum_j c_j T_j(t) of the given order through z_k (Chebyshev T_j,
    /// t = (2x - x_min - x_max) / (x_max - x_min)), z_{k+1} = min(z_k, P_k), until max |z_{k+1} - z_k| falls below
    /// 1e-4 max|y| or after maxIterations. The last P is returned: it lies under the halo and touches the
    /// background where the pattern has nothing else.
    /// </summary>
    public static PolynomialBackgroundResult Estimate(IReadOnlyList<double> twoThetaDeg, IReadOnlyList<double> intensity, int order, int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(twoThetaDeg);
        ArgumentNullException.ThrowIfNull(intensity);
        SnipBackground.MeanStep(twoThetaDeg, intensity.Count);
        if (order < 0 || order >= intensity.Count || maxIterations < 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a polynomial order from 0 to {intensity.Count - 1} and at least 1 iteration, got {order} and {maxIterations}."),
                nameof(order));
        }
        var n = intensity.Count;
        var basis = Chebyshev(twoThetaDeg, order);
        // Normal equations of the Chebyshev basis (well conditioned at these orders), factorised once.
        var gram = Matrix<double>.Build.Dense(order + 1, order + 1, (a, b) =>
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += basis[a][i] * basis[b][i];
            }
            return sum;
        });
        var cholesky = gram.Cholesky();
        var z = intensity.ToArray();
        var tolerance = 1e-4 * z.Max(Math.Abs);
        var coefficients = Vector<double>.Build.Dense(order + 1);
        var rhs = Vector<double>.Build.Dense(order + 1);
        var fit = new double[n];
        var iterations = 0;
        while (iterations < maxIterations)
        {
            iterations++;
            for (var k = 0; k <= order; k++)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    sum += basis[k][i] * z[i];
                }
                rhs[k] = sum;
            }
            coefficients = cholesky.Solve(rhs);
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var k = 0; k <= order; k++)
                {
                    sum += coefficients[k] * basis[k][i];
                }
                fit[i] = sum;
            }
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                if (fit[i] < z[i])
                {
                    change = Math.Max(change, z[i] - fit[i]);
                    z[i] = fit[i];
                }
            }
            if (change <= tolerance)
            {
                break;
            }
        }
        return new PolynomialBackgroundResult(fit, [.. coefficients], order, iterations);
    }

    /// <summary>T_0..T_order at t = (2x - x_min - x_max) / (x_max - x_min), by T_{k+1} = 2t T_k - T_{k-1}.</summary>
    internal static double[][] Chebyshev(IReadOnlyList<double> x, int order)
    {
        var n = x.Count;
        var xMin = x[0];
        var xMax = x[n - 1];
        var t = new double[order + 1][];
        for (var k = 0; k <= order; k++)
        {
            t[k] = new double[n];
        }
        for (var i = 0; i < n; i++)
        {
            var u = (2 * x[i] - xMin - xMax) / (xMax - xMin);
            t[0][i] = 1;
            if (order >= 1)
            {
                t[1][i] = u;
            }
            for (var k = 2; k <= order; k++)
            {
                t[k][i] = 2 * u * t[k - 1][i] - t[k - 2][i];
            }
        }
        return t;
    }
}
