using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace HalidePortal.Analysis.Impedance;

/// <summary>Which parts of the impedance the DRT is fitted to.</summary>
public enum DrtDataPart
{
    /// <summary>Z' and Z'' together (R_inf and L both determined).</summary>
    Both = 0,
    /// <summary>Z' only: L is not seen and stays 0.</summary>
    Real = 1,
    /// <summary>Z'' only: R_inf is not seen and is set afterwards to max(0, mean_i (Z'_i - Z'_DRT(f_i))).</summary>
    Imaginary = 2,
}

/// <summary>Options of <see cref="DistributionOfRelaxationTimes.Compute"/>; defaults follow DRTtools.</summary>
public sealed record DrtOptions
{
    /// <summary>Fixed regularisation parameter; null = chosen by generalised cross-validation.</summary>
    public double? Lambda { get; init; }

    /// <summary>Order of the derivative of gamma that is penalised: 1 (default) or 2.</summary>
    public int Derivative { get; init; } = 1;

    public DrtDataPart Part { get; init; } = DrtDataPart.Both;

    /// <summary>
    /// Width of the Gaussians: epsilon = coefficient 2 sqrt(ln 2) / delta, delta the mean spacing of ln tau_m, i.e.
    /// the full width at half maximum is delta / coefficient.
    /// </summary>
    public double FwhmCoefficient { get; init; } = 0.5;

    /// <summary>A non-negative series inductance L among the unknowns.</summary>
    public bool IncludeInductance { get; init; } = true;

    /// <summary>
    /// Decades of extra centres (at the data's spacing) beyond the data's time constants on each side. Arcs and
    /// diffusion tails that run past the measured range need them; without, GCV drifts to the smallest lambda trying
    /// to fit the cut-off tail.
    /// </summary>
    public double ExtendDecades { get; init; } = 1;

    /// <summary>Range and density (points per decade) of the GCV grid in lambda, searched from LambdaMax down.</summary>
    public double LambdaMax { get; init; } = 1;

    public double LambdaMin { get; init; } = 1e-8;

    public int GridPointsPerDecade { get; init; } = 4;

    /// <summary>Density of the output tau grid, which spans the centres and half a decade beyond each end.</summary>
    public int OutputPointsPerDecade { get; init; } = 20;

    /// <summary>
    /// Weight each point by s / |Z_i| (s = root mean square of |Z_i|, so lambda keeps the scale of the unweighted
    /// problem): residuals of noise proportional to |Z| then have one variance, which GCV assumes. False: unweighted.
    /// </summary>
    public bool ModulusWeighting { get; init; } = true;

    /// <summary>Peaks lower than this fraction of the highest gamma are not reported.</summary>
    public double PeakThreshold { get; init; } = 0.05;
}

/// <summary>A peak of the DRT: where gamma has a local maximum and the resistance under it.</summary>
/// <param name="TauS">Time constant of the maximum.</param>
/// <param name="FrequencyHz">1 / (2 pi tau).</param>
/// <param name="GammaOhm">gamma at the maximum.</param>
/// <param name="ResistanceOhm">Integral of gamma d ln tau between the minima on either side (the outermost peaks to +-infinity).</param>
public sealed record DrtPeak(double TauS, double FrequencyHz, double GammaOhm, double ResistanceOhm);

/// <summary>One point of the generalised cross-validation curve.</summary>
public sealed record GcvPoint(double Lambda, double Score);

