using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Archives;
using HalidePortal.Ingest.Cycling;
using HalidePortal.Ingest.Spreadsheets;

namespace HalidePortal.Ingest.Tests.Archives;

/// <summary>
/// Compressed bombs posing as instrument files: a 101 MiB entry of blanks (valid XML filler, about 1000:1) inside an
/// .xlsx and a 101 MiB entry of zeros as an .ndax data.ndc. Each must fail with an InstrumentFileException that says
/// so, in well under a second and without inflating the entry.
/// </summary>
public sealed class SafeZipTests
{
    private const int BombBytes = 101 * 1024 * 1024;
    private const long AllocationBudget = 24 * 1024 * 1024;
    private static readonly Lazy<byte[]> XlsxBomb = new(() => BuildXlsxBomb());
    private static readonly Lazy<byte[]> NdaxBomb = new(BuildNdaxBomb);

    private static byte[] BuildXlsxBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Put(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Put(zip, "xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                + "<sheet name=\"Channel_1_1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal);
            using var s = entry.Open();
            s.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"u8);
            var blanks = new byte[1024 * 1024];
            Array.Fill(blanks, (byte)' ');
            for (int i = 0; i < BombBytes / blanks.Length; i++)
            {
                s.Write(blanks);
            }
            s.Write("</sheetData></worksheet>"u8);
        }
        return buffer.ToArray();
    }

    private static byte[] BuildNdaxBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Put(zip, "VersionInfo.xml", "<root/>");
            var entry = zip.CreateEntry("data.ndc", CompressionLevel.Optimal);
            using var s = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (int i = 0; i < BombBytes / zeros.Length; i++)
            {
                s.Write(zeros);
            }
        }
        return buffer.ToArray();
    }

    private static void Put(ZipArchive zip, string name, string text)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>States a small uncompressed size for one entry, in its local header and the central directory.</summary>
    private static byte[] WithDeclaredSize(byte[] zip, string entryName, uint size)
    {
        var copy = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        for (int i = 0; i + 46 < copy.Length; i++)
        {
            if (copy.AsSpan(i).StartsWith("PK\u0003\u0004"u8) && copy.AsSpan(i + 30).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(i + 22), size);
            }
            else if (copy.AsSpan(i).StartsWith("PK\u0001\u0002"u8) && copy.AsSpan(i + 46).StartsWith(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(i + 24), size);
            }
        }
        return copy;
    }

    /// <summary>Runs a parse that must fail, returning the error, the time taken and the bytes allocated meanwhile.</summary>
    private static (InstrumentFileException Error, TimeSpan Took, long Allocated) Refused(Func<ParsedMeasurement> parse)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InstrumentFileException>(() => parse());
        return (e, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Parse_XlsxBombDetectedByContent_RefusedFastWithBoundedMemory()
    {
        var bytes = XlsxBomb.Value;
        var parser = InstrumentFormats.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, InstrumentFormats.HeadLength)), "upload.xlsx");
        Assert.Equal("arbin-xlsx", parser?.Format);

        var (e, took, allocated) = Refused(() => TestFiles.Parse(parser!, bytes, "upload.xlsx"));

        Assert.Contains("compressed bomb", e.Message, StringComparison.Ordinal);
        Assert.Contains("xl/worksheets/sheet1.xml", e.Message, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        Assert.True(allocated < AllocationBudget, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Parse_XlsxBombWithFalseSmallSize_StoppedWhileInflating()
    {
        var bytes = WithDeclaredSize(XlsxBomb.Value, "xl/worksheets/sheet1.xml", 4096);

        var (e, took, allocated) = Refused(() => TestFiles.Parse(new CyclerWorkbookParser(), bytes, "liar.xlsx"));

        // The archive reader stops at the stated size, so the sheet reads as cut short.
        Assert.Equal("liar.xlsx", e.FileName);
        Assert.Contains("not valid spreadsheet XML", e.Message, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        Assert.True(allocated < AllocationBudget, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Parse_NdaxBomb_RefusedBeforeAllocatingTheEntry()
    {
        var bytes = NdaxBomb.Value;
        var parser = InstrumentFormats.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, InstrumentFormats.HeadLength)), "run.ndax");
        Assert.Equal("neware-ndax", parser?.Format);

        var (e, took, allocated) = Refused(() => TestFiles.Parse(parser!, bytes, "run.ndax"));

        Assert.Contains("compressed bomb", e.Message, StringComparison.Ordinal);
        Assert.Contains("data.ndc", e.Message, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        Assert.True(allocated < AllocationBudget, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Parse_NdaxBombWithFalseSmallSize_FailsWithoutInflatingIt()
    {
        var bytes = WithDeclaredSize(NdaxBomb.Value, "data.ndc", 4096);

        var (e, took, allocated) = Refused(() => TestFiles.Parse(new NewareNdaxParser(), bytes, "liar.ndax"));

        // The archive reader stops at the stated size; the CRC check then finds the entry damaged.
        Assert.Equal("liar.ndax", e.FileName);
        Assert.Contains("CRC-32", e.Message, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        Assert.True(allocated < AllocationBudget, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ReadRows_TotalLimitBelowRealSheet_Refused()
    {
        var limits = new SafeZipLimits { MaxTotalBytes = 1024 * 1024 };
        using var book = XlsxWorkbook.Open(File.OpenRead(TestFiles.PathOf("navani__bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx")),
            "big.xlsx", limits);

        var e = Assert.Throws<InstrumentFileException>(() => book.ReadRows("Channel_11_1").ToList());

        Assert.Contains("limit for one upload", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAllBytes_RealNdaxEntries_PassDefaultLimits()
    {
        // The most compressible real entry (an auxiliary channel at 194:1) stays under the ratio limit.
        var m = TestFiles.Parse(new NewareNdaxParser(), "cellpy__20260302_IFE_BTS85_2_9_8_1.ndax");

        Assert.Equal(252951, m.RowCount);
    }
}
