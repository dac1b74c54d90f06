using HalidePortal.Analysis.Impedance;
using HalidePortal.Ingest;

namespace HalidePortal.Cli.CommandLine;

/// <summary>One impedance sweep as the fit takes it: frequencies falling, the instrument's inductive tail left out.</summary>
internal sealed record SpectrumFile(string File, double[] Frequencies, double[] Real, double[] Imag, int ExcludedInductive, int Sweeps);

/// <summary>Reads impedance files for the fitting commands; every problem is a one-line <see cref="CliError"/>.</summary>
internal static class ImpedanceFiles
{
    /// <summary>The first sweep of the file (<see cref="ImpedanceSpectrum.FirstSweep"/>), the inductive tail left out unless the circuit has an L.</summary>
    public static SpectrumFile Read(string path, EquivalentCircuit circuit)
    {
        var name = Path.GetFileName(path);
        var spectrum = ReadSpectrum(path);
        var (f, re, im) = spectrum.FittedPoints(circuit);
        return new SpectrumFile(name, f, re, im, spectrum.ExcludedFor(circuit), spectrum.Sweeps);
    }

    /// <summary>The first sweep of an impedance file, highest frequency first, every point kept.</summary>
    public static ImpedanceSpectrum ReadSpectrum(string path)
    {
        var measurement = InstrumentFiles.Read(path);
        var frequency = measurement.Find(Quantity.FrequencyHz)?.Values;
        var real = measurement.Find(Quantity.ZRealOhm)?.Values;
        var imaginary = measurement.Find(Quantity.ZImagOhm)?.Values;
        if (frequency is null || real is null || imaginary is null)
        {
            throw new CliError($"{Path.GetFileName(path)}: holds {measurement.Technique.ToString().ToLowerInvariant()} data without frequency, Re(Z) and Im(Z) columns");
        }
        return ImpedanceSpectrum.FirstSweep(frequency, real, imaginary, measurement.Find(Quantity.SweepNumber)?.Values);
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
