using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>Whole-pattern fit of a powder pattern: Bragg peaks, amorphous halos and a smooth background together.</summary>
public static class PowderPatternFit
{
    public const string Method = "whole-pattern-fit";

    public const string AlgorithmVersion = "xrd-wpf/1";

    /// <summary>A peak's Jacobian columns are kept within this many FWHM of its lines (Lorentzian tail below 0.1 %).</summary>
    private const double JacobianReachFwhm = 25;

    /// <summary>
    /// A peak is evaluated within this many FWHM of its lines; beyond, its Lorentzian tail is below 3e-5 of its height
    /// and 0.3 % of its area, left to the background. Without the cut a 6000-point pattern with 60 peaks spends most
    /// of its time on tails.
    /// </summary>
    private const double ModelReachFwhm = 100;

    /// <summary>
    /// Fits y(x) = sum_k b_k T_k(t) + sum_h G_h(x) + sum_j [pV(x; x_j, H_j, w_j, eta_j) + R pV(x; x2_j, H_j, w_j, eta_j)] by
    /// Levenberg-Marquardt, minimising chi^2 = sum_i (y_i - y(x_i))^2 / max(y_i, floor). T_k are Chebyshev polynomials
    /// of t = (2x - x_min - x_max) / (x_max - x_min); G_h(x) = H_h exp(-4 ln2 ((x - c_h) / w_h)^2) are halos with
    /// MinHaloFwhmDeg &lt;= w_h &lt;= MaxHaloFwhmDeg; pV(x; x0, H, w, eta) = H [eta / (1 + 4u^2) + (1 - eta)
    /// exp(-4 ln2 u^2)], u = (x - x0) / w. With a K-alpha2 wavelength each peak has a second line of height R H_j, same
    /// w and eta, at x2 = 2 asin((lambda2 / lambda1) sin(x_j / 2)). Peaks are seeded from <see cref="PeakSearch.Find"/>
    /// on y - SNIP halo baseline, halos from the SNIP halo baseline minus the lower polynomial under it
    /// (<see cref="PolynomialBackground"/>), the background from that polynomial. Bounds are kept by projection: positions within max(w, 3 steps) of
    /// their seed, heights >= 0, 1.5 steps &lt;= w &lt;= MaxPeakFwhmDeg, 0 &lt;= eta &lt;= 1, halo centres in the range.
    /// Crystallinity = 100 C / (C + A), C = integral of all peak lines (alpha2 included), A = integral of the halos,
    /// both over the measured range.
    /// </summary>
    public static PowderFitResult Fit(IReadOnlyList<double> twoThetaDeg, IReadOnlyList<double> intensity, DiffractionOptions options)
    {
        var baselines = PatternBaselines.Of(twoThetaDeg, intensity, options);
        var model = PatternModel.Seed(twoThetaDeg, intensity, options, baselines);
        var (iterations, exit) = model.Minimise(options.MaxIterations, options.Tolerance, options.StallTolerance);
        return model.Result(iterations, exit, baselines);
    }

    /// <summary>The parameter vector, its bounds and the model with its Jacobian.</summary>
    private sealed class PatternModel
    {
        private readonly double[] x;
        private readonly double[] y;
        private readonly double[] weight;
        private readonly DiffractionOptions options;
        private readonly int order;
        private readonly int halos;
        private readonly int peaks;
        private readonly double[] p;
        private readonly double[] lower;
        private readonly double[] upper;
        private readonly double[][] chebyshev;
        private readonly double lambdaRatio;
        private readonly bool doublet;

        private PatternModel(double[] x, double[] y, DiffractionOptions options, int halos, int peaks)
        {
            this.x = x;
            this.y = y;
            this.options = options;
            order = options.BackgroundOrder;
            this.halos = halos;
            this.peaks = peaks;
            var m = order + 1 + 3 * halos + 4 * peaks;
            p = new double[m];
            lower = new double[m];
            upper = new double[m];
            Array.Fill(lower, double.NegativeInfinity);
            Array.Fill(upper, double.PositiveInfinity);
            chebyshev = PolynomialBackground.Chebyshev(x, order);
            doublet = options.Alpha2WavelengthAngstrom is not null && options.Alpha2Ratio > 0;
            lambdaRatio = doublet ? options.Alpha2WavelengthAngstrom!.Value / options.WavelengthAngstrom : 1;
            // Counting statistics: var(y_i) ~ y_i; the floor keeps near-zero and negative points from dominating.
            var floor = Math.Max(0.05 * PeakSearch.Median([.. y.Select(Math.Abs)]), 1e-12 * y.Max(Math.Abs));
            floor = floor > 0 ? floor : 1;
            weight = [.. y.Select(v => 1 / Math.Sqrt(Math.Max(v, floor)))];
        }

