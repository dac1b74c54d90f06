using System.Globalization;

namespace HalidePortal.Analysis.Impedance;

/// <summary>Starting values for a circuit fit read off the spectrum.</summary>
public static class ImpedanceGuess
{
    private const double ArcExponent = 0.9;

    /// <summary>
    /// Reads the spectrum as the lab draws it: a high-frequency intercept, arcs (local maxima of -Z'' from the high
    /// frequency end), then a low-frequency spike. An arc with apex (Z'_a, -Z''_a) at w_a is taken as a ZARC with
    /// exponent 0.9: R = 2 (-Z''_a) / tan(0.9 pi / 4), intercept R_hf = Z'_a - R / 2. The spike at the lowest w_0
    /// gives n = -d ln(-Z'') / d ln w (between the two lowest frequencies, clamped to [0.3, 1]) and the scale
    /// R_s = -Z''_0 / sin(n pi / 2). Top-level series terms, in the order written, take: R the intercept, L the
    /// inductive -Z''/w at the highest frequency (or 1e-8 H), parallel groups, ZARC and Gerischer the arcs in turn
    /// (frequencies falling), C, CPE, W, Wo and Ws the spike. Within a scale (R, w, n) an element gets R; C = 1 / (w R);
    /// L = R / w; CPE Q = 1 / (R w^n), n; W sigma = R sqrt(w); Wo, Ws, G (R, 1 / w); ZARC (R, 1 / w, n).
    /// </summary>
    public static double[] Initial(
        EquivalentCircuit circuit, IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(frequencies);
        ArgumentNullException.ThrowIfNull(zReal);
        ArgumentNullException.ThrowIfNull(zImag);
        if (zReal.Count != frequencies.Count || zImag.Count != frequencies.Count || frequencies.Count < 2)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"frequencies, Z' and Z'' must have the same length of at least 2, got {frequencies.Count}, {zReal.Count} and {zImag.Count}"),
                nameof(frequencies));
        }
        // Falling frequency, as the spectrum is read.
        var order = Enumerable.Range(0, frequencies.Count).OrderByDescending(i => frequencies[i]).ToArray();
        var w = order.Select(i => 2 * Math.PI * frequencies[i]).ToArray();
        var re = order.Select(i => zReal[i]).ToArray();
        var minusIm = order.Select(i => -zImag[i]).ToArray();
        var last = w.Length - 1;
        var scale = Math.Max(order.Max(i => Math.Sqrt(zReal[i] * zReal[i] + zImag[i] * zImag[i])), 1e-300);

        var apexes = new List<(double R, double W)>();
        var intercept = double.NaN;
        for (var i = 0; i < w.Length; i++)
        {
            var isMax = minusIm[i] > 0
                && (i == 0 || minusIm[i] >= minusIm[i - 1])
                && (i == last || minusIm[i] > minusIm[i + 1]);
            // The last point is a spike, not an arc's apex.
            if (isMax && i < last)
            {
                var r = 2 * minusIm[i] / Math.Tan(ArcExponent * Math.PI / 4);
                if (double.IsNaN(intercept))
                {
                    intercept = re[i] - r / 2;
                }
                apexes.Add((r, w[i]));
            }
        }
        if (double.IsNaN(intercept))
        {
            intercept = re.Min();
        }
        intercept = Math.Max(intercept, 1e-4 * scale);

        var spikeN = Math.Clamp(
            -Math.Log(Math.Max(minusIm[last], 1e-300) / Math.Max(minusIm[last - 1], 1e-300)) / Math.Log(w[last] / w[last - 1]),
            0.3,
            1.0);
        if (!double.IsFinite(spikeN))
        {
            spikeN = ArcExponent;
        }
        var spikeR = minusIm[last] > 0 ? minusIm[last] / Math.Sin(spikeN * Math.PI / 2) : scale;

        var values = new double[circuit.Parameters.Count];
        var arc = 0;
        (double R, double W) NextArc()
        {
            if (arc < apexes.Count)
            {
                return apexes[arc++];
            }
            // More arcs in the circuit than in the data: two decades below the previous one.
            var previous = arc > 0 ? apexes[Math.Min(arc, apexes.Count) - 1] : (R: scale / 2, W: Math.Sqrt(w[0] * w[last]));
            arc++;
            return (previous.R, previous.W / 100);
        }

        foreach (var (isParallel, first, count) in circuit.SeriesTerms)
        {
            var kind = circuit.Parameters[first].Kind;
            if (isParallel || kind is CircuitElementKind.Zarc or CircuitElementKind.Gerischer)
            {
                var (r, wa) = NextArc();
                for (var k = first; k < first + count; k++)
                {
                    Fill(circuit, values, k, r, wa, ArcExponent);
                }
            }
            else if (kind == CircuitElementKind.Resistor)
            {
                values[first] = intercept;
            }
            else if (kind == CircuitElementKind.Inductor)
            {
                values[first] = minusIm[0] < 0 ? -minusIm[0] / w[0] : 1e-8;
            }
            else
            {
                Fill(circuit, values, first, spikeR, w[last], spikeN);
            }
        }
        return values;
    }

    /// <summary>Writes the parameter k (and, at an element's first parameter, the rest of that element) from a scale.</summary>
    private static void Fill(EquivalentCircuit circuit, double[] values, int k, double r, double w, double n)
    {
        var parameter = circuit.Parameters[k];
        if (k > 0 && string.Equals(circuit.Parameters[k - 1].Element, parameter.Element, StringComparison.Ordinal))
        {
            return;
        }
        switch (parameter.Kind)
        {
            case CircuitElementKind.Resistor:
                values[k] = r;
                break;
            case CircuitElementKind.Capacitor:
                values[k] = 1 / (w * r);
                break;
            case CircuitElementKind.Inductor:
                values[k] = r / w;
                break;
            case CircuitElementKind.ConstantPhase:
                values[k] = 1 / (r * Math.Pow(w, n));
                values[k + 1] = n;
                break;
            case CircuitElementKind.Warburg:
                values[k] = r * Math.Sqrt(w);
                break;
            case CircuitElementKind.WarburgOpen:
            case CircuitElementKind.WarburgShort:
            case CircuitElementKind.Gerischer:
                values[k] = r;
                values[k + 1] = 1 / w;
                break;
            case CircuitElementKind.Zarc:
                values[k] = r;
                values[k + 1] = 1 / w;
                values[k + 2] = n;
                break;
            default:
                throw new InvalidOperationException("unknown element kind");
        }
    }
}
