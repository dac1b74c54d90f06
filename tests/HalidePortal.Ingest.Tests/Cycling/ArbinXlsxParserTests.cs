using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;
using HalidePortal.Ingest.Tests.Spreadsheets;
using static HalidePortal.Ingest.Tests.Spreadsheets.TestXlsx;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>Arbin Excel exports: the navani file (values read off its sheet XML) and multi-part workbooks written here.</summary>
public sealed class ArbinXlsxParserTests
{
    private const string Navani = "navani__bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx";
    private static readonly ArbinXlsxParser Parser = new();

    private static double[] Values(ParsedMeasurement m, Quantity q) => NewareTestFiles.Values(m, q);

    private static double[] Named(ParsedMeasurement m, string name) => m.Columns.Single(c => c.Name == name).Values;

    [Fact]
    public void Parse_NavaniExport_Gives4526RecordsInCanonicalUnits()
    {
        var m = TestFiles.Parse(Parser, Navani);

        Assert.Equal("arbin-xlsx", m.Format);
        Assert.Equal(4526, m.RowCount);
        Assert.All(m.Columns, c => Assert.Equal(4526, c.Values.Length));
        Assert.Equal(1.001, Values(m, Quantity.TimeS)[0], 9);
        Assert.Equal(1204815.81068, Values(m, Quantity.TimeS)[^1], 5);
        Assert.Equal(330.978, Named(m, "StepTime")[^1], 9);
        Assert.Equal(2.637298583984375, Values(m, Quantity.VoltageV)[0]);
        Assert.Equal(0.072286605834960938, Values(m, Quantity.VoltageV)[^1], 12);
        // Current(A) 5.0827860832214355E-5 A; capacities in Ah, energies in Wh.
        Assert.Equal(0.050827860832214355, Values(m, Quantity.CurrentMA)[^1], 12);
        Assert.Equal(5.7027027942240238, Values(m, Quantity.ChargeCapacityMAh)[^1], 9);
        Assert.Equal(11.054897680878599, Values(m, Quantity.DischargeCapacityMAh).Max(), 9);
        Assert.Equal(0.91258087195456028, Named(m, "ChargeEnergy")[^1], 9);
        Assert.Equal("mWh", m.Columns.Single(c => c.Name == "DischargeEnergy").Unit);
        Assert.All(Values(m, Quantity.CycleNumber), c => Assert.Equal(1, c));
        Assert.Equal([1.0, 2, 3], Values(m, Quantity.StepNumber).Distinct());
        Assert.Equal("V/s", m.Columns.Single(c => c.Name == "dV/dt(V/s)").Unit);
        // Internal Resistance is blank in every record: left out with a warning.
        Assert.DoesNotContain(m.Columns, c => c.Name.StartsWith("Internal", StringComparison.Ordinal));
        Assert.Contains(m.Warnings, w => w.Contains("Internal Resistance", StringComparison.Ordinal));
        Assert.Equal((44123.480400253473 - 25569) * 86400, Named(m, "UnixTime")[0], 3);
    }

    [Fact]
    public void Parse_NavaniExport_ReadsGlobalInfo()
    {
        var m = TestFiles.Parse(Parser, Navani);

        Assert.Equal("11", m.Metadata[MetadataKeys.Channel]);
        Assert.Equal("2020-10-19T11:33:31", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("bs542_004_gr_li_50ua_50mv_1v_191020", m.Metadata["testName"]);
        Assert.Equal(@"Ben\bs542_graphite_slow_rate.sdu", m.Metadata["scheduleFile"]);
        Assert.Equal("ben", m.Metadata["creator"]);
        Assert.Equal("PV7.0 Build: 180508USB", m.Metadata["softwareVersion"]);
        Assert.Equal("Arbin", m.Metadata[MetadataKeys.Instrument]);
    }

    [Fact]
    public void Parse_PartsInTwoSheets_JoinedInPartOrder()
    {
        object?[] header = ["Data Point", "Test Time (s)", "Cycle Index", "Step Index", "Current (mA)", "Voltage (V)",
            "Charge Capacity (mAh)", "Discharge Capacity (mAh)", "Aux_Temperature_1 (C)"];
        var bytes = Write([
            ("Global_Info", [Row("TEST REPORT")]),
            ("Channel_3_2", [header, Row(3, 20.0, 2, 1, -0.5, 3.9, 0.1, 0.2, 25.5)]),
            ("Channel_3_1", [header, Row(1, 0.0, 1, 1, 0.5, 3.5, 0, 0, 25.0), Row(2, 10.0, 1, 2, 0.5, 3.7, 0.05, 0, 25.1)]),
            ("Statistics_3", [Row("Cycle_Index"), Row(1)]),
        ]);

        var m = TestFiles.Parse(Parser, bytes, "ch3.xlsx");

        Assert.Equal([0.0, 10, 20], Values(m, Quantity.TimeS));
        Assert.Equal([0.5, 0.5, -0.5], Values(m, Quantity.CurrentMA));
        Assert.Equal([1.0, 1, 2], Values(m, Quantity.CycleNumber));
        Assert.Equal(25.5, Values(m, Quantity.TemperatureC)[^1]);
        Assert.Equal("3", m.Metadata[MetadataKeys.Channel]);
    }

    [Fact]
    public void Parse_TextInVoltage_FailsWithRow()
    {
        var bytes = Write("Channel_1_1", Row("Test_Time(s)", "Voltage(V)", "Current(A)"), Row(1.0, 3.1, 0.001), Row(2.0, "3.2V", 0.001));

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Parser, bytes, "bad.xlsx"));

        Assert.Equal("bad.xlsx", e.FileName);
        Assert.Equal(3, e.Position);
        Assert.Contains("Voltage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoChannelSheet_Fails()
    {
        var bytes = Write("Sheet1", Row("Voltage(V)"));

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Parser, bytes, "x.xlsx"));

        Assert.Contains("no Channel_* sheet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CanRead_NavaniHead_TrueFromSheetNames()
    {
        Assert.True(Parser.CanRead(TestFiles.Bytes(Navani).AsSpan(0, 4096), "renamed.bin"));
        Assert.False(Parser.CanRead(TestFiles.Bytes("pyprobe__Experiment_Record.xlsx").AsSpan(0, 4096), "x.xlsx"));
    }

    [Fact]
    public void Parse_UnderGermanCulture_SameValues()
    {
        var m = TestCulture.Run(TestCulture.German, () => TestFiles.Parse(Parser, Navani));

        Assert.Equal(1204815.81068, Values(m, Quantity.TimeS)[^1], 5);
        Assert.Equal("2020-10-19T11:33:31", m.Metadata[MetadataKeys.StartTime]);
    }
}