        private int HaloIndex(int h) => order + 1 + 3 * h;

        private int PeakIndex(int j) => order + 1 + 3 * halos + 4 * j;

        public static PatternModel Seed(IReadOnlyList<double> twoTheta, IReadOnlyList<double> intensity, DiffractionOptions options, PatternBaselines baselines)
        {
            var x = twoTheta.ToArray();
            var y = intensity.ToArray();
            var step = baselines.Step;
            var seeds = new List<PeakCandidate>();
            foreach (var candidate in baselines.Candidates)
            {
                if (seeds.Count >= options.MaxPeaks)
                {
                    break;
                }
                // With the doublet modelled, a maximum at the alpha2 place of a taller peak is that peak's alpha2 line.
                var isAlpha2 = options.Alpha2WavelengthAngstrom is { } l2 && options.Alpha2Ratio > 0 && seeds.Any(s =>
                    Math.Abs(PeakShapes.Alpha2Position(s.TwoThetaDeg, options.WavelengthAngstrom, l2) - candidate.TwoThetaDeg)
                        < Math.Max(0.5 * s.FwhmDeg, 3 * step));
                if (!isAlpha2)
                {
                    seeds.Add(candidate);
                }
            }
            var model = new PatternModel(x, y, options, options.HaloCount, seeds.Count);

            // Halos from the part of the halo baseline above the smooth background.
            var excess = new double[x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                excess[i] = baselines.HaloBaseline.Background[i] - baselines.Background.Background[i];
            }
            for (var h = 0; h < options.HaloCount; h++)
            {
                var top = 0;
                for (var i = 1; i < x.Length; i++)
                {
                    top = excess[i] > excess[top] ? i : top;
                }
                var height = Math.Max(excess[top], baselines.Noise[top]);
                var width = Math.Clamp(HalfHeightWidth(x, excess, top), options.MinHaloFwhmDeg, options.MaxHaloFwhmDeg);
                var k = model.HaloIndex(h);
                model.Set(k, x[top], x[0], x[^1]);
                model.Set(k + 1, height, 0, double.PositiveInfinity);
                model.Set(k + 2, width, options.MinHaloFwhmDeg, options.MaxHaloFwhmDeg);
                for (var i = 0; i < x.Length; i++)
                {
                    excess[i] -= PeakShapes.PseudoVoigt(x[i], x[top], height, width, 0);
                }
            }

            // Background: the lower polynomial under the halo baseline (same Chebyshev basis).
            for (var k = 0; k <= Math.Min(model.order, baselines.Background.Order); k++)
            {
                model.p[k] = baselines.Background.Coefficients[k];
            }

            var minWidth = 1.5 * step;
            for (var j = 0; j < seeds.Count; j++)
            {
                var s = seeds[j];
                var width = Math.Clamp(s.FwhmDeg, minWidth, options.MaxPeakFwhmDeg);
                var freedom = Math.Max(width, 3 * step);
                var k = model.PeakIndex(j);
                model.Set(k, s.TwoThetaDeg, s.TwoThetaDeg - freedom, s.TwoThetaDeg + freedom);
                model.Set(k + 1, s.Height, 0, double.PositiveInfinity);
                model.Set(k + 2, width, minWidth, options.MaxPeakFwhmDeg);
                model.Set(k + 3, 0.5, 0, 1);
            }
            return model;
        }

        private void Set(int k, double value, double low, double high)
        {
            lower[k] = low;
            upper[k] = high;
            p[k] = Math.Clamp(value, low, high);
        }

        /// <summary>Width at half of s[top], walking out until s falls to half; the range's ends cut it.</summary>
        private static double HalfHeightWidth(double[] x, double[] s, int top)
        {
            var half = s[top] / 2;
            var left = top;
            while (left > 0 && s[left] > half)
            {
                left--;
            }
            var right = top;
            while (right < x.Length - 1 && s[right] > half)
            {
                right++;
            }
            return x[right] - x[left];
        }

        private double Alpha2(double x0) => 360 / Math.PI * Math.Asin(Math.Min(lambdaRatio * Math.Sin(x0 * Math.PI / 360), 1));

