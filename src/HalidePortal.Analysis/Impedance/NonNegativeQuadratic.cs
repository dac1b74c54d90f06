using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Impedance;

/// <summary>
/// min 1/2 x^T H x - c^T x subject to x &gt;= 0 for a symmetric positive definite H: the Lawson-Hanson active-set
/// method on the normal equations (H = A^T A + lambda M, c = A^T b), as in Bro &amp; de Jong's fast NNLS
/// (J. Chemometrics 11 (1997) 393). Works on the Gram matrix so each lambda of a DRT costs n x n work, not rows x n.
/// Starts from the unconstrained solution with its non-positive variables dropped (repeatedly), which is feasible and
/// saves the one-variable-at-a-time climb when most variables end up positive; the active-set loop then restores the
/// optimality conditions exactly.
/// </summary>
internal static class NonNegativeQuadratic
{
    public static (Vector<double> X, int Iterations, bool Converged) Solve(Matrix<double> h, Vector<double> c)
    {
        var n = c.Count;
        var maxIterations = 3 * n + 10;
        var tolerance = 1e-12 * Math.Max(c.AbsoluteMaximum(), double.Epsilon);
        var x = Vector<double>.Build.Dense(n);
        var passive = new bool[n];
        var blocked = new bool[n];
        var iterations = 0;
        Array.Fill(passive, true);
        while (passive.Any(p => p))
        {
            iterations++;
            var s = SolvePassive(h, c, passive);
            var dropped = false;
            for (var j = 0; j < n; j++)
            {
                if (passive[j] && !(s[j] > 0))
                {
                    passive[j] = false;
                    dropped = true;
                }
            }
            if (!dropped)
            {
                x = s;
                break;
            }
        }
        var gradient = c - h * x;
        while (true)
        {
            var t = -1;
            var best = tolerance;
            for (var j = 0; j < n; j++)
            {
                if (!passive[j] && !blocked[j] && gradient[j] > best)
                {
                    (t, best) = (j, gradient[j]);
                }
            }
            if (t < 0)
            {
                return (x, iterations, true);
            }

            passive[t] = true;
            var first = true;
            while (true)
            {
                if (++iterations > maxIterations)
                {
                    return (x, iterations, false);
                }
                var s = SolvePassive(h, c, passive);
                if (first && s[t] <= 0)
                {
                    // Rounding made the chosen variable look useful; leave it out until x moves.
                    passive[t] = false;
                    blocked[t] = true;
                    break;
                }
                first = false;
                var alpha = 1.0;
                for (var j = 0; j < n; j++)
                {
                    if (passive[j] && s[j] <= 0)
                    {
                        alpha = Math.Min(alpha, x[j] / (x[j] - s[j]));
                    }
                }
                if (alpha >= 1)
                {
                    x = s;
                    Array.Clear(blocked);
                    break;
                }
                // Step towards s until the first passive variable reaches zero; that one leaves the passive set.
                x += alpha * (s - x);
                Array.Clear(blocked);
                for (var j = 0; j < n; j++)
                {
                    if (passive[j] && x[j] <= 1e-14 * Math.Max(1, Math.Abs(s[j])))
                    {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
            gradient = c - h * x;
        }
    }

    // H_PP s_P = c_P by Cholesky, zero outside the passive set.
    private static Vector<double> SolvePassive(Matrix<double> h, Vector<double> c, bool[] passive)
    {
        var index = new List<int>(passive.Length);
        for (var j = 0; j < passive.Length; j++)
        {
            if (passive[j])
            {
                index.Add(j);
            }
        }
        var sub = Matrix<double>.Build.Dense(index.Count, index.Count);
        var rhs = Vector<double>.Build.Dense(index.Count);
        for (var r = 0; r < index.Count; r++)
        {
            rhs[r] = c[index[r]];
            for (var k = 0; k < index.Count; k++)
            {
                sub[r, k] = h[index[r], index[k]];
            }
        }
        var solved = sub.Cholesky().Solve(rhs);
        var s = Vector<double>.Build.Dense(passive.Length);
        for (var k = 0; k < index.Count; k++)
        {
            s[index[k]] = solved[k];
        }
        return s;
    }
}
