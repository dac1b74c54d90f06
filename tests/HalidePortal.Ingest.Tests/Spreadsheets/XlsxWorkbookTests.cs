using HalidePortal.Ingest;
using HalidePortal.Ingest.Spreadsheets;
using static HalidePortal.Ingest.Tests.Spreadsheets.TestXlsx;

namespace HalidePortal.Ingest.Tests.Spreadsheets;

/// <summary>The streaming .xlsx reader on the navani Arbin export (values read off its sheet XML) and on written workbooks.</summary>
public sealed class XlsxWorkbookTests
{
    private const string Navani = "navani__bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx";

    private static XlsxWorkbook Open(byte[] bytes, string name = "book.xlsx") => XlsxWorkbook.Open(new MemoryStream(bytes), name);

    [Fact]
    public void Open_NavaniExport_ListsSheetsInTabOrder()
    {
        using var book = XlsxWorkbook.Open(File.OpenRead(TestFiles.PathOf(Navani)), Navani);

        Assert.Equal(["Global_Info", "Channel_11_1"], book.SheetNames);
    }

    [Fact]
    public void ReadRows_NavaniChannelSheet_Gives4527RowsWithGaps()
    {
        using var book = XlsxWorkbook.Open(File.OpenRead(TestFiles.PathOf(Navani)), Navani);

        var rows = book.ReadRows("Channel_11_1").ToList();

        Assert.Equal(4527, rows.Count);
        Assert.Equal("Test_Time(s)", rows[0][1].Text);
        Assert.Equal(1.0009999999999999, rows[1][1].Number);
        Assert.True(rows[1][0].IsDate, "Date_Time is formatted as a date");
        Assert.False(rows[1][1].IsDate);
        // Internal Resistance (column L) is left out of every record row.
        Assert.Equal(XlsxCellKind.Empty, rows[1][11].Kind);
        Assert.Equal(2.002716064453125E-5, rows[^1][12].Number);
        Assert.Equal(4527, rows[^1].Number);
    }

    [Fact]
    public void ReadRows_GlobalInfo_BooleansAndSharedStrings()
    {
        using var book = XlsxWorkbook.Open(File.OpenRead(TestFiles.PathOf(Navani)), Navani);

        var rows = book.ReadRows("global_info").ToList();

        Assert.Equal("TEST REPORT", rows[0][3].Text);
        Assert.Equal(XlsxCellKind.Boolean, rows[4][10].Kind);
        Assert.Equal(1, rows[4][10].Number);
        Assert.Equal("PV7.0 Build: 180508USB", rows[4][5].Text);
    }

    [Fact]
    public void SheetNamesFromHead_NavaniExport_ReadsWorkbookPart()
    {
        var head = TestFiles.Bytes(Navani).AsSpan(0, 4096);

        Assert.Equal(["Global_Info", "Channel_11_1"], XlsxWorkbook.SheetNamesFromHead(head));
    }

    [Fact]
    public void SheetNamesFromHead_WorkbookPartLast_GivesNull()
    {
        var bytes = Write([("a", [Row(1)]), ("b", [Row(2)])], workbookFirst: false);

        Assert.Null(XlsxWorkbook.SheetNamesFromHead(bytes.AsSpan(0, 200)));
    }

