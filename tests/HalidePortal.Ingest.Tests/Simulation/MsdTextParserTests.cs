using System.Text;
using HalidePortal.Ingest.Simulation;

namespace HalidePortal.Ingest.Tests.Simulation;

public sealed class MsdTextParserTests
{
    private const string Header = "# LZC MLMD, T = 600 K, Li = 36, volume = 3690.5 A^3\n# time (ps)  MSD_Li (A^2)\n";

    private static ParsedMeasurement Parse(string text, string name) =>
        InstrumentFormats.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), name);

    [Fact]
    public void Parse_HeaderWithTemperatureCountVolume_ColumnsInSecondsAndA2()
    {
        var m = Parse(Header + "0 0\n1 0.06\n2 0.12\n3 0.18\n", "run.dat");

        Assert.Equal("msd-text", m.Format);
        Assert.Equal(Technique.Simulation, m.Technique);
        Assert.Equal([0, 1e-12, 2e-12, 3e-12], m.Find(Quantity.TimeS)!.Values);
        Assert.Equal([0, 0.06, 0.12, 0.18], m.Find(Quantity.MsdA2)!.Values);
        Assert.Equal("326.85", m.Metadata[MetadataKeys.TemperatureC][..6]);
        Assert.Equal("36", m.Metadata[MetadataKeys.IonsPerCell]);
        Assert.Equal("3690.5", m.Metadata[MetadataKeys.CellVolumeA3]);
    }

    [Fact]
    public void Parse_NamedMsdFemtoseconds_TemperatureFromName()
    {
        var m = Parse("t (fs), msd\n0, 0\n1000, 0.5\n2000, 1.0\n", "LZACFO_msd_700K.csv");

        Assert.Equal(2e-12, m.Find(Quantity.TimeS)!.Values[2], 1e-24);
        Assert.Equal(700 - 273.15, double.Parse(m.Metadata[MetadataKeys.TemperatureC], System.Globalization.CultureInfo.InvariantCulture), 1e-9);
    }

    [Fact]
    public void Detect_TwoColumnsWithoutMsd_IsNotSimulation()
    {
        var bytes = Encoding.UTF8.GetBytes("10.0 120\n10.02 130\n10.04 125\n10.06 140\n");

        Assert.NotEqual("msd-text", InstrumentFormats.Detect(bytes, "pattern.xy")?.Format);
    }

    [Fact]
    public void Parse_TextAfterNumbers_FailsNamingTheLine()
    {
        var error = Assert.Throws<InstrumentFileException>(() => Parse(Header + "0 0\n1 0.06\noops\n", "run.dat"));

        Assert.Contains("line 5", error.Message, StringComparison.Ordinal);
    }
}
