using System.Buffers.Binary;
using System.Runtime.InteropServices;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;
using HalidePortal.TestSupport;
using static HalidePortal.Ingest.Tests.Cycling.StreamingParserTests;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// Neware .nda read in blocks: on every public file (all with strictly rising indices) and on long files made from
/// them the blocks add up to the whole-file parse bit for bit; files with reordered or repeated records, or auxiliary
/// records ahead of their sample, are read whole and still give the same rows.
/// </summary>
public class NewareNdaStreamingTests
{
    // Record layouts of the three public files, read with a hex viewer: where the records start, their size, how many
    // there are before the footer (or the end), and where the sample index sits in a record.
    private const string Bts90 = "newarenda__2-1-6_61[07005012].nda";
    private const int Bts90Rows = 15_567;
    private const string Bts91 = "newarenda__TestFile.nda";
    private const string Version29 = "newarenda__new_nda_file.nda";
    private const int Version29Start = 85_471;
    private const int Version29Records = 444;

    public static TheoryData<string> NdaFiles() => [Bts90, Bts91, Version29];

    [Theory]
    [MemberData(nameof(NdaFiles))]
    public void Parse_NdaStreamed_SameAsWhole(string name)
    {
        var sink = AssertSameAsWhole(new NewareNdaParser(), TestFiles.Bytes(name), name);

        Assert.Single(sink.BlockLengths);
    }

    [Fact]
    public void Parse_Bts90RepeatedThirteenTimes_FourBlocksWhileReading()
    {
        // 13 copies of the 15,567 records with indices running on: 202,371 rows, 17.8 MB (past the 16 MB a forward-only
        // upload may take in memory, so AssertSameAsWhole also reads it from a temporary file).
        var bytes = Repeat(TestFiles.Bytes(Bts90), 1024, 88, Bts90Rows, indexAt: 16, Bts90Rows, times: 13, _ => true);
        const int rows = 13 * Bts90Rows;

        var sink = AssertSameAsWhole(new NewareNdaParser(), bytes, Bts90);

        Assert.Equal([SeriesBlocks.MaxRows, SeriesBlocks.MaxRows, SeriesBlocks.MaxRows, rows - (3 * SeriesBlocks.MaxRows)], sink.BlockLengths);
        // The test clock runs on across copies and blocks.
        var time = sink.Values(0);
        Assert.All(Enumerable.Range(1, rows - 1), i => Assert.True(time[i] >= time[i - 1], $"time goes back at row {i}"));

        // Handed over while reading: the first block arrives with most of the file still unread.
        using var stream = new MemoryStream(bytes, writable: false);
        var probe = new RecordingSink { Probe = () => stream.Position };
        var streamed = InstrumentFormats.Parse(stream, "long.nda", probe);
        Assert.Equal(rows, streamed.RowCount);
        Assert.InRange(probe.PositionAtFirstBlock, 1, bytes.Length / 2);
    }

    [Fact]
    public void Parse_Bts90Repeated_AllocatesAboutOneBlock()
    {
        var bytes = Repeat(TestFiles.Bytes(Bts90), 1024, 88, Bts90Rows, indexAt: 16, Bts90Rows, times: 13, _ => true);
        var parser = new NewareNdaParser();
        Parse(parser, bytes, new DroppingSink());

        long before = GC.GetAllocatedBytesForCurrentThread();
        Parse(parser, bytes, new DroppingSink());
        long streamed = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        TestFiles.Parse(parser, bytes, "long.nda");
        long whole = GC.GetAllocatedBytesForCurrentThread() - before;

        // One block: 12 columns x 65,536 rows x 8 bytes = 6.3 MB, plus a 64 KiB read buffer; whole: 12 x 202,371 values.
        Assert.InRange(streamed, 6_000_000, 8_000_000);
        Assert.True(whole > 19_000_000, $"whole parse allocated {whole} bytes");
    }

    [Fact]
    public void Parse_Bts91RecordsSwapped_SameRowsAsInOrder()
    {
        var original = TestFiles.Bytes(Bts91);
        var swapped = (byte[])original.Clone();
        original.AsSpan(1024 + (100 * 56), 56).CopyTo(swapped.AsSpan(1024 + (101 * 56)));
        original.AsSpan(1024 + (101 * 56), 56).CopyTo(swapped.AsSpan(1024 + (100 * 56)));

        AssertSameAsWhole(new NewareNdaParser(), swapped, Bts91);
        AssertSameColumns(TestFiles.Parse(new NewareNdaParser(), original, Bts91), TestFiles.Parse(new NewareNdaParser(), swapped, Bts91));
    }

