using System.Globalization;
using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Impedance;

/// <summary>How each residual is weighted (both the real and the imaginary residual of one frequency).</summary>
public enum FitWeighting
{
    /// <summary>w_i = 1 / |Z_i| on both parts (modulus weighting, the default for spectra spanning decades).</summary>
    Modulus = 0,
    /// <summary>w_i = 1 (plain least squares in Ohm; dominated by the largest impedances).</summary>
    Unit = 1,
    /// <summary>w'_i = 1 / |Z'_i|, w''_i = 1 / |Z''_i| (proportional weighting; parts below 1e-9 |Z_i| use 1e-9 |Z_i|).</summary>
    Proportional = 2,
}

/// <summary>Why the fit stopped.</summary>
public enum FitExit
{
    /// <summary>Relative change of chi-square between accepted steps fell below the tolerance.</summary>
    ChiSquareConverged = 0,
    /// <summary>The step in the scaled parameters fell below the tolerance.</summary>
    StepConverged = 1,
    /// <summary>The gradient of chi-square vanished (exact fit or stationary point).</summary>
    GradientConverged = 2,
    /// <summary>Iteration limit reached.</summary>
    MaxIterations = 3,
    /// <summary>Every parameter was fixed; nothing to fit.</summary>
    NothingToFit = 4,
}

/// <summary>Lower and upper bound of one parameter in its own unit (exponents inside (0, 1]).</summary>
public readonly record struct ParameterBounds(double Lower, double Upper);

/// <summary>Options of <see cref="ImpedanceFit.Fit"/>.</summary>
public sealed record FitOptions
{
    /// <summary>
    /// Starting values in the order of <see cref="EquivalentCircuit.Parameters"/>; fixed parameters keep theirs.
    /// Null: read off the spectrum by <see cref="ImpedanceGuess.Initial"/> (then within the bounds).
    /// </summary>
    public IReadOnlyList<double>? InitialValues { get; init; }

    /// <summary>Names of parameters held at their initial value (the guess when InitialValues is null).</summary>
    public IReadOnlyCollection<string> Fixed { get; init; } = [];

    /// <summary>Bounds replacing a parameter's default (positive: (0, inf); exponents: (0, 1]).</summary>
    public IReadOnlyDictionary<string, ParameterBounds> Bounds { get; init; } = new Dictionary<string, ParameterBounds>();

    public FitWeighting Weighting { get; init; } = FitWeighting.Modulus;

    public int MaxIterations { get; init; } = 300;

    /// <summary>Relative tolerance on chi-square changes and on steps in the scaled parameters.</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>
    /// A fit is poor when it hits MaxIterations, its RelativeMisfit exceeds this, a free exponent ends within 1e-3 of
    /// a bound or a free parameter's standard error exceeds its value; then further starts are tried (the other
    /// arrangements of arcs from <see cref="ImpedanceGuess.Candidates"/> when no initial values were given, then
    /// collapsed parameters reset to their start, exponents reset to 0.5 and 0.9) and the lowest chi-square kept.
    /// </summary>
    public double PoorMisfit { get; init; } = 0.05;

    /// <summary>Most starts tried, the given one included (1 = no restarts).</summary>
    public int MaxStarts { get; init; } = 6;
}

/// <summary>
/// Result of a complex nonlinear least-squares fit. Residuals are data - model in Ohm; ChiSquare is the weighted sum
/// sum_i w'_i^2 (Z'_i - Z'(f_i))^2 + w''_i^2 (Z''_i - Z''(f_i))^2; ReducedChiSquare = ChiSquare / (2N - free).
/// Covariance = ReducedChiSquare (J^T J)^-1 in parameter units (fixed parameters: rows and columns of zeros);
/// StandardErrors are the square roots of its diagonal. RelativeMisfit = sqrt(mean_i |Z_i - Z(f_i)|^2 / |Z_i|^2), whatever
/// the weighting (0.01 for 1 % noise); Starts = how many starting points were fitted.
/// </summary>
public sealed record ImpedanceFitResult(
    EquivalentCircuit Circuit,
    IReadOnlyList<double> Values,
    IReadOnlyList<double> StandardErrors,
    Matrix<double> Covariance,
    IReadOnlyList<bool> IsFixed,
    double ChiSquare,
    double ReducedChiSquare,
    IReadOnlyList<double> ResidualsReal,
    IReadOnlyList<double> ResidualsImag,
    int Iterations,
    bool Converged,
    FitExit Exit,
    double RelativeMisfit,
    int Starts,
    string AlgorithmVersion)
{
    /// <summary>Fitted value of a parameter by name.</summary>
    public double this[string name] => Values[IndexOf(name)];

    /// <summary>Standard error of a parameter by name.</summary>
    public double StandardError(string name) => StandardErrors[IndexOf(name)];

    private int IndexOf(string name)
    {
        var index = Circuit.IndexOf(name);
        return index >= 0
            ? index
            : throw new ArgumentException($"{Circuit.Text} has no parameter {name}; it has {string.Join(", ", Circuit.Parameters.Select(p => p.Name))}", nameof(name));
    }
}

