using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Impedance;
using HalidePortal.Ingest.Voltammetry;

namespace HalidePortal.Ingest.Tests.Impedance;

/// <summary>Empty, truncated, random and unparseable input gives an <see cref="InstrumentFileException"/> naming the file and line.</summary>
public sealed class ImpedanceBadInputTests
{
    public static TheoryData<string> Formats => new()
    {
        "gamry-dta", "zplot-z", "versastudio-par", "chi-txt", "neisys-txt", "parstat-txt", "powersuite-txt", "impedance-text",
    };

    private static IInstrumentParser ParserFor(string format) => InstrumentFormats.All.Single(p => p.Format == format);

    private static ParsedMeasurement ParseBytes(IInstrumentParser parser, byte[] bytes, string name) => TestFiles.Parse(parser, bytes, name);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_EmptyStream_Throws(string format)
    {
        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(ParserFor(format), [], "empty.txt"));
        Assert.Equal("empty.txt", ex.FileName);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_RandomBytes_Throws(string format)
    {
        var bytes = new byte[3000];
        new Random(42).NextBytes(bytes);

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(ParserFor(format), bytes, "noise.bin"));
        Assert.Equal("noise.bin", ex.FileName);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void CanRead_RandomBytes_False(string format)
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);

        Assert.False(ParserFor(format).CanRead(bytes, "noise.txt"));
    }

    [Theory]
    [InlineData("impedancepy_exampleDataCHInstruments.txt", "9.912e+1", 20)]
    [InlineData("impedancepy_exampleDataZPlot.z", "1.4893E+02", 125)]
    [InlineData("impedancepy_exampleDataZPlot_noComments.z", "6.7477E+02", 12)]
    [InlineData("impedancepy_exampleDataAutolab.txt", "0.0134723009655836", 13)]
    [InlineData("impedancepy_exampleDataGamry.DTA", "1100.361", 450)]
    [InlineData("impedancepy_exampleDataVersaStudio.par", "56.93847", 118)]
    [InlineData("impedancepy_exampleDataParstat.txt", "0.0311342528064856", 784)]
    [InlineData("EISFitpython_Example2a.txt", "4.6881514e+03", 6)]
    [InlineData("pyDRTtools_LIB_data.txt", "0.112503432", 2)]
    [InlineData("impedancepy_exampleData.csv", "4.776559257398881736e-02", 2)]
    [InlineData("gamryparser_cv_data.dta", "4.98267E-001", 24)]
    public void Parse_UnparseableNumber_ThrowsWithFileAndLine(string name, string value, int line)
    {
        var text = Encoding.Latin1.GetString(TestFiles.Bytes(name));
        int at = text.IndexOf(value, StringComparison.Ordinal);
        var bad = Encoding.Latin1.GetBytes(text[..at] + "1.2.3x" + text[(at + value.Length)..]);
        var parser = InstrumentFormats.Detect(TestFiles.Bytes(name), name)!;

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(parser, bad, "bad-" + name));

        Assert.Equal(line, ex.Position);
        Assert.Contains("bad-" + name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("1.2.3x", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PowerSuiteUnparseable_NamesTheValue()
    {
        var text = Encoding.Latin1.GetString(TestFiles.Bytes("impedancepy_exampleDataPowersuite.txt")).Replace("407724.77", "n/a", StringComparison.Ordinal);

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(new PowerSuiteTextParser(), Encoding.Latin1.GetBytes(text), "ps.txt"));

        Assert.Contains("\"n/a\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("impedancepy_exampleDataCHInstruments.txt", "8.252e+4, 9.912e+1", 20)]
    [InlineData("impedancepy_exampleDataZPlot.z", "2.382985E+05\t1.0000E-02", 125)]
    [InlineData("impedancepy_exampleDataZPlot_noComments.z", "2.382985E+05, 1.0000E-02", 12)]
    [InlineData("EISFitpython_Example2a.txt", " 7.4053000e+05\t 4.6881514e+03", 6)]
    [InlineData("impedancepy_exampleDataVersaStudio.par", "0,1,0,-3.282372E-06", 118)]
    [InlineData("impedancepy_exampleData.csv", "3.981099999999999570e-03,4.776559257398881736e-02", 2)]
    public void Parse_TruncatedMidRow_ThrowsAtThatLine(string name, string keep, int line)
    {
        var text = Encoding.Latin1.GetString(TestFiles.Bytes(name));
        int at = text.IndexOf(keep, StringComparison.Ordinal) + keep.Length;
        var cut = TestFiles.Bytes(name)[..at];
        var parser = InstrumentFormats.Detect(TestFiles.Bytes(name), name)!;

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(parser, cut, name));

        Assert.Equal(line, ex.Position);
    }

    [Fact]
    public void Parse_GamryTruncatedMidRow_KeepsFullRowsAndWarns()
    {
        var text = Encoding.Latin1.GetString(TestFiles.Bytes("impedancepy_exampleDataGamry.DTA"));
        int at = text.IndexOf("\t3\t7\t100265.6\t1739.625", StringComparison.Ordinal) + 12;
        var cut = TestFiles.Bytes("impedancepy_exampleDataGamry.DTA")[..at];

        var m = ParseBytes(new GamryDtaParser(), cut, "cut.DTA");

        Assert.Equal(3, m.RowCount);
        Assert.Contains(m.Warnings, w => w.Contains("Incomplete last row of table ZCURVE", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_GamryWithoutDataTables_Throws()
    {
        var bytes = "EXPLAIN\nTAG\tEISPOT\nTITLE\tLABEL\tx\tTest\n"u8.ToArray();

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(new GamryDtaParser(), bytes, "nodata.DTA"));

        Assert.Contains("no ZCURVE or CURVE table", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ChiVoltammetryExport_RefusedByTechnique()
    {
        var bytes = "Feb. 20, 2020   15:55:08\nCyclic Voltammetry\nPotential/V, Current/A\n\n0.1, 1e-6\n"u8.ToArray();

        var ex = Assert.Throws<InstrumentFileException>(() => ParseBytes(new ChInstrumentsTextParser(), bytes, "cv.txt"));

        Assert.Equal(2, ex.Position);
    }
}
