using System.Buffers.Binary;
using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// Technique and sweep numbers of EC-Lab files. The real LSV/CV/PEIS exports (yadg) are GPL and not copied, so small
/// .mpt files of our own in the same layout stand in, and an MIT .mpr gets its settings technique byte set to LSV.
/// </summary>
public sealed class BioLogicTechniqueTests
{
    private static ParsedMeasurement ParseMpt(string text) => TestFiles.Parse(new BioLogicMptParser(), Encoding.Latin1.GetBytes(text), "own.mpt");

    private static string Mpt(string technique, string header, params string[] rows) =>
        "EC-Lab ASCII FILE\nNb header lines : 7\n\n" + technique + "\n\nElectrode surface area : 0.785 cm\u00b2\n" + header + "\n"
        + string.Join("\n", rows) + "\n";

    [Fact]
    public void Parse_LinearSweepVoltammetryMpt_IsVoltammetryWithOneSweep()
    {
        var m = ParseMpt(Mpt("Linear Sweep Voltammetry", "mode\tox/red\terror\tcontrol changes\ttime/s\tcontrol/V\tEwe/V\t<I>/mA\t(Q-Qo)/C",
            "2\t1\t0\t0\t0.1\t2.50\t2.501\t0.0001\t0", "2\t1\t0\t0\t0.2\t2.51\t2.511\t0.0002\t0", "2\t1\t0\t0\t0.3\t2.52\t2.521\t0.0004\t0"));

        Assert.Equal(Technique.Voltammetry, m.Technique);
        Assert.Equal([1.0, 1, 1], m.Find(Quantity.SweepNumber)!.Values);
        Assert.Equal(2.521, m.Find(Quantity.VoltageV)!.Values[^1]);
        Assert.Equal(0.0004, m.Find(Quantity.CurrentMA)!.Values[^1]);
        Assert.False(m.Metadata.ContainsKey(MetadataKeys.ImaginarySign));
    }

    [Fact]
    public void Parse_CyclicVoltammetryMpt_SweepsFromCycleNumber()
    {
        var m = ParseMpt(Mpt("Cyclic Voltammetry", "time/s\tEwe/V\t<I>/mA\tcycle number",
            "0\t2.5\t0\t1", "1\t2.6\t0.1\t1", "2\t2.5\t-0.1\t2", "3\t2.6\t0.1\t2"));

        Assert.Equal(Technique.Voltammetry, m.Technique);
        Assert.Equal([1.0, 1, 2, 2], m.Find(Quantity.SweepNumber)!.Values);
    }

    [Fact]
    public void Parse_PeisWithoutCycleNumber_SweepsFromFrequencyReset()
    {
        var m = ParseMpt(Mpt("Potentio Electrochemical Impedance Spectroscopy", "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s",
            "1e5\t10\t1\t0", "1e3\t12\t3\t1", "1\t20\t8\t2", "1e5\t10.5\t1\t3", "1e3\t12.5\t3\t4", "1\t21\t8\t5"));

        Assert.Equal(Technique.Impedance, m.Technique);
        Assert.Equal([1.0, 1, 1, 2, 2, 2], m.Find(Quantity.SweepNumber)!.Values);
        Assert.Equal("-Im", m.Metadata[MetadataKeys.ImaginarySign]);
        Assert.Equal(-8, m.Find(Quantity.ZImagOhm)!.Values[^1]);
    }

    [Fact]
    public void Parse_UnfamiliarTechniqueWithMostlyZeroFrequency_StaysCycling()
    {
        var m = ParseMpt(Mpt("Some Linked Experiment", "time/s\tEwe/V\tI/mA\tfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm",
            "0\t3.0\t1\t0\t0\t0", "1\t3.1\t1\t0\t0\t0", "2\t3.2\t1\t1000\t5\t1"));

        Assert.Equal(Technique.Cycling, m.Technique);
        Assert.Null(m.Find(Quantity.SweepNumber));
    }

    [Fact]
    public void Parse_PyEisTwoSweeps_59PointsEach()
    {
        var m = TestFiles.Parse(new BioLogicMptParser(), "PyEIS_ex1.mpt");

        var sweep = m.Find(Quantity.SweepNumber)!.Values;
        Assert.Equal(59, sweep.Count(s => s == 1));
        Assert.Equal(59, sweep.Count(s => s == 2));
        var f = m.Find(Quantity.FrequencyHz)!.Values;
        Assert.Equal(2.0001948E+005, f[0], 3);
        Assert.True(f[59] > 1e5, "the second sweep starts again at the highest frequency");
    }

    [Fact]
    public void Parse_MprWithLsvTechniqueByte_IsVoltammetry()
    {
        var bytes = TestFiles.Bytes("navani__00_test_01_OCV_C01.mpr");
        int settings = SettingsDataOffset(bytes);
        Assert.Equal(0x0B, bytes[settings]); // OCV
        bytes[settings] = 0x6C; // LSV

        var m = TestFiles.Parse(new BioLogicMprParser(), bytes, "lsv.mpr");

        Assert.Equal("LSV", m.Metadata[MetadataKeys.Technique]);
        Assert.Equal(Technique.Voltammetry, m.Technique);
        Assert.Equal([1.0, 1], m.Find(Quantity.SweepNumber)!.Values);
    }

    [Fact]
    public void Parse_ModuloBatWithFrequencyColumn_IsCycling()
    {
        var m = TestFiles.Parse(new BioLogicMprParser(), "cellpy__biol.mpr");

        Assert.Equal("MB", m.Metadata[MetadataKeys.Technique]);
        Assert.Equal(Technique.Cycling, m.Technique);
        Assert.NotNull(m.Find(Quantity.FrequencyHz));
    }

    /// <summary>Start of the "VMP Set" module's data: after "MODULE" and its 51-byte (or 59-byte, EC-Lab 11.50+) header.</summary>
    private static int SettingsDataOffset(byte[] bytes)
    {
        int module = bytes.AsSpan().IndexOf("MODULEVMP Set"u8);
        Assert.True(module > 0);
        var fields = bytes.AsSpan(module + 6);
        bool longHeader = BinaryPrimitives.ReadUInt32LittleEndian(fields[35..]) == uint.MaxValue;
        return module + 6 + (longHeader ? 59 : 51);
    }
}
