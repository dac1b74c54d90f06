namespace HalidePortal.Analysis.Impedance;

/// <summary>One candidate's fit when a circuit is chosen automatically, with its Akaike information criterion.</summary>
public sealed record CircuitCandidate(ImpedanceFitResult Fit, double Aic, bool WellDetermined);

/// <summary>The chosen fit and every candidate tried, best first.</summary>
public sealed record CircuitChoiceResult(ImpedanceFitResult Best, IReadOnlyList<CircuitCandidate> Candidates);

/// <summary>
/// Picks a circuit for a spectrum nobody has chosen one for: the lab's usual circuits are each fitted with default
/// settings and the one with the lowest AIC = 2N ln(chi^2 / 2N) + 2k (2N residuals, k free parameters) wins among the
/// converged fits whose parameters are all determined (relative standard error below 100 %); if none is, the lowest
/// AIC of the converged ones, else of all. AIC charges each extra arc, so a second arc is only taken when the data
/// show one.
/// </summary>
public static class CircuitChoice
{
    /// <summary>Blocking-electrode pellets: an arc or two and the electrode spike, with or without a series resistance.</summary>
    public static readonly IReadOnlyList<string> PelletCircuits =
    [
        "R0-p(R1,CPE1)-CPE2",
        "p(R1,CPE1)-CPE2",
        "p(R1,CPE1)-p(R2,CPE2)-CPE3",
        "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3",
    ];

    /// <summary>Cells and other non-blocking set-ups: arcs with a series resistance, with or without diffusion.</summary>
    public static readonly IReadOnlyList<string> CellCircuits =
    [
        "R0-p(R1,CPE1)",
        "R0-p(R1,CPE1)-p(R2,CPE2)",
        "R0-p(R1,CPE1)-CPE2",
        "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3",
        "R0-p(R1,CPE1)-W1",
    ];

    /// <summary>A spectrum of unknown set-up (on a sample, neither pellet nor cell): both lists, pellet circuits first.</summary>
    public static readonly IReadOnlyList<string> AnyCircuits = [.. PelletCircuits.Union(CellCircuits, StringComparer.Ordinal)];

    public static CircuitChoiceResult Choose(ImpedanceSpectrum spectrum, IEnumerable<string> circuits, FitWeighting weighting = FitWeighting.Modulus)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        ArgumentNullException.ThrowIfNull(circuits);
        var candidates = new List<CircuitCandidate>();
        foreach (var text in circuits)
        {
            var circuit = EquivalentCircuit.Parse(text);
            var (f, re, im) = spectrum.FittedPoints(circuit);
            int free = circuit.Parameters.Count;
            if (2 * f.Length <= free + 1)
            {
                continue;
            }
            var fit = ImpedanceFit.Fit(circuit, f, re, im, new FitOptions { Weighting = weighting });
            int n = 2 * f.Length;
            double aic = n * Math.Log(Math.Max(fit.ChiSquare, double.Epsilon) / n) + 2 * free;
            bool determined = Enumerable.Range(0, free).All(k =>
                fit.IsFixed[k] || (double.IsFinite(fit.StandardErrors[k]) && fit.StandardErrors[k] < Math.Abs(fit.Values[k])));
            candidates.Add(new CircuitCandidate(fit, aic, determined));
        }
        if (candidates.Count == 0)
        {
            throw new ArgumentException($"Expected more points than parameters: the spectrum has {spectrum.Count} points.", nameof(spectrum));
        }
        var ordered = candidates
            .OrderBy(c => c.Fit.Converged && c.WellDetermined ? 0 : c.Fit.Converged ? 1 : 2)
            .ThenBy(c => c.Aic)
            .ToList();
        return new CircuitChoiceResult(ordered[0].Fit, ordered);
    }
}
