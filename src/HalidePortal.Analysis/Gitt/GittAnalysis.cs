using System.Globalization;

namespace HalidePortal.Analysis.Gitt;

/// <summary>
/// Galvanostatic intermittent titration: Li+ diffusion coefficient per current pulse by the Weppner-Huggins equation.
/// </summary>
public static class GittAnalysis
{
    /// <summary>Stored with results so a change of method can be told apart later.</summary>
    public const string AlgorithmVersion = "gitt-1";

    /// <summary>
    /// Splits the run into pulses (|I| above the threshold with one sign) and the rests between them, and for each pulse
    /// with a rest before and after it: tau = t(last pulse row) - t0, t0 the time of the row before the pulse;
    /// E0 = E(row before the pulse); Es = E(last row of the following rest); dEs = Es - E0 (= Es(n) - Es(n-1));
    /// dEt and the IR step by <see cref="GittOptions.TransientMethod"/>.
    /// Weppner-Huggins (semi-infinite diffusion, tau &lt;&lt; L^2 / D):
    /// D = 4 / (pi tau) (m_B V_M / (M_B S))^2 (dEs / dEt)^2 with m_B in g (given in mg), V_M cm3/mol, M_B g/mol, S cm2;
    /// D = 4 L^2 / (pi tau) (dEs / dEt)^2 with L in cm. Both in cm2/s. Validity ratio tau D / L^2 = (4 / pi) (dEs / dEt)^2.
    /// Charge Q(i) = Q(i-1) + I(i) (t(i) - t(i-1)) / 3.6 in mAh (a row's current holds over the interval ending at it).
    /// </summary>
    /// <param name="timeS">Time in s, not decreasing.</param>
    /// <param name="voltageV">Cell voltage in V.</param>
    /// <param name="currentA">Current in A, positive on charge.</param>
    /// <param name="options">Material and detection settings; null for the defaults (no D without mass or length).</param>
    public static GittResult Analyse(
        IReadOnlyList<double> timeS, IReadOnlyList<double> voltageV, IReadOnlyList<double> currentA, GittOptions? options = null)
    {
        options ??= new GittOptions();
        int n = CheckSeries(timeS, voltageV, currentA);
        var material = CheckOptions(options);

        double maxAbs = 0;
        for (int i = 0; i < n; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(currentA[i]));
        }
        double threshold = options.CurrentThresholdA ?? options.PulseShareOfMaxCurrent * maxAbs;
        if (maxAbs == 0 || maxAbs <= threshold)
        {
            throw new ArgumentException(
                $"Expected current pulses with |I| above {Format(threshold)} A, but the largest |I| is {Format(maxAbs)} A.",
                nameof(currentA));
        }

        var sign = new int[n];
        for (int i = 0; i < n; i++)
        {
            sign[i] = currentA[i] > threshold ? 1 : currentA[i] < -threshold ? -1 : 0;
        }
        var charge = new double[n];
        for (int i = 1; i < n; i++)
        {
            charge[i] = charge[i - 1] + currentA[i] * (timeS[i] - timeS[i - 1]) / 3.6;
        }

        var notes = new List<string>();
        var raw = new List<(int Number, int First, int Last, int RestLast)>();
        int pulseNumber = 0;
        for (int i = 0; i < n;)
        {
            if (sign[i] == 0)
            {
                i++;
                continue;
            }
            int first = i;
            while (i + 1 < n && sign[i + 1] == sign[first])
            {
                i++;
            }
            int last = i;
            i++;
            pulseNumber++;
            int restLast = last;
            while (restLast + 1 < n && sign[restLast + 1] == 0)
            {
                restLast++;
            }
            if (first == 0 || sign[first - 1] != 0)
            {
                notes.Add(Note($"Pulse {pulseNumber} (rows {first}-{last}) left out: no rest before it to give E0."));
            }
            else if (restLast == last)
            {
                notes.Add(Note($"Pulse {pulseNumber} (rows {first}-{last}) left out: no rest after it to give Es."));
            }
            else if (last == first)
            {
                notes.Add(Note($"Pulse {pulseNumber} (row {first}) left out: a single row has no transient."));
            }
            else
            {
                raw.Add((pulseNumber, first, last, restLast));
            }
        }
        if (raw.Count == 0)
        {
            throw new ArgumentException(
                $"Expected at least one current pulse (|I| above {Format(threshold)} A) with a rest before and after it, found {pulseNumber.ToString(CultureInfo.InvariantCulture)} pulses and none with both rests.",
                nameof(currentA));
        }

