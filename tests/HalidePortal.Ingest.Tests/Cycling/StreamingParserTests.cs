using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;
using HalidePortal.TestSupport;

namespace HalidePortal.Ingest.Tests.Cycling;

/// <summary>
/// Parsers that hand their rows over in blocks: on the real files the blocks add up to exactly what the whole-file
/// parse returns, blocks are full but for the last, and a failing sink's exception comes out unchanged.
/// </summary>
public class StreamingParserTests
{
    /// <summary>Keeps a copy of every block and checks the sink contract as it goes.</summary>
    internal sealed class RecordingSink : ISeriesBlockSink
    {
        public string? Format { get; private set; }
        public Technique Technique { get; private set; }
        public IReadOnlyList<SeriesColumnInfo> Columns { get; private set; } = [];
        public List<int> BlockLengths { get; } = [];

        /// <summary>Where the file's stream is, asked at the first block: before its end when the parser streams.</summary>
        public Func<long>? Probe { get; set; }
        public long PositionAtFirstBlock { get; private set; } = -1;
        private List<List<double>> values = [];

        public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
        {
            Assert.Null(Format);
            Format = format;
            Technique = technique;
            Columns = [.. columns];
            values = columns.Select(_ => new List<double>()).ToList();
        }

        public void Append(IReadOnlyList<ArraySegment<double>> columns)
        {
            Assert.NotNull(Format);
            Assert.Equal(Columns.Count, columns.Count);
            int length = columns.Count == 0 ? 0 : columns[0].Count;
            Assert.InRange(length, 1, SeriesBlocks.MaxRows);
            for (int c = 0; c < columns.Count; c++)
            {
                Assert.Equal(length, columns[c].Count);
                values[c].AddRange(columns[c]);
            }
            if (BlockLengths.Count == 0 && Probe is not null)
            {
                PositionAtFirstBlock = Probe();
            }
            BlockLengths.Add(length);
        }

        public double[] Values(int column) => [.. values[column]];
    }

    public static TheoryData<string> StreamedFiles() =>
    [
        "pyprobe__Sample_data_biologic_no_header.mpt",
        "pyprobe__Sample_data_biologic_timestamped.txt",
        "pyprobe__Sample_data_biologic_01_MB_CA1.txt",
        "impedancepy_exampleDataBioLogic.mpt",
        "PyEIS_ex1.mpt",
    ];

    public static TheoryData<string> MprFiles() =>
    [
        "cellpy__biol.mpr",
        "datalab__jdb11-1_e1_s3_squidTest_data_C15.mpr",
        "navani__00_test_01_OCV_C01.mpr",
        "navani__00_test_02_MB_C01.mpr",
        "navani__00_test_04_MB_C01.mpr",
        "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr",
    ];

    /// <summary>Streams <paramref name="name"/> and checks it against the whole-file parse of the same parser.</summary>
    internal static RecordingSink AssertSameAsWhole(IStreamingInstrumentParser parser, byte[] bytes, string name)
    {
        ParsedMeasurement whole;
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            whole = parser.Parse(stream, name);
        }
        var sink = new RecordingSink();
        StreamedMeasurement streamed;
        using (var stream = new ForwardOnlyStream(bytes))
        {
            sink.Probe = () => stream.Position;
            streamed = parser.Parse(stream, name, sink);
        }

