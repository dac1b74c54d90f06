using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Diffraction;

namespace HalidePortal.Ingest.Tests.Diffraction;

/// <summary>Empty, random, truncated and damaged input fails with an <see cref="InstrumentFileException"/> naming the file.</summary>
public sealed class DiffractionBadInputTests
{
    public static TheoryData<string> Parsers => new()
    {
        "bruker-raw", "stoe-raw", "bruker-brml", "rigaku-rasx", "panalytical-xrdml", "rigaku-ras", "bruker-uxd",
        "panalytical-csv", "gsas-raw", "xy-text",
    };

    private static IInstrumentParser ParserFor(string format) => InstrumentFormats.All.Single(p => p.Format == format);

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Parse_EmptyFile_Throws(string format)
    {
        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(ParserFor(format), [], "empty.dat"));

        Assert.Equal("empty.dat", e.FileName);
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Parse_RandomBytes_Throws(string format)
    {
        var bytes = new byte[3000];
        new Random(20260205).NextBytes(bytes);

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(ParserFor(format), bytes, "noise.dat"));

        Assert.StartsWith("noise.dat: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bruker-raw", "chameleon_brukerraw_test.RAW")]
    [InlineData("bruker-brml", "chameleon_standard.brml")]
    [InlineData("panalytical-xrdml", "xrdtools_test_scan.xrdml")]
    [InlineData("rigaku-ras", "pyScattData_TiO2-1-3h.ras")]
    [InlineData("gsas-raw", "gsas2_PBSO4.XRA")]
    [InlineData("panalytical-csv", "own_conditions.csv")]
    public void Parse_TruncatedFile_Throws(string format, string name)
    {
        var bytes = TestFiles.Bytes(name);
        int cut = format == "panalytical-csv" ? bytes.AsSpan().IndexOf("[Scan points]"u8) : bytes.Length / 2;

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(ParserFor(format), bytes[..cut], name));

        Assert.Equal(name, e.FileName);
    }

    [Fact]
    public void Parse_TruncatedBrukerRaw_SaysWhereItEnds()
    {
        var bytes = TestFiles.Bytes("chameleon_brukerraw_test.RAW")[..5000];

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(new BrukerRawParser(), bytes, "cut.raw"));

        Assert.Contains("counts of range 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(5000, e.Position);
    }

    [Theory]
    [InlineData("rigaku-ras", "pyScattData_TiO2-1-3h.ras", "5.020 634.000 1.000", "5.020 6x4.000 1.000", 260L)]
    [InlineData("gsas-raw", "gsas2_PBSO4.XRA", "     179     147", "     179     1x7", 3L)]
    [InlineData("xy-text", "own_plain.xye", "20.04 31 5.6", "20.04 3l 5.6", 5L)]
    [InlineData("bruker-uxd", "own_two_ranges.uxd", "10.02\t131", "10.02\t13l", 16L)]
    [InlineData("panalytical-csv", "own_conditions.csv", "5,010;99,25", "5,010;99.2.5", 14L)]
    [InlineData("panalytical-xrdml", "own_repeated.xrdml", "10.0 11.0 2050.0", "10.0 11.0 20S0.0", 36L)]
    public void Parse_UnparseableNumber_NamesFileAndLine(string format, string name, string good, string bad, long line)
    {
        string text = Encoding.Latin1.GetString(TestFiles.Bytes(name));
        Assert.Contains(good, text, StringComparison.Ordinal);
        var bytes = Encoding.Latin1.GetBytes(text.Replace(good, bad, StringComparison.Ordinal));

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(ParserFor(format), bytes, name));

        Assert.Equal(name, e.FileName);
        Assert.Equal(line, e.Position);
    }

    [Fact]
    public void Parse_BrmlInflatingPastTheCap_Refused()
    {
        var bomb = XrdFiles.BrmlBomb(8 << 20);
        Assert.True(bomb.Length < 64 * 1024);

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(new BrukerBrmlParser(maxInflatedBytes: 1 << 20), bomb, "bomb.brml"));

        Assert.Contains("RawData0.xml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RasxInflatingPastTheCap_Refused()
    {
        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(new RigakuRasxParser(maxInflatedBytes: 100), XrdFiles.Rasx(), "big.rasx"));

        Assert.Equal("big.rasx", e.FileName);
    }

    [Fact]
    public void Parse_NonSeekableStream_SameAsFile()
    {
        using var pipe = new NonSeekable(TestFiles.Bytes("chameleon_standard.brml"));

        var m = new BrukerBrmlParser().Parse(pipe, "pipe.brml");

        Assert.Equal(1757, m.RowCount);
    }

    private sealed class NonSeekable(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}