    [Fact]
    public void ReadRows_WrittenWorkbook_AllCellKinds()
    {
        var when = new DateTime(2024, 3, 1, 12, 30, 0);
        var bytes = Write([
            ("first", [Row("x")]),
            ("Data", [
                Row("text", 1.5, true, null, "gap before"),
                null!,
                Row(new SerialDate(when), new ElapsedTime(TimeSpan.FromSeconds(90)), new RawCell("str", "<f>A1&amp;A1</f><v>textx</v>"),
                    new RawCell("e", "<v>#DIV/0!</v>"), new RawCell("inlineStr", "<is><r><t>ri</t></r><r><t>ch</t></r><rPh><t>x</t></rPh></is>"),
                    new RawCell("d", "<v>2024-03-01T12:30:00</v>")),
            ]),
        ]);
        using var book = Open(bytes);

        var rows = book.ReadRows("Data").ToList();

        Assert.Equal([1, 3], rows.Select(r => r.Number));
        Assert.Equal("text", rows[0][0].Text);
        Assert.Equal(1.5, rows[0][1].Number);
        Assert.Equal(XlsxCellKind.Boolean, rows[0][2].Kind);
        Assert.True(rows[0][3].IsEmpty);
        Assert.Equal("gap before", rows[0][4].Text);
        Assert.Equal(when.ToOADate(), rows[1][0].Number, 9);
        Assert.True(rows[1][0].IsDate);
        Assert.True(rows[1][1].IsDate, "[h]:mm:ss is a time format");
        Assert.Equal(90.0 / 86400, rows[1][1].Number, 12);
        Assert.Equal("textx", rows[1][2].Text);
        Assert.Equal(XlsxCellKind.Error, rows[1][3].Kind);
        Assert.Equal("rich", rows[1][4].Text);
        Assert.Equal(when.ToOADate(), rows[1][5].Number, 9);
        Assert.Equal("x", book.ReadRows("first").Single()[0].Text);
    }

    [Fact]
    public void ReadRows_InlineStrings_SameAsShared()
    {
        var bytes = Write([("s", [Row("Voltage(V)", "电流(A)")])], inlineStrings: true);
        using var book = Open(bytes);

        var row = book.ReadRows("s").Single();

        Assert.Equal("Voltage(V)", row[0].Text);
        Assert.Equal("电流(A)", row[1].Text);
    }

    [Theory]
    [InlineData("0.00", false)]
    [InlineData("General", false)]
    [InlineData("yyyy-mm-dd hh:mm:ss", true)]
    [InlineData("[h]:mm:ss", true)]
    [InlineData("[Red]0.00", false)]
    [InlineData("\"d\"0", false)]
    [InlineData("0.00E+00", false)]
    public void IsDateFormatCode_Codes(string code, bool date) => Assert.Equal(date, XlsxWorkbook.IsDateFormatCode(code));

    [Fact]
    public void ReadRows_NoSuchSheet_Fails()
    {
        using var book = Open(Write("a", Row(1)));

        var e = Assert.Throws<InstrumentFileException>(() => book.ReadRows("b"));

        Assert.Contains("no sheet 'b'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRows_BrokenSheetXml_FailsWithRow()
    {
        var bytes = Write("a", Row(1), Row(new RawCell("", "<v>1</v></x>")));
        using var book = Open(bytes);

        var e = Assert.Throws<InstrumentFileException>(() => book.ReadRows("a").ToList());

        Assert.Equal(2, e.Position);
        Assert.Contains("sheet 'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRows_UnparseableNumberCell_FailsWithRow()
    {
        var bytes = Write("a", Row(1), Row(2), Row(new RawCell("n", "<v>3,5x</v>")));
        using var book = Open(bytes);

        var e = Assert.Throws<InstrumentFileException>(() => book.ReadRows("a").ToList());

        Assert.Equal(3, e.Position);
        Assert.Contains("3,5x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RandomBytes_FailsAsNotAZip()
    {
        var bytes = new byte[5000];
        new Random(3).NextBytes(bytes);

        var e = Assert.Throws<InstrumentFileException>(() => Open(bytes, "noise.xlsx"));

        Assert.Equal("noise.xlsx", e.FileName);
        Assert.Contains("not a readable zip", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Empty_FailsAsNotAZip()
    {
        Assert.Throws<InstrumentFileException>(() => Open([], "empty.xlsx"));
    }

    [Fact]
    public void Open_Truncated_FailsAsNotAZip()
    {
        var bytes = TestFiles.Bytes(Navani)[..300_000];

        var e = Assert.Throws<InstrumentFileException>(() => Open(bytes, "cut.xlsx"));

        Assert.Contains("zip", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ZipWithoutWorkbook_Fails()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("notes.txt");
        }

        var e = Assert.Throws<InstrumentFileException>(() => Open(buffer.ToArray()));

        Assert.Contains("no xl/workbook.xml", e.Message, StringComparison.Ordinal);
    }
}