/// <summary>Complex nonlinear least squares (CNLS) of an equivalent circuit to an impedance spectrum.</summary>
public static class ImpedanceFit
{
    public const string AlgorithmVersion = "cnls-lm/1";

    private const double MaxStep = 1.0;

    /// <summary>
    /// Minimises chi^2 = sum_i w'_i^2 (Z'_i - Re Z(f_i; p))^2 + w''_i^2 (Z''_i - Im Z(f_i; p))^2 by Levenberg-Marquardt
    /// with the circuit's analytic Jacobian. Positive parameters are fitted as v = ln p, exponents as v = p; a bound
    /// on v is kept by v = a + (b - a) / (1 + e^-u) (both bounds), v = a - 1 + sqrt(u^2 + 1) (lower only) or
    /// v = b + 1 - sqrt(u^2 + 1) (upper only). The covariance s^2 (J^T J)^-1, s^2 = chi^2 / (2N - free), is computed
    /// with the Jacobian's columns scaled to unit length and mapped back, so a tiny Q does not swamp a large R.
    /// </summary>
    public static ImpedanceFitResult Fit(
        EquivalentCircuit circuit,
        IReadOnlyList<double> frequencies,
        IReadOnlyList<double> zReal,
        IReadOnlyList<double> zImag,
        FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(frequencies);
        ArgumentNullException.ThrowIfNull(zReal);
        ArgumentNullException.ThrowIfNull(zImag);
        ArgumentNullException.ThrowIfNull(options);
        CheckSpectrum(frequencies, zReal, zImag);
        IReadOnlyList<double[]> guesses = [];
        if (options.InitialValues is null)
        {
            guesses = [.. ImpedanceGuess.Candidates(circuit, frequencies, zReal, zImag).Select(g => Clamped(circuit, options, g))];
            options = options with { InitialValues = guesses[0] };
        }
        var best = Problem.Create(circuit, frequencies, zReal, zImag, options).Solve(options);
        var starts = 1;
        foreach (var start in guesses.Skip(1).Concat(AlternativeStarts(circuit, options, best)))
        {
            if (!IsPoor(best, options) || starts >= options.MaxStarts)
            {
                break;
            }
            starts++;
            var next = Problem.Create(circuit, frequencies, zReal, zImag, options with { InitialValues = start }).Solve(options);
            if ((next.Converged && !best.Converged) || (next.Converged == best.Converged && next.ChiSquare < best.ChiSquare))
            {
                best = next;
            }
        }
        if (ArcOrder(circuit, best.Values, best.IsFixed) is { } reordered)
        {
            // The same minimum with interchangeable arcs listed high frequency first; a short refit there
            // gives the covariance in that order.
            var refit = Problem.Create(circuit, frequencies, zReal, zImag, options with { InitialValues = reordered }).Solve(options);
            best = refit.ChiSquare <= best.ChiSquare * (1 + 1e-9) ? refit : best;
        }
        return best with { Starts = starts };
    }

    /// <summary>A guess moved inside the parameter bounds.</summary>
    private static double[] Clamped(EquivalentCircuit circuit, FitOptions options, double[] guess)
    {
        for (var k = 0; k < guess.Length; k++)
        {
            var parameter = circuit.Parameters[k];
            var bounds = options.Bounds.TryGetValue(parameter.Name, out var b) ? b : new ParameterBounds(parameter.LowerBound, parameter.UpperBound);
            if (bounds.Lower < bounds.Upper)
            {
                guess[k] = Math.Clamp(guess[k], Math.Max(bounds.Lower, double.Epsilon), bounds.Upper);
            }
        }
        return guess;
    }

