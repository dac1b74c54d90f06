using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;
using HalidePortal.Ingest.Tests.Spreadsheets;
using static HalidePortal.Ingest.Tests.Spreadsheets.TestXlsx;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// LAND and Neware Excel exports (no public files exist: workbooks are written here with the layouts and header names
/// navani, cellpy and BTSDA document), and the workbook dispatcher that recognises them.
/// </summary>
public sealed class CyclerWorkbookTests
{
    private static readonly CyclerWorkbookParser Workbooks = new();

    private static double[] Values(ParsedMeasurement m, Quantity q) => NewareTestFiles.Values(m, q);

    private static double[] Named(ParsedMeasurement m, string name) => m.Columns.Single(c => c.Name == name).Values;

    // ---- LAND ----

    private static byte[] LandSingleSheet() => Write("Sheet1",
        Row("Test information"),
        Row("Channel", "5-3"),
        null!,
        Row("Index", "TestTime/Sec", "StepTime/Sec", "Current/uA", "Capacity/mAh", "SpeCap/mAh/g", "Voltage/V", "Energy/mWh", "SysTime"),
        Row(1, 0.0, 0.0, 50.0, 0.0, 0.0, 1.5, 0.0, "2024-05-06 08:00:00"),
        Row("Step 2: CC_DChg"),
        Row(2, 60.0, 60.0, -50.0, 0.000833, 0.21, 0.9, 0.0008, "2024-05-06 08:01:00"),
        Row(3, "1-00:00:05", 30.0, -50.0, 0.0012, 0.3, 0.05, 0.001, "2024-05-07 08:00:05"));

