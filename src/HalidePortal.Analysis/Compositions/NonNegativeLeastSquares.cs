using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Compositions;

/// <summary>Outcome of <see cref="NonNegativeLeastSquares.Solve"/>.</summary>
internal sealed record NnlsResult(Vector<double> X, double ResidualNorm, int Iterations, bool Converged);

/// <summary>
/// Lawson-Hanson active-set method for min ||A x - b||2 subject to x &gt;= 0
/// (Lawson &amp; Hanson, Solving Least Squares Problems, 1974, ch. 23). Expects A of full column rank.
/// </summary>
internal static class NonNegativeLeastSquares
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static NnlsResult Solve(Matrix<double> a, Vector<double> b)
    {
        var n = a.ColumnCount;
        var maxIterations = 3 * n + 10;
        var tolerance = 10 * MachineEpsilon * a.L1Norm() * Math.Max(a.RowCount, n);
        var x = Vector<double>.Build.Dense(n);
        var passive = new bool[n];
        var blocked = new bool[n];
        var iterations = 0;
        var gradient = a.TransposeThisAndMultiply(b - a * x);
        while (true)
        {
            var t = -1;
            var best = tolerance;
            for (var j = 0; j < n; j++)
            {
                if (!passive[j] && !blocked[j] && gradient[j] > best)
                {
                    t = j;
                    best = gradient[j];
                }
            }

            if (t < 0)
            {
                return new NnlsResult(x, (a * x - b).L2Norm(), iterations, Converged: true);
            }

            passive[t] = true;
            var first = true;
            while (true)
            {
                if (++iterations > maxIterations)
                {
                    return new NnlsResult(x, (a * x - b).L2Norm(), iterations, Converged: false);
                }

                var s = SolvePassive(a, b, passive);
                if (first && s[t] <= 0)
                {
                    // Rounding made the chosen column look useful; skip it until x moves (Bro & de Jong guard).
                    passive[t] = false;
                    blocked[t] = true;
                    break;
                }

                first = false;
                if (Enumerable.Range(0, n).All(j => !passive[j] || s[j] > 0))
                {
                    x = s;
                    Array.Clear(blocked);
                    break;
                }

                // Step from x towards s until the first passive variable reaches zero, then free it.
                var alpha = Enumerable.Range(0, n)
                    .Where(j => passive[j] && s[j] <= 0)
                    .Min(j => x[j] / (x[j] - s[j]));
                x += alpha * (s - x);
                Array.Clear(blocked);
                for (var j = 0; j < n; j++)
                {
                    if (passive[j] && x[j] <= tolerance)
                    {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }

            gradient = a.TransposeThisAndMultiply(b - a * x);
        }
    }

    // Unconstrained least squares on the passive columns (Householder QR), zero elsewhere.
    private static Vector<double> SolvePassive(Matrix<double> a, Vector<double> b, bool[] passive)
    {
        var columns = Enumerable.Range(0, passive.Length).Where(j => passive[j]).ToArray();
        var sub = Matrix<double>.Build.DenseOfColumnVectors(columns.Select(a.Column));
        var solved = sub.QR().Solve(b);
        var s = Vector<double>.Build.Dense(passive.Length);
        for (var k = 0; k < columns.Length; k++)
        {
            s[columns[k]] = solved[k];
        }

        return s;
    }
}
