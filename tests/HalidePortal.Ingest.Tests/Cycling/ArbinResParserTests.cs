using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// Arbin .res (Jet 4) files. Reference values: datalab's arbin_example.bdf.csv, the same navani run exported
/// independently with mdbtools (tolerance: float32 columns to 1e-7 V, doubles to 1e-9), and the values mdb-export
/// gives for the cellpy file (first and last Channel_Normal_Table rows, read off by hand).
/// </summary>
public sealed class ArbinResParserTests
{
    private const string Navani = "navani__arbin_example.res";
    private const string Cellpy = "cellpy__20160805_test001_45_cc_01.res";
    private static readonly ArbinResParser Parser = new();

    private static double[] Values(ParsedMeasurement m, Quantity q) => NewareTestFiles.Values(m, q);

    [Fact]
    public void Parse_NavaniExample_Gives2150RowsInCanonicalUnits()
    {
        var m = TestFiles.Parse(Parser, Navani);

        Assert.Equal("arbin-res", m.Format);
        Assert.Equal(Technique.Cycling, m.Technique);
        Assert.Equal(2150, m.RowCount);
        Assert.All(m.Columns, c => Assert.Equal(2150, c.Values.Length));
        Assert.Empty(m.Warnings);

        var time = Values(m, Quantity.TimeS);
        Assert.Equal(0.072595419795086, time[0], 12);
        Assert.Equal(345733.38945743744, time[^1], 6);
        Assert.Equal(3.8591957, Values(m, Quantity.VoltageV)[0], 7);
        Assert.Equal(3.872108, Values(m, Quantity.VoltageV)[^1], 6);
        Assert.Equal(5, Values(m, Quantity.CycleNumber).Max());

        // Row 1000 (Data_Point 1000) against the mdbtools export: A, Ah, Wh become mA, mAh, mWh.
        Assert.Equal(219413.3855897882, time[999], 6);
        Assert.Equal(2, Values(m, Quantity.StepNumber)[999]);
        Assert.Equal(8.6498592e-2, Values(m, Quantity.CurrentMA)[999], 8);
        Assert.Equal(3.9332871, Values(m, Quantity.VoltageV)[999], 7);
        Assert.Equal(7.4963531197e-2, Values(m, Quantity.ChargeCapacityMAh)[999], 12);
        Assert.Equal(0.294561849516, m.Columns.Single(c => c.Name == "ChargeEnergy").Values[999], 12);
        Assert.Equal("mWh", m.Columns.Single(c => c.Name == "DischargeEnergy").Unit);
        Assert.Equal(0.475155859428, Values(m, Quantity.DischargeCapacityMAh).Max(), 12);
        Assert.Equal(1000, m.Columns.Single(c => c.Name == "DataPoint").Values[999]);
    }