    [Fact]
    public void Parse_LandSingleSheet_ConvertsUnitsAndTimes()
    {
        var m = TestFiles.Parse(Workbooks, LandSingleSheet(), "cell.xlsx");

        Assert.Equal("land-xlsx", m.Format);
        Assert.Equal(3, m.RowCount);
        Assert.Equal([0.0, 60, 86405], Values(m, Quantity.TimeS));
        Assert.Equal([0.05, -0.05, -0.05], Values(m, Quantity.CurrentMA));
        Assert.Equal([1.5, 0.9, 0.05], Values(m, Quantity.VoltageV));
        Assert.Equal(0.0012, Values(m, Quantity.CapacityMAh)[^1]);
        Assert.Equal("mAh/g", m.Columns.Single(c => c.Name == "SpeCap/mAh/g").Unit);
        Assert.Equal("2024-05-06T08:00:00", m.Metadata[MetadataKeys.StartTime]);
        Assert.Contains(m.Warnings, w => w.StartsWith("1 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_LandChineseHeaders_SameQuantities()
    {
        var bytes = Write("记录表",
            Row("序号", "循环号", "工步号", "测试时间/s", "电流/mA", "容量/mAh", "电压/V", "系统时间"),
            Row(1, 1, 1, 0.0, 0.2, 0.0, 3.0, new SerialDate(new DateTime(2024, 1, 2, 3, 4, 5))),
            Row(2, 1, 2, 10.0, -0.2, 0.01, 2.9, new SerialDate(new DateTime(2024, 1, 2, 3, 4, 15))));

        var m = TestFiles.Parse(Workbooks, bytes, "中文.xlsx");

        Assert.Equal("land-xlsx", m.Format);
        Assert.Equal([1.0, 1], Values(m, Quantity.CycleNumber));
        Assert.Equal([1.0, 2], Values(m, Quantity.StepNumber));
        Assert.Equal([0.2, -0.2], Values(m, Quantity.CurrentMA));
        Assert.Equal("2024-01-02T03:04:05", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_LandRecordSheets_ContinuationWithoutHeader()
    {
        object?[] header = ["Index", "Cycle", "Current/mA", "Capacity/mAh", "Voltage/V", "TestTime/Sec"];
        var bytes = Write([
            ("Record", [header, Row(1, 1, 0.1, 0.0, 3.0, 0.0), Row(2, 1, 0.1, 0.001, 3.1, 36.0)]),
            ("Record1", [Row(3, 2, -0.1, 0.0, 3.0, 72.0)]),
        ]);

        var m = TestFiles.Parse(Workbooks, bytes, "old.xlsx");

        Assert.Equal([1.0, 2, 3], Named(m, "DataPoint"));
        Assert.Equal([1.0, 1, 2], Values(m, Quantity.CycleNumber));
        Assert.Equal("Record,Record1", m.Metadata["sheets"]);
        Assert.True(new LandXlsxParser().CanRead(bytes.AsSpan(0, Math.Min(bytes.Length, 4096)), null));
    }

    // ---- Neware ----

    [Fact]
    public void Parse_NewareFlatRecordSheet_StepTypesAndTimes()
    {
        var bytes = Write([
            ("unit", [Row("name", "cell-7")]),
            ("test", [Row("Start Step ID", 1)]),
            ("step", [Row("Cycle Index", "Step Index", "Step Type")]),
            ("record", [
                Row("DataPoint", "Cycle Index", "Step Index", "Step Type", "Time", "Total Time", "Current(A)", "Voltage(V)",
                    "Capacity(Ah)", "Chg. Cap.(Ah)", "DChg. Cap.(Ah)", "Energy(Wh)", "Date", "Power(W)"),
                Row(1, 1, 1, "Rest", "00:00:00", "00:00:00", 0.0, 2.917, 0.0, 0.0, 0.0, 0.0, "2022-05-18 16:27:52", 0.0),
                Row(2, 1, 2, "CC Chg", "00:01:00", "00:01:00", 0.001, 3.1, 0.00001667, 0.00001667, 0.0, 0.00005, "2022-05-18 16:28:52", 0.0031),
                Row(3, 1, 3, "CC DChg", new ElapsedTime(TimeSpan.FromSeconds(30)), "1 day, 00:01:30", -0.001, 3.0, 0.00000833, 0.0, 0.00000833, 0.000025, "2022-05-19 16:29:22", -0.003),
            ]),
        ]);

        var m = TestFiles.Parse(Workbooks, bytes, "nw.xlsx");

        Assert.Equal("neware-xlsx", m.Format);
        Assert.Equal("flat", m.Metadata["layout"]);
        Assert.Equal([4.0, 1, 2], Named(m, "StepType"));
        Assert.Equal([0.0, 60, 30], Named(m, "StepTime"));
        Assert.Equal([0.0, 60, 86490], Values(m, Quantity.TimeS));
        Assert.Equal([0.0, 1, -1], Values(m, Quantity.CurrentMA));
        Assert.Equal(0.01667, Values(m, Quantity.ChargeCapacityMAh)[1], 9);
        Assert.Equal(0.00833, Values(m, Quantity.DischargeCapacityMAh)[2], 9);
        Assert.Equal(0.05, Named(m, "Energy")[1], 12);
        Assert.Equal("W", m.Columns.Single(c => c.Name == "Power(W)").Unit);
        Assert.Equal("2022-05-18T16:27:52", m.Metadata[MetadataKeys.StartTime]);
        Assert.True(new NewareXlsxParser().CanRead(bytes.AsSpan(0, Math.Min(bytes.Length, 4096)), null));
    }

    [Fact]
    public void Parse_NewareNested_CycleAndStepFromParentRows()
    {
        var bytes = Write("Sheet1",
            Row("Cycle Index", "Chg. Cap.(Ah)", "DChg. Cap.(Ah)"),
            Row(null, "Step Index", "Step Number", "Step Type", "Step Time"),
            Row(null, null, "DataPoint", "Time", "Total Time", "Current(A)", "Voltage(V)", "Capacity(Ah)", "Energy(Wh)", "Date"),
            Row(1, 0.02256, 0.33067),
            Row(null, 1, 1, "Rest", "00:00:20"),
            Row(null, null, 1, "00:00:00", "00:00:00", 0.0, 4.3185, 0.0, 0.0, "2026-03-06 12:37:25"),
            Row(null, null, 2, "00:00:02", "00:00:02", 0.0, 4.3186, 0.0, 0.0, "2026-03-06 12:37:27"),
            Row(null, 2, 2, "CC DChg", "00:00:02"),
            Row(null, null, 3, "00:00:02", "00:00:04", -0.1, 4.1, 0.0000556, 0.00023, "2026-03-06 12:37:29"),
            Row(2, 0.0, 0.1),
            Row(null, 3, 1, "CCCV Chg", "00:00:02"),
            Row(null, null, 4, "00:00:02", "00:00:06", 0.1, 4.2, 0.0000556, 0.00023, "2026-03-06 12:37:31"));

        var m = TestFiles.Parse(Workbooks, bytes, "nested.xlsx");

        Assert.Equal("neware-xlsx", m.Format);
        Assert.Equal("nested", m.Metadata["layout"]);
        Assert.Equal(4, m.RowCount);
        Assert.Equal([1.0, 2, 3, 4], Named(m, "DataPoint"));
        Assert.Equal([1.0, 1, 1, 2], Values(m, Quantity.CycleNumber));
        Assert.Equal([1.0, 1, 2, 3], Values(m, Quantity.StepNumber));
        Assert.Equal([4.0, 4, 2, 7], Named(m, "StepType"));
        Assert.Equal([0.0, 2, 4, 6], Values(m, Quantity.TimeS));
        Assert.Equal([0.0, 0, -100, 100], Values(m, Quantity.CurrentMA));
    }

    [Fact]
    public void Parse_NewareChineseHeaders_SameQuantities()
    {
        var bytes = Write("记录层",
            Row("数据序号", "循环号", "工步号", "工步类型", "时间", "总时间", "电流(mA)", "电压(V)", "容量(mAh)", "日期"),
            Row(1, 1, 1, "搁置", "00:00:00", "00:00:00", 0.0, 3.2, 0.0, "2023-01-01 00:00:00"),
            Row(2, 1, 2, "恒流放电", "00:00:10", "00:00:10", -2.0, 3.1, 0.0056, "2023-01-01 00:00:10"));

        var m = TestFiles.Parse(Workbooks, bytes, "nw-cn.xlsx");

        Assert.Equal("neware-xlsx", m.Format);
        Assert.Equal([4.0, 2], Named(m, "StepType"));
        Assert.Equal([0.0, -2], Values(m, Quantity.CurrentMA));
        Assert.Equal([0.0, 10], Values(m, Quantity.TimeS));
    }

    [Fact]
    public void Parse_NewareUnparseableTime_FailsWithRow()
    {
        var bytes = Write("record",
            Row("DataPoint", "Total Time", "Current(A)", "Voltage(V)"),
            Row(1, "00:00:00", 0.0, 3.0),
            Row(2, "ten past", 0.0, 3.0));

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Workbooks, bytes, "nw.xlsx"));

        Assert.Equal(3, e.Position);
        Assert.Contains("duration", e.Message, StringComparison.Ordinal);
    }

    // ---- the dispatcher ----

    [Fact]
    public void Parse_ArbinExport_ThroughDispatcher_IsArbin()
    {
        var m = TestFiles.Parse(Workbooks, "navani__bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx");

        Assert.Equal("arbin-xlsx", m.Format);
        Assert.Equal(4526, m.RowCount);
    }

    [Fact]
    public void Parse_ExperimentRecord_RefusedAsNotData()
    {
        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Workbooks, "pyprobe__Experiment_Record.xlsx"));

        Assert.Contains("experiment record", e.Message, StringComparison.Ordinal);
        Assert.Contains("Nominal Capacity [Ah]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WorkbookWithoutData_SaysWhy()
    {
        var bytes = Write("Plan", Row("Sample", "Mass"), Row("LZACFO", 12.5));

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Workbooks, bytes, "plan.xlsx"));

        Assert.Contains("without cycler data", e.Message, StringComparison.Ordinal);
        Assert.Contains("'Plan'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomBytes_Fails()
    {
        var bytes = new byte[3000];
        new Random(11).NextBytes(bytes);

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Workbooks, bytes, "noise.xlsx"));

        Assert.Equal("noise.xlsx", e.FileName);
    }

    [Fact]
    public void Parse_Empty_Fails()
    {
        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(Workbooks, [], "empty.xlsx"));

        Assert.Equal("empty.xlsx", e.FileName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Parse_RandomlyDamagedWorkbook_ReadOrFailAsInstrumentFile(int seed)
    {
        var bytes = TestFiles.Bytes("navani__bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx");
        var random = new Random(seed);
        for (int i = 0; i < 20; i++)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        var e = Record.Exception(() => TestFiles.Parse(Workbooks, bytes, "damaged.xlsx"));

        Assert.True(e is null or InstrumentFileException, e?.ToString());
    }

    [Fact]
    public void Parse_LandUnderGermanCulture_SameValues()
    {
        var m = TestCulture.Run(TestCulture.German, () => TestFiles.Parse(Workbooks, LandSingleSheet(), "cell.xlsx"));

        Assert.Equal([0.0, 60, 86405], Values(m, Quantity.TimeS));
        Assert.Equal("2024-05-06T08:00:00", m.Metadata[MetadataKeys.StartTime]);
    }

    [Theory]
    [InlineData("00:01:30", 90)]
    [InlineData("1-02:00:00", 93600)]
    [InlineData("2 days, 00:00:01", 172801)]
    [InlineData("12:30.5", 750.5)]
    public void TryParseDuration_Layouts(string text, double seconds)
    {
        Assert.True(CyclerSheet.TryParseDuration(text, out double s));
        Assert.Equal(seconds, s, 9);
    }
}
