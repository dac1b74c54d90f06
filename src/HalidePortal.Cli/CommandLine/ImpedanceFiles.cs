using HalidePortal.Analysis.Impedance;
using HalidePortal.Ingest;

namespace HalidePortal.Cli.CommandLine;

/// <summary>One impedance sweep as the fit takes it: frequencies falling, the instrument's inductive tail left out.</summary>
internal sealed record ImpedanceSpectrum(string File, double[] Frequencies, double[] Real, double[] Imag, int ExcludedInductive, int Sweeps);

/// <summary>Reads impedance files for the fitting commands; every problem is a one-line <see cref="CliError"/>.</summary>
internal static class ImpedanceFiles
{
    /// <summary>
    /// The first sweep of the file, finite points only, sorted by falling frequency. Unless the circuit has an L,
    /// points with a positive (inductive) Im Z at the high-frequency end are left out: cable and instrument
    /// inductance a circuit without an inductor cannot follow.
    /// </summary>
    public static ImpedanceSpectrum Read(string path, EquivalentCircuit circuit)
    {
        var name = Path.GetFileName(path);
        var measurement = InstrumentFiles.Read(path);
        var frequency = measurement.Find(Quantity.FrequencyHz)?.Values;
        var real = measurement.Find(Quantity.ZRealOhm)?.Values;
        var imaginary = measurement.Find(Quantity.ZImagOhm)?.Values;
        if (frequency is null || real is null || imaginary is null)
        {
            throw new CliError($"{name}: holds {measurement.Technique.ToString().ToLowerInvariant()} data without frequency, Re(Z) and Im(Z) columns");
        }
        var sweep = measurement.Find(Quantity.SweepNumber)?.Values;
        double first = sweep is { Length: > 0 } ? sweep[0] : 0;
        var rows = Enumerable.Range(0, frequency.Length)
            .Where(i => (sweep is null || sweep[i] == first) && double.IsFinite(frequency[i]) && frequency[i] > 0
                && double.IsFinite(real[i]) && double.IsFinite(imaginary[i]))
            .OrderByDescending(i => frequency[i])
            .ToList();
        int excluded = 0;
        if (!circuit.Parameters.Any(p => p.Kind == CircuitElementKind.Inductor))
        {
            while (excluded < rows.Count && imaginary[rows[excluded]] > 0)
            {
                excluded++;
            }
        }
        var kept = rows.Skip(excluded).ToList();
        int sweeps = sweep is null ? 1 : sweep.Distinct().Count();
        return new ImpedanceSpectrum(name, [.. kept.Select(i => frequency[i])], [.. kept.Select(i => real[i])],
            [.. kept.Select(i => imaginary[i])], excluded, sweeps);
    }

    /// <summary>--weighting modulus|unit|proportional.</summary>
    public static FitWeighting ParseWeighting(string text) => text switch
    {
        "modulus" => FitWeighting.Modulus,
        "unit" => FitWeighting.Unit,
        "proportional" => FitWeighting.Proportional,
        _ => throw new CliError($"bad --weighting '{text}': expected modulus, unit or proportional"),
    };

    /// <summary>--circuit parsed, a parse error as a one-line CliError.</summary>
    public static EquivalentCircuit ParseCircuit(string text)
    {
        try
        {
            return EquivalentCircuit.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new CliError(CliError.OneLine(e));
        }
    }
}