        /// <summary>d x2 / d x0 = R cos(x0/2) / sqrt(1 - R^2 sin^2(x0/2)), R = lambda2 / lambda1.</summary>
        private double Alpha2Slope(double x0)
        {
            var half = x0 * Math.PI / 360;
            var s = lambdaRatio * Math.Sin(half);
            return lambdaRatio * Math.Cos(half) / Math.Sqrt(Math.Max(1 - s * s, 1e-12));
        }

        /// <summary>Model at every point for the parameters q, split into background, halos and peaks when asked.</summary>
        private void Evaluate(double[] q, double[] total, double[]? background = null, double[]? halo = null, double[]? crystalline = null)
        {
            var n = x.Length;
            for (var i = 0; i < n; i++)
            {
                var b = 0.0;
                for (var k = 0; k <= order; k++)
                {
                    b += q[k] * chebyshev[k][i];
                }
                var a = 0.0;
                for (var h = 0; h < halos; h++)
                {
                    var k = HaloIndex(h);
                    a += PeakShapes.PseudoVoigt(x[i], q[k], q[k + 1], q[k + 2], 0);
                }
                total[i] = b + a;
                if (background is not null)
                {
                    background[i] = b;
                }
                if (halo is not null)
                {
                    halo[i] = a;
                }
                if (crystalline is not null)
                {
                    crystalline[i] = 0;
                }
            }
            for (var j = 0; j < peaks; j++)
            {
                var k = PeakIndex(j);
                var x2 = doublet ? Alpha2(q[k]) : double.NaN;
                var (from, to) = Reach(q[k], x2, q[k + 2], ModelReachFwhm);
                for (var i = from; i < to; i++)
                {
                    var v = PeakShapes.PseudoVoigt(x[i], q[k], q[k + 1], q[k + 2], q[k + 3]);
                    if (doublet)
                    {
                        v += PeakShapes.PseudoVoigt(x[i], x2, options.Alpha2Ratio * q[k + 1], q[k + 2], q[k + 3]);
                    }
                    total[i] += v;
                    if (crystalline is not null)
                    {
                        crystalline[i] += v;
                    }
                }
            }
        }

        /// <summary>Rows [from, to) within reach FWHM of the alpha1 line (and alpha2 line).</summary>
        private (int From, int To) Reach(double x1, double x2, double width, double reach)
        {
            var low = x1 - reach * width;
            var high = (double.IsFinite(x2) ? Math.Max(x1, x2) : x1) + reach * width;
            var from = Array.BinarySearch(x, low);
            var to = Array.BinarySearch(x, high);
            from = from < 0 ? ~from : from;
            to = to < 0 ? ~to : to + 1;
            return (from, Math.Min(to, x.Length));
        }

        /// <summary>Weighted Jacobian columns J_k,i = w_i d model_i / d q_k, each with its row range.</summary>
        private void Jacobian(double[] q, double[][] columns, (int From, int To)[] ranges)
        {
            var n = x.Length;
            for (var k = 0; k <= order; k++)
            {
                for (var i = 0; i < n; i++)
                {
                    columns[k][i] = weight[i] * chebyshev[k][i];
                }
                ranges[k] = (0, n);
            }
            for (var h = 0; h < halos; h++)
            {
                var k = HaloIndex(h);
                for (var i = 0; i < n; i++)
                {
                    var (_, dH, dX0, dW, _) = Derivatives(x[i], q[k], q[k + 1], q[k + 2], 0);
                    columns[k][i] = weight[i] * dX0;
                    columns[k + 1][i] = weight[i] * dH;
                    columns[k + 2][i] = weight[i] * dW;
                }
                ranges[k] = ranges[k + 1] = ranges[k + 2] = (0, n);
            }
            for (var j = 0; j < peaks; j++)
            {
                var k = PeakIndex(j);
                var x2 = doublet ? Alpha2(q[k]) : double.NaN;
                var slope2 = doublet ? Alpha2Slope(q[k]) : 0;
                var range = Reach(q[k], x2, q[k + 2], JacobianReachFwhm);
                for (var c = 0; c < 4; c++)
                {
                    ranges[k + c] = range;
                }
                for (var i = range.From; i < range.To; i++)
                {
                    var (_, dH, dX0, dW, dEta) = Derivatives(x[i], q[k], q[k + 1], q[k + 2], q[k + 3]);
                    if (doublet)
                    {
                        var r = options.Alpha2Ratio;
                        var (_, dH2, dX2, dW2, dEta2) = Derivatives(x[i], x2, r * q[k + 1], q[k + 2], q[k + 3]);
                        dH += r * dH2;
                        dX0 += dX2 * slope2;
                        dW += dW2;
                        dEta += dEta2;
                    }
                    columns[k][i] = weight[i] * dX0;
                    columns[k + 1][i] = weight[i] * dH;
                    columns[k + 2][i] = weight[i] * dW;
                    columns[k + 3][i] = weight[i] * dEta;
                }
            }
        }

