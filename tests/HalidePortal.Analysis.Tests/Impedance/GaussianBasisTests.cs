using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>The DRT's basis functions against brute-force quadrature (midpoint rule, 200 000 steps over +-12 in ln tau).</summary>
public sealed class GaussianBasisTests
{
    private static readonly GaussianBasis Basis = new([-1.0, -0.6, 0.3], 2.5);

    private static double Midpoint(Func<double, double> f)
    {
        const int steps = 200_000;
        const double from = -12, to = 12;
        var h = (to - from) / steps;
        double sum = 0;
        for (var k = 0; k < steps; k++)
        {
            sum += f(from + (k + 0.5) * h);
        }
        return sum * h;
    }

    private static double Phi(int m, double y) => Math.Exp(-Math.Pow(2.5 * (y - Basis.Centres[m]), 2));

    // phi' = -2 eps^2 (y - y_m) phi; phi'' = (4 eps^4 (y - y_m)^2 - 2 eps^2) phi. Relative tolerance 1e-8.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Penalty_ClosedForm_MatchesQuadratureOfDerivativeProducts(int derivative)
    {
        const double e2 = 2.5 * 2.5;
        double Derivative(int m, double y)
        {
            var d = y - Basis.Centres[m];
            return derivative == 1 ? -2 * e2 * d * Phi(m, y) : (4 * e2 * e2 * d * d - 2 * e2) * Phi(m, y);
        }

        var penalty = Basis.Penalty(derivative);

        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                var expected = Midpoint(y => Derivative(a, y) * Derivative(b, y));
                Assert.Equal(expected, penalty[a, b], Math.Abs(expected) * 1e-8 + 1e-12);
            }
        }
    }

    // A'(w) = int phi / (1 + (w tau)^2) d ln tau, A''(w) = -int phi w tau / (1 + (w tau)^2) d ln tau. Tolerance 1e-9.
    [Fact]
    public void Impedance_TrapezoidOnU_MatchesDirectQuadrature()
    {
        double[] omega = [1e-3, 0.7, 1, 3.3, 1e4];

        var (real, imag) = Basis.Impedance(omega);

        for (var i = 0; i < omega.Length; i++)
        {
            for (var m = 0; m < 3; m++)
            {
                var w = omega[i];
                var re = Midpoint(y => Phi(m, y) / (1 + w * w * Math.Exp(2 * y)));
                var im = -Midpoint(y => Phi(m, y) * w * Math.Exp(y) / (1 + w * w * Math.Exp(2 * y)));
                Assert.Equal(re, real[i, m], 1e-9);
                Assert.Equal(im, imag[i, m], 1e-9);
            }
        }
    }

    // Integral of one Gaussian over the whole axis is sqrt(pi) / eps.
    [Fact]
    public void Integral_WholeAxis_SqrtPiOverEpsilon()
    {
        Assert.Equal(Math.Sqrt(Math.PI) / 2.5 * 3, Basis.Integral([1, 1, 1], double.NegativeInfinity, double.PositiveInfinity), 1e-12);
    }
}