        double qMin = 0, qMax = 0;
        foreach (var (_, _, last, _) in raw)
        {
            qMin = Math.Min(qMin, charge[last]);
            qMax = Math.Max(qMax, charge[last]);
        }

        var pulses = new List<GittPulse>(raw.Count);
        foreach (var (number, first, last, restLast) in raw)
        {
            double t0 = timeS[first - 1], tau = timeS[last] - t0;
            double e0 = voltageV[first - 1], es = voltageV[restLast];
            double dEs = es - e0;
            double current = 0, meanVoltage = 0;
            for (int i = first; i <= last; i++)
            {
                double dt = timeS[i] - timeS[i - 1];
                current += currentA[i] * dt;
                meanVoltage += voltageV[i] * dt;
            }
            current /= tau;
            meanVoltage /= tau;

            double dEt, ir;
            double? slope = null, rSquared = null;
            if (options.TransientMethod == GittTransientMethod.SqrtTimeFit)
            {
                var fit = SqrtFit(timeS, voltageV, first, last, t0, tau, options);
                slope = fit.Slope;
                rSquared = fit.RSquared;
                dEt = fit.Slope * Math.Sqrt(tau);
                ir = fit.Intercept - e0;
            }
            else
            {
                ir = voltageV[first] - e0;
                dEt = voltageV[last] - voltageV[first];
            }

            double ratio = dEt == 0 ? double.PositiveInfinity : 4 / Math.PI * (dEs / dEt) * (dEs / dEt);
            double? dMass = material.MassLengthCm is { } lm && dEt != 0 ? WeppnerHuggins(lm, tau, dEs, dEt) : null;
            double? dLength = options.DiffusionLengthCm is { } l && dEt != 0 ? WeppnerHuggins(l, tau, dEs, dEt) : null;
            double q = charge[last];
            pulses.Add(new GittPulse(
                number, first, last, restLast, t0, tau, current, e0, es, dEs, dEt, ir, slope, rSquared,
                dMass, dLength, ratio, ratio <= options.MaxValidityRatio, q,
                qMax > qMin ? (q - qMin) / (qMax - qMin) : 0,
                material.MassG is { } g ? q / g : null,
                meanVoltage));
        }
        return new GittResult(pulses, threshold, options.TransientMethod, material.MassLengthCm, notes);
    }

    /// <summary>D = 4 L^2 / (pi tau) (dEs / dEt)^2: L in cm, tau in s, D in cm2/s.</summary>
    public static double WeppnerHuggins(double lengthCm, double tauS, double deltaEsV, double deltaEtV)
    {
        double ratio = deltaEsV / deltaEtV;
        return 4 * lengthCm * lengthCm / (Math.PI * tauS) * ratio * ratio;
    }

    /// <summary>L = m_B V_M / (M_B S): mass in mg (to g), V_M cm3/mol, M_B g/mol, S cm2; L in cm.</summary>
    public static double MassLengthCm(double massMg, double molarMassGPerMol, double molarVolumeCm3PerMol, double areaCm2) =>
        massMg / 1000 * molarVolumeCm3PerMol / (molarMassGPerMol * areaCm2);

    private readonly record struct Material(double? MassG, double? MassLengthCm);

    private readonly record struct LineFit(double Intercept, double Slope, double? RSquared);

    /// <summary>OLS E = a + b sqrt(t - t0) over the fit window; the whole pulse when the window holds fewer than 3 rows.</summary>
    private static LineFit SqrtFit(
        IReadOnlyList<double> timeS, IReadOnlyList<double> voltageV, int first, int last, double t0, double tau, GittOptions options)
    {
        var rows = Enumerable.Range(first, last - first + 1)
            .Where(i => timeS[i] - t0 >= options.FitFromShareOfPulse * tau && timeS[i] - t0 <= options.FitToShareOfPulse * tau)
            .ToList();
        if (rows.Count < 3)
        {
            rows = [.. Enumerable.Range(first, last - first + 1)];
        }
        double xm = 0, ym = 0;
        foreach (int i in rows)
        {
            xm += Math.Sqrt(timeS[i] - t0);
            ym += voltageV[i];
        }
        xm /= rows.Count;
        ym /= rows.Count;
        double sxx = 0, sxy = 0, syy = 0;
        foreach (int i in rows)
        {
            double dx = Math.Sqrt(timeS[i] - t0) - xm, dy = voltageV[i] - ym;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx <= 0)
        {
            // All rows at one time: no slope to read; the transient is then the first-to-last change (0).
            return new LineFit(ym, 0, null);
        }
        double slope = sxy / sxx;
        double? r2 = rows.Count >= 3 ? (syy > 0 ? sxy * sxy / (sxx * syy) : 1) : null;
        return new LineFit(ym - slope * xm, slope, r2);
    }

    private static int CheckSeries(IReadOnlyList<double> timeS, IReadOnlyList<double> voltageV, IReadOnlyList<double> currentA)
    {
        ArgumentNullException.ThrowIfNull(timeS);
        ArgumentNullException.ThrowIfNull(voltageV);
        ArgumentNullException.ThrowIfNull(currentA);
        int n = timeS.Count;
        if (voltageV.Count != n || currentA.Count != n)
        {
            throw new ArgumentException(
                $"Expected time, voltage and current of equal length, got {n.ToString(CultureInfo.InvariantCulture)}, {voltageV.Count.ToString(CultureInfo.InvariantCulture)} and {currentA.Count.ToString(CultureInfo.InvariantCulture)} rows.",
                nameof(voltageV));
        }
        if (n < 3)
        {
            throw new ArgumentException(
                $"Expected at least 3 rows (rest, pulse, rest), got {n.ToString(CultureInfo.InvariantCulture)}.", nameof(timeS));
        }
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(timeS[i]) || !double.IsFinite(voltageV[i]) || !double.IsFinite(currentA[i]))
            {
                throw new ArgumentException(
                    $"Expected finite time, voltage and current, got {Format(timeS[i])} s, {Format(voltageV[i])} V and {Format(currentA[i])} A at row {i.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(timeS));
            }
            if (i > 0 && timeS[i] < timeS[i - 1])
            {
                throw new ArgumentException(
                    $"Expected time not to decrease, but row {i.ToString(CultureInfo.InvariantCulture)} is at {Format(timeS[i])} s after {Format(timeS[i - 1])} s.",
                    nameof(timeS));
            }
        }
        return n;
    }

    private static Material CheckOptions(GittOptions o)
    {
        if (o.CurrentThresholdA is { } th && (!double.IsFinite(th) || th < 0))
        {
            throw new ArgumentException($"Expected a pulse current threshold in A of 0 or more, got {Format(th)}.", nameof(o));
        }
        if (!(o.PulseShareOfMaxCurrent is > 0 and < 1))
        {
            throw new ArgumentException(
                $"Expected a pulse share of the largest current between 0 and 1, got {Format(o.PulseShareOfMaxCurrent)}.", nameof(o));
        }
        if (!(o.FitFromShareOfPulse >= 0 && o.FitToShareOfPulse <= 1 && o.FitFromShareOfPulse < o.FitToShareOfPulse))
        {
            throw new ArgumentException(
                $"Expected a sqrt(t) fit window 0 <= from < to <= 1 (shares of the pulse), got {Format(o.FitFromShareOfPulse)} to {Format(o.FitToShareOfPulse)}.",
                nameof(o));
        }
        if (!(o.MaxValidityRatio > 0) || !double.IsFinite(o.MaxValidityRatio))
        {
            throw new ArgumentException($"Expected a validity limit tau D / L^2 above 0, got {Format(o.MaxValidityRatio)}.", nameof(o));
        }
        Positive(o.MassMg, "an active mass in mg");
        Positive(o.MolarMassGPerMol, "a molar mass in g/mol");
        Positive(o.MolarVolumeCm3PerMol, "a molar volume in cm3/mol");
        Positive(o.AreaCm2, "an area in cm2");
        Positive(o.DiffusionLengthCm, "a diffusion length in cm");
        double?[] massForm = [o.MassMg, o.MolarMassGPerMol, o.MolarVolumeCm3PerMol, o.AreaCm2];
        int given = massForm.Count(v => v is not null);
        if (given is > 1 and < 4)
        {
            throw new ArgumentException(
                "Expected the mass form's inputs together (mass, molar mass, molar volume and area) or only the mass; some are missing.",
                nameof(o));
        }
        double? length = given == 4 ? MassLengthCm(o.MassMg!.Value, o.MolarMassGPerMol!.Value, o.MolarVolumeCm3PerMol!.Value, o.AreaCm2!.Value) : null;
        return new Material(o.MassMg / 1000, length);

        void Positive(double? value, string what)
        {
            if (value is { } v && (!double.IsFinite(v) || v <= 0))
            {
                throw new ArgumentException($"Expected {what} above 0, got {Format(v)}.", nameof(o));
            }
        }
    }

    private static string Note(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
