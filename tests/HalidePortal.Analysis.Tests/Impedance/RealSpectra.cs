using HalidePortal.Ingest;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>Real impedance files from TestData (see tests/HalidePortal.Ingest.Tests/TestData/PROVENANCE.md), read by the lab's parsers.</summary>
internal static class RealSpectra
{
    public static (double[] F, double[] Re, double[] Im) Read(string path)
    {
        using var stream = File.OpenRead(path);
        var measurement = InstrumentFormats.Parse(stream, Path.GetFileName(path));
        double[] Column(Quantity quantity) => measurement.Find(quantity)?.Values.ToArray()
            ?? throw new InvalidOperationException($"{path} has no {quantity} column");
        return (Column(Quantity.FrequencyHz), Column(Quantity.ZRealOhm), Column(Quantity.ZImagOhm));
    }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);
}
