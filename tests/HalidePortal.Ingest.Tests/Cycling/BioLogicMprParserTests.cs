using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// Row counts are the peer readers' (navani/galvani for the navani and datalab files, cellpy for biol.mpr),
/// as listed in TestData/PROVENANCE.md; values checked by hand against the EC-Lab settings of each run.
/// </summary>
public class BioLogicMprParserTests
{
    private const string Jdb = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";
    private static readonly BioLogicMprParser Parser = new();

    private static ParsedMeasurement ParseFile(string name) => TestFiles.Parse(Parser, name);

    private static ParsedMeasurement ParseBytes(byte[] bytes, string name = "test.mpr") => TestFiles.Parse(Parser, bytes, name);

    [Theory]
    [InlineData(Jdb, 46102)]
    [InlineData("navani__00_test_01_OCV_C01.mpr", 2)]
    [InlineData("navani__00_test_02_MB_C01.mpr", 11)]
    [InlineData("navani__00_test_04_MB_C01.mpr", 1501)]
    [InlineData("cellpy__biol.mpr", 23561)]
    [InlineData("datalab__jdb11-1_e1_s3_squidTest_data_C15.mpr", 32917)]
    public void Parse_RealFile_HasPeerRowCount(string name, int rows)
    {
        var m = ParseFile(name);

        Assert.Equal("biologic-mpr", m.Format);
        Assert.Equal(rows, m.RowCount);
        Assert.All(m.Columns, c => Assert.Equal(rows, c.Values.Length));
        Assert.NotNull(m.Find(Quantity.TimeS));
        Assert.NotNull(m.Find(Quantity.VoltageV));
    }

    [Fact]
    public void Parse_JdbGcplV3_TimeFromZeroVoltageInWindow()
    {
        var m = ParseFile(Jdb);

        var time = m.Find(Quantity.TimeS)!.Values;
        var ewe = m.Find(Quantity.VoltageV)!.Values;
        Assert.Equal(0, time[0], 6);
        Assert.True(time[^1] > 5 * 24 * 3600, "5 cycles at C/24 take more than five days");
        Assert.All(ewe, v => Assert.InRange(v, 1.9, 3.9));
        Assert.Equal(Technique.Cycling, m.Technique);
        Assert.Equal("GCPL", m.Metadata["technique"]);
        Assert.Equal("2020-10-26", m.Metadata["startTime"][..10]);
        Assert.Equal("3", m.Metadata["dataModuleVersion"]);
        Assert.Empty(m.Warnings);
        // The flag byte is split into its flags; Ns is the step.
        Assert.Contains(m.Columns, c => c.Name == "mode");
        Assert.Contains(m.Columns, c => c.Name == "ox/red");
        Assert.NotNull(m.Find(Quantity.StepNumber));
        Assert.NotNull(m.Find(Quantity.CapacityMAh));
    }

    [Fact]
    public void Parse_OcvNewHeaderV0_ReadsTwoPoints()
    {
        var m = ParseFile("navani__00_test_01_OCV_C01.mpr");

        Assert.Equal("OCV", m.Metadata["technique"]);
        Assert.Equal(["mode", "error", "time", "Ewe"], m.Columns.Select(c => c.Name));
        Assert.Equal(0, m.Find(Quantity.TimeS)!.Values[0], 6);
        Assert.All(m.Find(Quantity.VoltageV)!.Values, v => Assert.InRange(v, -5, 5));
        Assert.Equal("2023-12-07", m.Metadata["startTime"][..10]);
    }

    [Fact]
    public void Parse_ModuloBatV0_HasCurrentAndControl()
    {
        var m = ParseFile("navani__00_test_04_MB_C01.mpr");

        Assert.Equal("MB", m.Metadata["technique"]);
        Assert.NotNull(m.Find(Quantity.CurrentMA));
        Assert.Contains(m.Columns, c => c.Name == "control" && c.Unit == "V");
        var time = m.Find(Quantity.TimeS)!.Values;
        for (int i = 1; i < time.Length; i++)
        {
            Assert.True(time[i] >= time[i - 1], "time never runs backwards");
        }
    }

    [Fact]
    public void Parse_BiolV2_ModuloBatWithImpedanceColumnsAndEnergyInMWh()
    {
        var m = ParseFile("cellpy__biol.mpr");

        // A Modulo Bat run whose frequency column is zero outside its impedance steps: cycling, not impedance.
        Assert.Equal(Technique.Cycling, m.Technique);
        Assert.Equal("2", m.Metadata["dataModuleVersion"]);
        Assert.Equal("Si/C", m.Metadata["electrodeMaterial"]);
        Assert.StartsWith("Si/C Li half cell", m.Metadata["comments"], StringComparison.Ordinal);
        Assert.NotNull(m.Find(Quantity.FrequencyHz));
        Assert.NotNull(m.Find(Quantity.ZRealOhm));
        Assert.NotNull(m.Find(Quantity.ZImagOhm));
        Assert.Contains(m.Columns, c => c.Name == "<Ece>");
        var energy = m.Columns.Single(c => c.Name == "Energy charge");
        Assert.Equal("mWh", energy.Unit);
        Assert.Equal(Quantity.EnergyMWh, energy.Quantity);
        // |Z| cos^2 + sin^2 = |Z|: the computed parts agree with the stored modulus.
        var z = m.Columns.Single(c => c.Name == "|Z|").Values;
        var re = m.Find(Quantity.ZRealOhm)!.Values;
        var im = m.Find(Quantity.ZImagOhm)!.Values;
        for (int i = 0; i < z.Length; i += 97)
        {
            Assert.Equal(z[i], Math.Sqrt((re[i] * re[i]) + (im[i] * im[i])), 1e-6 * Math.Max(1, z[i]));
        }
    }

