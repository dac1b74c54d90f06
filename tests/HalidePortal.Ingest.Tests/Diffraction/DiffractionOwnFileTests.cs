using HalidePortal.Ingest;
using HalidePortal.Ingest.Diffraction;
using static HalidePortal.Ingest.Tests.Diffraction.XrdFiles;

namespace HalidePortal.Ingest.Tests.Diffraction;

/// <summary>
/// Diffraction formats whose public examples may not be committed (GPL/LGPL) or do not exist: small files written
/// for these tests in the same layouts (own_* in TestData, binaries from <see cref="XrdFiles"/>).
/// </summary>
public sealed class DiffractionOwnFileTests
{
    [Fact]
    public void Parse_BrukerRawVersion1TwoRanges_GivesSweepNumbers()
    {
        var m = TestFiles.Parse(new BrukerRawParser(), BrukerRawV1(), "v1.raw");

        Assert.Equal(5, m.RowCount);
        Assert.Equal([20, 20.05, 20.1, 40, 40.1], Values(m, Quantity.TwoThetaDeg).Select(v => Math.Round(v, 5)));
        Assert.Equal([100, 110, 120, 7, 8], Values(m, Quantity.IntensityCounts));
        Assert.Equal([1, 1, 1, 2, 2], Values(m, Quantity.SweepNumber));
        Assert.Equal("1", m.Metadata["rawVersion"]);
        Assert.Equal("LZC-1", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal(1.5406, Meta(m, MetadataKeys.WavelengthAngstrom), 5);
        Assert.Equal(1, Meta(m, MetadataKeys.CountingTimeS));
    }

    [Fact]
    public void Parse_BrukerRawVersion2_ReadsCobaltTubeAndTwoRanges()
    {
        var m = TestFiles.Parse(new BrukerRawParser(), BrukerRawV2(), "v2.raw");

        Assert.Equal(5, m.RowCount);
        Assert.Equal([10, 10.02, 50, 50.02, 50.04], Values(m, Quantity.TwoThetaDeg).Select(v => Math.Round(v, 5)));
        Assert.Equal([5, 6, 9, 8, 7], Values(m, Quantity.IntensityCounts));
        Assert.Equal([1, 1, 2, 2, 2], Values(m, Quantity.SweepNumber));
        Assert.Equal("Co", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal(1.78897, Meta(m, MetadataKeys.WavelengthAngstrom), 5);
        Assert.Equal(0.25, Meta(m, MetadataKeys.CountingTimeS));
        Assert.Equal(24.85, Meta(m, MetadataKeys.TemperatureC), 9);
    }

    [Fact]
    public void Parse_BrukerRawVersion4_ReadsCoupledRangeAndSkipsRockingCurve()
    {
        var m = TestFiles.Parse(new BrukerRawParser(), BrukerRawV4(), "v4.raw");

        Assert.Equal(4, m.RowCount);
        Assert.Equal([5, 5.01, 5.02, 5.03], Values(m, Quantity.TwoThetaDeg).Select(v => Math.Round(v, 6)));
        Assert.Equal([300, 320, 310, 305], Values(m, Quantity.IntensityCounts));
        Assert.Null(m.Find(Quantity.SweepNumber));
        Assert.Contains(m.Warnings, w => w.Contains("\"Omega\"", StringComparison.Ordinal));
        Assert.Equal("4", m.Metadata["rawVersion"]);
        Assert.Equal("Mo", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal(0.7093, Meta(m, MetadataKeys.WavelengthAngstrom));
        Assert.Equal(0.71359, Meta(m, MetadataKeys.WavelengthAlpha2Angstrom));
        Assert.Equal(96, Meta(m, MetadataKeys.CountingTimeS));
        Assert.Equal("LZACFO-3", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal("2026-02-05T10:15:30", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_StoeRaw_FindsRangeBlockAndWarnsAboutWavelength()
    {
        var m = TestFiles.Parse(new StoeRawParser(), StoeRaw(), "scan.raw");

        Assert.Equal("stoe-raw", m.Format);
        Assert.Equal(5, m.RowCount);
        Assert.Equal([10, 10.02, 10.04, 10.06, 10.08], Values(m, Quantity.TwoThetaDeg).Select(v => Math.Round(v, 5)));
        Assert.Equal([1000, 1010, 1500, 1020, 990], Values(m, Quantity.IntensityCounts));
        Assert.Equal("LZC reference", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal("2026-02-05T11:20:00", m.Metadata[MetadataKeys.StartTime]);
        Assert.Contains(m.Warnings, w => w.Contains("wavelength", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_StoeRawWithoutConsistentRange_NamesTheFormat()
    {
        var bytes = StoeRaw();
        bytes[0x837] ^= 0x02; // 2-theta end no longer matches start + (n - 1) * step

        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(new StoeRawParser(), bytes, "scan.raw"));

        Assert.Contains("STOE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Rasx_ReadsProfileWithAttenuatorAndConditions()
    {
        var m = TestFiles.Parse(new RigakuRasxParser(), Rasx(), "film.rasx");

        Assert.Equal("rigaku-rasx", m.Format);
        Assert.Equal([20, 20.02, 20.04], Values(m, Quantity.TwoThetaDeg));
        Assert.Equal([150.5, 160, 1750], Values(m, Quantity.IntensityCps));
        Assert.Equal("cps", m.Metadata[MetadataKeys.IntensityUnit]);
        Assert.Equal(1.540593, Meta(m, MetadataKeys.WavelengthAngstrom));
        Assert.Equal("Cu", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal("SmartLab", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal("LZACF film", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal(0.6, Meta(m, MetadataKeys.CountingTimeS), 9);
        Assert.Equal("2026-02-05T12:00:00", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_RasxRockingCurveOnly_FailsWithNoData()
    {
        var e = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(new RigakuRasxParser(), Rasx(axis: "Omega"), "rc.rasx"));

        Assert.Contains("no diffraction data points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_XrdmlRepeatedScans_ListPositionsAttenuationAndSkippedRockingCurve()
    {
        var m = TestFiles.Parse(new XrdmlParser(), "own_repeated.xrdml");

        Assert.Equal(8, m.RowCount);
        Assert.Equal([15, 15.05, 15.1, 15.15, 15, 15.05, 15.1, 15.15], Values(m, Quantity.TwoThetaDeg).Select(v => Math.Round(v, 9)));
        Assert.Equal([10.5, 11.5, 2000, 12, 10, 11, 2050, 12.5], Values(m, Quantity.IntensityCps));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], Values(m, Quantity.SweepNumber));
        Assert.Equal("cps", m.Metadata[MetadataKeys.IntensityUnit]);
        Assert.Equal(2, Meta(m, MetadataKeys.CountingTimeS));
        Assert.Equal("Li2ZrCl6 capillary", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal("XPERT-MPD", m.Metadata[MetadataKeys.Instrument]);
        Assert.Contains(m.Warnings, w => w.Contains("Omega", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UxdTwoRanges_PairsStepListAndSkipsPeakList()
    {
        var m = TestFiles.Parse(new BrukerUxdParser(), "own_two_ranges.uxd");

        Assert.Equal("bruker-uxd", m.Format);
        Assert.Equal([10, 10.02, 10.04, 30, 30.05, 30.1, 30.15], Values(m, Quantity.TwoThetaDeg).Select(v => Math.Round(v, 9)));
        Assert.Equal([120, 131, 127, 250, 260, 270, 280], Values(m, Quantity.IntensityCounts));
        Assert.Equal([1, 1, 1, 2, 2, 2, 2], Values(m, Quantity.SweepNumber));
        Assert.Equal(1.5406, Meta(m, MetadataKeys.WavelengthAngstrom));
        Assert.Equal(0.5, Meta(m, MetadataKeys.Alpha2Ratio));
        Assert.Equal(0.5, Meta(m, MetadataKeys.CountingTimeS));
        Assert.Equal("LZACFO-7", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal("2026-02-05T14:03:11", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_HighScoreCsvSemicolonsAndDecimalCommas_ReadsCpsAndConditions()
    {
        var m = TestFiles.Parse(new HighScoreCsvParser(), "own_conditions.csv");

        Assert.Equal("panalytical-csv", m.Format);
        Assert.Equal([5, 5.01, 5.02], Values(m, Quantity.TwoThetaDeg));
        Assert.Equal([101.5, 99.25, 104], Values(m, Quantity.IntensityCps));
        Assert.Equal("Mo", m.Metadata[MetadataKeys.Anode]);
        Assert.Equal(0.7093, Meta(m, MetadataKeys.WavelengthAngstrom));
        Assert.Equal(12.5, Meta(m, MetadataKeys.CountingTimeS));
        Assert.Equal("EMPYREAN", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal("LZC ball-milled 12 h", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal("2026-02-05T09:41:00", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_XyeWithComments_ReadsUncertaintyColumn()
    {
        var m = TestFiles.Parse(new XyTextParser(), "own_plain.xye");

        Assert.Equal([20, 20.02, 20.04, 20.06, 20.08], Values(m, Quantity.TwoThetaDeg));
        Assert.Equal([49, 39, 31, 42, 44], Values(m, Quantity.IntensityCounts));
        Assert.Equal([7, 6.2, 5.6, 6.5, 6.6], m.Columns.Single(c => c.Name == "Intensity uncertainty").Values);
        Assert.Contains(m.Warnings, w => w.Contains("wavelength", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DecimalCommasRaggedColumnsAndCpsHeader_ReadsFirstThree()
    {
        var m = TestFiles.Parse(new XyTextParser(), "own_decimal_comma.txt");

        Assert.Equal([10, 10.02, 10.04, 10.06], Values(m, Quantity.TwoThetaDeg));
        Assert.Equal([12.5, 13.25, 11, 14.75], Values(m, Quantity.IntensityCps));
        Assert.Contains(m.Warnings, w => w.Contains("columns", StringComparison.Ordinal));
    }
}
