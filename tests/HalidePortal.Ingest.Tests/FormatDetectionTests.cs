using HalidePortal.Ingest;

namespace HalidePortal.Ingest.Tests;

/// <summary>Every committed instrument file is recognised by content as its own format, whatever its name says.</summary>
public sealed class FormatDetectionTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr", "biologic-mpr" },
        { "cellpy__biol.mpr", "biologic-mpr" },
        { "navani__test.ndax", "neware-ndax" },
        { "newarenda__BTS85-36-6-5-110-20240424.ndax", "neware-ndax" },
        { "newarenda__new_nda_file.nda", "neware-nda" },
        { "newarenda__TestFile.nda", "neware-nda" },
        { "impedancepy_exampleDataBioLogic.mpt", "biologic-mpt" },
        { "pyprobe__Sample_data_biologic_no_header.mpt", "biologic-mpt" },
        { "chameleon_brukerraw_test.RAW", "bruker-raw" },
        { "chameleon_standard.brml", "bruker-brml" },
        { "xrdtools_test_scan.xrdml", "panalytical-xrdml" },
        { "own_repeated.xrdml", "panalytical-xrdml" },
        { "pyScattData_TiO2-1-3h.ras", "rigaku-ras" },
        { "pyScattData_TiO2-1-12h-BET.ras", "rigaku-ras" },
        { "gsas2_PBSO4.XRA", "gsas-raw" },
        { "own_two_ranges.uxd", "bruker-uxd" },
        { "own_conditions.csv", "panalytical-csv" },
        { "own_plain.xye", "xy-text" },
        { "own_decimal_comma.txt", "xy-text" },
        { "PyEIS_ex1.mpt", "biologic-mpt" },
        { "impedancepy_exampleDataGamry.DTA", "gamry-dta" },
        { "impedancepy_exampleDataGamryABORT.DTA", "gamry-dta" },
        { "gamryparser_cv_data.dta", "gamry-dta" },
        { "impedancepy_exampleDataZPlot.z", "zplot-z" },
        { "impedancepy_exampleDataZPlot_noComments.z", "zplot-z" },
        { "impedancepy_Circuit1_EIS_1.z", "zplot-z" },
        { "impedancepy_exampleDataAutolab.txt", "zplot-z" },
        { "impedancepy_exampleDataVersaStudio.par", "versastudio-par" },
        { "impedancepy_exampleDataCHInstruments.txt", "chi-txt" },
        { "EISFitpython_Example2a.txt", "neisys-txt" },
        { "EISFitpython_Example2b.txt", "neisys-txt" },
        { "EISFitpython_s04147-140deg.txt", "neisys-txt" },
        { "impedancepy_exampleDataParstat.txt", "parstat-txt" },
        { "impedancepy_exampleDataPowersuite.txt", "powersuite-txt" },
        { "impedancepy_exampleData.csv", "impedance-text" },
        { "pyDRTtools_LIB_data.txt", "impedance-text" },
        { "pyDRTtools_data_1.csv", "impedance-text" },
        { "bdtk__arbin_example.csv", "arbin-csv" },
        { "pyprobe__sample_data_arbin.csv", "arbin-csv" },
        { "datalab__arbin_example.bdf.csv", "arbin-csv" },
        { "beep__2017-05-09_test-TC-contact_CH33.csv", "arbin-csv" },
        { "beep__FastCharge_000025_CH8.csv", "arbin-csv" },
        { "beep__FastCharge_000025_CH8_Metadata.csv", "arbin-csv" },
        { "beep__2017-05-09_test-TC-contact_CH33_Metadata.csv", "arbin-csv" },
        { "bdtk__maccor_example.001", "maccor-text" },
        { "beep__maccor_test_file_4267-66-6519.041", "maccor-text" },
        { "beep__PredictionDiagnostics_000151_test.052", "maccor-text" },
        { "cellpy__maccor_002.txt", "maccor-text" },
        { "cellpy__maccor_three.txt", "maccor-text" },
        { "cellpy__maccor_two.txt", "maccor-text" },
        { "pyprobe__sample_data_maccor.csv", "maccor-text" },
        { "cellpy__neware_uio.csv", "neware-csv" },
        { "cellpy__nw_regular_export_ife_example.csv", "neware-csv" },
        { "pyprobe__sample_data_novonix.csv", "novonix-csv" },
        { "beep__test_Nova_Form-CH01-01_short.csv", "novonix-csv" },
        { "beep__test_Nova_Form-CH01-01_short_metadata.csv", "novonix-csv" },
        { "pyprobe__sample_data_basytec.txt", "basytec-text" },
        { "bdtk__CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_timeseries.csv", "batteryarchive-csv" },
        { "bdtk__CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv", "batteryarchive-csv" },
        { "bdtk__p492-13-raw.csv", "batterydata-csv" },
        { "bdtk__p492-13-summary.csv", "batterydata-csv" },
        { "cellpy__Test25205.csv", "pec-csv" },
        { "beep__test_loopsnewoutput_MB_CE1_short10k.csv", "biologic-csv" },
        { "cellpy__custom_data_001.csv", "cellpy-custom" },
        { "pyprobe__Sample_data_biologic_01_MB_CA1.txt", "biologic-mpt" },
        { "pyprobe__Sample_data_biologic_timestamped.txt", "biologic-mpt" },
        { "navani__arbin_example.res", "arbin-res" },
        { "cellpy__20160805_test001_45_cc_01.res", "arbin-res" },
        { "navani__bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx", "arbin-xlsx" },
        // A workbook whose sheets name no cycler: opened and recognised (here refused) by the workbook parser.
        { "pyprobe__Experiment_Record.xlsx", "cycler-xlsx" },
    };

    public static TheoryData<string, string> BuiltFiles => new()
    {
        { "v1", "bruker-raw" },
        { "v2", "bruker-raw" },
        { "v4", "bruker-raw" },
        { "stoe", "stoe-raw" },
        { "rasx", "rigaku-rasx" },
    };

    [Theory]
    [MemberData(nameof(BuiltFiles))]
    public void Detect_WrittenDiffractionFile_FindsItsFormat(string kind, string format)
    {
        byte[] bytes = kind switch
        {
            "v1" => Diffraction.XrdFiles.BrukerRawV1(),
            "v2" => Diffraction.XrdFiles.BrukerRawV2(),
            "v4" => Diffraction.XrdFiles.BrukerRawV4(),
            "stoe" => Diffraction.XrdFiles.StoeRaw(),
            _ => Diffraction.XrdFiles.Rasx(),
        };

        Assert.Equal(format, InstrumentFormats.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, InstrumentFormats.HeadLength)), "renamed.dat")?.Format);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Detect_RealFileUnderAnotherName_FindsItsFormat(string name, string format)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(name));

        var parser = InstrumentFormats.Detect(InstrumentFormats.ReadHead(stream), "renamed.dat");

        Assert.Equal(format, parser?.Format);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void Detect_LoggerCsvForTheColumnMapping_FindsNothingAndCallsItText()
    {
        // The generic import's own file: no parser may claim it, so the worker offers the team's column mapping.
        var head = InstrumentFormats.ReadHead(new MemoryStream(TestFiles.Bytes("own_mapped_logger.csv")));

        Assert.Null(InstrumentFormats.Detect(head, "own_mapped_logger.csv"));
        Assert.True(InstrumentFormats.LooksLikeText(head));
        Assert.Equal("text with no known header", InstrumentFormats.Describe(head));
    }

    [Fact]
    public void Detect_PlainNotes_FindsNothing()
    {
        var head = "Sample notes: pellet pressed at 370 MPa\n"u8.ToArray();

        Assert.Null(InstrumentFormats.Detect(head, "notes.txt"));
    }
}

public sealed class NotDataFileTests
{
    [Theory]
    [InlineData("EC-LAB SETTING FILE\r\n\r\nNumber of linked techniques : 1\r\n", "settings file (.mps)")]
    [InlineData("BT-Lab LOG FILE\r\n\r\nModulo Bat\r\n", "log file (.mpl)")]
    [InlineData("\u0089HDF\r\n\u001a\n\0\0\0\0", "HDF5")]
    public void Parse_CompanionFileWithoutData_SaysWhatItIsAndWhatToUpload(string head, string expected)
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(head);
        using var stream = new MemoryStream(bytes);

        var error = Assert.Throws<InstrumentFileException>(() => InstrumentFormats.Parse(stream, "run.x"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("run.x: ", error.Message, StringComparison.Ordinal);
    }
}