/// <summary>
/// A distribution of relaxation times. GammaOhm[k] is gamma(ln TauS[k]) in Ohm (its integral over ln tau is a
/// resistance); FitReal/FitImag is the model impedance at the given frequencies (given order) and ResidualsReal/Imag
/// the data minus it in Ohm; RelativeMisfit = sqrt(mean_i |Z_i - Z_fit,i|^2 / |Z_i|^2). Gcv is empty for a fixed
/// lambda. Coefficients are x_m of the Gaussians centred at CentresTauS, of shape factor Epsilon.
/// </summary>
public sealed record DrtResult(
    IReadOnlyList<double> TauS,
    IReadOnlyList<double> GammaOhm,
    double SeriesResistanceOhm,
    double InductanceH,
    double Lambda,
    bool LambdaFromGcv,
    IReadOnlyList<GcvPoint> Gcv,
    IReadOnlyList<DrtPeak> Peaks,
    double PolarisationResistanceOhm,
    IReadOnlyList<double> FitReal,
    IReadOnlyList<double> FitImag,
    IReadOnlyList<double> ResidualsReal,
    IReadOnlyList<double> ResidualsImag,
    double RelativeMisfit,
    IReadOnlyList<double> CentresTauS,
    IReadOnlyList<double> Coefficients,
    double Epsilon,
    bool Converged,
    string AlgorithmVersion);

/// <summary>Tikhonov-regularised distribution of relaxation times of an impedance spectrum.</summary>
public static class DistributionOfRelaxationTimes
{
    public const string AlgorithmVersion = "drt-rbf-gcv/1";

    private const double GoldenRatio = 0.6180339887498949;

