using HalidePortal.Analysis.Compositions;
using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Tests.Compositions;

public sealed class NonNegativeLeastSquaresTests
{
    // Independent check: the Karush-Kuhn-Tucker conditions of min ||Ax - b|| s.t. x >= 0
    // (x >= 0, w = A^T(b - Ax) <= 0, w_j = 0 where x_j > 0); tolerance 1e-9.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Solve_RandomProblem_SatisfiesKkt(int seed)
    {
        var random = new Random(seed);
        var a = Matrix<double>.Build.Dense(8, 5, (_, _) => random.NextDouble() * 4 - 1);
        var b = Vector<double>.Build.Dense(8, _ => random.NextDouble() * 4 - 2);

        var result = NonNegativeLeastSquares.Solve(a, b);

        Assert.True(result.Converged);
        var w = a.TransposeThisAndMultiply(b - a * result.X);
        for (var j = 0; j < 5; j++)
        {
            Assert.True(result.X[j] >= 0);
            Assert.True(w[j] <= 1e-9);
            if (result.X[j] > 0)
            {
                Assert.Equal(0, w[j], 1e-9);
            }
        }
    }

    [Fact]
    public void Solve_ExactNonNegativeSolution_Recovered()
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 1, 4 }, { 0, 1 } });
        var b = Vector<double>.Build.Dense([2, 6, 1]);

        var result = NonNegativeLeastSquares.Solve(a, b);

        Assert.Equal(2, result.X[0], 1e-12);
        Assert.Equal(1, result.X[1], 1e-12);
        Assert.Equal(0, result.ResidualNorm, 1e-12);
    }
}
