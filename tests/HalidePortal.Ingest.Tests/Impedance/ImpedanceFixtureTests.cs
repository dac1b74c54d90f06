using HalidePortal.Ingest;

namespace HalidePortal.Ingest.Tests.Impedance;

/// <summary>
/// Every copied impedance file, detected by content and parsed: point counts, and first/last frequency and Z values
/// read off the files by eye (Im(Z) as measured, so capacitive points are negative).
/// </summary>
public sealed class ImpedanceFixtureTests
{
    public static TheoryData<string, string, int, double, double, double, double, double, double> Files => new()
    {
        { "impedancepy_exampleData.csv", "impedance-text", 66, 0.0031623, 1e4, 4.949989776405060160e-02, -2.043869854441892481e-02, 1.577148266048593317e-02, 1.015747456493823649e-02 },
        { "impedancepy_exampleDataAutolab.txt", "zplot-z", 41, 1e4, 0.1, 0.013785863964281, 0.007191946305823, 0.0345697771923854, -0.00390292888845954 },
        { "impedancepy_exampleDataCHInstruments.txt", "chi-txt", 73, 9.961e4, 0.1, 98.91, -2.748, 5685, -15860 },
        { "impedancepy_exampleDataGamry.DTA", "gamry-dta", 72, 200015.6, 0.0158898, 825.8584, -1367.239, 17007.49, -6635.557 },
        { "impedancepy_exampleDataGamryABORT.DTA", "gamry-dta", 72, 200015.6, 0.0158898, 825.8584, -1367.239, 17007.49, -6635.557 },
        { "impedancepy_exampleDataParstat.txt", "parstat-txt", 31, 1e4, 10, -0.00049816280376104, 0.0175143479976367, 0.0270946491457229, -0.00399791080333837 },
        { "impedancepy_exampleDataPowersuite.txt", "powersuite-txt", 30, 0.1, 2e6, 423929.46, -49014.063, -470.54113, -1397.7358 },
        { "impedancepy_exampleDataVersaStudio.par", "versastudio-par", 61, 1e5, 0.02154435, 55.31571, 4.575431, 1516.313, -122.8279 },
        { "impedancepy_exampleDataZPlot.z", "zplot-z", 21, 3e5, 3000, 147.77, -11.335, 613.68, -137.13 },
        { "impedancepy_exampleDataZPlot_noComments.z", "zplot-z", 31, 3e5, 300, 642.62, -85.821, 1305.3, -195.01 },
        { "impedancepy_Circuit1_EIS_1.z", "zplot-z", 48, 5e4, 1, 29.036, 0.63662, 75.803, -0.16244 },
        { "impedancepy_Circuit3_EIS_1.z", "zplot-z", 53, 1.5e5, 1, 1493.7, 10.377, 6137.5, 17.89 },
        { "pyDRTtools_LIB_data.txt", "impedance-text", 107, 999.040405, 0.00500083202, 0.112362966, 0.00318273902, 0.151735559, -0.0137396762 },
        { "pyDRTtools_data_1.csv", "impedance-text", 107, 999.040405, 0.005000832, 0.109963283, 0.003569859, 0.145364374, -0.021382034 },
        { "EISFitpython_Example2a.txt", "neisys-txt", 51, 1e6, 0.30000001, 3805.5903, -6318.0615, 218314.67, -150821.22 },
        { "EISFitpython_Example2b.txt", "neisys-txt", 50, 1e6, 1, 3603.82, -8578.35, 182762, -435920 },
        { "EISFitpython_Example2c.txt", "neisys-txt", 42, 1e6, 0.04, 17362.7, -68814.5, 1.03494e7, -2.43174e6 },
        { "EISFitpython_s04147-140deg.txt", "neisys-txt", 42, 1e6, 0.03, 22142.3, -54311.5, 3.27266e6, -1.40853e6 },
        { "EISFitpython_s04147-150deg.txt", "neisys-txt", 42, 1e6, 0.03, 22696.8, -46373, 2.03344e6, -1.05180e6 },
        { "EISFitpython_s04147-160deg.txt", "neisys-txt", 42, 1e6, 0.03, 21112.2, -39556.8, 1.32853e6, -7.93978e5 },
        { "EISFitpython_s04147-170deg.txt", "neisys-txt", 41, 1e6, 0.045773, 20791.5, -33304, 8.02011e5, -4.61894e5 },
        { "EISFitpython_s04147-180deg.txt", "neisys-txt", 41, 1e6, 0.045773, 19624.1, -27606.6, 5.47582e5, -3.44520e5 },
        { "EISFitpython_s04147-190deg.txt", "neisys-txt", 41, 1e6, 0.045773, 17693.8, -22612.7, 3.81677e5, -2.56512e5 },
        { "EISFitpython_s04147-200deg.txt", "neisys-txt", 40, 1e6, 0.069838, 15859.6, -18347.1, 2.35592e5, -1.37609e5 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_RealFile_PointsAndEndValues(string name, string format, int points, double f0, double fN, double re0, double im0, double reN, double imN)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(name));
        var parser = InstrumentFormats.Detect(InstrumentFormats.ReadHead(stream), name);
        Assert.Equal(format, parser?.Format);

        var m = parser!.Parse(stream, name);

        Assert.Equal(Technique.Impedance, m.Technique);
        Assert.Equal(points, m.RowCount);
        Assert.All(m.Columns, c => Assert.Equal(points, c.Values.Length));
        var f = m.Find(Quantity.FrequencyHz)!;
        var re = m.Find(Quantity.ZRealOhm)!;
        var im = m.Find(Quantity.ZImagOhm)!;
        Assert.Equal(("Hz", "Ohm", "Ohm"), (f.Unit, re.Unit, im.Unit));
        AssertClose(f0, f.Values[0]);
        AssertClose(fN, f.Values[^1]);
        AssertClose(re0, re.Values[0]);
        AssertClose(im0, im.Values[0]);
        AssertClose(reN, re.Values[^1]);
        AssertClose(imN, im.Values[^1]);
        Assert.All(m.Find(Quantity.SweepNumber)!.Values, s => Assert.Equal(1, s));
        Assert.Equal("Im", m.Metadata[MetadataKeys.ImaginarySign]);
    }