        Assert.Equal(whole.Format, sink.Format);
        Assert.Equal(whole.Format, streamed.Format);
        Assert.Equal(whole.Technique, sink.Technique);
        Assert.Equal(whole.Technique, streamed.Technique);
        Assert.Equal(whole.RowCount, streamed.RowCount);
        Assert.Equal(whole.RowCount, sink.BlockLengths.Sum());
        Assert.Equal(whole.Columns.Select(c => (c.Name, c.Unit, c.Quantity)), sink.Columns.Select(c => (c.Name, c.Unit, c.Quantity)));
        Assert.Equal(sink.Columns, streamed.Columns);
        for (int c = 0; c < whole.Columns.Count; c++)
        {
            // Bit for bit: NaN payloads and negative zeros included.
            Assert.True(MemoryMarshal.AsBytes(whole.Columns[c].Values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(sink.Values(c).AsSpan())),
                $"column {whole.Columns[c].Name} differs");
        }
        Assert.Equal(whole.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), streamed.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(whole.Warnings, streamed.Warnings);
        AssertFullBlocks(sink);
        return sink;
    }

    internal static void AssertFullBlocks(RecordingSink sink)
    {
        for (int i = 0; i < sink.BlockLengths.Count - 1; i++)
        {
            Assert.Equal(SeriesBlocks.MaxRows, sink.BlockLengths[i]);
        }
    }

    [Theory]
    [MemberData(nameof(StreamedFiles))]
    public void Parse_MptStreamed_SameAsWhole(string name)
    {
        var sink = AssertSameAsWhole(new BioLogicMptParser(), TestFiles.Bytes(name), name);

        Assert.NotEmpty(sink.BlockLengths);
    }

    [Theory]
    [MemberData(nameof(MprFiles))]
    public void Parse_MprStreamed_SameAsWhole(string name)
    {
        var sink = AssertSameAsWhole(new BioLogicMprParser(), TestFiles.Bytes(name), name);

        Assert.NotEmpty(sink.BlockLengths);
    }

    [Fact]
    public void Parse_MprOf184kRows_StreamsThreeBlocks()
    {
        var bytes = RepeatedRows(TestFiles.Bytes(Jdb), 4);

        var sink = AssertSameAsWhole(new BioLogicMprParser(), bytes, "long.mpr");

        Assert.Equal([SeriesBlocks.MaxRows, SeriesBlocks.MaxRows, (4 * 46102) - (2 * SeriesBlocks.MaxRows)], sink.BlockLengths);
        Assert.InRange(sink.PositionAtFirstBlock, 1, bytes.Length / 2);
        Assert.Equal(Technique.Cycling, sink.Technique);
        var voltage = sink.Values(sink.Columns.ToList().FindIndex(c => c.Quantity == Quantity.VoltageV));
        Assert.Equal(voltage[0], voltage[46102]);
    }

    [Fact]
    public void Parse_MprSinkThrows_SinkExceptionUnchanged()
    {
        using var stream = new MemoryStream(RepeatedRows(TestFiles.Bytes(Jdb), 4), writable: false);

        var e = Assert.Throws<InvalidOperationException>(() => InstrumentFormats.Parse(stream, "long.mpr", new ThrowingSink(1)));

        Assert.Equal("sink down", e.Message);
    }

    [Fact]
    public void Parse_MprTruncatedAfterBlocks_InstrumentFileExceptionWithOffset()
    {
        var bytes = RepeatedRows(TestFiles.Bytes(Jdb), 4);
        var sink = new RecordingSink();

        // Not seekable, so the module length cannot be checked against the file's before the rows are read.
        using var stream = new ForwardOnlyStream(bytes[..(bytes.Length * 3 / 4)]);

        var e = Assert.Throws<InstrumentFileException>(() => new BioLogicMprParser().Parse(stream, "cut.mpr", sink));

        Assert.Equal("cut.mpr", e.FileName);
        Assert.Contains("of 184408 rows", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Position);
        Assert.Equal(2, sink.BlockLengths.Count);
    }

    [Fact]
    public void Parse_MptOf150kRows_ThreeBlocks()
    {
        const int rows = 150_001;
        var bytes = GcplMpt(rows);

        var sink = AssertSameAsWhole(new BioLogicMptParser(), bytes, "long.mpt");

        Assert.Equal([SeriesBlocks.MaxRows, SeriesBlocks.MaxRows, rows - (2 * SeriesBlocks.MaxRows)], sink.BlockLengths);
        Assert.InRange(sink.PositionAtFirstBlock, 1, bytes.Length - 1);
        Assert.Equal(Technique.Cycling, sink.Technique);
        var time = sink.Values(sink.Columns.ToList().FindIndex(c => c.Quantity == Quantity.TimeS));
        Assert.Equal(0.0, time[0]);
        Assert.Equal((rows - 1) * 0.5, time[^1]);
    }

    [Fact]
    public void Parse_MptExactlyOneBlock_OneFullBlock()
    {
        var sink = AssertSameAsWhole(new BioLogicMptParser(), GcplMpt(SeriesBlocks.MaxRows), "one.mpt");

        Assert.Equal([SeriesBlocks.MaxRows], sink.BlockLengths);
    }

    [Fact]
    public void Parse_MptNoRows_BeginWithoutBlocks()
    {
        var sink = AssertSameAsWhole(new BioLogicMptParser(), GcplMpt(0), "empty-data.mpt");

        Assert.Empty(sink.BlockLengths);
        Assert.Equal(4, sink.Columns.Count);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Parse_MptSinkThrows_SinkExceptionUnchanged(int afterBlocks)
    {
        var bytes = GcplMpt(150_000);
        using var stream = new MemoryStream(bytes, writable: false);

        var e = Assert.Throws<InvalidOperationException>(() => InstrumentFormats.Parse(stream, "long.mpt", new ThrowingSink(afterBlocks)));

        Assert.StartsWith("sink down", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MptBadNumberAfterBlocks_InstrumentFileExceptionWithLine()
    {
        var text = Encoding.ASCII.GetString(GcplMpt(70_000)).Replace("\t3.5\t0.3", "\t3.x\t0.3", StringComparison.Ordinal);
        var sink = new RecordingSink();

        var e = Assert.Throws<InstrumentFileException>(() =>
            InstrumentFormats.Parse(new MemoryStream(Encoding.ASCII.GetBytes(text)), "bad.mpt", sink));

        Assert.Equal("bad.mpt", e.FileName);
        // Five header lines, then row k on line 6 + k.
        Assert.Equal(6 + 65_600, e.Position);
        Assert.Single(sink.BlockLengths);
    }

    [Theory]
    [InlineData("empty.mpt", new byte[0])]
    [InlineData("random.mpt", new byte[] { 0x45, 0x43, 0x2D, 0x4C, 0x61, 0x62, 0x20, 0x41, 0x53, 0x43, 0x49, 0x49, 0x20, 0x46, 0x49, 0x4C, 0x45, 0x0A, 0x07, 0xFF, 0x00 })]
    [InlineData("empty.mpr", new byte[0])]
    [InlineData("random.mpr", new byte[] { 0x42, 0x49, 0x4F, 0x2D, 0x4C, 0x4F, 0x47, 0x49, 0x43, 0x13, 0x77 })]
    public void Parse_StreamedBadFile_InstrumentFileExceptionNoBlocks(string name, byte[] bytes)
    {
        IStreamingInstrumentParser parser = name.EndsWith(".mpr", StringComparison.Ordinal) ? new BioLogicMprParser() : new BioLogicMptParser();
        var sink = new RecordingSink();
        using var stream = new ForwardOnlyStream(bytes);

        var e = Assert.Throws<InstrumentFileException>(() => parser.Parse(stream, name, sink));

        Assert.Equal(name, e.FileName);
        Assert.NotNull(e.Position);
        Assert.Empty(sink.BlockLengths);
    }

    [Fact]
    public void Parse_TimestampedMptStreamed_SecondsFromFirstRow()
    {
        var text = new StringBuilder("mode\ttime/s\tEwe/V\tI/mA\n");
        var start = new DateTime(2024, 3, 1, 23, 59, 58, 500, DateTimeKind.Unspecified);
        for (int i = 0; i < 70_000; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"1\t{start.AddSeconds(i * 0.25):MM/dd/yyyy HH:mm:ss.fff}\t3.1\t0.2\n");
        }

        var sink = AssertSameAsWhole(new BioLogicMptParser(), Encoding.ASCII.GetBytes(text.ToString()), "stamps.txt");

        Assert.Equal([SeriesBlocks.MaxRows, 70_000 - SeriesBlocks.MaxRows], sink.BlockLengths);
        var time = sink.Values(1);
        Assert.Equal(0.0, time[0]);
        Assert.Equal(69_999 * 0.25, time[^1], 9);
    }

    [Theory]
    [InlineData("Galvanostatic Cycling with Potential Limitation", false, Technique.Cycling)]
    [InlineData("Modulo Bat", false, Technique.Cycling)]
    [InlineData("Modulo Bat", true, null)]
    [InlineData(null, true, null)]
    [InlineData("GCPL", true, Technique.Cycling)]
    [InlineData("Potentio Electrochemical Impedance Spectroscopy", true, Technique.Impedance)]
    [InlineData("PEIS", false, Technique.Cycling)]
    [InlineData("Linear Sweep Voltammetry", false, Technique.Voltammetry)]
    public void FromHeader_NameAndColumns_DecidedBeforeRowsOrNot(string? name, bool frequency, Technique? expected)
    {
        Quantity[] quantities = frequency ? [Quantity.TimeS, Quantity.FrequencyHz] : [Quantity.TimeS, Quantity.VoltageV];

        Assert.Equal(expected, BioLogicTechniques.FromHeader(name, quantities));
    }

    [Theory]
    [InlineData(0.1, Technique.Cycling)]
    [InlineData(0.9, Technique.Impedance)]
    public void Parse_ModuloBatWithFrequency_ReadWholeThenEmitted(double impedanceShare, Technique technique)
    {
        var text = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 5\n\nModulo Bat\nfreq/Hz\ttime/s\tEwe/V\tI/mA\n");
        for (int i = 0; i < 1000; i++)
        {
            double frequency = i < impedanceShare * 1000 ? 1e5 / (1 + (i % 50)) : 0;
            text.Append(CultureInfo.InvariantCulture, $"{frequency:R}\t{i:R}\t3.2\t0.1\n");
        }

        var sink = AssertSameAsWhole(new BioLogicMptParser(), Encoding.ASCII.GetBytes(text.ToString()), "mb.mpt");

        Assert.Equal(technique, sink.Technique);
        Assert.Equal(technique == Technique.Impedance, sink.Columns.Any(c => c.Quantity == Quantity.SweepNumber));
    }

    [Fact]
    public void Parse_MptUnderGermanCulture_SameBlocks()
    {
        var bytes = GcplMpt(1000);
        var sink = TestCulture.Run(TestCulture.German, () => AssertSameAsWhole(new BioLogicMptParser(), bytes, "de.mpt"));

        Assert.Equal([1000], sink.BlockLengths);
    }

    /// <summary>
    /// A GCPL export: 5-line header block naming the technique, then rows of Ns, time (0.5 s steps), Ewe and I.
    /// Row 65,600 reads "3.5" in its voltage column so a bad number can be planted after the first block.
    /// </summary>
    internal static byte[] GcplMpt(int rows)
    {
        var text = new StringBuilder();
        text.Append("EC-Lab ASCII FILE\nNb header lines : 5\n\nGalvanostatic Cycling with Potential Limitation\n");
        text.Append("Ns\ttime/s\tEwe/V\tI/mA\t\n");
        for (int i = 0; i < rows; i++)
        {
            string voltage = i == 65_600 ? "3.5" : (3 + (i * 1e-6)).ToString("R", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{i / 1000}\t{i * 0.5:R}\t{voltage}\t0.3\n");
        }
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private const string Jdb = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";

    /// <summary>
    /// A real .mpr with its data module's rows written <paramref name="times"/> times: the point count (u32 at the
    /// module's start) and the module length (u32 at byte 35 of the short module header) grow to match.
    /// </summary>
    internal static byte[] RepeatedRows(byte[] mpr, int times)
    {
        int module = mpr.AsSpan().IndexOf("MODULEVMP data"u8);
        int start = module + 6 + 51;
        Assert.NotEqual(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(mpr.AsSpan(module + 6 + 35)));
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(mpr.AsSpan(module + 6 + 35));
        int points = (int)BinaryPrimitives.ReadUInt32LittleEndian(mpr.AsSpan(start));
        const int dataOffset = 406; // version 3
        int rowBytes = length - dataOffset;
        Assert.Equal(0, rowBytes % points);

        var result = new List<byte>(mpr.Length + ((times - 1) * rowBytes));
        result.AddRange(mpr.AsSpan(0, start + dataOffset));
        for (int i = 0; i < times; i++)
        {
            result.AddRange(mpr.AsSpan(start + dataOffset, rowBytes));
        }
        result.AddRange(mpr.AsSpan(start + length));
        var bytes = result.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(module + 6 + 35), (uint)(dataOffset + (times * rowBytes)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(start), (uint)(times * points));
        return bytes;
    }
}