    [Fact]
    public void Parse_Bts91RecordsRepeatedAfterRestart_FirstOfEachIndexKept()
    {
        // Ten records written again after record 300, as after a restart: the same indices, kept once.
        var original = TestFiles.Bytes(Bts91);
        int at = 1024 + (301 * 56);
        var repeated = Concat(original[..at], original[(1024 + (200 * 56))..(1024 + (210 * 56))], original[at..]);

        AssertSameAsWhole(new NewareNdaParser(), repeated, Bts91);
        AssertSameColumns(TestFiles.Parse(new NewareNdaParser(), original, Bts91), TestFiles.Parse(new NewareNdaParser(), repeated, Bts91));
    }

    [Fact]
    public void Parse_Version29AuxAfterOrBeforeSample_SameTemperatures()
    {
        // Auxiliary records after their sample are read in file order; ahead of it, the file is read whole: same rows.
        var after = WithAux(TestFiles.Bytes(Version29), before: false);
        var ahead = WithAux(TestFiles.Bytes(Version29), before: true);

        var sink = AssertSameAsWhole(new NewareNdaParser(), after, Version29);
        AssertSameAsWhole(new NewareNdaParser(), ahead, Version29);
        var whole = TestFiles.Parse(new NewareNdaParser(), after, Version29);
        AssertSameColumns(whole, TestFiles.Parse(new NewareNdaParser(), ahead, Version29));

        Assert.Equal("Aux2_Temperature", sink.Columns[^1].Name);
        var temperature = whole.Find(Quantity.TemperatureC)!.Values;
        Assert.Equal(439, temperature.Length);
        Assert.Equal(25.0, temperature[10], 1e-9);
        Assert.Equal(25.9, temperature[19], 1e-9);
        Assert.True(double.IsNaN(temperature[9]) && double.IsNaN(temperature[20]));
    }

