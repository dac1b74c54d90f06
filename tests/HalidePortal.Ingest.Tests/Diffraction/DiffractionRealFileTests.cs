using HalidePortal.Ingest;
using HalidePortal.Ingest.Diffraction;
using static HalidePortal.Ingest.Tests.Diffraction.XrdFiles;

namespace HalidePortal.Ingest.Tests.Diffraction;

/// <summary>
/// Diffraction parsers on the real MIT/BSD-licensed files in TestData. Expected values were read from the files
/// themselves (text rows; for binaries, the header fields and floats decoded by hand at the offsets in the parsers'
/// doc comments) and agree with the PROVENANCE descriptions (point count, range, wavelength).
/// </summary>
public sealed class DiffractionRealFileTests
{
    [Fact]
    public void Parse_BrukerRawVersion3_ReadsRangeCountsAndTube()
    {
        var m = TestFiles.Parse(new BrukerRawParser(), "chameleon_brukerraw_test.RAW");

        Assert.Equal("bruker-raw", m.Format);
        Assert.Equal(Technique.Diffraction, m.Technique);
        Assert.Equal(3501, m.RowCount);
        var x = Values(m, Quantity.TwoThetaDeg);
        var y = Values(m, Quantity.IntensityCounts);
        Assert.Equal(5.0, x[0], 9);
        Assert.Equal(5.0 + 3500 * 0.0157156, x[^1], 6);
        Assert.Equal([24353, 24449, 24211, 23541], y[..4]);
        Assert.Equal([1690, 1703, 1795], y[^3..]);
        Assert.Equal(346471, y.Max());
        Assert.Null(m.Find(Quantity.SweepNumber));
        Assert.Equal("3", m.Metadata["rawVersion"]);
        Assert.Equal("Cu", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal(1.5406, Meta(m, MetadataKeys.WavelengthAngstrom), 6);
        Assert.Equal(1.54439, Meta(m, MetadataKeys.WavelengthAlpha2Angstrom), 6);
        Assert.Equal(0.5, Meta(m, MetadataKeys.Alpha2Ratio));
        Assert.Equal(564.03, Meta(m, MetadataKeys.CountingTimeS), 2);
        Assert.Equal("counts", m.Metadata[MetadataKeys.IntensityUnit]);
        Assert.Equal("XRD", m.Metadata[MetadataKeys.Technique]);
        Assert.Equal("2018-02-01T17:04:13", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_BrukerBrml_ReadsDatumsAndSilverTube()
    {
        var m = TestFiles.Parse(new BrukerBrmlParser(), "chameleon_standard.brml");

        Assert.Equal(1757, m.RowCount);
        var x = Values(m, Quantity.TwoThetaDeg);
        var y = Values(m, Quantity.IntensityCounts);
        // <Datum>96,1,4,2,3063</Datum> ... <Datum>96,1,39.9962,19.9981,62</Datum>
        Assert.Equal(4.0, x[0]);
        Assert.Equal(4.0205, x[1]);
        Assert.Equal(39.9962, x[^1]);
        Assert.Equal([3063, 3102, 3110], y[..3]);
        Assert.Equal(62, y[^1]);
        Assert.Equal(36, y.Min());
        Assert.Equal(0.55941, Meta(m, MetadataKeys.WavelengthAngstrom));
        Assert.Equal(0.5638, Meta(m, MetadataKeys.WavelengthAlpha2Angstrom));
        Assert.Equal("Ag", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal(96, Meta(m, MetadataKeys.CountingTimeS));
        Assert.Equal("Bruker AXS D8 with DAVINCI Diffractometer", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal("2023-08-11T17:04:36", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_XrdmlVersion1_ReadsStartEndPositionsAndAttenuatedCounts()
    {
        var m = TestFiles.Parse(new XrdmlParser(), "xrdtools_test_scan.xrdml");

        Assert.Equal("panalytical-xrdml", m.Format);
        Assert.Equal(750, m.RowCount);
        var x = Values(m, Quantity.TwoThetaDeg);
        var y = Values(m, Quantity.IntensityCounts);
        Assert.Equal(15.01, x[0], 9);
        Assert.Equal(29.99, x[^1], 9);
        Assert.Equal(15.03, x[1], 9);
        Assert.Equal([9, 6, 6, 6, 5], y[..5]);
        Assert.Equal(1585904, y[375]);
        Assert.Equal(13, y[^1]);
        Assert.Equal(1.540598, Meta(m, MetadataKeys.WavelengthAngstrom));
        Assert.Equal(1.544426, Meta(m, MetadataKeys.WavelengthAlpha2Angstrom));
        Assert.Equal(0, Meta(m, MetadataKeys.Alpha2Ratio));
        Assert.Equal(10, Meta(m, MetadataKeys.CountingTimeS));
        Assert.Equal("Cu", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal("XPERT-PRO", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal("2010-10-01T15:02:15", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("2Theta-Omega", m.Metadata["scanAxis"]);
    }

    [Theory]
    [InlineData("pyScattData_TiO2-1-3h.ras", 639, 72, 2179, 0.24, "2019-02-18T12:48:06")]
    [InlineData("pyScattData_TiO2-1-12h-BET.ras", 274, 103, 3509, 0.12, "2019-04-16T13:49:44")]
    public void Parse_RigakuRas_ReadsCountsAndConditions(string name, double first, double last, double max, double countingTime, string start)
    {
        var m = TestFiles.Parse(new RigakuRasParser(), name);

        Assert.Equal("rigaku-ras", m.Format);
        Assert.Equal(4251, m.RowCount);
        var x = Values(m, Quantity.TwoThetaDeg);
        var y = Values(m, Quantity.IntensityCounts);
        Assert.Equal(5.0, x[0]);
        Assert.Equal(5.02, x[1]);
        Assert.Equal(90.0, x[^1]);
        Assert.Equal(first, y[0]);
        Assert.Equal(last, y[^1]);
        Assert.Equal(max, y.Max());
        Assert.Equal("counts", m.Metadata[MetadataKeys.IntensityUnit]);
        Assert.Equal(1.540593, Meta(m, MetadataKeys.WavelengthAngstrom));
        Assert.Equal(1.544414, Meta(m, MetadataKeys.WavelengthAlpha2Angstrom));
        Assert.Equal("Cu", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal("MiniFlex 300/600", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal(countingTime, Meta(m, MetadataKeys.CountingTimeS), 9);
        Assert.Equal(start, m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_RigakuRas_RutilePeakAtItsAngle()
    {
        var m = TestFiles.Parse(new RigakuRasParser(), "pyScattData_TiO2-1-3h.ras");
        var x = Values(m, Quantity.TwoThetaDeg);
        var y = Values(m, Quantity.IntensityCounts);

        // Rows "27.360 2179.000 1.000" (rutile 110) and "30.000 154.000 1.000".
        Assert.Equal(27.36, x[Array.IndexOf(y, y.Max())], 9);
        Assert.Equal(154, y[1250]);
        Assert.Equal(30.0, x[1250], 9);
    }

    [Fact]
    public void Parse_GsasStdBank_ReadsCentidegreeAxisAndCounts()
    {
        var m = TestFiles.Parse(new GsasRawParser(), "gsas2_PBSO4.XRA");

        Assert.Equal("gsas-raw", m.Format);
        // BANK 1 6001 601 CONST 1000 2.5 0 0 STD: 10.00 to 160.00 deg in 0.025 deg steps.
        Assert.Equal(6001, m.RowCount);
        var x = Values(m, Quantity.TwoThetaDeg);
        var y = Values(m, Quantity.IntensityCounts);
        Assert.Equal(10.0, x[0]);
        Assert.Equal(10.025, x[1], 9);
        Assert.Equal(160.0, x[^1], 9);
        Assert.Equal([179, 147, 165, 172, 150], y[..5]);
        Assert.Equal(368, y[^1]);
        Assert.Equal(15702, y.Max());
        Assert.StartsWith("10.000   0.025 159.00  CPD RRRR   PbSO4", m.Metadata[MetadataKeys.SampleName], StringComparison.Ordinal);
        Assert.False(m.Metadata.ContainsKey(MetadataKeys.WavelengthAngstrom));
    }

    [Fact]
    public void Parse_UnderGermanCulture_SameNumbers()
    {
        var invariant = TestFiles.Parse(new RigakuRasParser(), "pyScattData_TiO2-1-3h.ras");

        var german = TestCulture.Run(TestCulture.German, () => new[]
        {
            TestFiles.Parse(new RigakuRasParser(), "pyScattData_TiO2-1-3h.ras"),
            TestFiles.Parse(new XrdmlParser(), "xrdtools_test_scan.xrdml"),
            TestFiles.Parse(new GsasRawParser(), "gsas2_PBSO4.XRA"),
            TestFiles.Parse(new BrukerBrmlParser(), "chameleon_standard.brml"),
            TestFiles.Parse(new XyTextParser(), "own_plain.xye"),
            TestFiles.Parse(new HighScoreCsvParser(), "own_conditions.csv"),
            TestFiles.Parse(new BrukerUxdParser(), "own_two_ranges.uxd"),
        });

        Assert.Equal(Values(invariant, Quantity.TwoThetaDeg), Values(german[0], Quantity.TwoThetaDeg));
        Assert.Equal("1.540593", german[0].Metadata[MetadataKeys.WavelengthAngstrom]);
        Assert.Equal("0.24", german[0].Metadata[MetadataKeys.CountingTimeS]);
        Assert.Equal(15.03, Values(german[1], Quantity.TwoThetaDeg)[1], 9);
        Assert.Equal(10.025, Values(german[2], Quantity.TwoThetaDeg)[1], 9);
        Assert.Equal(4.0205, Values(german[3], Quantity.TwoThetaDeg)[1]);
        Assert.Equal(20.02, Values(german[4], Quantity.TwoThetaDeg)[1]);
        Assert.Equal(5.01, Values(german[5], Quantity.TwoThetaDeg)[1]);
        Assert.Equal(10.02, Values(german[6], Quantity.TwoThetaDeg)[1]);
    }
}
