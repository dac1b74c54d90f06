using System.Globalization;

namespace HalidePortal.Analysis.Impedance;

/// <summary>Starting values for a circuit fit read off the spectrum.</summary>
public static class ImpedanceGuess
{
    private const double ArcExponent = 0.9;

    /// <summary>
    /// Reads the spectrum as the lab draws it: a high-frequency intercept, arcs (local maxima of -Z'' from the high
    /// frequency end), then a low-frequency spike. An arc with apex (Z'_a, -Z''_a) at w_a is taken as a ZARC with
    /// exponent 0.9: R = 2 (-Z''_a) / tan(0.9 pi / 4); it starts at Z'_a - R / 2, and the intercept R_hf is the lower of
    /// that start and the smallest Z' on its high-frequency side. The spike at the lowest w_0 gives
    /// n = -d ln(-Z'') / d ln w (between the two lowest frequencies, clamped to [0.3, 1]) and the scale
    /// R_s = -Z''_0 / sin(n pi / 2). Top-level series terms, in the order written, take: R the intercept, L the
    /// inductive -Z''/w at the highest frequency (or 1e-8 H), parallel groups, ZARC and Gerischer the arcs in turn
    /// (frequencies falling), C, CPE, W, Wo and Ws the spike. Within a scale (R, w, n) an element gets R; C = 1 / (w R);
    /// L = R / w; CPE Q = 1 / (R w^n), n; W sigma = R sqrt(w); Wo, Ws, G (R, 1 / w); ZARC (R, 1 / w, n).
    /// This is the first of <see cref="Candidates"/>.
    /// </summary>
    public static double[] Initial(
        EquivalentCircuit circuit, IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag) =>
        Candidates(circuit, frequencies, zReal, zImag)[0];

    /// <summary>
    /// Starting points for every way the arcs seen in the spectrum can sit among the circuit's arc terms (parallel
    /// groups, ZARC, Gerischer), which the circuit lists from high to low frequency. With more arc terms than apexes,
    /// a term left without an apex is a hidden arc: above the first apex R = R_h, w = the frequency where Z' is
    /// halfway through the gap (or R_1 / 10 at 10 w_1 when there is no gap), between two apexes their geometric
    /// mean, below the last apex the same R two decades lower in w. R_h is the gap between the smallest Z' above
    /// the first apex and where that apex's arc would start, Z'_1 - R_1 / 2: a gap above 10 % of R_1 means an arc
    /// hidden in the high-frequency shoulder (a pellet's bulk arc under its grain-boundary arc), and the
    /// arrangement with it comes first; otherwise apexes fill the terms from the top, as <see cref="Initial"/> always
    /// did. With at least as many apexes as terms, the terms take the largest arcs (by R), kept in frequency order.
    /// </summary>
    public static IReadOnlyList<double[]> Candidates(
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
        var reading = Read(frequencies, zReal, zImag);
        var slots = circuit.SeriesTerms.Count(t => IsArcTerm(circuit, t.IsParallel, t.FirstParameter));
        var apexes = reading.Apexes;
        if (apexes.Count >= slots)
        {
            // The largest arcs, in frequency order.
            var kept = apexes.Select((a, i) => (a, i)).OrderByDescending(x => x.a.R).Take(slots).OrderBy(x => x.i).Select(x => x.a).ToList();
            var intercept = kept.Count > 0 ? reading.InterceptBelow(apexes.IndexOf(kept[0])) : reading.Intercept;
            return [Build(circuit, reading, kept, intercept)];
        }
        if (apexes.Count == 0)
        {
            var arcs = new List<Arc>();
            var previous = new Arc(reading.Scale / 2, Math.Sqrt(reading.W[0] * reading.W[^1]), 0);
            for (var s = 0; s < slots; s++)
            {
                arcs.Add(previous);
                previous = previous with { W = previous.W / 100 };
            }
            return [Build(circuit, reading, arcs, reading.Intercept)];
        }

        // Each arrangement: the slot positions of the apexes (increasing), the other slots hidden arcs.
        var candidates = new List<(bool HiddenAbove, double[] Values)>();
        foreach (var positions in Positions(slots, apexes.Count))
        {
            var arcs = new Arc[slots];
            for (var a = 0; a < apexes.Count; a++)
            {
                arcs[positions[a]] = apexes[a];
            }
            var above = positions[0];
            for (var s = 0; s < above; s++)
            {
                // Hidden above the first apex: split the gap between them, a decade apart.
                var hidden = reading.Hidden;
                arcs[s] = new Arc(hidden.R / above, hidden.W * Math.Pow(10, above - 1 - s), hidden.Re);
            }
            for (var a = 0; a < apexes.Count; a++)
            {
                var end = a + 1 < apexes.Count ? positions[a + 1] : slots;
                for (var s = positions[a] + 1; s < end; s++)
                {
                    var low = arcs[s - 1];
                    arcs[s] = a + 1 < apexes.Count
                        ? new Arc(Math.Sqrt(low.R * apexes[a + 1].R), Math.Sqrt(low.W * apexes[a + 1].W), 0)
                        : low with { W = low.W / 100 };
                }
            }
            var intercept = above > 0 ? Math.Max(reading.Floor, reading.LowestReAbove(0) - reading.Hidden.R / 2) : reading.InterceptBelow(0);
            candidates.Add((above > 0, Build(circuit, reading, arcs, Math.Max(intercept, reading.Floor))));
        }
        // A clear gap puts the arrangements with hidden high-frequency arcs first; the order is otherwise kept.
        return reading.HasGap
            ? [.. candidates.Where(c => c.HiddenAbove).Concat(candidates.Where(c => !c.HiddenAbove)).Select(c => c.Values)]
            : [.. candidates.Select(c => c.Values)];
    }

