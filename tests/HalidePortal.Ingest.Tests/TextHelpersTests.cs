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
}