    /// <summary>
    /// Z(w) = R_inf + j w L + integral gamma(ln tau) / (1 + j w tau) d ln tau with gamma(y) = sum_m x_m
    /// exp(-(epsilon (y - ln tau_m))^2), tau_m = 1 / (2 pi f_m) at the data's frequencies. Minimises
    /// ||Z_data - A x||^2 + lambda x^T P x over x = (R_inf, L, x_1..x_M) &gt;= 0 (real and imaginary rows stacked,
    /// unweighted, in Ohm), P the integral of the squared first or second derivative of gamma (R_inf and L free of
    /// penalty). lambda: fixed, or the minimum of GCV(lambda) = n ||(I - K) b||^2 / tr(I - K)^2,
    /// K = A (A^T A + lambda P)^-1 A^T (n rows), searched on a log grid from LambdaMax down to LambdaMin and refined by a
    /// golden-section search in log lambda around the best grid point. The final x is the non-negative solution.
    /// </summary>
    public static DrtResult Compute(
        IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag, DrtOptions? options = null)
    {
        options ??= new DrtOptions();
        SpectrumInput.Check(frequencies, zReal, zImag, minimumPoints: 5);
        CheckOptions(options);
        var n = frequencies.Count;
        var omega = frequencies.Select(f => 2 * Math.PI * f).ToArray();
        var (basis, aReal, aImag) = Kernel(frequencies, omega, options);
        var m = basis.Centres.Length;

        // Unknowns: R_inf (unless imaginary only), L (if wanted and not real only), then x_1..x_M.
        var withR = options.Part != DrtDataPart.Imaginary;
        var withL = options.IncludeInductance && options.Part != DrtDataPart.Real;
        var useReal = options.Part != DrtDataPart.Imaginary;
        var useImag = options.Part != DrtDataPart.Real;
        var offset = (withR ? 1 : 0) + (withL ? 1 : 0);
        var columns = offset + m;
        var rows = new List<(int Point, bool Imaginary)>();
        for (var i = 0; i < n; i++)
        {
            if (useReal)
            {
                rows.Add((i, false));
            }
            if (useImag)
            {
                rows.Add((i, true));
            }
        }
        var modulus = Enumerable.Range(0, n).Select(i => Math.Sqrt(zReal[i] * zReal[i] + zImag[i] * zImag[i])).ToArray();
        var rms = Math.Sqrt(modulus.Average(z => z * z));
        var weight = modulus.Select(z => options.ModulusWeighting && z > 0 ? rms / z : 1).ToArray();
        var a = Matrix<double>.Build.Dense(rows.Count, columns);
        var b = Vector<double>.Build.Dense(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var (i, isImag) = rows[r];
            b[r] = isImag ? zImag[i] : zReal[i];
            var c = 0;
            if (withR)
            {
                a[r, c++] = isImag ? 0 : 1;
            }
            if (withL)
            {
                a[r, c++] = isImag ? omega[i] : 0;
            }
            for (var k = 0; k < m; k++)
            {
                a[r, offset + k] = isImag ? aImag[i, k] : aReal[i, k];
            }
            b[r] *= weight[i];
            a.SetRow(r, a.Row(r) * weight[i]);
        }
        var penalty = Matrix<double>.Build.Dense(columns, columns);
        penalty.SetSubMatrix(offset, offset, basis.Penalty(options.Derivative));

        // Columns scaled to unit length (L's column is ~1e6 times the others'); x = D^-1 x_scaled.
        var scale = Vector<double>.Build.Dense(columns, j => a.Column(j).L2Norm() is > 0 and var s ? s : 1);
        for (var j = 0; j < columns; j++)
        {
            a.SetColumn(j, a.Column(j) / scale[j]);
        }
        for (var j = 0; j < columns; j++)
        {
            for (var k = 0; k < columns; k++)
            {
                penalty[j, k] /= scale[j] * scale[k];
            }
        }
        var problem = new Problem(a, b, penalty);

        var gcv = new List<GcvPoint>();
        double lambda;
        if (options.Lambda is { } fixedLambda)
        {
            lambda = fixedLambda;
        }
        else
        {
            lambda = SearchLambda(problem, options, gcv);
        }

        var (xs, _, converged) = NonNegativeQuadratic.Solve(problem.Hessian(lambda), problem.Gradient);
        var x = xs.PointwiseDivide(scale);
        var rInf = withR ? x[0] : 0;
        var inductance = withL ? x[withR ? 1 : 0] : 0;
        var coefficients = x.SubVector(offset, m).ToArray();
        var fitReal = new double[n];
        var fitImag = new double[n];
        for (var i = 0; i < n; i++)
        {
            double re = 0, im = omega[i] * inductance;
            for (var k = 0; k < m; k++)
            {
                re += coefficients[k] * aReal[i, k];
                im += coefficients[k] * aImag[i, k];
            }
            fitReal[i] = re;
            fitImag[i] = im;
        }
        if (!withR)
        {
            rInf = Math.Max(0, Enumerable.Range(0, n).Average(i => zReal[i] - fitReal[i]));
        }
        double misfit = 0;
        var residualReal = new double[n];
        var residualImag = new double[n];
        for (var i = 0; i < n; i++)
        {
            fitReal[i] += rInf;
            residualReal[i] = zReal[i] - fitReal[i];
            residualImag[i] = zImag[i] - fitImag[i];
            misfit += (residualReal[i] * residualReal[i] + residualImag[i] * residualImag[i]) / (zReal[i] * zReal[i] + zImag[i] * zImag[i]);
        }

        var (tau, gamma) = Output(basis, coefficients, options.OutputPointsPerDecade);
        var peaks = Peaks(basis, coefficients, tau, gamma, options.PeakThreshold);
        var total = basis.Integral(coefficients, double.NegativeInfinity, double.PositiveInfinity);
        return new DrtResult(
            tau, gamma, rInf, inductance, lambda, options.Lambda is null, gcv, peaks, total,
            fitReal, fitImag, residualReal, residualImag, Math.Sqrt(misfit / n),
            [.. basis.Centres.Select(Math.Exp)], coefficients, basis.Epsilon, converged, AlgorithmVersion);
    }

