using System.Globalization;
using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>Row counts are the data lines after the stated header block; first values read off the files.</summary>
public class BioLogicMptParserTests
{
    private const string Eis = "impedancepy_exampleDataBioLogic.mpt";
    private static readonly BioLogicMptParser Parser = new();

    private static ParsedMeasurement ParseFile(string name) => TestFiles.Parse(Parser, name);

    private static ParsedMeasurement ParseBytes(byte[] bytes, string name = "test.mpt") => TestFiles.Parse(Parser, bytes, name);

    [Theory]
    [InlineData("pyprobe__Sample_data_biologic_no_header.mpt", 13, Technique.Cycling)]
    [InlineData("pyprobe__Sample_data_biologic_timestamped.txt", 8, Technique.Cycling)]
    [InlineData("pyprobe__Sample_data_biologic_01_MB_CA1.txt", 1397, Technique.Cycling)]
    [InlineData(Eis, 43, Technique.Impedance)]
    [InlineData("PyEIS_ex1.mpt", 118, Technique.Impedance)]
    public void Parse_RealFile_HasAllRows(string name, int rows, Technique technique)
    {
        var m = ParseFile(name);

        Assert.Equal("biologic-mpt", m.Format);
        Assert.Equal(rows, m.RowCount);
        Assert.Equal(technique, m.Technique);
        Assert.All(m.Columns, c => Assert.Equal(rows, c.Values.Length));
        Assert.NotNull(m.Find(Quantity.TimeS));
    }

    [Fact]
    public void Parse_EisExport_ImagPartAsMeasured()
    {
        var m = ParseFile(Eis);

        Assert.Equal(1000.3201, m.Find(Quantity.FrequencyHz)!.Values[0], 6);
        Assert.Equal(65.470886, m.Find(Quantity.ZRealOhm)!.Values[0], 6);
        Assert.Equal(-0.38998979, m.Find(Quantity.ZImagOhm)!.Values[0], 8);
        Assert.Equal("Potentio Electrochemical Impedance Spectroscopy", m.Metadata["technique"]);
        Assert.Equal("2018-02-04T10:02:46.000", m.Metadata["startTime"]);
        Assert.Equal("0.001", m.Metadata["electrodeAreaCm2"]);
    }

    [Fact]
    public void Parse_NoHeader_EcellIsVoltage()
    {
        var m = ParseFile("pyprobe__Sample_data_biologic_no_header.mpt");

        Assert.Equal(2.9344745, m.Find(Quantity.VoltageV)!.Values[0], 7);
        Assert.Equal(281672.3801174285, m.Find(Quantity.TimeS)!.Values[0], 6);
        Assert.Equal(Quantity.TemperatureC, m.Columns.Single(c => c.Name == "Temperature").Quantity);
        Assert.Equal(Quantity.StepNumber, m.Columns.Single(c => c.Name == "Ns").Quantity);
        // Flag columns carry the same names as the .mpr parser gives the bits of its flag byte.
        Assert.Equal("", m.Columns.Single(c => c.Name == "ox/red").Unit);
    }

    [Fact]
    public void Parse_TimestampedTime_SecondsFromFirstRow()
    {
        var m = ParseFile("pyprobe__Sample_data_biologic_timestamped.txt");

        var time = m.Find(Quantity.TimeS)!.Values;
        Assert.Equal(0, time[0]);
        Assert.Equal(6.464, time[1], 3);
        Assert.Equal("2024-11-20T11:38:41.707", m.Metadata["startTime"]);
        Assert.Equal("0.001", m.Metadata["activeMaterialMassMg"]);
    }

    [Fact]
    public void Parse_DecimalCommas_SameValues()
    {
        var bytes = TestFiles.Bytes(Eis);
        var text = Encoding.Latin1.GetString(bytes);
        int data = text.IndexOf("1.0003201E+003", StringComparison.Ordinal);
        var comma = Encoding.Latin1.GetBytes(text[..data] + text[data..].Replace('.', ','));

        var m = ParseBytes(comma);

        Assert.Equal(ParseFile(Eis).Find(Quantity.ZImagOhm)!.Values, m.Find(Quantity.ZImagOhm)!.Values);
    }

