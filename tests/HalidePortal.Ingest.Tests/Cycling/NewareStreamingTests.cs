using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Archives;
using HalidePortal.Ingest.Cycling;
using HalidePortal.TestSupport;
using static HalidePortal.Ingest.Tests.Cycling.StreamingParserTests;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// Neware .ndax read in blocks: on every public file the blocks add up to the whole-file parse bit for bit, a
/// 700k-sample test arrives in 11 blocks with memory for one, and damaged archives still fail with a position.
/// </summary>
public class NewareStreamingTests
{
    private const string Bts85 = "newarenda__BTS85-36-6-5-110-20240424.ndax";
    private const int Bts85Rows = 699_677;

    public static TheoryData<string> NdaxFiles() =>
    [
        Bts85,
        "cellpy__20260302_IFE_BTS85_2_9_8_1.ndax",
        "navani__test.ndax",
        "newarenda__123456789012_Unit27_Example_Data_File.ndax",
        "newarenda__46_1_5_60_ZZZZZZZZTEST_20250924092922.ndax",
        "newarenda__test_2.ndax",
    ];

    [Theory]
    [MemberData(nameof(NdaxFiles))]
    public void Parse_NdaxStreamed_SameAsWhole(string name)
    {
        var sink = AssertSameAsWhole(new NewareNdaxParser(), TestFiles.Bytes(name), name);

        Assert.NotEmpty(sink.BlockLengths);
    }

    [Fact]
    public void Parse_Bts85Streamed_ElevenBlocks()
    {
        using var stream = File.OpenRead(TestFiles.PathOf(Bts85));
        var sink = new RecordingSink();

        var streamed = InstrumentFormats.Parse(stream, Bts85, sink);

        Assert.Equal(Bts85Rows, streamed.RowCount);
        Assert.Equal([.. Enumerable.Repeat(SeriesBlocks.MaxRows, 10), Bts85Rows - (10 * SeriesBlocks.MaxRows)], sink.BlockLengths);
        Assert.Equal("neware-ndax", sink.Format);
        Assert.Equal(Technique.Cycling, sink.Technique);
        Assert.Equal("14", streamed.Metadata["ndcVersion"]);
        var voltage = sink.Values(sink.Columns.ToList().FindIndex(c => c.Quantity == Quantity.VoltageV));
        Assert.All(voltage, v => Assert.InRange(v, 1.3, 3.5));
    }

    [Fact]
    public void Parse_Bts85Streamed_AllocatesAboutOneBlock()
    {
        var parser = new NewareNdaxParser();
        var bytes = TestFiles.Bytes(Bts85);
        Parse(parser, bytes, new DroppingSink());

        long before = GC.GetAllocatedBytesForCurrentThread();
        Parse(parser, bytes, new DroppingSink());
        long streamed = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            parser.Parse(stream, Bts85);
        }
        long whole = GC.GetAllocatedBytesForCurrentThread() - before;