    private static void CheckOptions(DrtOptions options)
    {
        FormattableString? problem = options switch
        {
            { Derivative: not (1 or 2) } => $"Derivative must be 1 or 2, got {options.Derivative}",
            { Lambda: <= 0 or double.NaN or double.PositiveInfinity } => $"Lambda must be positive and finite, got {options.Lambda}",
            { FwhmCoefficient: not > 0 } => $"FwhmCoefficient must be positive, got {options.FwhmCoefficient}",
            { ExtendDecades: not >= 0 } => $"ExtendDecades must be 0 or more, got {options.ExtendDecades}",
            { LambdaMin: not > 0 } or { LambdaMax: double.NaN or double.PositiveInfinity } => $"need 0 < LambdaMin < LambdaMax < infinity, got {options.LambdaMin} and {options.LambdaMax}",
            _ when !(options.LambdaMin < options.LambdaMax) => $"need 0 < LambdaMin < LambdaMax < infinity, got {options.LambdaMin} and {options.LambdaMax}",
            { GridPointsPerDecade: < 1 } or { OutputPointsPerDecade: < 1 } => $"GridPointsPerDecade and OutputPointsPerDecade must be at least 1",
            { PeakThreshold: not (>= 0 and < 1) } => $"PeakThreshold must lie in [0, 1), got {options.PeakThreshold}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ArgumentException(problem.ToString(CultureInfo.InvariantCulture), nameof(options));
        }
    }

    private sealed record KernelEntry(double[] Frequencies, double Coefficient, double ExtendDecades, GaussianBasis Basis, double[,] Real, double[,] Imag);

    // The last grid's basis and its impedance integrals: a temperature series or an in-situ EIS run repeats one
    // frequency grid, and the integrals depend on nothing else. Immutable entries swapped atomically.
    private static KernelEntry? lastKernel;

    private static (GaussianBasis Basis, double[,] Real, double[,] Imag) Kernel(IReadOnlyList<double> frequencies, double[] omega, DrtOptions options)
    {
        var f = frequencies.ToArray();
        var entry = Volatile.Read(ref lastKernel);
        if (entry is null || entry.Coefficient != options.FwhmCoefficient || entry.ExtendDecades != options.ExtendDecades
            || !entry.Frequencies.AsSpan().SequenceEqual(f))
        {
            var basis = Basis(frequencies, options);
            var (real, imag) = basis.Impedance(omega);
            entry = new KernelEntry(f, options.FwhmCoefficient, options.ExtendDecades, basis, real, imag);
            Volatile.Write(ref lastKernel, entry);
        }
        return (entry.Basis, entry.Real, entry.Imag);
    }

    /// <summary>Centres at ln(1/(2 pi f)) of the distinct frequencies, extended at the mean spacing; epsilon from the FWHM coefficient.</summary>
    private static GaussianBasis Basis(IReadOnlyList<double> frequencies, DrtOptions options)
    {
        var centres = frequencies.Select(f => -Math.Log(2 * Math.PI * f)).Distinct().Order().ToList();
        if (centres.Count < 2)
        {
            throw new ArgumentException("a DRT needs at least two distinct frequencies", nameof(frequencies));
        }
        var spacing = (centres[^1] - centres[0]) / (centres.Count - 1);
        var extra = (int)Math.Ceiling(options.ExtendDecades * Math.Log(10) / spacing - 1e-9);
        var low = centres[0];
        var high = centres[^1];
        for (var k = 1; k <= extra; k++)
        {
            centres.Insert(0, low - k * spacing);
            centres.Add(high + k * spacing);
        }
        return new GaussianBasis([.. centres], options.FwhmCoefficient * 2 * Math.Sqrt(Math.Log(2)) / spacing);
    }

    /// <summary>
    /// The stacked least-squares problem in scaled variables: A, b, penalty P, with G = A^T A and c = A^T b kept.
    /// For GCV, G and P are diagonalised together once: with B = G + rho P = L L^T (rho = tr G / tr P balances the two)
    /// and L^-1 G L^-T = Q diag(g) Q^T, V = L^-T Q gives V^T G V = diag(g) and V^T (rho P) V = diag(1 - g), so
    /// H(lambda)^-1 = V diag(1 / (g + (lambda / rho)(1 - g))) V^T and each lambda costs rows x n work, not n^3.
    /// </summary>
    private sealed class Problem
    {
        private readonly Vector<double> b;
        private readonly Matrix<double> gram;
        private readonly Matrix<double> penalty;
        private readonly Matrix<double> a;
        private readonly Lazy<(double Rho, Vector<double> G, Matrix<double> Av, Vector<double> Vc)> joint;