    [Fact]
    public void Parse_GamryEis_MetadataAndPolarColumns()
    {
        var m = Parse("impedancepy_exampleDataGamry.DTA");

        Assert.Equal("EISPOT", m.Metadata[MetadataKeys.Technique]);
        Assert.Equal("2018-04-23T16:43:15", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("1", m.Metadata[MetadataKeys.ElectrodeAreaCm2]);
        Assert.Equal("REF3000-34128", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal(1597.306, m.Find(Quantity.ZModOhm)!.Values[0], 6);
        Assert.Equal(-58.86662, m.Find(Quantity.PhaseDeg)!.Values[0], 6);
        Assert.Equal(861, m.Find(Quantity.TimeS)!.Values[^1]);
        // Idc -5.89286E-006 A is -0.00589286 mA.
        Assert.Equal(-0.00589286, m.Find(Quantity.CurrentMA)!.Values[0], 10);
        Assert.Empty(m.Warnings);
    }

    [Fact]
    public void Parse_GamryAborted_KeepsPointsAndWarns()
    {
        var m = Parse("impedancepy_exampleDataGamryABORT.DTA");

        Assert.Equal(72, m.RowCount);
        Assert.Contains(m.Warnings, w => w.Contains("aborted", StringComparison.Ordinal));
        Assert.Equal("2020-03-18T16:54:44", m.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_NeisysWithGeometry_AreaFromDiameter()
    {
        var m = Parse("EISFitpython_Example2a.txt");

        Assert.Equal("s05751_25deg", m.Metadata[MetadataKeys.SampleName]);
        Assert.Equal("2025-02-26T15:11:00", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("13", m.Metadata[MetadataKeys.SampleDiameterMm]);
        Assert.Equal("0.75", m.Metadata[MetadataKeys.SampleThicknessMm]);
        // pi (1.3 cm)^2 / 4
        Assert.Equal(1.327323, double.Parse(m.Metadata[MetadataKeys.ElectrodeAreaCm2], System.Globalization.CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public void Parse_NeisysWithDecimalCommas_SameNumbers()
    {
        const string text = "LZACFO 30C, 3.3.2026, 09:15\nFixed value(s) :  AC Volt  [Vrms]=1,0000e-02  \n"
            + "     Freq.[Hz]\t      Zs'[ohm]\t     Zs''[ohm]\n 1,0000000e+06\t 1,2500000e+02\t-3,4000000e+01\n 1,0000000e+00\t 9,8000000e+02\t-7,5000000e+02\n";
        var parser = new HalidePortal.Ingest.Impedance.NeisysTextParser();

        var m = TestFiles.Parse(parser, System.Text.Encoding.UTF8.GetBytes(text), "own.txt");

        Assert.Equal([1e6, 1.0], m.Find(Quantity.FrequencyHz)!.Values);
        Assert.Equal(-750, m.Find(Quantity.ZImagOhm)!.Values[^1], 9);
        Assert.Equal("2026-03-03T09:15:00", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("LZACFO 30C", m.Metadata[MetadataKeys.SampleName]);
    }

    [Fact]
    public void Parse_ChInstruments_ModulusPhaseAndMetadata()
    {
        var m = Parse("impedancepy_exampleDataCHInstruments.txt");

        Assert.Equal("A.C. Impedance", m.Metadata[MetadataKeys.Technique]);
        Assert.Equal("2020-02-20T15:55:08", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("CHI660E", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal(98.94, m.Find(Quantity.ZModOhm)!.Values[0], 6);
        Assert.Equal(-70.3, m.Find(Quantity.PhaseDeg)!.Values[^1], 6);
    }

    [Fact]
    public void Parse_ParstatMixedRun_DropsDcRowsWithWarning()
    {
        var m = Parse("impedancepy_exampleDataParstat.txt");

        Assert.Contains(m.Warnings, w => w.StartsWith("781 rows", StringComparison.Ordinal));
        Assert.Equal(7639.602, m.Find(Quantity.TimeS)!.Values[0], 6);
        Assert.Equal(3.50029397010803, m.Find(Quantity.VoltageV)!.Values[0], 10);
        Assert.Equal(24.5747901499271, m.Find(Quantity.CurrentMA)!.Values[0], 9);
    }

    [Fact]
    public void Parse_ZPlotVariants_StartTimeAndTechnique()
    {
        var z2 = Parse("impedancepy_exampleDataZPlot.z");
        var zw = Parse("impedancepy_exampleDataZPlot_noComments.z");

        Assert.Equal("2018-10-12T11:04:34", z2.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("Sweep Frequency, Control Voltage", z2.Metadata[MetadataKeys.Technique]);
        Assert.Equal(2.67, z2.Find(Quantity.TimeS)!.Values[0], 6);
        Assert.Equal("2019-12-17T16:24:35", zw.Metadata[MetadataKeys.StartTime]);
    }

    [Fact]
    public void Parse_VersaStudioPar_ActionAndStart()
    {
        var m = Parse("impedancepy_exampleDataVersaStudio.par");

        Assert.Equal("Potentiostatic EIS", m.Metadata[MetadataKeys.Technique]);
        Assert.Equal("2018-07-19T09:40:30", m.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("VersaSTAT4", m.Metadata[MetadataKeys.Instrument]);
        Assert.Equal("1", m.Metadata[MetadataKeys.ElectrodeAreaCm2]);
        Assert.Equal(1575.401, m.Find(Quantity.TimeS)!.Values[^1], 6);
    }

    [Fact]
    public void Parse_HeaderlessFiles_SayHowColumnsWereRead()
    {
        var m = Parse("impedancepy_exampleData.csv");

        Assert.Contains(m.Warnings, w => w.StartsWith("No header row", StringComparison.Ordinal));
        // 9 inductive points at the highest frequencies, the rest capacitive.
        Assert.Equal(9, m.Find(Quantity.ZImagOhm)!.Values.Count(v => v > 0));
    }

    [Fact]
    public void Parse_UnderGermanCulture_SameValuesAndMetadata()
    {
        var m = TestCulture.Run(TestCulture.German, () => Parse("EISFitpython_Example2a.txt"));
        var chi = TestCulture.Run(TestCulture.German, () => Parse("impedancepy_exampleDataCHInstruments.txt"));
        var gamry = TestCulture.Run(TestCulture.German, () => Parse("gamryparser_cv_data.dta"));

        Assert.Equal("0.75", m.Metadata[MetadataKeys.SampleThicknessMm]);
        Assert.Equal(3805.5903, m.Find(Quantity.ZRealOhm)!.Values[0], 6);
        Assert.Equal("2020-02-20T15:55:08", chi.Metadata[MetadataKeys.StartTime]);
        Assert.Equal("1.23456", gamry.Metadata[MetadataKeys.ScanRateMVPerS]);
    }

    private static ParsedMeasurement Parse(string name)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(name));
        var parser = InstrumentFormats.Detect(InstrumentFormats.ReadHead(stream), name)!;
        return parser.Parse(stream, name);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