        /// <summary>
        /// pV and its partial derivatives: d/dH = eta L + (1 - eta) G, d/deta = H (L - G),
        /// d/du = H [eta (-8u L^2) + (1 - eta)(-8 ln2 u G)], du/dx0 = -1/w, du/dw = -u/w.
        /// </summary>
        private static (double Value, double DH, double DX0, double DW, double DEta) Derivatives(double x, double x0, double height, double fwhm, double eta)
        {
            var u = (x - x0) / fwhm;
            var l = 1 / (1 + 4 * u * u);
            var g = Math.Exp(-PeakShapes.FourLn2 * u * u);
            var shape = eta * l + (1 - eta) * g;
            var dU = height * (eta * (-8 * u * l * l) + (1 - eta) * (-2 * PeakShapes.FourLn2 * u * g));
            return (height * shape, shape, -dU / fwhm, -dU * u / fwhm, height * (l - g));
        }

        private double ChiSquare(double[] q, double[] scratch)
        {
            Evaluate(q, scratch);
            var sum = 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                var r = weight[i] * (y[i] - scratch[i]);
                sum += r * r;
            }
            return sum;
        }

        /// <summary>
        /// Levenberg-Marquardt with Marquardt's scaling: (J^T J + mu diag(J^T J)) dq = J^T r, r = w (y - model),
        /// the trial point projected onto the bounds; mu / 3 after a step that lowers chi^2, x 4 after one that does
        /// not; stops when chi^2 changes by less than the tolerance twice in a row, or falls by less than the stall
    /// tolerance over ten iterations. J^T J sums each pair of columns over the rows both reach, so a pattern of 60 peaks stays cheap.
        /// </summary>
        public (int Iterations, PatternFitExit Exit) Minimise(int maxIterations, double tolerance, double stallTolerance)
        {
            var n = x.Length;
            var m = p.Length;
            var columns = new double[m][];
            for (var k = 0; k < m; k++)
            {
                columns[k] = new double[n];
            }
            var ranges = new (int From, int To)[m];
            var modelValues = new double[n];
            var residual = new double[n];
            var trial = new double[m];
            var mu = 1e-3;
            var chi2 = ChiSquare(p, modelValues);
            var quiet = 0;
            var history = new List<double> { chi2 };
            for (var iteration = 1; iteration <= maxIterations; iteration++)
            {
                if (history.Count > 10 && history[^11] - chi2 < stallTolerance * chi2)
                {
                    return (iteration - 1, PatternFitExit.Stalled);
                }
                Evaluate(p, modelValues);
                for (var i = 0; i < n; i++)
                {
                    residual[i] = weight[i] * (y[i] - modelValues[i]);
                }
                Array.Clear(ranges);
                Jacobian(p, columns, ranges);
                var jtj = Matrix<double>.Build.Dense(m, m);
                var jtr = Vector<double>.Build.Dense(m);
                for (var a = 0; a < m; a++)
                {
                    var ca = columns[a];
                    var (fa, ta) = ranges[a];
                    var sum = 0.0;
                    for (var i = fa; i < ta; i++)
                    {
                        sum += ca[i] * residual[i];
                    }
                    jtr[a] = sum;
                    for (var b = a; b < m; b++)
                    {
                        var from = Math.Max(fa, ranges[b].From);
                        var to = Math.Min(ta, ranges[b].To);
                        var cb = columns[b];
                        var s = 0.0;
                        for (var i = from; i < to; i++)
                        {
                            s += ca[i] * cb[i];
                        }
                        jtj[a, b] = s;
                        jtj[b, a] = s;
                    }
                }
                var scale = new double[m];
                var largest = Enumerable.Range(0, m).Max(k => jtj[k, k]);
                for (var k = 0; k < m; k++)
                {
                    scale[k] = Math.Max(jtj[k, k], 1e-12 * largest + 1e-300);
                }
                while (true)
                {
                    var damped = jtj.Clone();
                    for (var k = 0; k < m; k++)
                    {
                        damped[k, k] += mu * scale[k];
                    }
                    Vector<double> delta;
                    try
                    {
                        delta = damped.Cholesky().Solve(jtr);
                    }
                    catch (ArgumentException)
                    {
                        // Not positive definite at this damping (a dead column): damp harder.
                        mu *= 4;
                        if (mu > 1e12)
                        {
                            return (iteration, PatternFitExit.NoFurtherDecrease);
                        }
                        continue;
                    }
                    for (var k = 0; k < m; k++)
                    {
                        trial[k] = Math.Clamp(p[k] + delta[k], lower[k], upper[k]);
                    }
                    var trialChi2 = ChiSquare(trial, modelValues);
                    if (double.IsFinite(trialChi2) && trialChi2 < chi2)
                    {
                        var change = (chi2 - trialChi2) / chi2;
                        Array.Copy(trial, p, m);
                        chi2 = trialChi2;
                        mu = Math.Max(mu / 3, 1e-10);
                        // Two small changes in a row, so one heavily damped step does not end the fit.
                        quiet = change < tolerance ? quiet + 1 : 0;
                        if (quiet >= 2)
                        {
                            return (iteration, PatternFitExit.ChiSquareConverged);
                        }
                        break;
                    }
                    mu *= 4;
                    if (mu > 1e12)
                    {
                        return (iteration, PatternFitExit.NoFurtherDecrease);
                    }
                }
                history.Add(chi2);
            }
            return (maxIterations, PatternFitExit.MaxIterations);
        }

