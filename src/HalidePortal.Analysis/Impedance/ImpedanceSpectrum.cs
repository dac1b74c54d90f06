namespace HalidePortal.Analysis.Impedance;

/// <summary>
/// The points of one sweep that a fit uses, highest frequency first. InductiveTail counts the leading points (at the
/// high-frequency end) with Im Z &gt; 0 (cable and instrument inductance) or Re Z &lt; 0: they are left out of a fit
/// unless its circuit has an L, and the page shows them as left out. NegativeRealHead counts the leading points with
/// Re Z &lt; 0, which no circuit of R, C, L, CPE and diffusion elements can give (an instrument artefact near its upper
/// frequency limit): they are left out of every fit.
/// </summary>
public sealed record ImpedanceSpectrum(double[] FrequencyHz, double[] ZRealOhm, double[] ZImagOhm, int InductiveTail, int Sweeps)
{
    public int Count => FrequencyHz.Length;

    /// <summary>Leading points with Re Z &lt; 0, left out of every fit; never more than <see cref="InductiveTail"/>.</summary>
    public int NegativeRealHead { get; init; }

    /// <summary>
    /// The first sweep (rows whose sweep number equals the first row's; all rows when there is no sweep column),
    /// without non-finite or non-positive frequencies or those above maxHz, sorted by falling frequency.
    /// </summary>
    public static ImpedanceSpectrum FirstSweep(
        IReadOnlyList<double> frequencyHz, IReadOnlyList<double> zRealOhm, IReadOnlyList<double> zImagOhm, IReadOnlyList<double>? sweep = null,
        double maxHz = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(frequencyHz);
        ArgumentNullException.ThrowIfNull(zRealOhm);
        ArgumentNullException.ThrowIfNull(zImagOhm);
        if (zRealOhm.Count != frequencyHz.Count || zImagOhm.Count != frequencyHz.Count || (sweep is not null && sweep.Count != frequencyHz.Count))
        {
            throw new ArgumentException("Expected frequency, Re(Z), Im(Z) (and sweep) columns of equal length.", nameof(zRealOhm));
        }
        double first = sweep is { Count: > 0 } ? sweep[0] : 0;
        var rows = Enumerable.Range(0, frequencyHz.Count)
            .Where(i => (sweep is null || sweep[i] == first) && double.IsFinite(frequencyHz[i]) && frequencyHz[i] > 0 && frequencyHz[i] <= maxHz
                && double.IsFinite(zRealOhm[i]) && double.IsFinite(zImagOhm[i]))
            .OrderByDescending(i => frequencyHz[i])
            .ToArray();
        int head = 0;
        while (head < rows.Length && zRealOhm[rows[head]] < 0)
        {
            head++;
        }
        int tail = 0;
        while (tail < rows.Length && (zImagOhm[rows[tail]] > 0 || zRealOhm[rows[tail]] < 0))
        {
            tail++;
        }
        int sweeps = sweep is null ? 1 : sweep.Distinct().Count();
        return new ImpedanceSpectrum(
            [.. rows.Select(i => frequencyHz[i])], [.. rows.Select(i => zRealOhm[i])], [.. rows.Select(i => zImagOhm[i])], tail, sweeps)
        {
            NegativeRealHead = head,
        };
    }

    /// <summary>
    /// How many leading points a fit of <paramref name="circuit"/> leaves out: the inductive tail, or only the points
    /// with Re Z &lt; 0 when it has an L.
    /// </summary>
    public int ExcludedFor(EquivalentCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return circuit.Parameters.Any(p => p.Kind == CircuitElementKind.Inductor) ? NegativeRealHead : InductiveTail;
    }

    /// <summary>The points a fit of <paramref name="circuit"/> uses.</summary>
    public (double[] FrequencyHz, double[] ZRealOhm, double[] ZImagOhm) FittedPoints(EquivalentCircuit circuit)
    {
        int skip = ExcludedFor(circuit);
        return (FrequencyHz[skip..], ZRealOhm[skip..], ZImagOhm[skip..]);
    }
}
