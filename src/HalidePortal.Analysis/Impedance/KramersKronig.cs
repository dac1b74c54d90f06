using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Impedance;

/// <summary>Whether the Kramers-Kronig test model carries a series capacitance (a blocking electrode's spike).</summary>
public enum SeriesCapacitanceChoice
{
    /// <summary>Fit with and without it and keep the lower pseudo chi-square; the capacitance must come out positive.</summary>
    Auto = 0,
    /// <summary>Always in the model.</summary>
    Include = 1,
    /// <summary>Never in the model (a low-frequency spike then shows as a failed test).</summary>
    Exclude = 2,
}

/// <summary>Options of <see cref="KramersKronig.Check"/>. Defaults follow Schönleber et al. 2014.</summary>
public sealed record KramersKronigOptions
{
    /// <summary>The number of RC elements grows until mu falls below this (0.85 in the paper).</summary>
    public double MuCritical { get; init; } = 0.85;

    /// <summary>A series inductance L in the model (takes up cable inductance at the highest frequencies).</summary>
    public bool IncludeInductance { get; init; } = true;

    public SeriesCapacitanceChoice SeriesCapacitance { get; init; } = SeriesCapacitanceChoice.Auto;

    /// <summary>Decades the time constants reach beyond 1/(2 pi f_max) and 1/(2 pi f_min) on each side.</summary>
    public double ExtendDecades { get; init; }

    /// <summary>Most RC elements tried; null = the number of frequencies.</summary>
    public int? MaxElements { get; init; }

    /// <summary>Valid needs every |relative residual| (real and imaginary) below this (0.01 = 1 %).</summary>
    public double ResidualLimit { get; init; } = 0.01;

    /// <summary>Valid needs every mean of TrendWindow neighbouring residuals below this (0.005 = 0.5 %): a systematic offset, not noise.</summary>
    public double TrendLimit { get; init; } = 0.005;

    /// <summary>Neighbouring frequencies averaged by the trend check.</summary>
    public int TrendWindow { get; init; } = 5;
}

/// <summary>
/// Result of the linear Kramers-Kronig test. Residuals are relative, (Z_i - Z_fit(f_i)) / |Z_i|, per part and in the
/// order the points were given; PseudoChiSquare = sum_i (dRe_i^2 + dIm_i^2). CapacitanceF is null when the model had no
/// series capacitance. MaxTrend is the largest |mean| of TrendWindow neighbouring residuals (points sorted by
/// frequency). IsValid = MaxResidual &lt; ResidualLimit and MaxTrend &lt; TrendLimit.
/// </summary>
public sealed record KramersKronigResult(
    int Elements,
    double Mu,
    double SeriesResistanceOhm,
    double InductanceH,
    double? CapacitanceF,
    IReadOnlyList<double> TimeConstantsS,
    IReadOnlyList<double> ResistancesOhm,
    IReadOnlyList<double> FitReal,
    IReadOnlyList<double> FitImag,
    IReadOnlyList<double> ResidualsReal,
    IReadOnlyList<double> ResidualsImag,
    double PseudoChiSquare,
    double MaxResidual,
    double MaxTrend,
    bool IsValid,
    string AlgorithmVersion);

/// <summary>Linear Kramers-Kronig test of an impedance spectrum (Schönleber, Klotz, Ivers-Tiffée, Electrochim. Acta 131 (2014) 20).</summary>
public static class KramersKronig
{
    public const string AlgorithmVersion = "linkk/1";