    [Fact]
    public void Parse_UnderGermanCulture_SameValues()
    {
        var m = TestCulture.Run(TestCulture.German, () => ParseFile(Eis));

        Assert.Equal(65.470886, m.Find(Quantity.ZRealOhm)!.Values[0], 6);
        Assert.Equal("0.001", m.Metadata["electrodeAreaCm2"]);
    }

    [Fact]
    public void Parse_EmptyStream_Throws()
    {
        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes([], "empty.mpt"));
        Assert.Equal("empty.mpt", ex.FileName);
    }

    [Fact]
    public void Parse_HeaderCountBeyondFile_Throws()
    {
        var ex = Assert.Throws<InstrumentFileException>(
            () => ParseBytes("EC-Lab ASCII FILE\nNb header lines : 90\n\nPEIS\n"u8.ToArray(), "short.mpt"));
        Assert.Contains("short.mpt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextInNumberColumn_ThrowsWithLine()
    {
        var text = Encoding.Latin1.GetString(TestFiles.Bytes(Eis));
        var bad = Encoding.Latin1.GetBytes(text.Replace("6.5470886E+001", "oops", StringComparison.Ordinal));

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(bad, "bad.mpt"));
        Assert.Equal(62, ex.Position);
        Assert.Contains("oops", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TrickledNonSeekableStream_SameAsFile()
    {
        // The parser streams in blocks; a source that hands out a few bytes at a time must give the same result.
        using var trickle = new ForwardOnlyStream(TestFiles.Bytes("pyprobe__Sample_data_biologic_01_MB_CA1.txt"), 7);

        var m = Parser.Parse(trickle, "trickle.txt");

        var reference = ParseFile("pyprobe__Sample_data_biologic_01_MB_CA1.txt");
        Assert.Equal(reference.Columns.Select(c => c.Name), m.Columns.Select(c => c.Name));
        for (int i = 0; i < m.Columns.Count; i++)
        {
            Assert.Equal(reference.Columns[i].Values, m.Columns[i].Values);
        }
        Assert.Equal(reference.Metadata, m.Metadata);
    }

    [Fact]
    public void Parse_LatinOneHeader_TemperatureColumnFound()
    {
        var bytes = Encoding.Latin1.GetBytes("time/s\tTemperature/°C\tEwe/V\n0\t25.0\t3.1\n1\t25.5\t3.2\n");

        var m = ParseBytes(bytes);

        Assert.Equal(2, m.RowCount);
        Assert.Equal([25.0, 25.5], m.Find(Quantity.TemperatureC)!.Values);
    }

    [Fact]
    public void Parse_MoreRowsThanOneBlock_AllRowsInOrder()
    {
        var text = new StringBuilder("mode\ttime/s\tEwe/V\tI/mA\n");
        for (int i = 0; i < 70000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"1\t{i * 0.5:R}\t{3 + i * 1e-6:R}\t0.3\n");
        }

        var m = ParseBytes(Encoding.ASCII.GetBytes(text.ToString()));

        Assert.Equal(70000, m.RowCount);
        Assert.Equal(34999.5, m.Find(Quantity.TimeS)!.Values[^1]);
        Assert.Equal(3 + 69999 * 1e-6, m.Find(Quantity.VoltageV)!.Values[^1]);
    }

    [Fact]
    public void Parse_NotBioLogicText_Throws()
    {
        Assert.Throws<InstrumentFileException>(() => ParseBytes("hello\nworld\n"u8.ToArray(), "x.mpt"));
    }

    [Fact]
    public void CanRead_HeaderOrNoHeaderVariant()
    {
        Assert.True(Parser.CanRead(TestFiles.Bytes(Eis), "a.mpt"));
        Assert.True(Parser.CanRead(TestFiles.Bytes("pyprobe__Sample_data_biologic_no_header.mpt"), null));
        Assert.False(Parser.CanRead("BIO-LOGIC MODULAR FILE"u8, "a.mpr"));
    }
}
