namespace HalidePortal.Analysis.Impedance;

/// <summary>Where a capacitance of a pellet between blocking electrodes most likely comes from.</summary>
public enum CapacitanceOrigin
{
    /// <summary>Below 1e-11 F (bulk, ~1e-12 F).</summary>
    Bulk = 0,
    /// <summary>1e-11 to 1e-8 F.</summary>
    GrainBoundary = 1,
    /// <summary>1e-7 to 1e-5 F (double layer at the electrodes, interphases).</summary>
    ElectrodeInterface = 2,
    /// <summary>1e-8 to 1e-7 F (surface layers and grain boundaries overlap there) or above 1e-5 F.</summary>
    Unassigned = 3,
}

/// <summary>
/// The capacitance of one R-CPE (or R-C) arc of a fitted circuit. StdErrF is propagated from the fit's covariance
/// of (R, Q, n), or of C itself for an R-C pair; null when the fit held any of them fixed.
/// </summary>
public sealed record ArcCapacitance(string Resistor, string Element, double CapacitanceF, double? StdErrF, CapacitanceOrigin Origin);

/// <summary>Effective capacitances of the arcs of a fitted circuit (Brug et al., J. Electroanal. Chem. 176 (1984) 275).</summary>
public static class EffectiveCapacitance
{
    /// <summary>
    /// Brug's capacitance of a CPE Q, n in parallel with R: C = (Q R^(1-n))^(1/n). n = 1 gives C = Q.
    /// </summary>
    public static double Brug(double resistanceOhm, double q, double n)
    {
        Require(resistanceOhm > 0 && double.IsFinite(resistanceOhm), nameof(resistanceOhm), "a resistance in Ohm above 0", resistanceOhm);
        Require(q > 0 && double.IsFinite(q), nameof(q), "a CPE Q above 0", q);
        Require(n > 0 && n <= 1, nameof(n), "a CPE exponent n in (0, 1]", n);
        return Math.Exp((Math.Log(q) + (1 - n) * Math.Log(resistanceOhm)) / n);
    }

    /// <summary>
    /// Standard error of Brug's C from the 3x3 covariance of (R, Q, n), to first order: s_C = C sqrt(g^T Cov g) with
    /// g = d ln C / d(R, Q, n) = ((1 - n) / (n R), 1 / (n Q), -ln(Q R) / n^2).
    /// </summary>
    public static double BrugStandardError(double resistanceOhm, double q, double n, double[,] covariance)
    {
        ArgumentNullException.ThrowIfNull(covariance);
        if (covariance.GetLength(0) != 3 || covariance.GetLength(1) != 3)
        {
            throw new ArgumentException("Expected the 3x3 covariance of (R, Q, n).", nameof(covariance));
        }
        var c = Brug(resistanceOhm, q, n);
        double[] g = [(1 - n) / (n * resistanceOhm), 1 / (n * q), -Math.Log(q * resistanceOhm) / (n * n)];
        var variance = 0.0;
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                variance += g[a] * covariance[a, b] * g[b];
            }
        }
        return c * Math.Sqrt(Math.Max(variance, 0));
    }

    /// <summary>
    /// Likely origin by magnitude (Irvine, Sinclair, West, Adv. Mater. 2 (1990) 132): below 1e-11 F bulk,
    /// 1e-11 to 1e-8 F grain boundary, 1e-7 to 1e-5 F electrode or interface, otherwise unassigned.
    /// </summary>
    public static CapacitanceOrigin Classify(double capacitanceF) => capacitanceF switch
    {
        < 1e-11 => CapacitanceOrigin.Bulk,
        <= 1e-8 => CapacitanceOrigin.GrainBoundary,
        >= 1e-7 and <= 1e-5 => CapacitanceOrigin.ElectrodeInterface,
        _ => CapacitanceOrigin.Unassigned,
    };

    /// <summary>
    /// Every top-level parallel pair of a resistor with a CPE (C = Brug's) or a capacitor (C itself) in a fitted
    /// circuit, in the circuit's order, e.g. both arcs of p(R1,CPE1)-p(R2,CPE2)-CPE3. Other groups are skipped.
    /// </summary>
    public static IReadOnlyList<ArcCapacitance> FromFit(ImpedanceFitResult fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var parameters = fit.Circuit.Parameters;
        var arcs = new List<ArcCapacitance>();
        foreach (var (isParallel, first, count) in fit.Circuit.SeriesTerms)
        {
            if (!isParallel)
            {
                continue;
            }
            var r = Enumerable.Range(first, count).Where(k => parameters[k].Kind == CircuitElementKind.Resistor).ToList();
            var cpe = Enumerable.Range(first, count).Where(k => parameters[k].Kind == CircuitElementKind.ConstantPhase).ToList();
            var cap = Enumerable.Range(first, count).Where(k => parameters[k].Kind == CircuitElementKind.Capacitor).ToList();
            if (r.Count == 1 && cpe.Count == 2 && count == 3)
            {
                int kr = r[0], kq = cpe[0], kn = cpe[1];
                var c = Brug(fit.Values[kr], fit.Values[kq], fit.Values[kn]);
                double? se = null;
                if (!fit.IsFixed[kr] && !fit.IsFixed[kq] && !fit.IsFixed[kn])
                {
                    int[] index = [kr, kq, kn];
                    var covariance = new double[3, 3];
                    for (var a = 0; a < 3; a++)
                    {
                        for (var b = 0; b < 3; b++)
                        {
                            covariance[a, b] = fit.Covariance[index[a], index[b]];
                        }
                    }
                    se = BrugStandardError(fit.Values[kr], fit.Values[kq], fit.Values[kn], covariance);
                }
                arcs.Add(new ArcCapacitance(parameters[kr].Name, parameters[kq].Element, c, se, Classify(c)));
            }
            else if (r.Count == 1 && cap.Count == 1 && count == 2)
            {
                var c = fit.Values[cap[0]];
                double? se = fit.IsFixed[cap[0]] ? null : fit.StandardErrors[cap[0]];
                arcs.Add(new ArcCapacitance(parameters[r[0]].Name, parameters[cap[0]].Element, c, se, Classify(c)));
            }
        }
        return arcs;
    }

    private static void Require(bool ok, string name, string expected, double value)
    {
        if (!ok)
        {
            throw new ArgumentException(
                $"Expected {expected}, got {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.", name);
        }
    }
}
