using System.Globalization;
using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Tests;

/// <summary>The shared text helpers every text parser leans on: encodings, delimiters, numbers, units, clocks.</summary>
public class TextHelpersTests
{
    private static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    [Fact]
    public void DetectEncoding_ChineseHeaderInGb18030_Gb18030()
    {
        var bytes = Gb18030.GetBytes("数据序号,循环序号,工步类型,电压(V)\r\n1,1,恒流充电,3.7\r\n");

        Assert.Equal(54936, TextSource.DetectEncoding(bytes).CodePage);
    }

    [Fact]
    public void DetectEncoding_LatinDegreeSign_Windows1252()
    {
        var bytes = Windows1252.GetBytes("time/s\tTemperature/°C\tQ/µA.h\n0\t25.1\t0\n");

        Assert.Equal(1252, TextSource.DetectEncoding(bytes).CodePage);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a' })]
    [InlineData(new byte[] { (byte)'T', 0xC2, 0xB0, (byte)'C' })]
    [InlineData(new byte[] { (byte)'a', (byte)',', (byte)'b' })]
    public void DetectEncoding_BomOrValidUtf8_Utf8(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.CodePage, TextSource.DetectEncoding(bytes).CodePage);
    }

    [Fact]
    public void Open_Gb18030Stream_DecodesChinese()
    {
        const string Text = "工步类型,电流(mA)\n恒流放电,-0.5\n";
        using var stream = new MemoryStream(Gb18030.GetBytes(Text));

        using var reader = TextSource.Open(stream);

        Assert.Equal(Text, reader.ReadToEnd());
    }

    [Fact]
    public void Open_Utf8Bom_BomNotInText()
    {
        using var stream = new MemoryStream([0xEF, 0xBB, 0xBF, .. "Data Point,Voltage (V)\n"u8]);

        using var reader = TextSource.Open(stream);

        Assert.Equal("Data Point,Voltage (V)", reader.ReadLine());
    }

    [Fact]
    public void HeadLines_CutLastLineOfFullHead_Dropped()
    {
        var text = string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i:D4}\n"));
        var head = Encoding.ASCII.GetBytes(text)[..InstrumentFormats.HeadLength];

        var lines = TextSource.HeadLines(head, 1000);

