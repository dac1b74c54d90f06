using HalidePortal.Ingest;
using HalidePortal.Ingest.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>A published impedance spectrum from the Ingest fixtures, as the lab fits it.</summary>
internal static class PublishedSpectrum
{
    /// <summary>
    /// The first sweep, frequencies falling, points at or below maxHz, without the inductive (Z'' &gt; 0) points at
    /// the high-frequency end (impedance.py's ignoreBelowX and halide eis-fit do the same).
    /// </summary>
    public static (double[] Frequencies, double[] Real, double[] Imag) Load(string fileName, double maxHz = double.PositiveInfinity)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", fileName));
        var measurement = InstrumentFormats.Parse(stream, fileName);
        var sweep = ImpedanceSweep.First(measurement, dropInductive: true, maxHz)!;
        return (sweep.FrequencyHz, sweep.ZRealOhm, sweep.ZImagOhm);
    }
}