    [Fact]
    public void Parse_Version29WithAuxRepeated_StreamsTwoBlocks()
    {
        var withAux = WithAux(TestFiles.Bytes(Version29), before: false);
        var bytes = Repeat(withAux, Version29Start, 86, Version29Records + 10, indexAt: 2, 439, times: 160, r => r[0] is 0x55 or 0x65);

        var sink = AssertSameAsWhole(new NewareNdaParser(), bytes, Version29);

        Assert.Equal([SeriesBlocks.MaxRows, (160 * 439) - SeriesBlocks.MaxRows], sink.BlockLengths);
        var temperature = sink.Values(sink.Columns.Count - 1);
        Assert.Equal(25.9, temperature[(159 * 439) + 19], 1e-9);
        using var stream = new MemoryStream(bytes, writable: false);
        var probe = new RecordingSink { Probe = () => stream.Position };
        new NewareNdaParser().Parse(stream, Version29, probe);
        Assert.InRange(probe.PositionAtFirstBlock, 1, bytes.Length - 1);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    public void Parse_NdaSinkThrows_SinkExceptionUnchanged(int afterBlocks, bool outOfOrder)
    {
        var bytes = Repeat(TestFiles.Bytes(Bts90), 1024, 88, Bts90Rows, indexAt: 16, Bts90Rows, times: 5, _ => true);
        if (outOfOrder)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1024 + 16), 5);
        }
        using var stream = new MemoryStream(bytes, writable: false);

        var e = Assert.Throws<InvalidOperationException>(() => InstrumentFormats.Parse(stream, "long.nda", new ThrowingSink(afterBlocks)));
        var direct = Assert.Throws<InvalidOperationException>(() => Parse(new NewareNdaParser(), bytes, new ThrowingSink(afterBlocks)));

        Assert.StartsWith("sink down", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("sink down", direct.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Bts91, 1000, 0)]
    [InlineData(Version29, 2000, 0)]
    [InlineData(Version29, Version29Start + 40, Version29Start + 40)]
    public void Parse_NdaCutShort_InstrumentFileExceptionWithOffsetNoBlocks(string name, int length, long position)
    {
        var bytes = TestFiles.Bytes(name)[..length];
        var sink = new RecordingSink();

        var e = Assert.Throws<InstrumentFileException>(() => new NewareNdaParser().Parse(new ForwardOnlyStream(bytes), "cut.nda", sink));

        Assert.Equal("cut.nda", e.FileName);
        Assert.Equal(position, e.Position);
        Assert.Null(sink.Format);
    }

    [Fact]
    public void Parse_NdaCutMidRecord_WholeRecordsStreamed()
    {
        var bytes = TestFiles.Bytes(Bts91)[..(1024 + (56 * 100) + 20)];

        var sink = AssertSameAsWhole(new NewareNdaParser(), bytes, "cut.nda");

        Assert.Equal([100], sink.BlockLengths);
    }

    [Fact]
    public void Parse_NdaStreamEndsBeforeItsLength_InstrumentFileExceptionAtTheEnd()
    {
        var bytes = TestFiles.Bytes(Bts90);
        var sink = new RecordingSink();
        using var stream = new ShortStream(bytes, bytes.Length + 4096);

        var e = Assert.Throws<InstrumentFileException>(() => new NewareNdaParser().Parse(stream, "cut.nda", sink));

        Assert.Contains("ends after", e.Message, StringComparison.Ordinal);
        Assert.Equal(bytes.Length, e.Position);
        Assert.Null(sink.Format);
    }

    [Fact]
    public void Parse_NdaStreamedUnderGermanCulture_InvariantMetadata()
    {
        var sink = new RecordingSink();
        var streamed = TestCulture.Run(TestCulture.German, () => Parse(new NewareNdaParser(), TestFiles.Bytes(Version29), sink));

        Assert.Equal("1", streamed.Metadata["activeMaterialMassMg"]);
        Assert.Equal("file", streamed.Metadata["cycleSource"]);
        Assert.Equal([439], sink.BlockLengths);
    }

    private static StreamedMeasurement Parse(NewareNdaParser parser, byte[] bytes, ISeriesBlockSink sink)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return parser.Parse(stream, "long.nda", sink);
    }

    private static void AssertSameColumns(ParsedMeasurement expected, ParsedMeasurement actual)
    {
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            Assert.True(MemoryMarshal.AsBytes(expected.Columns[c].Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.Columns[c].Values.AsSpan())),
                $"column {expected.Columns[c].Name} differs");
        }
    }

    /// <summary>
    /// The file with its <paramref name="records"/> records (from <paramref name="start"/>, <paramref name="size"/> bytes
    /// each) written <paramref name="times"/> times, the index of each copy's records that <paramref name="indexed"/>
    /// picks raised by <paramref name="indexStep"/> over the copy before; header and footer kept.
    /// </summary>
    private static byte[] Repeat(byte[] file, int start, int size, int records, int indexAt, int indexStep, int times,
        Func<byte[], bool> indexed)
    {
        int end = start + (records * size);
        var result = new byte[file.Length + ((times - 1) * (end - start))];
        file.AsSpan(0, start).CopyTo(result);
        int at = start;
        for (int copy = 0; copy < times; copy++)
        {
            for (int r = start; r < end; r += size, at += size)
            {
                var record = file[r..(r + size)];
                if (indexed(record))
                {
                    int index = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(indexAt));
                    BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(indexAt), index + (copy * indexStep));
                }
                record.CopyTo(result, at);
            }
        }
        file.AsSpan(end).CopyTo(result.AsSpan(at));
        return result;
    }

    /// <summary>The version-29 file with an auxiliary record (channel 2, 25.0 + k/10 C) for its data rows 10..19, placed
    /// after each sample or ahead of it.</summary>
    private static byte[] WithAux(byte[] file, bool before)
    {
        var parts = new List<byte[]> { file[..Version29Start] };
        int row = 0;
        for (int r = Version29Start; r + 86 <= file.Length; r += 86)
        {
            var record = file[r..(r + 86)];
            bool data = record[0] == 0x55;
            byte[]? aux = null;
            if (data && row is >= 10 and < 20)
            {
                aux = new byte[86];
                aux[0] = 0x65;
                aux[1] = 2;
                BinaryPrimitives.WriteInt32LittleEndian(aux.AsSpan(2), BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(2)));
                BinaryPrimitives.WriteInt16LittleEndian(aux.AsSpan(34), (short)(250 + row - 10));
            }
            if (aux is not null && before)
            {
                parts.Add(aux);
            }
            parts.Add(record);
            if (aux is not null && !before)
            {
                parts.Add(aux);
            }
            row += data ? 1 : 0;
        }
        return Concat([.. parts]);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>A seekable stream that states more bytes than it gives, like a file cut while it is read.</summary>
    private sealed class ShortStream(byte[] bytes, long statedLength) : Stream
    {
        private readonly MemoryStream inner = new(bytes, writable: false);

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => statedLength;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
