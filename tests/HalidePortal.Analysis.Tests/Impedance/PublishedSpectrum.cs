using HalidePortal.Ingest;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>A published impedance spectrum from the Ingest fixtures, as the lab fits it.</summary>
internal static class PublishedSpectrum
{
    /// <summary>
    /// The first sweep, frequencies falling, points at or below maxHz, without the inductive (Z'' &gt; 0) points
    /// (impedance.py's ignoreBelowX and halide eis-fit do the same).
    /// </summary>
    public static (double[] Frequencies, double[] Real, double[] Imag) Load(string fileName, double maxHz = double.PositiveInfinity)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", fileName));
        var measurement = InstrumentFormats.Parse(stream, fileName);
        var f = measurement.Find(Quantity.FrequencyHz)!.Values;
        var re = measurement.Find(Quantity.ZRealOhm)!.Values;
        var im = measurement.Find(Quantity.ZImagOhm)!.Values;
        var sweep = measurement.Find(Quantity.SweepNumber)?.Values;
        var rows = Enumerable.Range(0, f.Length)
            .Where(i => (sweep is null || sweep[i] == sweep[0]) && f[i] > 0 && f[i] <= maxHz && double.IsFinite(re[i]) && im[i] < 0)
            .OrderByDescending(i => f[i])
            .ToArray();
        return ([.. rows.Select(i => f[i])], [.. rows.Select(i => re[i])], [.. rows.Select(i => im[i])]);
    }
}