        Assert.Equal(InstrumentFormats.HeadLength / 10, lines.Count);
        Assert.All(lines, l => Assert.Equal(9, l.Length));
    }

    [Fact]
    public void HeadLines_ShortFileWithBom_AllLinesWithoutBom()
    {
        var lines = TextSource.HeadLines([0xEF, 0xBB, 0xBF, .. "a,b\n1,2"u8]);

        Assert.Equal(["a,b", "1,2"], lines);
    }

    [Theory]
    [InlineData("Rec#\tCyc#\tStep\tAmp-hr", '\t')]
    [InlineData("index;test_time;current;voltage", ';')]
    [InlineData("Data Point,Date Time,Voltage (V)", ',')]
    [InlineData("a,b,c;d", ',')]
    [InlineData("Time[s]\tU[V]\tI[A];x", '\t')]
    public void DetectDelimiter_HeaderRow_MostSplittingOfTabSemicolonComma(string header, char expected)
    {
        Assert.Equal(expected, DelimitedText.DetectDelimiter(header));
    }

    [Fact]
    public void Split_QuotedFields_DelimitersProtectedQuotesRemoved()
    {
        var fields = DelimitedText.Split("0,144,\"ArbinResult_6,\",\"say \"\"hi\"\"\", x ", ',');

        Assert.Equal(["0", "144", "ArbinResult_6,", "say \"hi\"", "x"], fields);
    }

    [Fact]
    public void UnwrapWholeRow_LineQuotedWhole_Unquoted()
    {
        Assert.Equal("a,b,c", DelimitedText.UnwrapWholeRow("\"a,b,c\"", ','));
        Assert.Equal("\"a\",b", DelimitedText.UnwrapWholeRow("\"a\",b", ','));
        Assert.Equal("\"abc\"", DelimitedText.UnwrapWholeRow("\"abc\"", ','));
    }

    [Theory]
    [InlineData("0,017", true, 0.017)]
    [InlineData("-1,5E-03", true, -0.0015)]
    [InlineData(" 3.30678264 ", false, 3.30678264)]
    [InlineData("1.5E-3", true, 0.0015)]
    public void TryParseNumber_PointOrComma_Value(string text, bool decimalComma, double expected)
    {
        Assert.True(DelimitedText.TryParseNumber(text, decimalComma, out double value));
        Assert.Equal(expected, value, 12);
    }

    [Theory]
    [InlineData("0,017", false)]
    [InlineData("1.234,5", true)]
    [InlineData("abc", true)]
    public void TryParseNumber_NotANumberInThisConvention_False(string text, bool decimalComma)
    {
        Assert.False(DelimitedText.TryParseNumber(text, decimalComma, out _));
    }

    [Fact]
    public void TryParseNumber_UnderGermanCulture_StillInvariant()
    {
        bool ok = TestCulture.Run(TestCulture.German, () => DelimitedText.TryParseNumber("1.25", false, out double v) && v == 1.25);

        Assert.True(ok);
    }

    [Theory]
    [InlineData("1\t0\t0,000000\t0,1377", '\t', true)]
    [InlineData("1\t0\t0.000000\t0.1377", '\t', false)]
    [InlineData("1,0,3.5", ',', false)]
    [InlineData("0;1;2,5", ';', true)]
    public void UsesDecimalComma_DataRow_CommaBetweenDigits(string row, char delimiter, bool expected)
    {
        Assert.Equal(expected, DelimitedText.UsesDecimalComma(row, delimiter));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(" N/A ", true)]
    [InlineData("NaN", true)]
    [InlineData("0", false)]
    public void IsMissing_EmptyAndPlaceholders(string field, bool expected)
    {
        Assert.Equal(expected, DelimitedText.IsMissing(field));
    }

    [Theory]
    [InlineData("Voltage(V)", "Voltage", "V")]
    [InlineData("Current [mA]", "Current", "mA")]
    [InlineData("Capacity (Ah)", "Capacity", "Ah")]
    [InlineData("time/s", "time", "s")]
    [InlineData("Test Time / s", "Test Time", "s")]
    [InlineData("Spec. Cap.(mAh/g)", "Spec. Cap.", "mAh/g")]
    [InlineData("Cycle Index", "Cycle Index", "")]
    public void SplitHeader_NameAndUnit(string header, string name, string unit)
    {
        Assert.Equal((name, unit), HeaderUnits.Split(header));
    }

    [Theory]
    [InlineData(Quantity.CurrentMA, "A", 1000)]
    [InlineData(Quantity.CurrentMA, "µA", 0.001)]
    [InlineData(Quantity.ChargeCapacityMAh, "Ah", 1000)]
    [InlineData(Quantity.CapacityMAh, "mA.h", 1)]
    [InlineData(Quantity.EnergyMWh, "Wh", 1000)]
    [InlineData(Quantity.TimeS, "Min", 60)]
    [InlineData(Quantity.TimeS, "h", 3600)]
    [InlineData(Quantity.TimeS, "Seconds", 1)]
    [InlineData(Quantity.VoltageV, "mV", 0.001)]
    [InlineData(Quantity.TemperatureC, "℃", 1)]
    [InlineData(Quantity.VoltageV, "", 1)]
    public void FactorToCanonical_KnownUnit_Factor(Quantity quantity, string unit, double factor)
    {
        Assert.Equal(factor, HeaderUnits.FactorToCanonical(quantity, unit)!.Value, 12);
    }

    [Theory]
    [InlineData(Quantity.CurrentMA, "V")]
    [InlineData(Quantity.TimeS, "hh:mm:ss")]
    public void FactorToCanonical_ForeignUnit_Null(Quantity quantity, string unit)
    {
        Assert.Null(HeaderUnits.FactorToCanonical(quantity, unit));
    }

    [Theory]
    [InlineData("00:01:00", 60)]
    [InlineData("144:01:18", 518478)]
    [InlineData("  3d 18:47:22.59", 326842.59)]
    [InlineData("0d 00:00:10.0000", 10)]
    [InlineData("19:41:58.980", 70918.98)]
    [InlineData("1-02:00:00", 93600)]
    public void TryParseDuration_ClockText_Seconds(string text, double seconds)
    {
        Assert.True(ClockText.TryParseDuration(text, out double value));
        Assert.Equal(seconds, value, 6);
    }

    [Theory]
    [InlineData("12.5")]
    [InlineData("2022-05-18 16:27:52")]
    [InlineData("00:61:00")]
    public void TryParseDuration_NotADuration_False(string text)
    {
        Assert.False(ClockText.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData("06/05/2021 11:23:46", false, "2021-06-05T11:23:46.000")]
    [InlineData("06/05/2021 11:23:46", true, "2021-05-06T11:23:46.000")]
    [InlineData("5/14/2021 7:10:13 AM", false, "2021-05-14T07:10:13.000")]
    [InlineData("5/14/2021 7:10:13 PM", true, "2021-05-14T19:10:13.000")]
    [InlineData("23-Nov-23 3:56:11 PM", false, "2023-11-23T15:56:11.000")]
    [InlineData("19.06.2023 17:56:53", false, "2023-06-19T17:56:53.000")]
    [InlineData("2022-04-11 10:58:07 AM", false, "2022-04-11T10:58:07.000")]
    [InlineData("09/20/2024 08:32:34.558", false, "2024-09-20T08:32:34.558")]
    public void TryParseTimestamp_CyclerForms_WallClock(string text, bool dayFirst, string iso)
    {
        Assert.True(ClockText.TryParseTimestamp(text, dayFirst, out var stamp));
        Assert.Equal(iso, ClockText.FormatUnixSeconds(ClockText.ToUnixSeconds(stamp)));
    }

    [Theory]
    [InlineData(1499006353.0, "2017-07-02T14:39:13.000")]
    [InlineData(737792.442372685, "2020-01-02T10:37:01.000")]
    [InlineData(45131.78472222222, "2023-07-24T18:50:00.000")]
    public void NumericClockToUnixSeconds_UnixMatlabExcel_WallClock(double value, string iso)
    {
        Assert.Equal(iso, ClockText.FormatUnixSeconds(ClockText.NumericClockToUnixSeconds(value)!.Value));
    }

    [Fact]
    public void NumericClockToUnixSeconds_SmallNumber_Null()
    {
        Assert.Null(ClockText.NumericClockToUnixSeconds(12.5));
    }

    [Theory]
    [InlineData("3.4228721E+000", 3.4228721)]
    [InlineData("-6.8000004E-002", -0.068000004)]
    [InlineData("2.999743210743760E-001", 0.299974321074376)]
    [InlineData("1.449930770632180E+004", 14499.3077063218)]
    [InlineData("0,068", 0.068)]
    [InlineData("+12", 12)]
    [InlineData(".5", 0.5)]
    [InlineData("7.", 7)]
    [InlineData("1e22", 1e22)]
    public void PlainNumberTryParse_InstrumentNumber_SameAsDoubleParse(string text, double expected)
    {
        Assert.True(PlainNumber.TryParse(Encoding.ASCII.GetBytes(text), out double value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Fact]
    public void PlainNumberTryParse_NegativeZero_KeepsSign()
    {
        Assert.True(PlainNumber.TryParse("-0.0000000E+000"u8, out double value));
        Assert.True(double.IsNegative(value));
        Assert.Equal(0, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("E5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.2.3")]
    [InlineData("1,2,3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    [InlineData("7.501911371946335E-009")] // 10^-24: beyond the exact fast path
    [InlineData("12345678901234567890")] // 20 significant digits
    [InlineData("9.999999999999999E+000")] // mantissa above 2^53
    [InlineData("01/10/2024 11:02:29")]
    public void PlainNumberTryParse_NotPlainOrNotExact_LeavesItToDoubleParse(string text)
    {
        Assert.False(PlainNumber.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void PlainNumberTryParse_RandomValuesInManyFormats_BitIdenticalWhenTaken()
    {
        var random = new Random(7);
        string[] formats = ["R", "E15", "E7", "0.000000000000000E+000", "0.0000000E+000", "F3", "F9", "G6", "G17"];
        for (int i = 0; i < 20000; i++)
        {
            double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            foreach (var format in formats)
            {
                string text = value.ToString(format, CultureInfo.InvariantCulture);
                if (PlainNumber.TryParse(Encoding.ASCII.GetBytes(text), out double fast))
                {
                    double reference = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                    Assert.True(BitConverter.DoubleToInt64Bits(reference) == BitConverter.DoubleToInt64Bits(fast), text);
                }
            }
        }
    }

    [Theory]
    [InlineData("0.000000000000000E+000")]
    [InlineData("0.0000000E+000")]
    [InlineData("F4")]
    public void PlainNumberTryParse_EcLabNumbersOfUsualSize_AlmostAllTaken(string format)
    {
        // EC-Lab writes 15 (double) or 7 (single) decimals; the fast path has to carry most values from 1e-6 to 1e6.
        // Sixteen digits starting 9.007... or higher exceed 2^53 and go the slow way (about a tenth here, uniformly drawn).
        var random = new Random(11);
        int taken = 0;
        for (int i = 0; i < 10000; i++)
        {
            double value = (random.NextDouble() + 0.1) * Math.Pow(10, random.Next(-6, 6)) * (random.Next(2) == 0 ? -1 : 1);
            taken += PlainNumber.TryParse(Encoding.ASCII.GetBytes(value.ToString(format, CultureInfo.InvariantCulture)), out _) ? 1 : 0;
        }
        Assert.True(taken > 8500, $"fast path took {taken} of 10000");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1 << 20)]
    public void ByteLineReader_MixedEndingsAndLongLines_SameLinesAnyBlockSize(int blockBytes)
    {
        string longLine = new('x', 100);
        var bytes = Encoding.ASCII.GetBytes($"first\r\n\nthird\n{longLine}\r\nlast");
        var reader = new ByteLineReader(new MemoryStream(bytes), "lines.txt", blockBytes);
        var lines = new List<string>();

        while (reader.TryNext(out var line))
        {
            lines.Add(Encoding.ASCII.GetString(line));
        }

        Assert.Equal(["first", "", "third", longLine, "last"], lines);
        Assert.Equal(5, reader.LineNumber);
    }

    [Fact]
    public void ByteLineReader_TrailingNewline_NoExtraEmptyLine()
    {
        var reader = new ByteLineReader(new MemoryStream("a\nb\n"u8.ToArray()), "lines.txt", 2);

        Assert.True(reader.TryNext(out _));
        Assert.True(reader.TryNext(out var b));
        Assert.Equal("b"u8.ToArray(), b.ToArray());
        Assert.False(reader.TryNext(out _));
        Assert.Equal(2, reader.LineNumber);
    }
}