    [Fact]
    public void Parse_NavaniExample_ReadsGlobalTable()
    {
        var m = TestFiles.Parse(Parser, Navani);

        Assert.Equal("Arbin", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal("ajm314_LCO_ajm5-SSB1-F_Wait48hr-Repeat-01-012", m.Metadata["testName"]);
        Assert.Equal("12", m.Metadata[MetadataKeys.Channel]);
        Assert.Equal("40", m.Metadata["channelNumber"]);
        Assert.Equal("2023-07-24T18:50:00", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("AliceM", m.Metadata["creator"]);
        Assert.Equal(@"AliceM\LCO-ajm5-SSA8-N_5xCo10.sdu", m.Metadata["scheduleFile"]);
        Assert.Equal("1", m.Metadata["testId"]);
        // DateTime 45131.78472222222 OLE days = 2023-07-24 18:50:00 on the instrument clock.
        var unix = m.Columns.Single(c => c.Name == "UnixTime").Values[0];
        Assert.Equal(new DateTime(2023, 7, 24, 18, 50, 0, DateTimeKind.Utc), DateTime.UnixEpoch.AddSeconds(Math.Round(unix)));
    }

    [Fact]
    public void Parse_CellpyReference_Gives10261RowsAnd18Cycles()
    {
        var m = TestFiles.Parse(Parser, Cellpy);

        Assert.Equal(10261, m.RowCount);
        Assert.Equal(300.0104819316021, Values(m, Quantity.TimeS)[0], 9);
        Assert.Equal(859077.2406335169, Values(m, Quantity.TimeS)[^1], 6);
        Assert.Equal(3.0976173877716064, Values(m, Quantity.VoltageV)[0], 9);
        Assert.Equal(0.2940689027309418, Values(m, Quantity.VoltageV)[^1], 9);
        Assert.Equal(-0.30420697294175625, Values(m, Quantity.CurrentMA)[^1], 9);
        Assert.Equal(0.239313155618, Values(m, Quantity.DischargeCapacityMAh)[^1], 12);
        Assert.Equal(18, Values(m, Quantity.CycleNumber)[^1]);
        Assert.Equal(10, Values(m, Quantity.StepNumber)[^1]);
        Assert.Equal("20160805_sic006_45_cc_01-01-003", m.Metadata["testName"]);
        Assert.Equal("2016-08-05T16:16:23", m.Metadata[MetadataKeys.StartTime]);
        var points = m.Columns.Single(c => c.Name == "DataPoint").Values;
        Assert.True(points.Zip(points.Skip(1)).All(p => p.Second == p.First + 1), "Data_Point runs 1, 2, 3... without gaps");
    }

    [Fact]
    public void Parse_NonSeekableStream_SameRows()
    {
        using var file = File.OpenRead(TestFiles.PathOf(Navani));
        using var forwardOnly = new ForwardOnlyStream(file);

        var m = Parser.Parse(forwardOnly, Navani);

        Assert.Equal(2150, m.RowCount);
        Assert.Equal(345733.38945743744, Values(m, Quantity.TimeS)[^1], 6);
    }

    [Fact]
    public void Parse_UnderGermanCulture_GivesInvariantMetadata()
    {
        var m = TestCulture.Run(TestCulture.German, () => TestFiles.Parse(Parser, Navani));

        Assert.Equal("2023-07-24T18:50:00", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal(3.8591957, Values(m, Quantity.VoltageV)[0], 7);
    }

    [Fact]
    public void CanRead_JetHeader_TrueAndTextFalse()
    {
        Assert.True(Parser.CanRead(TestFiles.Bytes(Navani).AsSpan(0, 4096), "x.dat"));
        Assert.False(Parser.CanRead("Data_Point,Test_Time\n"u8, "x.res"));
    }

    [Fact]
    public void Parse_Truncated_FailsWithFileName()
    {
        var bytes = TestFiles.Bytes(Navani)[..(20 * 4096)];

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Parser, bytes, "cut.res"));

        Assert.Equal("cut.res", e.FileName);
        Assert.Contains("past the end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Empty_FailsAsNotADatabase()
    {
        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Parser, [], "empty.res"));

        Assert.Contains("not an MS Access database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomBytes_FailsAsNotADatabase()
    {
        var bytes = new byte[64 * 1024];
        new Random(7).NextBytes(bytes);

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Parser, bytes, "noise.res"));

        Assert.Equal(0, e.Position);
    }

    [Fact]
    public void Parse_DamagedDefinitionPage_FailsWithItsOffset()
    {
        var bytes = TestFiles.Bytes(Navani);
        // Page 26 holds Channel_Normal_Table's definition (catalog Id); make it a data page.
        bytes[26 * 4096] = 0x01;

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Parser, bytes, "bad.res"));

        Assert.Equal(26 * 4096, e.Position);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Parse_RandomlyDamagedPages_ReadOrFailAsInstrumentFile(int seed)
    {
        var bytes = TestFiles.Bytes(Navani);
        var random = new Random(seed);
        for (int i = 0; i < 200; i++)
        {
            bytes[random.Next(2 * 4096, bytes.Length)] = (byte)random.Next(256);
        }

        var e = Record.Exception(() => TestFiles.Parse(Parser, bytes, "damaged.res"));

        Assert.True(e is null or InstrumentFileException, e?.ToString());
    }
}