        // One block is 12 columns x 65,536 rows x 8 bytes = 6.3 MB; the whole parse holds 12 x 699,677 values and the
        // inflated entries.
        Assert.InRange(streamed, 6_000_000, 10_000_000);
        Assert.True(whole > 70_000_000, $"whole parse allocated {whole} bytes");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(3)]
    public void Parse_NdaxSinkThrows_SinkExceptionUnchanged(int afterBlocks)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(Bts85));

        var e = Assert.Throws<InvalidOperationException>(() => InstrumentFormats.Parse(stream, Bts85, new ThrowingSink(afterBlocks)));

        Assert.StartsWith("sink down", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NdaxDataEntryShorterThanStated_InstrumentFileExceptionWithOffsetAfterBlocks()
    {
        // The archive states 100 pages more than data.ndc inflates to: the rows before the end are handed over first.
        var bytes = RestateEntry(TestFiles.Bytes(Bts85), "data.ndc", length => length + (100 * 4096), crc => crc);
        var sink = new RecordingSink();

        var e = Assert.Throws<InstrumentFileException>(() => Parse(new NewareNdaxParser(), bytes, sink));

        Assert.Equal("cut.ndax", e.FileName);
        Assert.Contains("data.ndc", e.Message, StringComparison.Ordinal);
        Assert.Equal(5_795_840, e.Position);
        Assert.Equal(10, sink.BlockLengths.Count);
    }

    [Fact]
    public void Parse_NdaxDataEntryWrongCrc_InstrumentFileExceptionStreamedAndWhole()
    {
        var bytes = RestateEntry(TestFiles.Bytes(Bts85), "data.ndc", length => length, crc => crc ^ 1);
        var sink = new RecordingSink();

        var streamed = Assert.Throws<InstrumentFileException>(() => Parse(new NewareNdaxParser(), bytes, sink));
        var whole = Assert.Throws<InstrumentFileException>(() => TestFiles.Parse(new NewareNdaxParser(), bytes, "cut.ndax"));

        Assert.Contains("CRC-32", streamed.Message, StringComparison.Ordinal);
        Assert.NotNull(streamed.Position);
        Assert.Contains("CRC-32", whole.Message, StringComparison.Ordinal);
        // Checked as the last bytes arrive, before the rows of the last block are handed over.
        Assert.InRange(sink.BlockLengths.Count, 1, 10);
    }

    [Fact]
    public void Parse_NdaxArchiveCut_InstrumentFileExceptionNoBlocks()
    {
        var bytes = TestFiles.Bytes(Bts85);
        var sink = new RecordingSink();
        using var stream = new ForwardOnlyStream(bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<InstrumentFileException>(() => new NewareNdaxParser().Parse(stream, "cut.ndax", sink));

        Assert.Equal("cut.ndax", e.FileName);
        Assert.Equal(0, e.Position);
        Assert.Null(sink.Format);
    }

    [Fact]
    public void Parse_NdaxRunInfoOutOfOrder_SameRowsAsInOrder()
    {
        // Version 17 numbers steps in the record itself, so page order does not change what a record says.
        const string name = "newarenda__test_2.ndax";
        var original = TestFiles.Bytes(name);
        var reversed = RewriteEntry(original, "data_runInfo.ndc", ReversePages);
        var expected = TestFiles.Parse(new NewareNdaxParser(), original, name);

        var sink = AssertSameAsWhole(new NewareNdaxParser(), reversed, name);

        Assert.Equal(expected.RowCount, sink.BlockLengths.Sum());
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            Assert.True(MemoryMarshal.AsBytes(expected.Columns[c].Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(sink.Values(c).AsSpan())),
                $"column {expected.Columns[c].Name} differs");
        }
    }

    [Fact]
    public void Parse_NdaxWithoutRunInfo_VoltageAndCurrentStreamed()
    {
        const string name = "newarenda__test_2.ndax";
        var bytes = RewriteEntry(TestFiles.Bytes(name), "data_runInfo.ndc", null);

        var sink = AssertSameAsWhole(new NewareNdaxParser(), bytes, name);

        Assert.Equal(["Voltage", "Current"], sink.Columns.Select(c => c.Name));
        Assert.Equal([SeriesBlocks.MaxRows, 108_563 - SeriesBlocks.MaxRows], sink.BlockLengths);
    }

    [Fact]
    public void Parse_NdaxWithoutStepTable_StreamedWithoutCycleColumns()
    {
        const string name = "newarenda__BTS85-36-6-5-110-20240424.ndax";
        var bytes = RewriteEntry(TestFiles.Bytes(name), "data_step.ndc", null);

        var sink = AssertSameAsWhole(new NewareNdaxParser(), bytes, name);

        Assert.DoesNotContain(sink.Columns, c => c.Quantity == Quantity.CycleNumber);
        Assert.Equal(11, sink.BlockLengths.Count);
    }

    [Fact]
    public void Parse_NdaxUnderGermanCulture_SameBlocks()
    {
        const string name = "newarenda__123456789012_Unit27_Example_Data_File.ndax";
        var bytes = TestFiles.Bytes(name);

        var sink = TestCulture.Run(TestCulture.German, () => AssertSameAsWhole(new NewareNdaxParser(), bytes, name));

        Assert.Equal([301], sink.BlockLengths);
    }

    [Fact]
    public void Open_NonSeekableArchiveOverMemoryLimit_CopiedToFileAndReadTheSame()
    {
        var bytes = TestFiles.Bytes("navani__test.ndax");
        var limits = new SafeZipLimits { MaxInMemoryCopyBytes = 1000 };
        byte[] viaFile, viaMemory;
        using (var zip = SafeZip.Open(new ForwardOnlyStream(bytes), "a.ndax", "an .ndax file", limits))
        {
            viaFile = zip.ReadAllBytes(zip.Find("data.ndc")!);
        }
        using (var zip = SafeZip.Open(new ForwardOnlyStream(bytes), "a.ndax", "an .ndax file"))
        {
            viaMemory = zip.ReadAllBytes(zip.Find("data.ndc")!);
        }

        Assert.Equal(139_264, viaFile.Length);
        Assert.Equal(viaMemory, viaFile);
    }

    private static StreamedMeasurement Parse(NewareNdaxParser parser, byte[] bytes, ISeriesBlockSink sink)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return parser.Parse(stream, "cut.ndax", sink);
    }

    /// <summary>The same archive with one entry's content changed (or left out when <paramref name="change"/> is null).</summary>
    private static byte[] RewriteEntry(byte[] zipBytes, string entryName, Func<byte[], byte[]>? change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var content = new MemoryStream();
                using (var s = entry.Open())
                {
                    s.CopyTo(content);
                }
                var data = content.ToArray();
                if (entry.FullName == entryName)
                {
                    if (change is null)
                    {
                        continue;
                    }
                    data = change(data);
                }
                using var w = target.CreateEntry(entry.FullName).Open();
                w.Write(data);
            }
        }
        return output.ToArray();
    }

    /// <summary>The header page, then the data pages in reverse order.</summary>
    private static byte[] ReversePages(byte[] ndc)
    {
        var result = new byte[ndc.Length];
        ndc.AsSpan(0, 4096).CopyTo(result);
        int pages = (ndc.Length / 4096) - 1;
        for (int p = 0; p < pages; p++)
        {
            ndc.AsSpan(4096 * (1 + p), 4096).CopyTo(result.AsSpan(4096 * (pages - p)));
        }
        return result;
    }

    /// <summary>Changes the uncompressed length and CRC-32 that the central directory states for an entry.</summary>
    private static byte[] RestateEntry(byte[] zipBytes, string entryName, Func<uint, uint> length, Func<uint, uint> crc)
    {
        var bytes = (byte[])zipBytes.Clone();
        var name = System.Text.Encoding.ASCII.GetBytes(entryName);
        for (int p = 0; p + 46 <= bytes.Length; p++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p)) != 0x02014b50)
            {
                continue;
            }
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p + 28));
            if (bytes.AsSpan(p + 46, nameLength).SequenceEqual(name))
            {
                var at = bytes.AsSpan(p + 16);
                BinaryPrimitives.WriteUInt32LittleEndian(at, crc(BinaryPrimitives.ReadUInt32LittleEndian(at)));
                at = bytes.AsSpan(p + 24);
                uint stated = BinaryPrimitives.ReadUInt32LittleEndian(at);
                if (stated != uint.MaxValue)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(at, length(stated));
                    return bytes;
                }
                // Zip64 (as Neware writes them): the length is the first field of the 0x0001 extra block.
                int extra = p + 46 + nameLength, end = extra + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p + 30));
                while (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(extra)) != 1)
                {
                    extra += 4 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(extra + 2));
                    Assert.True(extra < end, "no zip64 block");
                }
                at = bytes.AsSpan(extra + 4);
                BinaryPrimitives.WriteUInt64LittleEndian(at, length((uint)BinaryPrimitives.ReadUInt64LittleEndian(at)));
                return bytes;
            }
        }
        throw new InvalidOperationException($"{entryName} not in the central directory");
    }
}
