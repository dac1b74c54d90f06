using System.Globalization;

namespace HalidePortal.Analysis.Impedance;

/// <summary>A resistance taken from a fit: the parameters summed, the sum and its standard error in Ohm.</summary>
public sealed record ChosenResistance(string Choice, IReadOnlyList<string> Parameters, double ResistanceOhm, double StdErrOhm);

/// <summary>Which fitted resistance a conductivity is computed from: "R1", "R0+R1" or "intercept".</summary>
public static class ResistanceChoice
{
    /// <summary>The keyword for the low-frequency real-axis intercept of the arcs.</summary>
    public const string Intercept = "intercept";

    /// <summary>
    /// The parameters a choice sums. "R1", "R0+R1": resistances (parameters in Ohm) by name, joined by '+'.
    /// "intercept": where the last arc meets the real axis before the low-frequency spike, taken as the sum of the
    /// top-level resistors and of every resistance inside the top-level arcs (parallel groups, ZARC, Gerischer);
    /// the top-level C, CPE, L, W, Wo, Ws are the spike and left out. For R0-p(R1,CPE1)-p(R2,CPE2)-CPE3 that is
    /// R0 + R1 + R2, the Z' the model reaches between the arcs and the spike when the spike's CPE is blocking.
    /// </summary>
    public static IReadOnlyList<string> Parameters(EquivalentCircuit circuit, string choice)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(choice);
        var parameters = circuit.Parameters;
        var resistances = parameters.Where(p => string.Equals(p.Unit, "Ohm", StringComparison.Ordinal)).Select(p => p.Name).ToList();
        var text = choice.Trim();
        if (string.Equals(text, Intercept, StringComparison.OrdinalIgnoreCase))
        {
            var names = new List<string>();
            foreach (var (isParallel, first, count) in circuit.SeriesTerms)
            {
                var kind = parameters[first].Kind;
                var arc = isParallel || kind is CircuitElementKind.Zarc or CircuitElementKind.Gerischer;
                if (arc || kind == CircuitElementKind.Resistor)
                {
                    names.AddRange(Enumerable.Range(first, count)
                        .Where(k => parameters[k].Kind is CircuitElementKind.Resistor
                            || (parameters[k].Kind is CircuitElementKind.Zarc or CircuitElementKind.Gerischer && parameters[k].Name.EndsWith(".R", StringComparison.Ordinal)))
                        .Select(k => parameters[k].Name));
                }
            }
            return names.Count > 0
                ? names
                : throw new ArgumentException($"{circuit.Text} has no resistance before its spike, so no intercept; give a resistance ({string.Join(", ", resistances)})", nameof(choice));
        }
        var parts = text.Split('+');
        var chosen = new List<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            var name = parts[i].Trim();
            var index = circuit.IndexOf(name);
            if (index < 0 || !string.Equals(parameters[index].Unit, "Ohm", StringComparison.Ordinal) || chosen.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"resistance \"{choice}\" term {i + 1}: expected a resistance of {circuit.Text} ({string.Join(", ", resistances)}), named once and joined by '+' (as R0+R1), or \"{Intercept}\"; found \"{name}\""),
                    nameof(choice));
            }
            chosen.Add(name);
        }
        return chosen;
    }

    /// <summary>
    /// R = sum_i p_i over the chosen parameters; s_R = sqrt(sum_i sum_j Cov(p_i, p_j)) with the fit's covariance
    /// (fixed parameters contribute 0).
    /// </summary>
    public static ChosenResistance Evaluate(ImpedanceFitResult fit, string choice)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var names = Parameters(fit.Circuit, choice);
        var index = names.Select(fit.Circuit.IndexOf).ToArray();
        var sum = index.Sum(k => fit.Values[k]);
        var variance = 0.0;
        foreach (var a in index)
        {
            foreach (var b in index)
            {
                variance += fit.Covariance[a, b];
            }
        }
        return new ChosenResistance(choice.Trim(), names, sum, Math.Sqrt(Math.Max(variance, 0)));
    }
}
