using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Impedance;

/// <summary>
/// Gaussian radial basis functions phi_m(y) = exp(-(epsilon (y - y_m))^2) on y = ln tau, the expansion a DRT is
/// written in (Wan, Saccoccio, Chen, Ciucci, Electrochim. Acta 184 (2015) 483).
/// </summary>
internal sealed class GaussianBasis
{
    private const double Reach = 6.5; // phi = exp(-42) beyond epsilon |y - y_m| = 6.5: below double rounding of the sums.

    public GaussianBasis(double[] centres, double epsilon)
    {
        Centres = centres;
        Epsilon = epsilon;
    }

    /// <summary>Centres y_m = ln tau_m, ascending.</summary>
    public double[] Centres { get; }

    public double Epsilon { get; }

    /// <summary>gamma(y) = sum_m x_m phi_m(y).</summary>
    public double Evaluate(ReadOnlySpan<double> x, double y)
    {
        double sum = 0;
        for (var m = 0; m < Centres.Length; m++)
        {
            var d = Epsilon * (y - Centres[m]);
            if (Math.Abs(d) < Reach)
            {
                sum += x[m] * Math.Exp(-d * d);
            }
        }
        return sum;
    }

    /// <summary>Integral of gamma over [a, b] in y: sum_m x_m sqrt(pi) / (2 epsilon) (erf(epsilon (b - y_m)) - erf(epsilon (a - y_m))).</summary>
    public double Integral(ReadOnlySpan<double> x, double a, double b)
    {
        double sum = 0;
        for (var m = 0; m < Centres.Length; m++)
        {
            sum += x[m] * (Erf(Epsilon * (b - Centres[m])) - Erf(Epsilon * (a - Centres[m])));
        }
        return sum * Math.Sqrt(Math.PI) / (2 * Epsilon);
    }

    private static double Erf(double z) => double.IsPositiveInfinity(z) ? 1 : double.IsNegativeInfinity(z) ? -1 : MathNet.Numerics.SpecialFunctions.Erf(z);

    /// <summary>
    /// The impedance of each basis function at each angular frequency, for the unit coefficient:
    /// A'(w, m) = integral phi_m(y) / (1 + (w e^y)^2) dy and A''(w, m) = -integral phi_m(y) w e^y / (1 + (w e^y)^2) dy.
    /// With u = ln(w tau_m) and s = y - y_m both depend on u only: A' = integral phi(s) (1 - tanh(u + s)) / 2 ds,
    /// A'' = -integral phi(s) / (2 cosh(u + s)) ds, computed by the trapezoid rule (exponentially accurate for these
    /// smooth, fast-decaying integrands) and shared between the (w, m) pairs with the same u (log-spaced grids).
    /// </summary>
    public (double[,] Real, double[,] Imag) Impedance(IReadOnlyList<double> omega)
    {
        var half = Reach / Epsilon;
        var step = Math.Min(1 / Epsilon, 1.0) / 10;
        var nodes = (int)Math.Ceiling(half / step);
        step = half / nodes;
        var s = new double[2 * nodes + 1];
        var weight = new double[2 * nodes + 1];
        for (var k = 0; k < s.Length; k++)
        {
            s[k] = (k - nodes) * step;
            weight[k] = step * Math.Exp(-(Epsilon * s[k]) * (Epsilon * s[k]));
        }
        var known = new Dictionary<double, (double, double)>();
        var real = new double[omega.Count, Centres.Length];
        var imag = new double[omega.Count, Centres.Length];
        for (var i = 0; i < omega.Count; i++)
        {
            var lnOmega = Math.Log(omega[i]);
            for (var m = 0; m < Centres.Length; m++)
            {
                var u = lnOmega + Centres[m];
                var key = Math.Round(u, 10);
                if (!known.TryGetValue(key, out var value))
                {
                    double re = 0, im = 0;
                    for (var k = 0; k < s.Length; k++)
                    {
                        var v = u + s[k];
                        re += weight[k] * 0.5 * (1 - Math.Tanh(v));
                        im -= weight[k] * 0.5 / Math.Cosh(v);
                    }
                    value = (re, im);
                    known[key] = value;
                }
                (real[i, m], imag[i, m]) = value;
            }
        }
        return (real, imag);
    }

    /// <summary>
    /// Penalty matrix P_mn = integral phi_m^(d)(y) phi_n^(d)(y) dy over the whole axis, so that x^T P x is the squared
    /// L2 norm of gamma's d-th derivative. With C(D) = sqrt(pi/2)/epsilon exp(-s D^2), s = epsilon^2/2, D = y_m - y_n:
    /// d = 1: -C''(D) = sqrt(pi/2)/epsilon (2s - 4 s^2 D^2) e^(-s D^2); d = 2: C''''(D) = sqrt(pi/2)/epsilon
    /// (16 s^4 D^4 - 48 s^3 D^2 + 12 s^2) e^(-s D^2).
    /// </summary>
    public Matrix<double> Penalty(int derivative)
    {
        var n = Centres.Length;
        var scale = Math.Sqrt(Math.PI / 2) / Epsilon;
        var sv = Epsilon * Epsilon / 2;
        return Matrix<double>.Build.Dense(n, n, (a, b) =>
        {
            var d2 = (Centres[a] - Centres[b]) * (Centres[a] - Centres[b]);
            var g = Math.Exp(-sv * d2);
            return derivative == 1
                ? scale * (2 * sv - 4 * sv * sv * d2) * g
                : scale * (16 * sv * sv * sv * sv * d2 * d2 - 48 * sv * sv * sv * d2 + 12 * sv * sv) * g;
        });
    }
}
