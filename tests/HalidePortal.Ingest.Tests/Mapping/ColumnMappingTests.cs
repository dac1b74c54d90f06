using System.Text;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Tests.Mapping;

/// <summary>
/// The generic delimited-text import: the preview the mapping form shows (header row, delimiter, decimal comma,
/// signature) and <see cref="MappedTextParser"/> reading a file with a mapping. Expected values were read from the
/// files by eye (line numbers, first and last rows).
/// </summary>
public sealed class ColumnMappingTests
{
    private const string Logger = "own_mapped_logger.csv";

    private static DelimitedPreview Preview(string name, int rows = DelimitedPreview.DefaultRows)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(name));
        return DelimitedPreview.Read(stream, name, rows);
    }

    private static DelimitedPreview Preview(byte[] bytes, string name = "x.csv")
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return DelimitedPreview.Read(stream, name);
    }

    private static ParsedMeasurement Parse(byte[] bytes, ColumnMappingSpec spec, string name = "x.csv")
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return MappedTextParser.Parse(stream, name, spec);
    }

    private static ParsedMeasurement ParseFile(string name, ColumnMappingSpec spec)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(name));
        return MappedTextParser.Parse(stream, name, spec);
    }

    /// <summary>The logger file mapped as the form would guess it, with the text column kept as Other.</summary>
    private static ColumnMappingSpec LoggerSpec()
    {
        var preview = Preview(Logger);
        var guesses = MappableQuantities.GuessAll(preview.Header);
        return ColumnMappingSpec.For(preview, Technique.Cycling) with
        {
            Columns = preview.Header.Select((h, i) => new MappedColumn(i, h, guesses[i].Quantity ?? Quantity.Other, guesses[i].Unit)).ToList(),
        };
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Preview_PreambleThenSemicolonTable_FindsHeaderRowAndDataLine()
    {
        // cellpy's custom instrument CSV: 19 key;value lines and a "# PRIME" marker before the header on line 20.
        var preview = Preview("cellpy__custom_data_001.csv", 5);

        Assert.Equal(20, preview.HeaderLine);
        Assert.Equal(21, preview.FirstDataLine);
        Assert.Equal(';', preview.Delimiter);
        Assert.False(preview.DecimalComma);
        Assert.Equal(["index", "test_time", "step_time", "date_stamp", "step", "cycle", "current", "voltage", "charge_capacity", "discharge_Capacity"], preview.Header);
        Assert.Equal("index|test_time|step_time|date_stamp|step|cycle|current|voltage|charge_capacity|discharge_capacity", preview.Signature);
        Assert.Equal(5, preview.Rows.Count);
        Assert.Equal(["0", "120.00", "120.00", "43374.42", "1", "1", "0.00", "1.14", "0.00", "0.00"], preview.Rows[0]);
        Assert.Equal("600.01", preview.Rows[4][1]);
    }

    [Fact]
    public void Preview_ArbinCsvWithBomAndTabbedTimestamps_SplitsAtCommas()
    {
        var preview = Preview("pyprobe__sample_data_arbin.csv");

        Assert.Equal(1, preview.HeaderLine);
        Assert.Equal(',', preview.Delimiter);
        Assert.Equal(25, preview.Header.Count);
        Assert.Equal("Data Point", preview.Header[0]);
        Assert.Equal("Aux_dT/dt_1 (C/s)", preview.Header[24]);
        Assert.StartsWith("data point|date time|test time (s)|", preview.Signature, StringComparison.Ordinal);
        Assert.Equal(13, preview.Rows.Count);
        Assert.Equal("09/20/2024 08:32:34.558", preview.Rows[0][1]);
        Assert.Equal("3.599601", preview.Rows[12][10]);
    }

    [Fact]
    public void Preview_DecimalCommaLoggerFile_DetectsDelimiterAndDecimalComma()
    {
        var preview = Preview(Logger);

        Assert.Equal(5, preview.HeaderLine);
        Assert.Equal(6, preview.FirstDataLine);
        Assert.Equal(';', preview.Delimiter);
        Assert.True(preview.DecimalComma);
        Assert.Equal("zeitpunkt|spannung [mv]|strom [a]|ladung [ah]|temperatur [°c]|status", preview.Signature);
        Assert.Equal(6, preview.Rows.Count);
        Assert.Equal(["25.11.2026 10:00:50", "3790,4", "-0,00100", "0,0000056", "25,3", "DCH"], preview.Rows[5]);
    }

    [Fact]
    public void Preview_NoHeaderRow_NamesColumnsByNumber()
    {
        var preview = Preview("pyDRTtools_data_1.csv");

        Assert.Equal(0, preview.HeaderLine);
        Assert.Equal(1, preview.FirstDataLine);
        Assert.Equal(["column 1", "column 2", "column 3"], preview.Header);
        Assert.Equal("999.040405", preview.Rows[0][0]);
    }

    [Fact]
    public void Preview_NumbersInPreamble_AreNotMistakenForTheTable()
    {
        // One numeric-looking preamble line ("Mass,12.5,13.1") is followed by text, so the table starts later.
        var preview = Preview(Utf8("Mass,12.5,13.1\nOperator,AK\nt,U,I\n0,3.1,0.5\n1,3.2,0.5\n"));

        Assert.Equal(3, preview.HeaderLine);
        Assert.Equal(["t", "U", "I"], preview.Header);
        Assert.Equal(2, preview.Rows.Count);
    }

    [Fact]
    public void Preview_SignatureIgnoresCaseAndSpacesAroundFields()
    {
        var a = Preview(Utf8("Time (s) , Voltage (V)\n0,1\n1,2\n"));
        var b = Preview(Utf8("time (S);VOLTAGE (v)\n0;1\n1;2\n"));

        Assert.Equal("time (s)|voltage (v)", a.Signature);
        Assert.Equal(a.Signature, b.Signature);
    }

    [Fact]
    public void Preview_Empty_Throws()
    {
        var e = Assert.Throws<InstrumentFileException>(() => Preview([], "empty.csv"));

        Assert.Contains("empty.csv: the file is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_ProseOnly_ThrowsNamingTheFile()
    {
        var e = Assert.Throws<InstrumentFileException>(() => Preview(Utf8("Notes on pellet P3\npressed at 370 MPa, 10 mm\n"), "notes.txt"));

        Assert.StartsWith("notes.txt: no rows of delimited numbers", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Voltage(V)", Quantity.VoltageV, "V")]
    [InlineData("Current [mA]", Quantity.CurrentMA, "mA")]
    [InlineData("Current (A)", Quantity.CurrentMA, "A")]
    [InlineData("time/s", Quantity.TimeS, "s")]
    [InlineData("Test Time (h)", Quantity.TimeS, "h")]
    [InlineData("Charge Capacity (Ah)", Quantity.ChargeCapacityMAh, "Ah")]
    [InlineData("Discharge_Capacity_Ah", Quantity.DischargeCapacityMAh, "Ah")]
    [InlineData("Voltage_V", Quantity.VoltageV, "V")]
    [InlineData("Spannung [mV]", Quantity.VoltageV, "mV")]
    [InlineData("电压(V)", Quantity.VoltageV, "V")]
    [InlineData("Frequency (kHz)", Quantity.FrequencyHz, "kHz")]
    [InlineData("Z' (ohm)", Quantity.ZRealOhm, "Ohm")]
    [InlineData("-Im(Z)/Ohm", Quantity.ZImagOhm, "Ohm")]
    [InlineData("|Z| (kOhm)", Quantity.ZModOhm, "kOhm")]
    [InlineData("Phase (deg)", Quantity.PhaseDeg, "deg")]
    [InlineData("Temperatur [°C]", Quantity.TemperatureC, "C")]
    [InlineData("2Theta", Quantity.TwoThetaDeg, "deg")]
    [InlineData("Intensity(cps)", Quantity.IntensityCounts, "cps")]
    [InlineData("Cycle Index", Quantity.CycleNumber, "")]
    [InlineData("Step Index", Quantity.StepNumber, "")]
    [InlineData("Voltage (kV)", Quantity.VoltageV, "V")]
    public void Guess_HeaderWithUnit_SuggestsQuantityAndUnit(string header, Quantity quantity, string unit)
    {
        var guess = MappableQuantities.Guess(header);

        Assert.Equal(quantity, guess.Quantity);
        Assert.Equal(unit, guess.Unit);
    }

    [Fact]
    public void GuessAll_SameQuantityTwice_MapsOnlyTheFirst()
    {
        var guesses = MappableQuantities.GuessAll(["Date Time", "Test Time (s)", "Voltage (V)", "dQ/dV (Ah/V)"]);

        Assert.Equal([Quantity.TimeS, null, Quantity.VoltageV, null], guesses.Select(g => g.Quantity));
    }

    [Fact]
    public void Parse_LoggerFileWithMapping_ConvertsUnitsAndTimestamps()
    {
        var parsed = ParseFile(Logger, LoggerSpec());

        Assert.Equal("mapped-text", parsed.Format);
        Assert.Equal(Technique.Cycling, parsed.Technique);
        Assert.Equal(6, parsed.RowCount);
        Assert.Equal([0, 10, 20, 30, 40, 50], parsed.Find(Quantity.TimeS)!.Values);
        var voltage = parsed.Find(Quantity.VoltageV)!;
        Assert.Equal(("Spannung", "V"), (voltage.Name, voltage.Unit));
        Assert.Equal(3.8125, voltage.Values[0], 12);
        Assert.Equal(3.7904, voltage.Values[^1], 12);
        var current = parsed.Find(Quantity.CurrentMA)!;
        Assert.Equal("mA", current.Unit);
        Assert.Equal([1, 1, 1, 1, -1, -1], current.Values.Select(v => Math.Round(v, 9)));
        Assert.Equal(0.0083, parsed.Find(Quantity.CapacityMAh)!.Values[3], 12);
        Assert.Equal(25.3, parsed.Find(Quantity.TemperatureC)!.Values[^1], 12);
        Assert.Equal("2026-11-25T10:00:00.000", parsed.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("Cycling", parsed.Metadata[MetadataKeys.Technique]);
        // "Status" holds CHG/DCH: text cannot be stored as a series, so it is left out with a warning.
        Assert.Equal(5, parsed.Columns.Count);
        Assert.Contains(parsed.Warnings, w => w.Contains("\"Status\"", StringComparison.Ordinal) && w.Contains("line 6", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RealArbinCsvWithMapping_ReadsEveryRow()
    {
        var preview = Preview("pyprobe__sample_data_arbin.csv");
        var guesses = MappableQuantities.GuessAll(preview.Header);
        var spec = ColumnMappingSpec.For(preview, Technique.Cycling) with
        {
            Columns = preview.Header.Select((h, i) => new MappedColumn(i, h, guesses[i].Quantity, guesses[i].Unit)).ToList(),
        };

        var parsed = ParseFile("pyprobe__sample_data_arbin.csv", spec);

        Assert.Equal(13, parsed.RowCount);
        // Date Time is the time column: 08:32:34.558 to 08:37:05.772.
        Assert.Equal(271.214, parsed.Find(Quantity.TimeS)!.Values[^1], 6);
        Assert.Equal("2024-09-20T08:32:34.558", parsed.Metadata[MetadataKeys.StartTime]);
        Assert.Equal(2650.138, parsed.Find(Quantity.CurrentMA)!.Values[^1], 6);
        Assert.Equal(3.599601, parsed.Find(Quantity.VoltageV)!.Values[^1], 9);
        Assert.Equal(0.400839, parsed.Find(Quantity.ChargeCapacityMAh)!.Values[^1], 9);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], parsed.Find(Quantity.CycleNumber)!.Values);
    }

    [Fact]
    public void Parse_LongerPreambleSameHeader_FindsHeaderBySignature()
    {
        var spec = LoggerSpec();
        var text = "Extra;line\r\nAnother;one\r\n" + File.ReadAllText(TestFiles.PathOf(Logger));

        var parsed = Parse(Utf8(text), spec);

        Assert.Equal(6, parsed.RowCount);
    }

    [Fact]
    public void Parse_HeaderlessFile_ReadsFromTheFirstNumberRow()
    {
        var preview = Preview("pyDRTtools_data_1.csv");
        var spec = ColumnMappingSpec.For(preview, Technique.Impedance) with
        {
            Columns = [new(0, "column 1", Quantity.FrequencyHz, "Hz"), new(1, "column 2", Quantity.ZRealOhm, "Ohm"), new(2, "column 3", Quantity.ZImagOhm, "mOhm")],
        };

        var parsed = ParseFile("pyDRTtools_data_1.csv", spec);

        Assert.Equal(999.040405, parsed.Find(Quantity.FrequencyHz)!.Values[0], 9);
        Assert.Equal(0.003569859e-3, parsed.Find(Quantity.ZImagOhm)!.Values[0], 15);
        Assert.Equal(File.ReadLines(TestFiles.PathOf("pyDRTtools_data_1.csv")).Count(l => l.Trim().Length > 0), parsed.RowCount);
    }

    [Fact]
    public void Parse_DurationsInTimeColumn_BecomeSeconds()
    {
        var spec = new ColumnMappingSpec
        {
            HeaderLine = 1,
            Delimiter = '\t',
            Technique = Technique.Cycling,
            Columns = [new(0, "Time", Quantity.TimeS, "s"), new(1, "E", Quantity.VoltageV, "V"), new(2, "Note", null)],
        };

        var parsed = Parse(Utf8("Time\tE\tNote\n0:00:00\t3.0\tx\n1:00:01.5\t3.1\ty\n26:00:00\t3.2\n"), spec);

        Assert.Equal([0, 3601.5, 93600], parsed.Find(Quantity.TimeS)!.Values);
        Assert.Equal(2, parsed.Columns.Count);
    }

    [Fact]
    public void Parse_IntensityInCps_IsStoredAsCps()
    {
        var spec = new ColumnMappingSpec
        {
            HeaderLine = 1,
            Delimiter = ',',
            Technique = Technique.Diffraction,
            Columns = [new(0, "2theta", Quantity.TwoThetaDeg, "deg"), new(1, "I", Quantity.IntensityCounts, "cps")],
        };

        var parsed = Parse(Utf8("2theta,I\n10.00,120\n10.02,130\n"), spec);

        Assert.Equal(Quantity.IntensityCps, parsed.Columns[1].Quantity);
        Assert.Equal("cps", parsed.Metadata[MetadataKeys.IntensityUnit]);
    }

    [Fact]
    public void Parse_UnderGermanCulture_ReadsTheSameNumbers()
    {
        var spec = LoggerSpec();

        var parsed = TestCulture.Run(TestCulture.German, () => ParseFile(Logger, spec));

        Assert.Equal(3.8125, parsed.Find(Quantity.VoltageV)!.Values[0], 12);
        Assert.Equal("2026-11-25T10:00:00.000", parsed.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Spec_JsonRoundTrip_KeepsEverything()
    {
        var spec = LoggerSpec();

        var back = ColumnMappingSpec.FromJson(spec.ToJson());

        Assert.Equal(spec.Signature, back.Signature);
        Assert.Equal((spec.HeaderLine, spec.Delimiter, spec.DecimalComma, spec.Technique), (back.HeaderLine, back.Delimiter, back.DecimalComma, back.Technique));
        Assert.Equal(spec.Columns, back.Columns);
        Assert.Contains("\"VoltageV\"", spec.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnitForeignToQuantity_ThrowsNamingTheColumn()
    {
        var spec = LoggerSpec();
        spec = spec with { Columns = spec.Columns.Select(c => c.Index == 1 ? c with { Unit = "kV" } : c).ToList() };

        var e = Assert.Throws<InstrumentFileException>(() => ParseFile(Logger, spec));

        Assert.Contains("column 2 \"Spannung [mV]\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"kV\" is not a unit of voltage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_TwoColumnsForOneQuantity_AreReported()
    {
        var spec = new ColumnMappingSpec
        {
            Columns = [new(0, "U1", Quantity.VoltageV, "V"), new(1, "U2", Quantity.VoltageV, "V"), new(2, "x", Quantity.Other, "a.u."), new(3, "y", Quantity.Other)],
        };

        var problem = Assert.Single(spec.Problems());

        Assert.Equal(1, problem.Column);
        Assert.Contains("already mapped to voltage", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnparseableNumber_ThrowsWithLineAndColumn()
    {
        var text = File.ReadAllText(TestFiles.PathOf(Logger)).Replace("3817,2", "38l7,2", StringComparison.Ordinal);

        var e = Assert.Throws<InstrumentFileException>(() => Parse(Utf8(text), LoggerSpec(), "bad.csv"));

        Assert.StartsWith("bad.csv: column 2 \"Spannung [mV]\": \"38l7,2\" is not a number in mV", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, e.Position);
    }

    [Fact]
    public void Parse_OtherHeader_ThrowsSayingWhichHeaderWasExpected()
    {
        var e = Assert.Throws<InstrumentFileException>(() => ParseFile("cellpy__custom_data_001.csv", LoggerSpec()));

        Assert.Contains("no header row \"zeitpunkt | spannung [mv]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedAfterHeader_ThrowsNoDataRows()
    {
        var text = string.Join("\r\n", File.ReadLines(TestFiles.PathOf(Logger)).Take(5));

        var e = Assert.Throws<InstrumentFileException>(() => Parse(Utf8(text), LoggerSpec(), "cut.csv"));

        Assert.Contains("cut.csv: no data rows after the header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Empty_Throws()
    {
        var e = Assert.Throws<InstrumentFileException>(() => Parse([], LoggerSpec(), "empty.csv"));

        Assert.StartsWith("empty.csv:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_HugeLineWithoutBreaks_StopsAtTheByteLimit()
    {
        // A binary file without line breaks must not be read whole as one line.
        using var stream = new MemoryStream(new byte[DelimitedPreview.ByteLimit + 4_000_000], writable: false);

        Assert.Throws<InstrumentFileException>(() => DelimitedPreview.Read(stream, "blob.bin"));
        Assert.Equal(DelimitedPreview.ByteLimit, stream.Position);
    }

    [Fact]
    public void Parse_RandomBytes_ThrowsInstrumentFileException()
    {
        var random = new byte[20_000];
        new Random(7).NextBytes(random);

        Assert.Throws<InstrumentFileException>(() => Parse(random, LoggerSpec(), "noise.bin"));
        Assert.Throws<InstrumentFileException>(() => Preview(random, "noise.bin"));
    }
}
