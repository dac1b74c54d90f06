using HalidePortal.Ingest;

namespace HalidePortal.Cli.CommandLine;

/// <summary>
/// The first sweep of an impedance file as (f, Z', Z''), highest frequency first, rows with a missing or non-positive
/// frequency or non-finite impedance dropped. InductivePoints counts the points with Z'' &gt; 0.
/// </summary>
internal sealed record ImpedanceSpectrumFile(string Name, double[] FrequencyHz, double[] ZReal, double[] ZImag, int Sweeps)
{
    public int InductivePoints => ZImag.Count(z => z > 0);

    public static ImpedanceSpectrumFile Read(string path)
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
            .ToArray();
        int sweeps = sweep is null ? 1 : sweep.Distinct().Count();
        return new ImpedanceSpectrumFile(name, [.. rows.Select(i => frequency[i])], [.. rows.Select(i => real[i])], [.. rows.Select(i => imaginary[i])], sweeps);
    }
}