    /// <summary>
    /// Top-level R-CPE and R-C parallel pairs are interchangeable in the model: p(R1,CPE1)-p(R2,CPE2) fits the same
    /// with the two swapped. They are put in the circuit's order, highest characteristic frequency first,
    /// w = (R Q)^(-1/n) (CPE) or 1 / (R C). Returns the reordered values, or null when already in order (or when a
    /// pair holds a fixed parameter).
    /// </summary>
    private static double[]? ArcOrder(EquivalentCircuit circuit, IReadOnlyList<double> values, IReadOnlyList<bool> isFixed)
    {
        var pairs = new List<(int First, bool Cpe, int R, int Q, double W)>();
        foreach (var (isParallel, first, count) in circuit.SeriesTerms)
        {
            if (!isParallel || !(count == 2 || count == 3))
            {
                continue;
            }
            var kinds = Enumerable.Range(first, count).Select(k => circuit.Parameters[k].Kind).ToArray();
            var cpe = count == 3 && kinds[0] == CircuitElementKind.Resistor && kinds[1] == CircuitElementKind.ConstantPhase;
            var capacitor = count == 2 && kinds[0] == CircuitElementKind.Resistor && kinds[1] == CircuitElementKind.Capacitor;
            if (!(cpe || capacitor) || Enumerable.Range(first, count).Any(k => isFixed[k]))
            {
                continue;
            }
            var w = cpe ? Math.Pow(values[first] * values[first + 1], -1 / values[first + 2]) : 1 / (values[first] * values[first + 1]);
            pairs.Add((first, cpe, first, first + 1, w));
        }
        var reordered = values.ToArray();
        var changed = false;
        foreach (var cpe in new[] { true, false })
        {
            var group = pairs.Where(p => p.Cpe == cpe).ToList();
            var sorted = group.OrderByDescending(p => p.W).ToList();
            for (var i = 0; i < group.Count; i++)
            {
                if (sorted[i].First == group[i].First)
                {
                    continue;
                }
                changed = true;
                for (var k = 0; k < (cpe ? 3 : 2); k++)
                {
                    reordered[group[i].First + k] = values[sorted[i].First + k];
                }
            }
        }
        return changed ? reordered : null;
    }

