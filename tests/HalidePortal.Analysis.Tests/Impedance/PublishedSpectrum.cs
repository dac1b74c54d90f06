using HalidePortal.Ingest;
using HalidePortal.Analysis.Impedance;

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
        var spectrum = FirstSweep(measurement, maxHz);
        int tail = spectrum.InductiveTail;
        return (spectrum.FrequencyHz[tail..], spectrum.ZRealOhm[tail..], spectrum.ZImagOhm[tail..]);
    }

    /// <summary>The file's first sweep, every point kept.</summary>
    public static ImpedanceSpectrum FirstSweep(ParsedMeasurement measurement, double maxHz = double.PositiveInfinity) =>
        ImpedanceSpectrum.FirstSweep(measurement.Find(Quantity.FrequencyHz)!.Values, measurement.Find(Quantity.ZRealOhm)!.Values,
            measurement.Find(Quantity.ZImagOhm)!.Values, measurement.Find(Quantity.SweepNumber)?.Values, maxHz);

    /// <summary>Every point of the file as read, in file order (all sweeps, inductive points kept).</summary>
    public static (double[] F, double[] Re, double[] Im) Columns(string fileName)
    {
        var measurement = Read(fileName);
        return (measurement.Find(Quantity.FrequencyHz)!.Values, measurement.Find(Quantity.ZRealOhm)!.Values, measurement.Find(Quantity.ZImagOhm)!.Values);
    }

    public static ParsedMeasurement Read(string fileName)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", fileName));
        return InstrumentFormats.Parse(stream, fileName);
    }
}
