using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Voltammetry;

namespace HalidePortal.Ingest.Tests.Voltammetry;

/// <summary>
/// Gamry .DTA: the MIT CV fixture (5 CURVEn tables of 10 points) and a small decimal-comma EIS file of our own in the
/// layout of Gamry Framework 4.x drift-corrected exports (the real one, from pyimpspec, is GPL and not copied).
/// </summary>
public sealed class GamryDtaParserTests
{
    private static readonly GamryDtaParser Parser = new();

    // CRLF, decimal commas, drift-corrected columns, an unreadable degree sign in the phase unit (Latin-1 byte).
    private const string DecimalCommaEis =
        "EXPLAIN\r\nTAG\tEISPOT\r\nTITLE\tLABEL\tLZACFO pellet 25 C\tTest &Identifier\r\nDATE\tLABEL\t23.04.2024\tDate\r\n"
        + "TIME\tLABEL\t14:05:09\tTime\r\nNOTES\tNOTES\t2\t&Notes...\r\n\tpressed 370 MPa\r\n\t\r\n"
        + "AREA\tQUANT\t1,13000E+000\t&Area (cm^2)\r\nDRIFTCOR\tSELECTOR\t1\t&Drift Correction\r\n"
        + "OCVCURVE\tTABLE\t2\r\n\tPt\tT\tVf\tVm\tAch\tOver\tTemp\r\n\t#\ts\tV vs. Ref.\tV\tV\tbits\tdeg C\r\n"
        + "\t0\t0,25\t3,69103E-001\t3,69103E-001\t4,90065E-004\t...........\t-327,67\r\n"
        + "\t1\t0,5\t3,69103E-001\t3,69102E-001\t4,78327E-004\t...........\t-327,67\r\n"
        + "EOC\tQUANT\t0,369\tOpen Circuit (V)\r\n"
        + "ZCURVE\tTABLE\r\n\tPt\tTime\tFreq\tZreal\tZimag\tZsig\tZmod\tZphz\tZrealDrCor\tZimagDrCor\tZmodDrCor\tZphzDrCor\tIdc\tVdc\tIERange\r\n"
        + "\t#\ts\tHz\tohm\tohm\tV\tohm\t\u00b0\tohm\tohm\tohm\t\u00b0\tA\tV\t#\r\n"
        + "\t0\t2\t100078,1\t691,6887\t-148,9397\t1\t707,5424\t-12,15182\t691,7\t-148,9\t707,5\t-12,15\t1,848949E-009\t0,3692144\t4\r\n"
        + "\t1\t4\t10009,8\t1020,5\t-2300,25\t1\t2516,4\t-66,07\t1020,4\t-2300,1\t2516,3\t-66,06\t1,1E-009\t0,3693\t4\r\n"
        + "\t2\t30\t0,1001603\t163443,2\t-207897,9\t1\t264452,7\t-51,82661\t163521,3\t-207613,7\t264277,6\t-51,77522\t7,705361E-010\t0,3699777\t4\r\n";

    private static ParsedMeasurement ParseText(string text, string name = "own.DTA") => TestFiles.Parse(Parser, Encoding.Latin1.GetBytes(text), name);

    [Fact]
    public void Parse_CvFixture_FiveSweepsInMilliamps()
    {
        var m = TestFiles.Parse(Parser, "gamryparser_cv_data.dta");

        Assert.Equal(Technique.Voltammetry, m.Technique);
        Assert.Equal(50, m.RowCount);
        Assert.Equal("CV", m.Metadata[MetadataKeys.Technique]);
        Assert.Equal("2019-03-06T16:35:22", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("1.23456", m.Metadata[MetadataKeys.ScanRateMVPerS]);
        var sweep = m.Find(Quantity.SweepNumber)!.Values;
        Assert.Equal([1.0, 2, 3, 4, 5], sweep.Distinct());
        Assert.All(sweep.GroupBy(s => s), g => Assert.Equal(10, g.Count()));
        var e = m.Find(Quantity.VoltageV)!;
        var i = m.Find(Quantity.CurrentMA)!;
        var t = m.Find(Quantity.TimeS)!;
        Assert.Equal(("V", "mA", "s"), (e.Unit, i.Unit, t.Unit));
        Assert.Equal(0.49, e.Values[0], 12);
        Assert.Equal(7.80498e-6, i.Values[0], 15);
        Assert.Equal(0.889001, e.Values[^1], 12);
        Assert.Equal(2.62272e-4, i.Values[^1], 15);
        Assert.Equal(120.2, t.Values[10], 12);
        Assert.DoesNotContain(m.Columns, c => c.Name == "Over");
        Assert.Empty(m.Warnings);
    }

    [Fact]
    public void Parse_DecimalCommaEis_ValuesAndDriftCorrectedColumns()
    {
        var m = ParseText(DecimalCommaEis);

        Assert.Equal(Technique.Impedance, m.Technique);
        Assert.Equal(3, m.RowCount);
        Assert.Equal(100078.1, m.Find(Quantity.FrequencyHz)!.Values[0], 9);
        Assert.Equal(691.6887, m.Find(Quantity.ZRealOhm)!.Values[0], 9);
        Assert.Equal(-207897.9, m.Find(Quantity.ZImagOhm)!.Values[^1], 9);
        Assert.Equal(-51.82661, m.Find(Quantity.PhaseDeg)!.Values[^1], 9);
        Assert.Equal(-207613.7, m.Columns.Single(c => c.Name == "ZimagDrCor").Values[^1], 9);
        Assert.Equal("1.13", m.Metadata[MetadataKeys.ElectrodeAreaCm2]);
        Assert.Equal("2024-04-23T14:05:09", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("LZACFO pellet 25 C", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal("Im", m.Metadata[MetadataKeys.ImaginarySign]);
    }

    [Fact]
    public void Parse_DecimalCommaEisUnderGermanCulture_SameValues()
    {
        var m = TestCulture.Run(TestCulture.German, () => ParseText(DecimalCommaEis));

        Assert.Equal(100078.1, m.Find(Quantity.FrequencyHz)!.Values[0], 9);
        Assert.Equal("1.13", m.Metadata[MetadataKeys.ElectrodeAreaCm2]);
    }

    [Fact]
    public void Parse_NonSeekableStream_SameAsFile()
    {
        var bytes = TestFiles.Bytes("impedancepy_exampleDataGamry.DTA");
        using var stream = new ForwardOnlyStream(bytes);

        var m = Parser.Parse(stream, "stream.DTA");

        Assert.Equal(72, m.RowCount);
    }

    [Fact]
    public void Parse_ShortRowInsideTable_Throws()
    {
        var text = DecimalCommaEis.Replace("\t1\t4\t10009,8\t1020,5", "\t1\t4\t10009,8", StringComparison.Ordinal);

        var ex = Assert.Throws<InstrumentFileException>(() => ParseText(text, "short.DTA"));

        Assert.Equal(21, ex.Position);
    }

    [Fact]
    public void CanRead_ExplainAndTag()
    {
        Assert.True(Parser.CanRead(Encoding.Latin1.GetBytes(DecimalCommaEis), null));
        Assert.False(Parser.CanRead("EXPLAIN\nnothing\n"u8, "x.DTA"));
    }
}
