using System.Globalization;

namespace HalidePortal.Analysis.Conductivity;

/// <summary>Which quantity is taken as thermally activated.</summary>
public enum ArrheniusForm
{
    /// <summary>sigma T = A exp(-Ea / kB T): ln(sigma T) against 1/T (the lab's default, hopping model).</summary>
    SigmaT = 0,
    /// <summary>sigma = A exp(-Ea / kB T): ln sigma against 1/T.</summary>
    Sigma = 1,
}

/// <summary>
/// An Arrhenius line y = ln A + Slope x with x = 1/T (1/K) and y = ln(sigma T) (SigmaT) or ln sigma (Sigma).
/// ActivationEnergyEv = -Slope kB; its standard error is kB times the slope's OLS standard error (null for two points,
/// which leave no degrees of freedom). PrefactorA = exp(InterceptLnA), in S K/cm (SigmaT) or S/cm (Sigma).
/// InverseTemperature and Y are the fitted points; Residuals = Y - line, in ln units.
/// </summary>
public sealed record ArrheniusResult(
    ArrheniusForm Form,
    double ActivationEnergyEv,
    double? ActivationEnergyStdErrEv,
    double Slope,
    double? SlopeStdErr,
    double InterceptLnA,
    double? InterceptStdErr,
    double RSquared,
    IReadOnlyList<double> InverseTemperature,
    IReadOnlyList<double> Y,
    IReadOnlyList<double> Residuals)
{
    /// <summary>A in S K/cm (SigmaT) or S/cm (Sigma): exp(ln A).</summary>
    public double PrefactorA => Math.Exp(InterceptLnA);

    /// <summary>
    /// Conductivity on the line at a temperature in C: T = t + 273.15; sigma = exp(ln A - Ea / (kB T)) / T (SigmaT)
    /// or exp(ln A - Ea / (kB T)) (Sigma). Inside the measured range an interpolation, outside an extrapolation.
    /// </summary>
    public double SigmaAt(double temperatureC)
    {
        double kelvin = ArrheniusFit.ToKelvin(temperatureC, nameof(temperatureC));
        double y = InterceptLnA + Slope / kelvin;
        return Form == ArrheniusForm.SigmaT ? Math.Exp(y) / kelvin : Math.Exp(y);
    }

    /// <summary>
    /// Points on the fitted line for plotting, evenly spaced in 1000/T over the fitted range:
    /// X = 1000/T in 1/K (the usual axis), Y = ln A + Slope (X / 1000).
    /// </summary>
    public (double[] ThousandOverT, double[] Y) Line(int points = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        double lo = InverseTemperature.Min(), hi = InverseTemperature.Max();
        var x = new double[points];
        var y = new double[points];
        for (int i = 0; i < points; i++)
        {
            double inv = lo + (hi - lo) * i / (points - 1);
            x[i] = 1000 * inv;
            y[i] = InterceptLnA + Slope * inv;
        }
        return (x, y);
    }
}

/// <summary>Activation energy from conductivities measured at several temperatures.</summary>
public static class ArrheniusFit
{
    /// <summary>Boltzmann constant in eV/K (CODATA 2018, exact).</summary>
    public const double BoltzmannEvPerK = 8.617333262e-5;

    /// <summary>0 C in K.</summary>
    public const double ZeroCelsiusK = 273.15;

    /// <summary>
    /// Ordinary least squares of y on x = 1/T, T = t + 273.15 K, with y = ln(sigma T) for <see cref="ArrheniusForm.SigmaT"/>
    /// (sigma T = A exp(-Ea / kB T)) or y = ln sigma for <see cref="ArrheniusForm.Sigma"/> (sigma = A exp(-Ea / kB T)).
    /// Slope b = Sxy / Sxx, ln A = ybar - b xbar, Ea = -b kB; s^2 = sum(residual^2) / (n - 2),
    /// SE(b) = s / sqrt(Sxx), SE(ln A) = s sqrt(1/n + xbar^2 / Sxx), SE(Ea) = kB SE(b); R^2 = 1 - SSres / Syy.
    /// </summary>
    public static ArrheniusResult Fit(
        IReadOnlyList<double> temperaturesC, IReadOnlyList<double> sigmaSPerCm, ArrheniusForm form = ArrheniusForm.SigmaT)
    {
        ArgumentNullException.ThrowIfNull(temperaturesC);
        ArgumentNullException.ThrowIfNull(sigmaSPerCm);
        if (temperaturesC.Count != sigmaSPerCm.Count)
        {
            throw new ArgumentException(
                $"Expected one conductivity per temperature, got {Invariant(temperaturesC.Count)} temperatures and {Invariant(sigmaSPerCm.Count)} conductivities.",
                nameof(sigmaSPerCm));
        }
        int n = temperaturesC.Count;
        if (n < 2)
        {
            throw new ArgumentException(
                $"Expected at least 2 temperatures for an Arrhenius line, got {Invariant(n)}.", nameof(temperaturesC));
        }
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double kelvin = ToKelvin(temperaturesC[i], $"{nameof(temperaturesC)}[{Invariant(i)}]");
            double sigma = sigmaSPerCm[i];
            if (!double.IsFinite(sigma) || sigma <= 0)
            {
                throw new ArgumentException(
                    $"Expected a conductivity above 0 S/cm at position {Invariant(i)}, got {sigma.ToString("R", CultureInfo.InvariantCulture)}.",
                    nameof(sigmaSPerCm));
            }
            x[i] = 1 / kelvin;
            y[i] = form == ArrheniusForm.SigmaT ? Math.Log(sigma * kelvin) : Math.Log(sigma);
        }
        // Repeated temperatures are repeats of one measurement, not independent points on the line: the caller averages.
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (temperaturesC[i] == temperaturesC[j])
                {
                    throw new ArgumentException(
                        $"Expected distinct temperatures, got {temperaturesC[i].ToString("R", CultureInfo.InvariantCulture)} C at positions {Invariant(i)} and {Invariant(j)}.",
                        nameof(temperaturesC));
                }
            }
        }

        double xMean = x.Average(), yMean = y.Average();
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - xMean, dy = y[i] - yMean;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double slope = sxy / sxx;
        double intercept = yMean - slope * xMean;
        var residuals = new double[n];
        double ssRes = 0;
        for (int i = 0; i < n; i++)
        {
            residuals[i] = y[i] - (intercept + slope * x[i]);
            ssRes += residuals[i] * residuals[i];
        }
        double rSquared = syy > 0 ? 1 - ssRes / syy : 1;
        double? slopeSe = null, interceptSe = null;
        if (n > 2)
        {
            double s = Math.Sqrt(ssRes / (n - 2));
            slopeSe = s / Math.Sqrt(sxx);
            interceptSe = s * Math.Sqrt(1.0 / n + xMean * xMean / sxx);
        }
        return new ArrheniusResult(
            form,
            -slope * BoltzmannEvPerK,
            slopeSe * BoltzmannEvPerK,
            slope,
            slopeSe,
            intercept,
            interceptSe,
            rSquared,
            x,
            y,
            residuals);
    }

    internal static double ToKelvin(double temperatureC, string name)
    {
        double kelvin = temperatureC + ZeroCelsiusK;
        if (!double.IsFinite(kelvin) || kelvin <= 0)
        {
            throw new ArgumentException(
                $"Expected a temperature in C above -273.15, got {temperatureC.ToString("R", CultureInfo.InvariantCulture)}.", name);
        }
        return kelvin;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