        public Problem(Matrix<double> a, Vector<double> b, Matrix<double> penalty)
        {
            this.a = a;
            this.b = b;
            this.penalty = penalty;
            gram = a.TransposeThisAndMultiply(a);
            Gradient = a.TransposeThisAndMultiply(b);
            joint = new Lazy<(double, Vector<double>, Matrix<double>, Vector<double>)>(Diagonalise);
        }

        // Only the GCV search needs this; a fixed lambda skips it.
        private (double Rho, Vector<double> G, Matrix<double> Av, Vector<double> Vc) Diagonalise()
        {
            var penaltyTrace = penalty.Trace();
            var rho = penaltyTrace > 0 ? gram.Trace() / penaltyTrace : 1;
            var blend = gram + rho * penalty;
            for (var j = 0; j < blend.RowCount; j++)
            {
                blend[j, j] += 1e-12;
            }
            var lowerInverse = blend.Cholesky().Factor.Inverse();
            var c = lowerInverse * gram * lowerInverse.Transpose();
            c = (c + c.Transpose()) / 2;
            var evd = c.Evd(Symmetricity.Symmetric);
            var v = lowerInverse.TransposeThisAndMultiply(evd.EigenVectors);
            return (rho, evd.EigenValues.Map(e => Math.Clamp(e.Real, 0, 1)), a * v, v.TransposeThisAndMultiply(Gradient));
        }

        public Vector<double> Gradient { get; }

        /// <summary>G + lambda P + 1e-12 I: the tiny ridge keeps the Cholesky alive when lambda is small and columns are nearly collinear.</summary>
        public Matrix<double> Hessian(double lambda)
        {
            var h = gram + lambda * penalty;
            for (var j = 0; j < h.RowCount; j++)
            {
                h[j, j] += 1e-12;
            }
            return h;
        }

        /// <summary>GCV(lambda) = n ||b - A x_lambda||^2 / (n - tr(H^-1 G))^2 for the unconstrained x_lambda = H^-1 c.</summary>
        public double Gcv(double lambda)
        {
            var (rho, g, av, vc) = joint.Value;
            var t = lambda / rho;
            var influence = 0.0;
            var y = Vector<double>.Build.Dense(g.Count);
            for (var k = 0; k < g.Count; k++)
            {
                var h = g[k] + t * (1 - g[k]);
                influence += g[k] / h;
                y[k] = vc[k] / h;
            }
            var residual = (b - av * y).L2Norm();
            var rows = b.Count;
            return rows * residual * residual / ((rows - influence) * (rows - influence));
        }
    }

    private static double SearchLambda(Problem problem, DrtOptions options, List<GcvPoint> curve)
    {
        var top = Math.Log10(options.LambdaMax);
        var bottom = Math.Log10(options.LambdaMin);
        var steps = Math.Max(1, (int)Math.Round((top - bottom) * options.GridPointsPerDecade));
        var logs = Enumerable.Range(0, steps + 1).Select(k => top - (top - bottom) * k / steps).ToArray();
        var scores = logs.Select(l => Score(problem, l)).ToArray();
        for (var k = 0; k < logs.Length; k++)
        {
            curve.Add(new GcvPoint(Math.Pow(10, logs[k]), scores[k]));
        }
        var best = Array.IndexOf(scores, scores.Min());
        // Golden-section search on log10 lambda between the grid neighbours of the best grid point.
        var lo = logs[Math.Min(best + 1, logs.Length - 1)];
        var hi = logs[Math.Max(best - 1, 0)];
        var x1 = hi - GoldenRatio * (hi - lo);
        var x2 = lo + GoldenRatio * (hi - lo);
        double f1 = Score(problem, x1), f2 = Score(problem, x2);
        while (hi - lo > 1e-3)
        {
            if (f1 < f2)
            {
                (hi, x2, f2) = (x2, x1, f1);
                x1 = hi - GoldenRatio * (hi - lo);
                f1 = Score(problem, x1);
                curve.Add(new GcvPoint(Math.Pow(10, x1), f1));
            }
            else
            {
                (lo, x1, f1) = (x1, x2, f2);
                x2 = lo + GoldenRatio * (hi - lo);
                f2 = Score(problem, x2);
                curve.Add(new GcvPoint(Math.Pow(10, x2), f2));
            }
        }
        var refined = f1 < f2 ? (x1, f1) : (x2, f2);
        curve.Sort((p, q) => q.Lambda.CompareTo(p.Lambda));
        return refined.Item2 <= scores[best] ? Math.Pow(10, refined.Item1) : Math.Pow(10, logs[best]);
    }