        public PowderFitResult Result(int iterations, PatternFitExit exit, PatternBaselines baselines)
        {
            var n = x.Length;
            var total = new double[n];
            var background = new double[n];
            var halo = new double[n];
            var crystalline = new double[n];
            Evaluate(p, total, background, halo, crystalline);
            var chi2 = 0.0;
            var norm = 0.0;
            for (var i = 0; i < n; i++)
            {
                var r = weight[i] * (y[i] - total[i]);
                chi2 += r * r;
                norm += weight[i] * weight[i] * y[i] * y[i];
            }
            var crystallineArea = PatternBaselines.Integrate(x, i => crystalline[i]);
            var amorphousArea = PatternBaselines.Integrate(x, i => halo[i]);
            var sum = crystallineArea + amorphousArea;
            var parameters = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["backgroundOrder"] = order,
                ["haloCount"] = halos,
                ["minHaloFwhmDeg"] = options.MinHaloFwhmDeg,
                ["maxHaloFwhmDeg"] = options.MaxHaloFwhmDeg,
                ["maxPeakFwhmDeg"] = options.MaxPeakFwhmDeg,
                ["peaksFitted"] = peaks,
                ["peakThresholdSigma"] = options.PeakThreshold,
                ["seedHaloWindowDeg"] = baselines.HaloBaseline.WindowDeg,

                ["alpha2Ratio"] = doublet ? options.Alpha2Ratio : 0,
                ["iterations"] = iterations,
                ["rwp"] = norm > 0 ? Math.Sqrt(chi2 / norm) : double.NaN,
            };
            var crystallinity = new CrystallinityResult(sum > 0 ? 100 * crystallineArea / sum : double.NaN, Method, crystallineArea, amorphousArea, parameters);

            var fitted = new List<DiffractionPeak>(peaks);
            for (var j = 0; j < peaks; j++)
            {
                var k = PeakIndex(j);
                // A peak the fit has emptied (height within the noise) is no peak.
                var at = Array.BinarySearch(x, p[k]);
                if (!(p[k + 1] > baselines.Noise[Math.Clamp(at < 0 ? ~at : at, 0, n - 1)]))
                {
                    continue;
                }
                fitted.Add(new DiffractionPeak(
                    p[k], p[k + 2], p[k + 1], PeakShapes.PseudoVoigtArea(p[k + 1], p[k + 2], p[k + 3]), p[k + 3], options.SizeNm(p[k], p[k + 2])));
            }
            var haloList = new List<AmorphousHalo>(halos);
            for (var h = 0; h < halos; h++)
            {
                var k = HaloIndex(h);
                haloList.Add(new AmorphousHalo(p[k], p[k + 2], p[k + 1], PeakShapes.PseudoVoigtArea(p[k + 1], p[k + 2], 0)));
            }
            return new PowderFitResult(
                [.. fitted.OrderByDescending(f => f.Height)], haloList, [.. p.Take(order + 1)], background, total, crystallinity,
                options.WavelengthAngstrom, doublet ? options.Alpha2WavelengthAngstrom : null,
                chi2, norm > 0 ? Math.Sqrt(chi2 / norm) : double.NaN, iterations, exit, AlgorithmVersion);
        }
    }
}