    private static void CheckSpectrum(IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag)
    {
        var n = frequencies.Count;
        if (zReal.Count != n || zImag.Count != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"frequencies, Z' and Z'' must have the same length, got {n}, {zReal.Count} and {zImag.Count}"),
                nameof(zReal));
        }
        for (var i = 0; i < n; i++)
        {
            if (!(frequencies[i] > 0) || !double.IsFinite(frequencies[i]) || !double.IsFinite(zReal[i]) || !double.IsFinite(zImag[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"point {i} must have a finite frequency above 0 Hz and finite Z' and Z'', got f = {frequencies[i]}, Z' = {zReal[i]}, Z'' = {zImag[i]}"),
                    nameof(frequencies));
            }
        }
    }

    /// <summary>
    /// Poor: not converged, a relative misfit above PoorMisfit, a free exponent within 1e-3 of its bound, or a free
    /// parameter with a relative standard error above 100 % (the marks of two arcs fitted into one).
    /// </summary>
    private static bool IsPoor(ImpedanceFitResult fit, FitOptions options)
    {
        if (!fit.Converged || !(fit.RelativeMisfit <= options.PoorMisfit))
        {
            return true;
        }
        var parameters = fit.Circuit.Parameters;
        for (var k = 0; k < parameters.Count; k++)
        {
            if (fit.IsFixed[k])
            {
                continue;
            }
            var value = fit.Values[k];
            if (parameters[k].IsExponent)
            {
                var bounds = options.Bounds.TryGetValue(parameters[k].Name, out var b) ? b : new ParameterBounds(parameters[k].LowerBound, parameters[k].UpperBound);
                if (value >= bounds.Upper - 1e-3 || value <= bounds.Lower + 1e-3)
                {
                    return true;
                }
            }
            if (!(fit.StandardErrors[k] <= Math.Abs(value)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Starts after a poor first fit: the fit's own end point with every positive parameter that ran more than
    /// six decades from its start put back; the given start with every free exponent at 0.5, then at 0.9 (a start
    /// far in n is what most often traps a CPE circuit).
    /// </summary>
    private static IEnumerable<double[]> AlternativeStarts(EquivalentCircuit circuit, FitOptions options, ImpedanceFitResult first)
    {
        var parameters = circuit.Parameters;
        var initial = options.InitialValues!;
        bool Free(int k) => !options.Fixed.Contains(parameters[k].Name, StringComparer.Ordinal);
        double Inside(int k, double value)
        {
            var bounds = options.Bounds.TryGetValue(parameters[k].Name, out var b) ? b : new ParameterBounds(parameters[k].LowerBound, parameters[k].UpperBound);
            return Math.Clamp(value, bounds.Lower, bounds.Upper);
        }

        var reset = first.Values.ToArray();
        for (var k = 0; k < reset.Length; k++)
        {
            if (Free(k) && !parameters[k].IsExponent && !(Math.Abs(Math.Log10(reset[k] / initial[k])) <= 6))
            {
                reset[k] = initial[k];
            }
            if (Free(k) && parameters[k].IsExponent && !(reset[k] > Inside(k, double.NegativeInfinity)))
            {
                reset[k] = initial[k];
            }
            // exp(ln b) may land one rounding past the bound b.
            reset[k] = Free(k) ? Inside(k, reset[k]) : reset[k];
        }
        yield return reset;
        foreach (var exponent in new[] { 0.5, 0.9 })
        {
            yield return [.. initial.Select((v, k) => Free(k) && parameters[k].IsExponent ? Inside(k, exponent) : v)];
        }
    }

    /// <summary>One parameter's map u -> v -> p.</summary>
    private readonly record struct Transform(bool Log, double A, double B)
    {
        public double V(double u) => (double.IsFinite(A), double.IsFinite(B)) switch
        {
            (true, true) => A + (B - A) / (1 + Math.Exp(-u)),
            (true, false) => A - 1 + Math.Sqrt(u * u + 1),
            (false, true) => B + 1 - Math.Sqrt(u * u + 1),
            _ => u,
        };

        public double DvDu(double u) => (double.IsFinite(A), double.IsFinite(B)) switch
        {
            (true, true) => (B - A) * Logistic(u) * (1 - Logistic(u)),
            (true, false) => u / Math.Sqrt(u * u + 1),
            (false, true) => -u / Math.Sqrt(u * u + 1),
            _ => 1,
        };

        /// <summary>Inverse of V for a start strictly inside the bounds.</summary>
        public double U(double v) => (double.IsFinite(A), double.IsFinite(B)) switch
        {
            (true, true) => -Math.Log((B - A) / (v - A) - 1),
            (true, false) => Math.Sqrt(Math.Pow(v - A + 1, 2) - 1),
            (false, true) => Math.Sqrt(Math.Pow(B + 1 - v, 2) - 1),
            _ => v,
        };

        public double P(double v) => Log ? Math.Exp(v) : v;

        public double DpDv(double v) => Log ? Math.Exp(v) : 1;

        private static double Logistic(double u) => 1 / (1 + Math.Exp(-u));
    }

    private sealed class Problem
    {
        private readonly EquivalentCircuit circuit;
        private readonly double[] frequencies;
        private readonly double[] zReal;
        private readonly double[] zImag;
        private readonly double[] weightReal;
        private readonly double[] weightImag;
        private readonly double[] values;
        private readonly int[] free;
        private readonly Transform[] transforms;
        private readonly Complex[] gradient;

        private Problem(
            EquivalentCircuit circuit, double[] frequencies, double[] zReal, double[] zImag, double[] weightReal,
            double[] weightImag, double[] values, int[] free, Transform[] transforms)
        {
            this.circuit = circuit;
            this.frequencies = frequencies;
            this.zReal = zReal;
            this.zImag = zImag;
            this.weightReal = weightReal;
            this.weightImag = weightImag;
            this.values = values;
            this.free = free;
            this.transforms = transforms;
            gradient = new Complex[values.Length];
        }

        private int Rows => 2 * frequencies.Length;

        public static Problem Create(
            EquivalentCircuit circuit, IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal,
            IReadOnlyList<double> zImag, FitOptions options)
        {
            var n = frequencies.Count;
            var parameters = circuit.Parameters;
            if (options.InitialValues is null || options.InitialValues.Count != parameters.Count)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{circuit.Text} needs {parameters.Count} initial values ({string.Join(", ", parameters.Select(p => p.Name))}), got {options.InitialValues?.Count ?? 0}"),
                    nameof(options));
            }
            foreach (var name in options.Fixed.Concat(options.Bounds.Keys))
            {
                if (circuit.IndexOf(name) < 0)
                {
                    throw new ArgumentException(
                        $"{circuit.Text} has no parameter {name}; it has {string.Join(", ", parameters.Select(p => p.Name))}", nameof(options));
                }
            }
            if (options.MaxIterations < 1 || options.MaxStarts < 1 || !(options.Tolerance > 0))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"MaxIterations and MaxStarts must be at least 1 and Tolerance above 0, got {options.MaxIterations}, {options.MaxStarts} and {options.Tolerance}"),
                    nameof(options));
            }

            var values = options.InitialValues.ToArray();
            var transforms = new Transform[parameters.Count];
            var free = new List<int>();
            for (var k = 0; k < parameters.Count; k++)
            {
                var parameter = parameters[k];
                var bounds = options.Bounds.TryGetValue(parameter.Name, out var b) ? b : new ParameterBounds(parameter.LowerBound, parameter.UpperBound);
                if (!(bounds.Lower < bounds.Upper) || bounds.Lower < parameter.LowerBound || bounds.Upper > parameter.UpperBound)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"bounds of {parameter.Name} must satisfy {parameter.LowerBound} <= lower < upper <= {parameter.UpperBound}, got [{bounds.Lower}, {bounds.Upper}]"),
                        nameof(options));
                }
                var value = values[k];
                var isFixed = options.Fixed.Contains(parameter.Name, StringComparer.Ordinal);
                var inside = isFixed ? value > parameter.LowerBound && value <= parameter.UpperBound : value >= bounds.Lower && value <= bounds.Upper && value > 0;
                if (!double.IsFinite(value) || !inside)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"initial value of {parameter.Name} must be finite and within [{bounds.Lower}, {bounds.Upper}] (above 0), got {value}"),
                        nameof(options));
                }
                if (isFixed)
                {
                    continue;
                }
                var log = !parameter.IsExponent;
                transforms[k] = log
                    ? new Transform(true, bounds.Lower > 0 ? Math.Log(bounds.Lower) : double.NegativeInfinity, Math.Log(bounds.Upper))
                    : new Transform(false, bounds.Lower, bounds.Upper);
                free.Add(k);
            }

            var zr = zReal.ToArray();
            var zi = zImag.ToArray();
            var wr = new double[n];
            var wi = new double[n];
            for (var i = 0; i < n; i++)
            {
                var modulus = Math.Sqrt(zr[i] * zr[i] + zi[i] * zi[i]);
                (wr[i], wi[i]) = options.Weighting switch
                {
                    FitWeighting.Unit => (1.0, 1.0),
                    FitWeighting.Proportional => (1 / Math.Max(Math.Abs(zr[i]), 1e-9 * modulus), 1 / Math.Max(Math.Abs(zi[i]), 1e-9 * modulus)),
                    _ => (1 / modulus, 1 / modulus),
                };
                if (!double.IsFinite(wr[i]) || !double.IsFinite(wi[i]))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"point {i} has |Z| = 0, which {options.Weighting} weighting cannot weight"),
                        nameof(zReal));
                }
            }
            if (2 * n < free.Count)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{free.Count} free parameters need at least {(free.Count + 1) / 2} frequencies, got {n}"),
                    nameof(frequencies));
            }
            return new Problem(circuit, frequencies.ToArray(), zr, zi, wr, wi, values, [.. free], transforms);
        }

        public ImpedanceFitResult Solve(FitOptions options)
        {
            var m = free.Length;
            var u = new double[m];
            for (var j = 0; j < m; j++)
            {
                var k = free[j];
                var t = transforms[k];
                var v = t.Log ? Math.Log(values[k]) : values[k];
                // A start on a bound sits where the map has no slope (n = 1 for a CPE started as a capacitor);
                // start a little inside.
                if (double.IsFinite(t.A) && double.IsFinite(t.B))
                {
                    var margin = 1e-3 * (t.B - t.A);
                    v = Math.Clamp(v, t.A + margin, t.B - margin);
                }
                else if (double.IsFinite(t.A))
                {
                    v = Math.Max(v, t.A + 1e-3);
                }
                else if (double.IsFinite(t.B))
                {
                    v = Math.Min(v, t.B - 1e-3);
                }
                u[j] = t.U(v);
            }

            var iterations = 0;
            var exit = FitExit.NothingToFit;
            if (m > 0)
            {
                (u, iterations, exit) = LevenbergMarquardt(u, options);
            }
            SetValues(u);
            return Finish(u, iterations, exit);
        }

        private void SetValues(double[] u)
        {
            for (var j = 0; j < free.Length; j++)
            {
                var t = transforms[free[j]];
                values[free[j]] = t.P(t.V(u[j]));
            }
        }

        /// <summary>
        /// Weighted residuals r (data - model, real parts then imaginary) into r and, if asked, dr/du (or dr/dp) into
        /// jacobian (rows x free); returns |r|^2.
        /// </summary>
        private double Residuals(double[] u, double[] r, double[,]? jacobian, bool inP = false)
        {
            SetValues(u);
            var n = frequencies.Length;
            Span<double> chain = free.Length <= 64 ? stackalloc double[free.Length] : new double[free.Length];
            for (var j = 0; j < free.Length; j++)
            {
                var t = transforms[free[j]];
                var v = t.V(u[j]);
                chain[j] = inP ? 1 : t.DpDv(v) * t.DvDu(u[j]);
            }
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                var z = jacobian is null ? circuit.Impedance(frequencies[i], values) : circuit.Gradient(frequencies[i], values, gradient);
                r[i] = weightReal[i] * (zReal[i] - z.Real);
                r[n + i] = weightImag[i] * (zImag[i] - z.Imaginary);
                sum += r[i] * r[i] + r[n + i] * r[n + i];
                if (jacobian is not null)
                {
                    for (var j = 0; j < free.Length; j++)
                    {
                        var g = gradient[free[j]] * chain[j];
                        jacobian[i, j] = -weightReal[i] * g.Real;
                        jacobian[n + i, j] = -weightImag[i] * g.Imaginary;
                    }
                }
            }
            return sum;
        }

        /// <summary>g = J^T r and A = J^T J by plain loops (m is a handful; a library call costs more than the sums).</summary>
        private static void Normal(double[,] jacobian, double[] r, double[] g, double[,] jtj)
        {
            int rows = jacobian.GetLength(0), m = jacobian.GetLength(1);
            for (var a = 0; a < m; a++)
            {
                var ga = 0.0;
                for (var i = 0; i < rows; i++)
                {
                    ga += jacobian[i, a] * r[i];
                }
                g[a] = ga;
                for (var b = 0; b <= a; b++)
                {
                    var sum = 0.0;
                    for (var i = 0; i < rows; i++)
                    {
                        sum += jacobian[i, a] * jacobian[i, b];
                    }
                    jtj[a, b] = sum;
                    jtj[b, a] = sum;
                }
            }
        }

        /// <summary>Solves A x = b for symmetric positive definite A by Cholesky (A = L L^T); false when A is not.</summary>
        private static bool CholeskySolve(double[,] a, double[] b, double[] x, double[,] l)
        {
            var m = b.Length;
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    var sum = a[i, j];
                    for (var k = 0; k < j; k++)
                    {
                        sum -= l[i, k] * l[j, k];
                    }
                    if (i == j)
                    {
                        if (!(sum > 0))
                        {
                            return false;
                        }
                        l[i, i] = Math.Sqrt(sum);
                    }
                    else
                    {
                        l[i, j] = sum / l[j, j];
                    }
                }
            }
            for (var i = 0; i < m; i++)
            {
                var sum = b[i];
                for (var k = 0; k < i; k++)
                {
                    sum -= l[i, k] * x[k];
                }
                x[i] = sum / l[i, i];
            }
            for (var i = m - 1; i >= 0; i--)
            {
                var sum = x[i];
                for (var k = i + 1; k < m; k++)
                {
                    sum -= l[k, i] * x[k];
                }
                x[i] = sum / l[i, i];
            }
            return true;
        }

        /// <summary>
        /// Levenberg-Marquardt on F(u) = |r(u)|^2 with the step (J^T J + mu D) du = -J^T r, D the damping scale below,
        /// solved by Cholesky (a failed factorisation counts as a rejected step); mu updated by the gain ratio
        /// (Nielsen 1999).
        /// </summary>
        private (double[] U, int Iterations, FitExit Exit) LevenbergMarquardt(double[] u, FitOptions options)
        {
            var m = free.Length;
            var jacobian = new double[Rows, m];
            var trialJacobian = new double[Rows, m];
            var r = new double[Rows];
            var trialR = new double[Rows];
            var chi2 = Residuals(u, r, jacobian);
            var g = new double[m];
            var jtj = new double[m, m];
            Normal(jacobian, r, g, jtj);
            var damped = new double[m, m];
            var factor = new double[m, m];
            var minusG = new double[m];
            var step = new double[m];
            var trial = new double[m];
            var mu = 1e-3;
            var nu = 2.0;
            var scale = new double[m];
            for (var iteration = 1; iteration <= options.MaxIterations; iteration++)
            {
                var gMax = 0.0;
                var diagonalMax = 0.0;
                for (var j = 0; j < m; j++)
                {
                    gMax = Math.Max(gMax, Math.Abs(g[j]));
                    diagonalMax = Math.Max(diagonalMax, jtj[j, j]);
                }
                if (gMax <= 1e-15 * Math.Max(chi2, 1e-300) || chi2 == 0)
                {
                    return (u, iteration - 1, FitExit.GradientConverged);
                }
                for (var j = 0; j < m; j++)
                {
                    // Damping scale = the largest |J_j|^2 seen so far (More 1978, as MINPACK): a parameter whose
                    // column has faded (R0 -> 0 in ln R0) keeps its damping instead of taking huge steps.
                    scale[j] = Math.Max(scale[j], Math.Max(jtj[j, j], 1e-12 * diagonalMax));
                    for (var c = 0; c < m; c++)
                    {
                        damped[j, c] = jtj[j, c] + (c == j ? mu * scale[j] : 0);
                    }
                    minusG[j] = -g[j];
                }
                var stepNorm = 0.0;
                var uNorm = 0.0;
                var solved = CholeskySolve(damped, minusG, step, factor);
                var trialChi2 = double.NaN;
                var predicted = 0.0;
                if (solved)
                {
                    // At most a factor e^MaxStep per iteration in a positive parameter: far from the minimum the
                    // linear model overshoots into regions (Q -> infinity, n -> 0) it cannot return from.
                    for (var j = 0; j < m; j++)
                    {
                        step[j] = Math.Clamp(step[j], -MaxStep, MaxStep);
                        trial[j] = u[j] + step[j];
                        stepNorm = Math.Max(stepNorm, Math.Abs(step[j]));
                        uNorm = Math.Max(uNorm, Math.Abs(u[j]));
                    }
                    trialChi2 = Residuals(trial, trialR, trialJacobian);
                    // Predicted decrease of the linear model: -2 step.g - step.JtJ.step.
                    for (var a = 0; a < m; a++)
                    {
                        var row = 0.0;
                        for (var b = 0; b < m; b++)
                        {
                            row += jtj[a, b] * step[b];
                        }
                        predicted += -2 * step[a] * g[a] - step[a] * row;
                    }
                }
                var rho = solved && predicted > 0 ? (chi2 - trialChi2) / predicted : -1;
                var stepSmall = solved && stepNorm <= options.Tolerance * (uNorm + options.Tolerance);
                if (double.IsFinite(trialChi2) && rho > 0)
                {
                    var relativeChange = (chi2 - trialChi2) / Math.Max(chi2, 1e-300);
                    (u, trial) = (trial, u);
                    (r, trialR) = (trialR, r);
                    (jacobian, trialJacobian) = (trialJacobian, jacobian);
                    Normal(jacobian, r, g, jtj);
                    chi2 = trialChi2;
                    mu *= Math.Max(1.0 / 3, 1 - Math.Pow(2 * rho - 1, 3));
                    nu = 2;
                    if (relativeChange <= options.Tolerance)
                    {
                        return (u, iteration, FitExit.ChiSquareConverged);
                    }
                    if (stepSmall)
                    {
                        return (u, iteration, FitExit.StepConverged);
                    }
                }
                else
                {
                    if (stepSmall)
                    {
                        return (u, iteration, FitExit.StepConverged);
                    }
                    mu *= nu;
                    nu *= 2;
                }
            }
            return (u, options.MaxIterations, FitExit.MaxIterations);
        }

        /// <summary>
        /// Eigenvalues and eigenvectors (columns) of a small symmetric matrix by cyclic Jacobi rotations: each
        /// rotation P zeroes a_pq in P^T A P with t = tan(phi) = sgn(theta) / (|theta| + sqrt(theta^2 + 1)),
        /// theta = (a_qq - a_pp) / (2 a_pq); V collects the rotations.
        /// </summary>
        private static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
        {
            var m = matrix.GetLength(0);
            var a = (double[,])matrix.Clone();
            var v = new double[m, m];
            for (var i = 0; i < m; i++)
            {
                v[i, i] = 1;
            }
            for (var sweep = 0; sweep < 100; sweep++)
            {
                double off = 0, diagonal = 0;
                for (var p = 0; p < m; p++)
                {
                    diagonal += a[p, p] * a[p, p];
                    for (var q = p + 1; q < m; q++)
                    {
                        off += a[p, q] * a[p, q];
                    }
                }
                if (off <= 1e-32 * diagonal)
                {
                    break;
                }
                for (var p = 0; p < m; p++)
                {
                    for (var q = p + 1; q < m; q++)
                    {
                        if (a[p, q] == 0)
                        {
                            continue;
                        }
                        var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                        var t = (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                        var c = 1 / Math.Sqrt(t * t + 1);
                        var s = t * c;
                        for (var k = 0; k < m; k++)
                        {
                            double kp = a[k, p], kq = a[k, q];
                            a[k, p] = c * kp - s * kq;
                            a[k, q] = s * kp + c * kq;
                        }
                        for (var k = 0; k < m; k++)
                        {
                            double pk = a[p, k], qk = a[q, k];
                            a[p, k] = c * pk - s * qk;
                            a[q, k] = s * pk + c * qk;
                        }
                        for (var k = 0; k < m; k++)
                        {
                            double kp = v[k, p], kq = v[k, q];
                            v[k, p] = c * kp - s * kq;
                            v[k, q] = s * kp + c * kq;
                        }
                    }
                }
            }
            var values = new double[m];
            for (var i = 0; i < m; i++)
            {
                values[i] = a[i, i];
            }
            return (values, v);
        }

        private ImpedanceFitResult Finish(double[] u, int iterations, FitExit exit)
        {
            var n = frequencies.Length;
            var m = free.Length;
            var p = values.Length;
            var jacobianArray = new double[Rows, Math.Max(m, 1)];
            var r = new double[Rows];
            var chi2 = Residuals(u, r, m > 0 ? jacobianArray : null, inP: true);
            var dof = Rows - m;
            var reduced = dof > 0 ? chi2 / dof : double.NaN;

            var covariance = Matrix<double>.Build.Dense(p, p);
            if (m > 0)
            {
                // Columns of dr/dp span twenty decades (R1 vs CPE1.Q); scaled to unit length they share one scale
                // (as ln p would, but still defined when a positive parameter has run to 0). From the eigenvectors of
                // the scaled A_s = J_s^T J_s = V L V^T (the squared singular values of J_s): Cov_s = s^2 V L^-1 V^T,
                // mapped back Cov_p = C^-1 Cov_s C^-1 with C = diag(|column|). A direction the data cannot see
                // (eigenvalue 0) gives an infinite error, not a failure.
                var norms = new double[m];
                for (var j = 0; j < m; j++)
                {
                    var sum = 0.0;
                    for (var i = 0; i < Rows; i++)
                    {
                        sum += jacobianArray[i, j] * jacobianArray[i, j];
                    }
                    norms[j] = Math.Sqrt(sum);
                    norms[j] = norms[j] > 0 && double.IsFinite(norms[j]) ? norms[j] : 1;
                }
                var scaled = new double[m, m];
                for (var a = 0; a < m; a++)
                {
                    for (var b = 0; b <= a; b++)
                    {
                        var sum = 0.0;
                        for (var i = 0; i < Rows; i++)
                        {
                            sum += jacobianArray[i, a] * jacobianArray[i, b];
                        }
                        scaled[a, b] = scaled[b, a] = sum / (norms[a] * norms[b]);
                    }
                }
                var (eigenvalues, vectors) = SymmetricEigen(scaled);
                for (var a = 0; a < m; a++)
                {
                    for (var b = 0; b < m; b++)
                    {
                        var sum = 0.0;
                        for (var k = 0; k < m; k++)
                        {
                            sum += eigenvalues[k] > 0 ? vectors[a, k] * vectors[b, k] / eigenvalues[k] : double.PositiveInfinity;
                        }
                        covariance[free[a], free[b]] = sum * reduced / (norms[a] * norms[b]);
                    }
                }
            }

            var residualsReal = new double[n];
            var residualsImag = new double[n];
            for (var i = 0; i < n; i++)
            {
                residualsReal[i] = r[i] / weightReal[i];
                residualsImag[i] = r[n + i] / weightImag[i];
            }
            var isFixed = new bool[p];
            Array.Fill(isFixed, true);
            foreach (var k in free)
            {
                isFixed[k] = false;
            }
            var errors = Enumerable.Range(0, p).Select(k => Math.Sqrt(Math.Max(covariance[k, k], 0))).ToArray();
            var converged = exit is not FitExit.MaxIterations;
            var misfit = 0.0;
            for (var i = 0; i < n; i++)
            {
                misfit += (residualsReal[i] * residualsReal[i] + residualsImag[i] * residualsImag[i]) / (zReal[i] * zReal[i] + zImag[i] * zImag[i]);
            }
            misfit = Math.Sqrt(misfit / n);
            return new ImpedanceFitResult(
                circuit, [.. values], errors, covariance, isFixed, chi2, reduced, residualsReal, residualsImag,
                iterations, converged, exit, misfit, 1, AlgorithmVersion);
        }
    }
}
