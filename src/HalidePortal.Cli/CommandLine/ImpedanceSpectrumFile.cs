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
        var spectrum = ImpedanceFiles.ReadSpectrum(path);
        return new ImpedanceSpectrumFile(Path.GetFileName(path), spectrum.FrequencyHz, spectrum.ZRealOhm, spectrum.ZImagOhm, spectrum.Sweeps);
    }
}
