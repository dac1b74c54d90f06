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
        { "navani__arbin_example.res", "arbin-res" },
        { "cellpy__20160805_test001_45_cc_01.res", "arbin-res" },
        { "navani__bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx", "arbin-xlsx" },
        // A workbook whose sheets name no cycler: opened and recognised (here refused) by the workbook parser.
        { "pyprobe__Experiment_Record.xlsx", "cycler-xlsx" },
    };

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
    public void Detect_PlainNotes_FindsNothing()
    {
        var head = "Sample notes: pellet pressed at 370 MPa\n"u8.ToArray();

        Assert.Null(InstrumentFormats.Detect(head, "notes.txt"));
    }
}
