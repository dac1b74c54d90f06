using HalidePortal.Analysis.Impedance;
using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>The Gram-form NNLS against its optimality (Karush-Kuhn-Tucker) conditions, which identify the unique minimum.</summary>
public sealed class NonNegativeQuadraticTests
{
    // min 1/2 x^T H x - c^T x, x >= 0, H = A^T A (A 120 x 60, seeded). At the minimum: x >= 0, w = c - H x <= 0 where
    // x = 0 and w = 0 where x > 0 (tolerance 1e-9 of max |c|).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Solve_RandomProblem_MeetsOptimalityConditions(int seed)
    {
        var random = new Random(seed);
        var a = Matrix<double>.Build.Dense(120, 60, (_, _) => random.NextDouble() - 0.5);
        var b = Vector<double>.Build.Dense(120, _ => random.NextDouble() - 0.3);
        var h = a.TransposeThisAndMultiply(a);
        var c = a.TransposeThisAndMultiply(b);

        var (x, _, converged) = NonNegativeQuadratic.Solve(h, c);

        Assert.True(converged);
        var w = c - h * x;
        var tolerance = 1e-9 * c.AbsoluteMaximum();
        for (var j = 0; j < x.Count; j++)
        {
            Assert.True(x[j] >= 0);
            Assert.True(x[j] > 0 ? Math.Abs(w[j]) < tolerance : w[j] < tolerance, $"variable {j}");
        }
        Assert.Contains(x, v => v == 0);
        Assert.Contains(x, v => v > 0);
    }
}
