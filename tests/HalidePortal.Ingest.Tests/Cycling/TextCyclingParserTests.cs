using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// The text cycling exports on their real files. Expected rows, cycles and first/last time and voltage were read off
/// the files themselves (head/tail of the data rows, converted by hand: minutes x 60, hours x 3600, "d hh:mm:ss").
/// </summary>
public class TextCyclingParserTests
{
    private static ParsedMeasurement ParseDetected(string name)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(name));
        var parser = InstrumentFormats.Detect(InstrumentFormats.ReadHead(stream), name)
            ?? throw new InvalidOperationException($"{name}: no parser");
        return parser.Parse(stream, name);
    }

    private static double[] Values(ParsedMeasurement m, Quantity q) =>
        (m.Find(q) ?? throw new InvalidOperationException($"no {q} column")).Values;

    private static double[] Named(ParsedMeasurement m, string name) => m.Columns.Single(c => c.Name == name).Values;

    private static ParsedMeasurement ParseText(IInstrumentParser parser, string text, string name = "test.csv") =>
        TestFiles.Parse(parser, Encoding.UTF8.GetBytes(text), name);

    [Theory]
    [InlineData("bdtk__arbin_example.csv", "arbin-csv", 2142, 2, 0, 6308.4823, 3.2796359, 2.4080653)]
    [InlineData("pyprobe__sample_data_arbin.csv", "arbin-csv", 13, 1, 30.0005, 301.214, 3.534595, 3.599601)]
    [InlineData("datalab__arbin_example.bdf.csv", "arbin-csv", 2150, 5, 0.072595419795086, 345733.3894574374, 3.8591957, 3.872108)]
    [InlineData("beep__2017-05-09_test-TC-contact_CH33.csv", "arbin-csv", 287, 0, 0, 1022.8913, 3.298668384552002, 3.4119858741760254)]
    [InlineData("beep__FastCharge_000025_CH8.csv", "arbin-csv", 248, 1, 10.0024, 1800.0104, 3.3011441, 3.3009677)]
    [InlineData("bdtk__maccor_example.001", "maccor-text", 8, 1, 0, 70.002, 3.30678264, 3.30617227)]
    [InlineData("beep__maccor_test_file_4267-66-6519.041", "maccor-text", 74, 1, 0, 10, 3.90806439, 3.91172656)]
    [InlineData("beep__PredictionDiagnostics_000151_test.052", "maccor-text", 333, 1, 769267.24, 769270.57, 3.86823835, 3.86251621)]
    [InlineData("cellpy__maccor_002.txt", "maccor-text", 7446, 2, 0, 228590.50998, 0.1783, 1.3)]
    [InlineData("cellpy__maccor_three.txt", "maccor-text", 4009, 15, 0, 326843.42, 1.8538186, 1.3000687)]
    [InlineData("pyprobe__sample_data_maccor.csv", "maccor-text", 15, 1, 0, 13.06, 3.668, 3.716)]
    [InlineData("cellpy__neware_uio.csv", "neware-csv", 9065, 4, 0, 518538, 2.917, 0.4251)]
    [InlineData("cellpy__nw_regular_export_ife_example.csv", "neware-csv", 9295, 20, 0, 100543, 4.3185, 4.1544)]
    [InlineData("pyprobe__sample_data_novonix.csv", "novonix-csv", 207, 1, 0, 12287.48004, 3.84318331, 4.12864581)]
    [InlineData("beep__test_Nova_Form-CH01-01_short.csv", "novonix-csv", 3942, 1, 0, 62764.47, 0.13736417, 3.42744146)]
    [InlineData("pyprobe__sample_data_basytec.txt", "basytec-text", 74, 2, 0, 70.2358036666668, 3.52575489148741, 3.53285012323902)]
    [InlineData("bdtk__CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_timeseries.csv", "batteryarchive-csv", 15, 1, 30.009, 450.16, 3.843, 4.032)]
    [InlineData("bdtk__p492-13-raw.csv", "batterydata-csv", 2021, 9, 0, 305712.498, 3.27603571, 3.32410163)]
    [InlineData("cellpy__Test25205.csv", "pec-csv", 489, 1, 0.002, 70918.98, 3.6824952, 0.0639655)]
    [InlineData("beep__test_loopsnewoutput_MB_CE1_short10k.csv", "biologic-csv", 9999, 3, 0, 102040.77, 3.81503248214722, 4.17367792129517)]
    public void Parse_RealFile_RowsCyclesAndEnds(string name, string format, int rows, int cycles, double t0, double tN, double v0, double vN)
    {
        var m = ParseDetected(name);

        Assert.Equal(format, m.Format);
        Assert.Equal(Technique.Cycling, m.Technique);
        Assert.Equal(rows, m.RowCount);
        Assert.All(m.Columns, c => Assert.Equal(rows, c.Values.Length));
        Assert.Equal(cycles, Values(m, Quantity.CycleNumber).Where(c => !double.IsNaN(c)).Distinct().Count());
        var time = Values(m, Quantity.TimeS);
        Assert.Equal(t0, time[0], 6);
        Assert.Equal(tN, time[^1], 4);
        var voltage = Values(m, Quantity.VoltageV);
        Assert.Equal(v0, voltage[0], 7);
        Assert.Equal(vN, voltage[^1], 7);
        Assert.Equal("mA", m.Find(Quantity.CurrentMA)!.Unit);
        Assert.All(m.Columns.Where(c => c.Quantity != Quantity.Other).GroupBy(c => c.Quantity).Where(g => g.Key is not (Quantity.EnergyMWh or Quantity.TemperatureC)),
            g => Assert.Single(g));
    }

    [Fact]
    public void Parse_ArbinRawTable_AmpsAndAmpHoursToMilli()
    {
        var m = ParseDetected("bdtk__arbin_example.csv");

        Assert.Equal(1099.9289, Values(m, Quantity.CurrentMA)[1], 6);
        Assert.Equal(880.0053, Values(m, Quantity.ChargeCapacityMAh)[0], 6);
        Assert.Equal(1072.9095, Values(m, Quantity.DischargeCapacityMAh)[^1], 6);
        Assert.Equal(1499006353, Named(m, "UnixTime")[0]);
        Assert.Equal("2017-07-02T14:39:13.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal(Quantity.TemperatureC, m.Columns.Single(c => c.Name == "Temperature").Quantity);
    }

    [Fact]
    public void Parse_ArbinDisplayNamesWithBomAndTabbedDates_ReadAsRaw()
    {
        var m = ParseDetected("pyprobe__sample_data_arbin.csv");

        Assert.Equal("2024-09-20T08:32:34.558", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal(2650.138, Values(m, Quantity.CurrentMA)[^1], 6);
        Assert.Equal(0.400839, Values(m, Quantity.ChargeCapacityMAh)[^1], 9);
        Assert.Equal(Quantity.TemperatureC, m.Columns.Single(c => c.Name == "Aux_Temperature_1").Quantity);
        // ACR (Ohm) has no value in any row and is left out.
        Assert.DoesNotContain(m.Columns, c => c.Name == "ACR");
    }

    [Fact]
    public void Parse_ArbinWithToolColumns_FirstCopyOfEachQuantityWins()
    {
        var m = ParseDetected("datalab__arbin_example.bdf.csv");

        Assert.Equal("Test_Time", m.Find(Quantity.TimeS)!.Name);
        Assert.Equal(Quantity.Other, m.Columns.Single(c => c.Name == "Test_Time (2)").Quantity);
        Assert.Equal(1, Named(m, "cycle change").Max());
        Assert.DoesNotContain(m.Columns, c => c.Name == "state");
    }

    [Theory]
    [InlineData("beep__FastCharge_000025_CH8_Metadata.csv", "beep__FastCharge_000025_CH8.csv")]
    [InlineData("beep__2017-05-09_test-TC-contact_CH33_Metadata.csv", "beep__2017-05-09_test-TC-contact_CH33.csv")]
    public void Parse_ArbinMetadataSidecar_RefusedNamingTheDataFile(string name, string dataFile)
    {
        var e = Assert.Throws<InstrumentFileException>(() => ParseDetected(name));

        Assert.Contains("metadata sidecar", e.Message, StringComparison.Ordinal);
        Assert.Contains(dataFile, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaccorSignedDischarge_CapacityOnDischargeSide()
    {
        var m = ParseDetected("beep__PredictionDiagnostics_000151_test.052");

        Assert.Equal(-4840.0091554, Values(m, Quantity.CurrentMA)[0], 6);
        Assert.Equal(19.1579754, Values(m, Quantity.DischargeCapacityMAh)[0], 7);
        Assert.All(Values(m, Quantity.ChargeCapacityMAh), q => Assert.Equal(0, q));
        Assert.Equal(37, Values(m, Quantity.CycleNumber)[0]);
        Assert.Equal(44, Values(m, Quantity.StepNumber)[0]);
        Assert.Equal("52", m.Metadata[MetadataKeys.Channel]);
        Assert.Equal("2019-10-21T23:59:59.000", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_MaccorUnsignedCurrentAndMinutes_SignFromStateAndTimeFromClock()
    {
        var m = ParseDetected("cellpy__maccor_002.txt");

        // The last row is a discharge ("D") written with +0.00016037 A.
        Assert.Equal(-0.16037, Values(m, Quantity.CurrentMA)[^1], 8);
        Assert.Equal(2.25395, Values(m, Quantity.DischargeCapacityMAh)[^1], 8);
        Assert.Equal(2.44213, Values(m, Quantity.ChargeCapacityMAh).Max(), 8);
        // "Cycle C" is the cycle counter; "Cycle P" stays as Other.
        Assert.Equal([1, 2], Values(m, Quantity.CycleNumber).Distinct());
        Assert.Equal(Quantity.Other, m.Columns.Single(c => c.Name == "Cycle P").Quantity);
        // TestTime 1.000000 one minute after the first row, whose clock reads 3:41:24 PM.
        Assert.Equal(60, Values(m, Quantity.TimeS)[1], 6);
        Assert.Equal("2021-05-11T15:40:24.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("53", m.Metadata[MetadataKeys.Channel]);
    }

    [Fact]
    public void Parse_MaccorMilliUnitExport_VoltsWereMillivolts()
    {
        var m = ParseDetected("cellpy__maccor_three.txt");

        Assert.Equal(1.8538186, Values(m, Quantity.VoltageV)[0], 7);
        Assert.Equal(822.3335, Values(m, Quantity.DischargeCapacityMAh)[^1], 6);
        Assert.Equal(-896.0098, Values(m, Quantity.CurrentMA)[^1], 6);
        Assert.Contains(m.Warnings, w => w.Contains("mV", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MaccorDecimalCommasAndCutLastRow_ReadWithWarning()
    {
        var m = ParseDetected("cellpy__maccor_two.txt");

        Assert.Equal(214, m.RowCount);
        Assert.Equal(120, Values(m, Quantity.TimeS)[2], 6);
        Assert.Equal(0.1394, Values(m, Quantity.VoltageV)[2], 6);
        Assert.True(double.IsNaN(Values(m, Quantity.VoltageV)[^1]));
        Assert.Contains(m.Warnings, w => w.Contains("cut off", StringComparison.Ordinal));
        // A decimal-comma export writes its dates day first: 06/05/2021 is 6 May.
        Assert.Equal("2021-05-06T11:23:46.000", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_MaccorCsvWithoutState_CapacityUnsplit()
    {
        var m = ParseDetected("pyprobe__sample_data_maccor.csv");

        Assert.Equal(24, Values(m, Quantity.CapacityMAh)[^1], 9);
        Assert.Equal(28798, Values(m, Quantity.CurrentMA)[^1], 6);
        Assert.Null(m.Find(Quantity.ChargeCapacityMAh));
        Assert.Contains(m.Warnings, w => w.Contains("no state column", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NewareFlat_ActiveMassFromSpecificCapacity()
    {
        var m = ParseDetected("cellpy__neware_uio.csv");

        Assert.Equal("2.08", m.Metadata[MetadataKeys.ActiveMaterialMassMg]);
        Assert.Equal("2022-05-18T16:27:52.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal(-0.24859, Values(m, Quantity.CurrentMA)[721], 8);
        Assert.Equal(1.43796, Values(m, Quantity.ChargeCapacityMAh)[^1], 8);
        Assert.Equal(60, Named(m, "StepTime")[1]);
        Assert.Equal(13, Values(m, Quantity.StepNumber)[^1]);
        Assert.Equal(Quantity.Other, m.Columns.Single(c => c.Name == "Energy").Quantity);
    }

    [Fact]
    public void Parse_NewareNested_RecordsTakeCycleAndStepFromRowsAbove()
    {
        var m = ParseDetected("cellpy__nw_regular_export_ife_example.csv");

        var step = Values(m, Quantity.StepNumber);
        Assert.Equal(1, step[0]);
        Assert.Equal(2, step[11]);
        // Record 13 is in the first CC Chg step: 0.003952875 Ah.
        Assert.Equal(3.952875, Values(m, Quantity.ChargeCapacityMAh)[12], 9);
        Assert.Equal(0, Values(m, Quantity.DischargeCapacityMAh)[12]);
        Assert.Equal(-500, Values(m, Quantity.CurrentMA).Min());
        Assert.Equal(20, Values(m, Quantity.CycleNumber)[^1]);
        Assert.Equal(Quantity.TemperatureC, m.Columns.Single(c => c.Name == "T1").Quantity);
    }

    [Fact]
    public void Parse_NewareChineseHeadersInGb18030_MappedLikeEnglish()
    {
        const string Text =
            "数据序号,循环序号,工步号,工步类型,时间,总时间,电流(mA),电压(V),容量(mAh),比容量(mAh/g),充电容量(mAh),放电容量(mAh),日期\r\n"
            + "1,1,1,搁置,00:00:00,00:00:00,0.0000,3.1000,0.0000,0.00,0.0000,0.0000,2024-03-01 10:00:00\r\n"
            + "2,1,2,恒流充电,00:00:30,00:00:30,0.5000,3.6000,0.0042,2.10,0.0042,0.0000,2024-03-01 10:00:30\r\n"
            + "3,1,3,恒流放电,00:00:30,00:01:00,-0.5000,3.3000,0.0042,2.10,0.0000,0.0042,2024-03-01 10:01:00\r\n";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!.GetBytes(Text);

        var m = TestFiles.Parse(new NewareCsvParser(), bytes, "chinese.csv");

        Assert.Equal(3, m.RowCount);
        Assert.Equal([0, 30, 60], Values(m, Quantity.TimeS));
        Assert.Equal([0, 0.5, -0.5], Values(m, Quantity.CurrentMA));
        Assert.Equal(0.0042, Values(m, Quantity.DischargeCapacityMAh)[2]);
        Assert.Equal([1, 2, 3], Values(m, Quantity.StepNumber));
        Assert.Equal("2", m.Metadata[MetadataKeys.ActiveMaterialMassMg]);
        Assert.Equal("2024-03-01T10:00:00.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("neware-csv", InstrumentFormats.Detect(bytes, "x.dat")?.Format);
    }

    [Fact]
    public void Parse_NovonixQuotedLines_StepTypeSplitsCapacity()
    {
        var m = ParseDetected("beep__test_Nova_Form-CH01-01_short.csv");

        Assert.Equal("2022-04-11T10:58:07.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("240", m.Metadata["nominalCapacityMAh"]);
        Assert.Equal("1000", m.Metadata[MetadataKeys.ActiveMaterialMassMg]);
        Assert.Equal(29.4679161, Values(m, Quantity.ChargeCapacityMAh)[^1], 7);
        Assert.Equal(12.0000763, Values(m, Quantity.CurrentMA)[^1], 7);
        Assert.Equal(Quantity.TemperatureC, m.Columns.Single(c => c.Name == "Temperature").Quantity);
    }

    [Fact]
    public void Parse_NovonixSummary_OneRowPerCycle()
    {
        var m = ParseDetected("beep__test_Nova_Form-CH01-01_short_metadata.csv");

        Assert.Equal("novonix-csv", m.Format);
        Assert.Equal("cycles", m.Metadata[MetadataKeys.Rows]);
        Assert.Equal(1, m.RowCount);
        Assert.Equal(66.4822211, Values(m, Quantity.ChargeCapacityMAh)[0], 7);
        Assert.Equal(76.631919, Values(m, Quantity.DischargeCapacityMAh)[0], 7);
    }

    [Fact]
    public void Parse_Basytec_CycleCapacitiesAndDottedStartDate()
    {
        var m = ParseDetected("pyprobe__sample_data_basytec.txt");

        Assert.Equal("2023-06-19T17:56:53.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("1814 CH14 XCTS_40", m.Metadata[MetadataKeys.Channel]);
        Assert.Equal(1.248916998009, Values(m, Quantity.ChargeCapacityMAh)[^1], 9);
        Assert.Equal(449.601734416934, Values(m, Quantity.CurrentMA)[^1], 9);
        Assert.Equal(Quantity.TemperatureC, m.Columns.Single(c => c.Name == "T1").Quantity);
        Assert.Equal(4, Values(m, Quantity.StepNumber)[^1]);
    }

    [Theory]
    [InlineData("bdtk__CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv", "batteryarchive-csv", 9, 604, 1292)]
    [InlineData("bdtk__p492-13-summary.csv", "batterydata-csv", 267, double.NaN, 0.71952)]
    public void Parse_PerCycleSummary_OneRowPerCycle(string name, string format, int rows, double charge0, double discharge0)
    {
        var m = ParseDetected(name);

        Assert.Equal(format, m.Format);
        Assert.Equal("cycles", m.Metadata[MetadataKeys.Rows]);
        Assert.Equal(rows, m.RowCount);
        Assert.Equal(Enumerable.Range(1, rows).Select(i => (double)i), Values(m, Quantity.CycleNumber));
        Assert.Equal(charge0, Values(m, Quantity.ChargeCapacityMAh)[0], 6);
        Assert.Equal(discharge0, Values(m, Quantity.DischargeCapacityMAh)[0], 6);
    }

    [Fact]
    public void Parse_BatteryDataRaw_ImpedanceSegmentsAndMatlabClock()
    {
        var m = ParseDetected("bdtk__p492-13-raw.csv");

        Assert.Equal(500000, Values(m, Quantity.FrequencyHz).Where(f => !double.IsNaN(f)).First());
        Assert.Equal(0.4307, Values(m, Quantity.ZImagOhm).Where(f => !double.IsNaN(f)).First(), 6);
        Assert.Equal("2020-01-02T10:37:01.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal(21.87029, Values(m, Quantity.ChargeCapacityMAh).Max(), 6);
    }

    [Fact]
    public void Parse_Pec_ClockDurationsAndPreambleStart()
    {
        var m = ParseDetected("cellpy__Test25205.csv");

        Assert.Equal("2026-01-08T17:40:39.000", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("OCV generic long HP", m.Metadata["testName"]);
        Assert.Equal(0.021, Values(m, Quantity.DischargeCapacityMAh)[^1], 9);
        Assert.Equal(68338.301, Named(m, "StepTime")[^1], 6);
    }

    [Fact]
    public void Parse_BioLogicCsv_TimestampsBecomeSeconds()
    {
        var m = ParseDetected("beep__test_loopsnewoutput_MB_CE1_short10k.csv");

        Assert.Equal("2021-05-05T15:36:22.757", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal(22.756, Values(m, Quantity.TimeS)[1], 3);
        Assert.Equal(2493.26220703125, Values(m, Quantity.CurrentMA)[1], 9);
        Assert.Equal(Quantity.StepNumber, m.Columns.Single(c => c.Name == "Ns").Quantity);
    }

    [Fact]
    public void Parse_CellpyCustom_RefusedForMissingUnits()
    {
        var e = Assert.Throws<InstrumentFileException>(() => ParseDetected("cellpy__custom_data_001.csv"));

        Assert.Contains("units", e.Message, StringComparison.Ordinal);
        Assert.Equal("cellpy__custom_data_001.csv", e.FileName);
    }

    [Fact]
    public void Parse_UnderGermanCulture_SameNumbersAndDates()
    {
        foreach (string name in (string[])["cellpy__maccor_two.txt", "cellpy__neware_uio.csv", "pyprobe__sample_data_basytec.txt", "bdtk__arbin_example.csv"])
        {
            var invariant = ParseDetected(name);
            var german = TestCulture.Run(TestCulture.German, () => ParseDetected(name));

            Assert.Equal(Values(invariant, Quantity.VoltageV)[1], Values(german, Quantity.VoltageV)[1]);
            Assert.Equal(Values(invariant, Quantity.TimeS)[^2], Values(german, Quantity.TimeS)[^2]);
            Assert.Equal(invariant.Metadata[MetadataKeys.StartTime], german.Metadata[MetadataKeys.StartTime]);
        }
    }

    public static TheoryData<string, string> BadNumberSamples => new()
    {
        { "arbin-csv", "Data_Point,Test_Time,DateTime,Step_Time,Step_Index,Cycle_Index,Current,Voltage,Charge_Capacity\n1,0,1499006353,0,1,1,0.5,3.7,0\n2,1,1499006354,1,1,1,0.5,3.7x,0\n" },
        { "maccor-text", "Today's Date 04/04/2016\nRec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time\n1\t0\t1\t0\t0\t0\t0\t0\t3.3\tR\t0\t03/31/2016 16:05:31\n2\t0\t1\t1\t1\t0\t0\t0\t3.3x\tR\t1\t03/31/2016 16:05:32\n" },
        { "neware-csv", "DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,Current(A),Voltage(V),Capacity(Ah)\n1,1,1,Rest,00:00:00,00:00:00,0,2.9,0\n2,1,1,Rest,00:01:00,00:01:00,0,2.9x,0\n" },
        { "novonix-csv", "[Summary]\nNovonix UHPC data file\n[End Summary]\n[Data]\nDate and Time,Cycle Number,Step Type,Run Time (h),Step Time (h),Current (A),Potential (V),Capacity (Ah)\n2025-07-19 15:26:20,1,7,0,0,0.5,3.8,0\n2025-07-19 15:26:21,1,7,0.001,0.001,0.5,3.8x,0.001\n" },
        { "basytec-text", "~Resultfile from Basytec Battery Test System\n~Time[s]\tU[V]\tI[A]\tCyc-Count\n0\t3.5\t0\t0\n1\t3.5x\t0\t0\n" },
        { "batteryarchive-csv", "Date_Time,Test_Time (s),Cycle_Index,Current (A),Voltage (V),Charge_Capacity (Ah)\n2010-09-02 14:35:40,30,1,0,3.8,0\n2010-09-02 14:36:10,60,1,0,3.8x,0\n" },
        { "batterydata-csv", "Cycle_Index,Step,Time_s,Current_A,Voltage_V\n1,1,0,0,3.2\n1,1,1,0,3.2x\n" },
        { "pec-csv", "Test,Cell,Rack,Shelf,Position,Cell ID,Step,Instruction Name,Cycle,Total Time (Hours in hh:mm:ss.xxx),Voltage (V),Current (A)\n1,1,A,1,1,X,0,Idle,0,00:00:00.002,3.68,0\n1,1,A,1,1,X,0,Idle,0,00:00:01.000,3.68x,0\n" },
        { "biologic-csv", ";mode;time/s;Ecell/V;I/mA\n0;1;0;3.8;0\n1;1;1;3.8x;0\n" },
    };

    private static IInstrumentParser ParserFor(string format) => InstrumentFormats.All.Single(p => p.Format == format);

    [Theory]
    [MemberData(nameof(BadNumberSamples))]
    public void Parse_UnparseableNumber_NamesFileLineAndValue(string format, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(format, InstrumentFormats.Detect(bytes, "x.dat")?.Format);

        var e = Assert.Throws<InstrumentFileException>(() => ParseText(ParserFor(format), text, "bad.csv"));

        Assert.Equal("bad.csv", e.FileName);
        Assert.Equal(text.TrimEnd('\n').Split('\n').Length, e.Position);
        Assert.Contains("x\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadNumberSamples))]
    public void Parse_HeaderWithoutRows_Throws(string format, string text)
    {
        string headerOnly = string.Join('\n', text.TrimEnd('\n').Split('\n')[..^2]) + "\n";

        var e = Assert.Throws<InstrumentFileException>(() => ParseText(ParserFor(format), headerOnly, "cut.csv"));

        Assert.Equal("cut.csv", e.FileName);
    }

    [Theory]
    [MemberData(nameof(BadNumberSamples))]
    public void Parse_EmptyOrRandomBytes_Throws(string format, string text)
    {
        _ = text;
        var parser = ParserFor(format);
        var random = new byte[3000];
        new Random(42).NextBytes(random);

        Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(parser, [], "empty.csv"));
        Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(parser, random, "random.csv"));
        Assert.False(parser.CanRead(random, "random.csv"));
    }

    [Fact]
    public void Parse_MissingMiddleFields_ErrorAtThatLine()
    {
        const string Text = "Data_Point,Test_Time,DateTime,Step_Index,Cycle_Index,Current,Voltage\n1,0,1499006353,1,1,0.5,3.7\n2,1,1499006354,1\n3,2,1499006355,1,1,0.5,3.7\n";

        var e = Assert.Throws<InstrumentFileException>(() => ParseText(new ArbinCsvParser(), Text));

        Assert.Equal(3, e.Position);
    }
}