    /// <summary>
    /// Fits Z(w) = R0 + j w L + 1 / (j w C) + sum_k R_k / (1 + j w tau_k), tau_k log-spaced from 1/(2 pi f_max) to
    /// 1/(2 pi f_min), linearly in (R0, L, 1/C, R_k) to the complex data weighted by 1/|Z_i|; M = 1, 2, ... RC elements
    /// until mu = 1 - sum_{R_k &lt; 0} |R_k| / sum_{R_k &gt;= 0} R_k falls below MuCritical (or MaxElements is reached).
    /// A spectrum that obeys Kramers-Kronig (causal, linear, stable, time-invariant) leaves residuals at the noise
    /// level with no trend.
    /// </summary>
    public static KramersKronigResult Check(
        IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag, KramersKronigOptions? options = null)
    {
        options ??= new KramersKronigOptions();
        SpectrumInput.Check(frequencies, zReal, zImag, minimumPoints: 3);
        if (!(options.MuCritical is > 0 and <= 1))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"MuCritical must lie in (0, 1], got {options.MuCritical}"), nameof(options));
        }
        for (var i = 0; i < frequencies.Count; i++)
        {
            if (zReal[i] == 0 && zImag[i] == 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"point {i} (f = {frequencies[i]} Hz) has Z = 0; the residuals are relative to |Z|"), nameof(zReal));
            }
        }
        if (options.TrendWindow < 1 || options.MaxElements is < 1 || !(options.ExtendDecades >= 0))
        {
            throw new ArgumentException("TrendWindow and MaxElements must be at least 1 and ExtendDecades at least 0", nameof(options));
        }

        return options.SeriesCapacitance switch
        {
            SeriesCapacitanceChoice.Include => Search(frequencies, zReal, zImag, options, withCapacitance: true),
            SeriesCapacitanceChoice.Exclude => Search(frequencies, zReal, zImag, options, withCapacitance: false),
            _ => Better(Search(frequencies, zReal, zImag, options, withCapacitance: false),
                Search(frequencies, zReal, zImag, options, withCapacitance: true)),
        };
    }

    private static KramersKronigResult Better(KramersKronigResult without, KramersKronigResult with) =>
        with.CapacitanceF > 0 && with.PseudoChiSquare < without.PseudoChiSquare ? with : without;

    private static KramersKronigResult Search(
        IReadOnlyList<double> f, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag, KramersKronigOptions options, bool withCapacitance)
    {
        var n = f.Count;
        var maxElements = options.MaxElements ?? n;
        Fit? last = null;
        for (var m = 1; m <= maxElements; m++)
        {
            last = FitElements(f, zReal, zImag, options, withCapacitance, m);
            if (last.Mu < options.MuCritical)
            {
                break;
            }
        }
        return Summarise(f, zReal, zImag, options, last!);
    }

    private sealed record Fit(double[] Tau, double[] Values, double Mu, bool WithInductance, bool WithCapacitance);

    // Unknowns: R0, R_1..R_M, then L, then 1/C when present.
    private static Fit FitElements(
        IReadOnlyList<double> f, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag, KramersKronigOptions options, bool withCapacitance, int m)
    {
        var n = f.Count;
        var tau = TimeConstants(f, m, options.ExtendDecades);
        var columns = 1 + m + (options.IncludeInductance ? 1 : 0) + (withCapacitance ? 1 : 0);
        var a = Matrix<double>.Build.Dense(2 * n, columns);
        var b = Vector<double>.Build.Dense(2 * n);
        for (var i = 0; i < n; i++)
        {
            var w = 2 * Math.PI * f[i];
            var weight = 1 / Math.Sqrt(zReal[i] * zReal[i] + zImag[i] * zImag[i]);
            b[2 * i] = weight * zReal[i];
            b[2 * i + 1] = weight * zImag[i];
            a[2 * i, 0] = weight;
            for (var k = 0; k < m; k++)
            {
                var wt = w * tau[k];
                var d = 1 + wt * wt;
                a[2 * i, 1 + k] = weight / d;
                a[2 * i + 1, 1 + k] = -weight * wt / d;
            }
            var c = 1 + m;
            if (options.IncludeInductance)
            {
                a[2 * i + 1, c++] = weight * w;
            }
            if (withCapacitance)
            {
                a[2 * i + 1, c] = -weight / w;
            }
        }
        var x = LinearLeastSquares.Solve(a, b);
        double positive = 0, negative = 0;
        for (var k = 0; k < m; k++)
        {
            if (x[1 + k] >= 0)
            {
                positive += x[1 + k];
            }
            else
            {
                negative -= x[1 + k];
            }
        }
        var mu = positive > 0 ? 1 - negative / positive : 0;
        return new Fit(tau, [.. x], mu, options.IncludeInductance, withCapacitance);
    }

    /// <summary>tau_k = tau_min (tau_max / tau_min)^((k-1)/(M-1)), tau_min = 1/(2 pi f_max) 10^-extend, tau_max = 1/(2 pi f_min) 10^extend.</summary>
    private static double[] TimeConstants(IReadOnlyList<double> f, int m, double extendDecades)
    {
        var tauMin = 1 / (2 * Math.PI * f.Max()) * Math.Pow(10, -extendDecades);
        var tauMax = 1 / (2 * Math.PI * f.Min()) * Math.Pow(10, extendDecades);
        if (m == 1)
        {
            return [Math.Sqrt(tauMin * tauMax)];
        }
        var ratio = Math.Log(tauMax / tauMin);
        return [.. Enumerable.Range(0, m).Select(k => tauMin * Math.Exp(ratio * k / (m - 1)))];
    }

    private static KramersKronigResult Summarise(
        IReadOnlyList<double> f, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag, KramersKronigOptions options, Fit fit)
    {
        var n = f.Count;
        var m = fit.Tau.Length;
        var r0 = fit.Values[0];
        var inductance = fit.WithInductance ? fit.Values[1 + m] : 0;
        var inverseC = fit.WithCapacitance ? fit.Values[^1] : 0;
        var fitReal = new double[n];
        var fitImag = new double[n];
        var residualReal = new double[n];
        var residualImag = new double[n];
        double chi = 0, maxResidual = 0;
        for (var i = 0; i < n; i++)
        {
            var w = 2 * Math.PI * f[i];
            double re = r0, im = w * inductance - inverseC / w;
            for (var k = 0; k < m; k++)
            {
                var wt = w * fit.Tau[k];
                var d = 1 + wt * wt;
                re += fit.Values[1 + k] / d;
                im -= fit.Values[1 + k] * wt / d;
            }
            var modulus = Math.Sqrt(zReal[i] * zReal[i] + zImag[i] * zImag[i]);
            fitReal[i] = re;
            fitImag[i] = im;
            residualReal[i] = (zReal[i] - re) / modulus;
            residualImag[i] = (zImag[i] - im) / modulus;
            chi += residualReal[i] * residualReal[i] + residualImag[i] * residualImag[i];
            maxResidual = Math.Max(maxResidual, Math.Max(Math.Abs(residualReal[i]), Math.Abs(residualImag[i])));
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => f[i]).ToArray();
        var trend = Math.Max(MaxWindowMean(order, residualReal, options.TrendWindow), MaxWindowMean(order, residualImag, options.TrendWindow));
        return new KramersKronigResult(
            m, fit.Mu, r0, inductance, fit.WithCapacitance ? 1 / inverseC : null,
            fit.Tau, fit.Values[1..(1 + m)], fitReal, fitImag, residualReal, residualImag, chi, maxResidual, trend,
            maxResidual < options.ResidualLimit && trend < options.TrendLimit, AlgorithmVersion);
    }

    /// <summary>Largest |mean| of `window` consecutive values (in the given order); the whole set when shorter.</summary>
    private static double MaxWindowMean(int[] order, double[] values, int window)
    {
        window = Math.Min(window, order.Length);
        double sum = 0, best = 0;
        for (var j = 0; j < order.Length; j++)
        {
            sum += values[order[j]];
            if (j >= window)
            {
                sum -= values[order[j - window]];
            }
            if (j >= window - 1)
            {
                best = Math.Max(best, Math.Abs(sum / window));
            }
        }
        return best;
    }
}