    private static double Score(Problem problem, double log10Lambda)
    {
        var score = problem.Gcv(Math.Pow(10, log10Lambda));
        return double.IsFinite(score) ? score : double.MaxValue;
    }

    /// <summary>gamma on a log grid spanning the centres and half a decade beyond.</summary>
    private static (double[] Tau, double[] Gamma) Output(GaussianBasis basis, double[] x, int perDecade)
    {
        var from = basis.Centres[0] - 0.5 * Math.Log(10);
        var to = basis.Centres[^1] + 0.5 * Math.Log(10);
        var count = (int)Math.Ceiling((to - from) / Math.Log(10) * perDecade) + 1;
        var y = Enumerable.Range(0, count).Select(k => from + (to - from) * k / (count - 1)).ToArray();
        return ([.. y.Select(Math.Exp)], [.. y.Select(v => basis.Evaluate(x, v))]);
    }

    /// <summary>
    /// Local maxima of gamma on the output grid above threshold x max, each refined by a golden-section search of the
    /// analytic gamma between its grid neighbours; resistance = integral of gamma between the lowest points of gamma
    /// separating neighbouring reported peaks (the outermost peaks integrate to +-infinity).
    /// </summary>
    private static List<DrtPeak> Peaks(GaussianBasis basis, double[] x, double[] tau, double[] gamma, double threshold)
    {
        var floor = threshold * gamma.Max();
        var maxima = new List<int>();
        for (var k = 1; k < gamma.Length - 1; k++)
        {
            if (gamma[k] > gamma[k - 1] && gamma[k] >= gamma[k + 1] && gamma[k] > floor && gamma[k] > 0)
            {
                maxima.Add(k);
            }
        }
        var bounds = new double[maxima.Count + 1];
        bounds[0] = double.NegativeInfinity;
        bounds[^1] = double.PositiveInfinity;
        for (var p = 1; p < maxima.Count; p++)
        {
            var lowest = maxima[p - 1];
            for (var k = maxima[p - 1]; k <= maxima[p]; k++)
            {
                lowest = gamma[k] < gamma[lowest] ? k : lowest;
            }
            bounds[p] = Math.Log(tau[lowest]);
        }
        var peaks = new List<DrtPeak>();
        for (var p = 0; p < maxima.Count; p++)
        {
            var k = maxima[p];
            var y = RefineMaximum(basis, x, Math.Log(tau[k - 1]), Math.Log(tau[k + 1]));
            var t = Math.Exp(y);
            peaks.Add(new DrtPeak(t, 1 / (2 * Math.PI * t), basis.Evaluate(x, y), basis.Integral(x, bounds[p], bounds[p + 1])));
        }
        return peaks;
    }

    private static double RefineMaximum(GaussianBasis basis, double[] x, double lo, double hi)
    {
        while (hi - lo > 1e-9)
        {
            var x1 = hi - GoldenRatio * (hi - lo);
            var x2 = lo + GoldenRatio * (hi - lo);
            if (basis.Evaluate(x, x1) > basis.Evaluate(x, x2))
            {
                hi = x2;
            }
            else
            {
                lo = x1;
            }
        }
        return (lo + hi) / 2;
    }
}
