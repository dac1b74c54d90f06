using HalidePortal.Analysis.Impedance;
using HalidePortal.Ingest.Impedance;

namespace HalidePortal.Cli.CommandLine;

/// <summary>One impedance sweep as the fit takes it: frequencies falling, the instrument's inductive tail left out.</summary>
internal sealed record ImpedanceSpectrum(string File, double[] Frequencies, double[] Real, double[] Imag, int ExcludedInductive, int Sweeps);

/// <summary>Reads impedance files for the fitting commands; every problem is a one-line <see cref="CliError"/>.</summary>
internal static class ImpedanceFiles
{
    /// <summary>The first sweep of the file (<see cref="ImpedanceSweep.First"/>), the inductive tail left out unless the circuit has an L.</summary>
    public static ImpedanceSpectrum Read(string path, EquivalentCircuit circuit)
    {
        var name = Path.GetFileName(path);
        var measurement = InstrumentFiles.Read(path);
        var sweep = ImpedanceSweep.First(measurement, dropInductive: !circuit.Parameters.Any(p => p.Kind == CircuitElementKind.Inductor))
            ?? throw new CliError($"{name}: holds {measurement.Technique.ToString().ToLowerInvariant()} data without frequency, Re(Z) and Im(Z) columns");
        return new ImpedanceSpectrum(name, sweep.FrequencyHz, sweep.ZRealOhm, sweep.ZImagOhm, sweep.ExcludedInductive, sweep.Sweeps);
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