    [Fact]
    public void Parse_SquidV3_ActiveMassAndStart()
    {
        var m = ParseFile("datalab__jdb11-1_e1_s3_squidTest_data_C15.mpr");

        Assert.Equal("GCPL", m.Metadata["technique"]);
        Assert.Equal("7000", m.Metadata["activeMaterialMassMg"]);
        Assert.Equal("2020-12-08", m.Metadata["startTime"][..10]);
        Assert.Equal(0, m.Find(Quantity.TimeS)!.Values[0], 6);
    }

    [Fact]
    public void Parse_NonSeekableStream_SameAsFile()
    {
        var bytes = TestFiles.Bytes("navani__00_test_04_MB_C01.mpr");
        using var stream = new ForwardOnlyStream(bytes, 1000);

        var m = Parser.Parse(stream, "x.mpr");

        Assert.Equal(1501, m.RowCount);
        Assert.Equal(ParseBytes(bytes).Find(Quantity.VoltageV)!.Values, m.Find(Quantity.VoltageV)!.Values);
    }

    [Fact]
    public void Parse_UnderGermanCulture_SameMetadata()
    {
        var m = TestCulture.Run(TestCulture.German, () => ParseFile("datalab__jdb11-1_e1_s3_squidTest_data_C15.mpr"));

        Assert.Equal("7000", m.Metadata["activeMaterialMassMg"]);
        Assert.Equal("0.001", m.Metadata["electrodeAreaCm2"]);
        Assert.Contains('T', m.Metadata["startTime"]);
    }

    [Fact]
    public void CanRead_MagicOnly()
    {
        var head = TestFiles.Bytes("navani__00_test_01_OCV_C01.mpr").AsSpan(0, 4096);
        Assert.True(Parser.CanRead(head, null));
        Assert.False(Parser.CanRead("EC-Lab ASCII FILE\r\n"u8, "x.mpt"));
    }

    [Fact]
    public void Parse_TruncatedInDataModule_ThrowsNamingFile()
    {
        var bytes = TestFiles.Bytes(Jdb);
        var cut = bytes.AsSpan(0, bytes.Length / 2).ToArray();

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(cut, "cut.mpr"));
        Assert.Equal("cut.mpr", ex.FileName);
        Assert.Contains("cut.mpr", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedNonSeekable_ThrowsWithRowsRead()
    {
        var bytes = TestFiles.Bytes(Jdb);
        using var stream = new ForwardOnlyStream(bytes.AsSpan(0, bytes.Length / 2).ToArray(), 1000);

        var ex = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "cut.mpr"));
        Assert.Contains("of 46102 rows", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.Position);
    }

    [Fact]
    public void Parse_WrongMagic_Throws()
    {
        var bytes = TestFiles.Bytes("navani__00_test_01_OCV_C01.mpr");
        bytes[0] = (byte)'X';

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(bytes, "bad.mpr"));
        Assert.Equal("bad.mpr", ex.FileName);
    }

    [Fact]
    public void Parse_EmptyStream_Throws()
    {
        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes([], "empty.mpr"));
        Assert.Equal("empty.mpr", ex.FileName);
    }

    [Fact]
    public void Parse_OneUnknownColumnId_WarnsAndSkipsIt()
    {
        var bytes = WithColumnId("navani__00_test_02_MB_C01.mpr", known: 0x13, unknown: 0x0370);

        var m = ParseBytes(bytes);

        Assert.Equal(11, m.RowCount);
        Assert.Contains(m.Warnings, w => w.Contains("880", StringComparison.Ordinal));
        Assert.DoesNotContain(m.Columns, c => c.Name == "control");
        Assert.Equal(ParseFile("navani__00_test_02_MB_C01.mpr").Find(Quantity.VoltageV)!.Values, m.Find(Quantity.VoltageV)!.Values);
    }

    [Fact]
    public void Parse_TwoUnknownColumnIds_ThrowsNamingThem()
    {
        var once = WithColumnId("navani__00_test_02_MB_C01.mpr", known: 0x13, unknown: 0x0370);
        var bytes = WithColumnId(once, known: 0x08, unknown: 0x0371);

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(bytes, "two.mpr"));
        Assert.Contains("880", ex.Message, StringComparison.Ordinal);
        Assert.Contains("881", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Replaces one column id (little-endian u16 from byte 6) in the (EC-Lab 11.50+) data module header of a real file.</summary>
    private static byte[] WithColumnId(string name, int known, int unknown) =>
        WithColumnId(TestFiles.Bytes(name), known, unknown);

    private static byte[] WithColumnId(byte[] source, int known, int unknown)
    {
        var bytes = (byte[])source.Clone();
        int data = bytes.AsSpan().IndexOf("MODULEVMP data"u8) + 6 + 59;
        int count = bytes[data + 4];
        for (int i = 0; i < count; i++)
        {
            int at = data + 6 + (2 * i);
            if ((bytes[at] | (bytes[at + 1] << 8)) == known)
            {
                bytes[at] = (byte)unknown;
                bytes[at + 1] = (byte)(unknown >> 8);
                return bytes;
            }
        }
        throw new InvalidOperationException("column id not found");
    }
}