    private readonly record struct Arc(double R, double W, double Re);

    private sealed record Reading(
        double[] W, double[] Re, double[] MinusIm, List<Arc> Apexes, List<int> ApexIndex, double Scale,
        double SpikeR, double SpikeN)
    {
        public double Floor => 1e-4 * Scale;

        /// <summary>The smallest Z' at or above the frequency of apex a.</summary>
        public double LowestReAbove(int a) => Re.Take(ApexIndex[a] + 1).Min();

        /// <summary>The intercept before apex a: min(Z'_a - R_a / 2, smallest Z' above it), at least the floor.</summary>
        public double InterceptBelow(int a) =>
            Math.Max(Math.Min(Apexes[a].Re - Apexes[a].R / 2, LowestReAbove(a)), Floor);

        public double Intercept => Apexes.Count > 0 ? InterceptBelow(0) : Math.Max(Re.Min(), Floor);

        /// <summary>Gap between the first apex's arc start and the smallest Z' above it.</summary>
        public double Gap => Apexes.Count > 0 ? Apexes[0].Re - Apexes[0].R / 2 - LowestReAbove(0) : 0;

        public bool HasGap => Apexes.Count > 0 && Gap > 0.1 * Apexes[0].R;

        /// <summary>The arc hidden above the first apex: R = the gap, w where Z' is halfway through it.</summary>
        public Arc Hidden
        {
            get
            {
                var first = Apexes[0];
                if (!HasGap)
                {
                    return new Arc(first.R / 10, 10 * first.W, 0);
                }
                var lowest = LowestReAbove(0);
                var halfway = lowest + Gap / 2;
                var index = 0;
                for (var i = 0; i <= ApexIndex[0]; i++)
                {
                    if (Math.Abs(Re[i] - halfway) < Math.Abs(Re[index] - halfway))
                    {
                        index = i;
                    }
                }
                return new Arc(Gap, Math.Max(W[index], 3 * first.W), lowest);
            }
        }
    }

    private static Reading Read(IReadOnlyList<double> frequencies, IReadOnlyList<double> zReal, IReadOnlyList<double> zImag)
    {
        // Falling frequency, as the spectrum is read.
        var order = Enumerable.Range(0, frequencies.Count).OrderByDescending(i => frequencies[i]).ToArray();
        var w = order.Select(i => 2 * Math.PI * frequencies[i]).ToArray();
        var re = order.Select(i => zReal[i]).ToArray();
        var minusIm = order.Select(i => -zImag[i]).ToArray();
        var last = w.Length - 1;
        var scale = Math.Max(order.Max(i => Math.Sqrt(zReal[i] * zReal[i] + zImag[i] * zImag[i])), 1e-300);

        var apexes = new List<Arc>();
        var apexIndex = new List<int>();
        for (var i = 0; i < w.Length; i++)
        {
            var isMax = minusIm[i] > 0
                && (i == 0 || minusIm[i] >= minusIm[i - 1])
                && (i == last || minusIm[i] > minusIm[i + 1]);
            // The last point is a spike, not an arc's apex.
            if (isMax && i < last)
            {
                apexes.Add(new Arc(2 * minusIm[i] / Math.Tan(ArcExponent * Math.PI / 4), w[i], re[i]));
                apexIndex.Add(i);
            }
        }

        var spikeN = Math.Clamp(
            -Math.Log(Math.Max(minusIm[last], 1e-300) / Math.Max(minusIm[last - 1], 1e-300)) / Math.Log(w[last] / w[last - 1]),
            0.3,
            1.0);
        if (!double.IsFinite(spikeN))
        {
            spikeN = ArcExponent;
        }
        var spikeR = minusIm[last] > 0 ? minusIm[last] / Math.Sin(spikeN * Math.PI / 2) : scale;
        return new Reading(w, re, minusIm, apexes, apexIndex, scale, spikeR, spikeN);
    }

    /// <summary>Increasing choices of count positions out of slots, the first choice [0, 1, ...].</summary>
    private static IEnumerable<int[]> Positions(int slots, int count)
    {
        var positions = Enumerable.Range(0, count).ToArray();
        while (true)
        {
            yield return [.. positions];
            var k = count - 1;
            while (k >= 0 && positions[k] == slots - count + k)
            {
                k--;
            }
            if (k < 0)
            {
                yield break;
            }
            positions[k]++;
            for (var j = k + 1; j < count; j++)
            {
                positions[j] = positions[j - 1] + 1;
            }
        }
    }

    private static bool IsArcTerm(EquivalentCircuit circuit, bool isParallel, int first) =>
        isParallel || circuit.Parameters[first].Kind is CircuitElementKind.Zarc or CircuitElementKind.Gerischer;

    private static double[] Build(EquivalentCircuit circuit, Reading reading, IReadOnlyList<Arc> arcs, double intercept)
    {
        var values = new double[circuit.Parameters.Count];
        var arc = 0;
        foreach (var (isParallel, first, count) in circuit.SeriesTerms)
        {
            var kind = circuit.Parameters[first].Kind;
            if (IsArcTerm(circuit, isParallel, first))
            {
                var (r, wa, _) = arcs[arc++];
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
                values[first] = reading.MinusIm[0] < 0 ? -reading.MinusIm[0] / reading.W[0] : 1e-8;
            }
            else
            {
                Fill(circuit, values, first, reading.SpikeR, reading.W[^1], reading.SpikeN);
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
