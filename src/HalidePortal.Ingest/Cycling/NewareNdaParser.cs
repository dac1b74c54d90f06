using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using HalidePortal.Ingest.Archives;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Neware BTS 7.6 / 9.x .nda files: "NEWARE" magic, version byte at 14. Version 29 (BTS 7.6) holds 86-byte records
/// after a variable header; version 130 (BTS 9.0 and 9.1) holds records from byte 1024 up to a 0x81 footer record.
/// </summary>
/// <remarks>
/// <para>Columns as <see cref="NewareNdaxParser"/>, plus AuxN_Temperature when the file has auxiliary records. Cycle
/// numbers: version 29 stores them; version 130 does not, so they are counted as the Neware software does by default (a
/// new cycle at a charge step after a discharge). Metadata: ndaVersion, activeMassMg, remarks, cycleSource ("file" or
/// "counted").</para>
/// <para>Read in blocks (<see cref="IStreamingInstrumentParser"/>): records have one size from the start of the data,
/// so a first pass over their index fields decides how. When the sample indices rise strictly and every auxiliary
/// record follows the sample it names (every public file), the records are decoded in file order straight into
/// blocks, memory being a block and a 64 KiB read buffer, with the auxiliary columns known from that pass. Otherwise
/// (a file written after a restart can repeat or reorder records) the file is read whole, sorted and de-duplicated
/// by index, and then handed over in blocks. Either way the rows are those of the whole-file parse. A non-seekable
/// upload is copied first (to a temporary file past 16 MB, as <see cref="SafeZip"/> does).</para>
/// </remarks>
public sealed class NewareNdaParser : IStreamingInstrumentParser
{
    private const int DataRecord29 = 86;
    private const int Data130 = 1024;
    private const int TemperatureRecordBts91 = 56;

    private static readonly NewareNdc.IntegerRecord Version29Record = new(6, 10, true, 12, 14, 38, 70, 78);

    public string Format => "neware-nda";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) => head.StartsWith("NEWARE"u8);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var file = NdaFile.Open(stream, fileName);
        return Read(file, fileName, sink: null).Whole!;
    }

    /// <summary>
    /// Gives the records to <paramref name="sink"/> in blocks as they are decoded when their indices rise strictly,
    /// else after reading the file whole (see the class remarks); the stream may be non-seekable.
    /// </summary>
    public StreamedMeasurement Parse(Stream stream, string fileName, ISeriesBlockSink sink)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sink);
        using var file = NdaFile.Open(stream, fileName);
        return Read(file, fileName, sink).ToSink(sink);
    }

    /// <summary>
    /// Finds the layout, surveys the records, then decodes them: in file order into blocks (to the sink, or kept and
    /// returned as exact whole columns without one) when the survey allows, else whole and sorted as before.
    /// </summary>
    private StreamedOrWhole Read(NdaFile file, string fileName, ISeriesBlockSink? sink)
    {
        var head = file.From(0, 1030);
        if (file.Length < 1030 || !head.StartsWith("NEWARE"u8))
        {
            throw new InstrumentFileException(fileName, "not an .nda file: no NEWARE header or too short", 0);
        }

        int version = head[14];
        var warnings = new List<string>();
        var metadata = new Dictionary<string, string> { ["ndaVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        Layout layout = version switch
        {
            29 or 28 => Version29(file, fileName, metadata),
            130 => Version130(file, fileName),
            _ => throw new InstrumentFileException(fileName,
                $"nda version {version} is not read by this parser (known: 28, 29, 130)", 14),
        };
        var survey = Survey.Of(file, layout);
        if (layout.Counted)
        {
            FooterMetadata(file, survey.Footer, metadata);
        }
        metadata["cycleSource"] = layout.Counted ? "counted" : "file";
        if (survey.Rows == 0)
        {
            throw new InstrumentFileException(fileName, "no data records found", file.Length);
        }
        if (!survey.InOrder)
        {
            return new StreamedOrWhole(null, ReadWhole(file, layout, survey.Rows, metadata, warnings));
        }

        var columns = NewareNdc.CoreColumns(withSteps: true);
        var auxColumn = new int[256];
        Array.Fill(auxColumn, -1);
        var auxColumns = new List<int>();
        for (int channel = 0; channel < auxColumn.Length; channel++)
        {
            if (survey.Channels[channel])
            {
                auxColumn[channel] = columns.Count;
                auxColumns.Add(columns.Count);
                columns.Add(new SeriesColumnInfo(string.Create(CultureInfo.InvariantCulture, $"Aux{channel}_Temperature"), "C",
                    Quantity.TemperatureC));
            }
        }

        sink?.Begin(Format, Technique.Cycling, columns);
        var blocks = new ColumnBlocks(columns.Count, sink, survey.Rows);
        var rows = new NewareNdc.DecodedRows(0);
        ReadInOrder(file, layout, blocks, rows, auxColumn, [.. auxColumns]);
        blocks.Finish();
        NewareNdc.AddRangeWarnings(rows.UnknownRanges, warnings);
        return StreamedOrWhole.From(blocks, sink is not null, Format, Technique.Cycling, columns, metadata, warnings);
    }

    /// <summary>Where the records are and how long each is; what is in one is told by <see cref="Classify"/>.</summary>
    private sealed class Layout
    {
        /// <summary>Version 130: no cycle numbers in the records (counted), metadata in a footer.</summary>
        public required bool Counted { get; init; }

        public required long Start { get; init; }

        public required int Size { get; init; }

        /// <summary>Version 130 written by BTS 9.1 (records starting 0x55); else BTS 9.0 (records starting with
        /// <see cref="Identifier"/>).</summary>
        public bool Bts91 { get; init; }

        public byte[] Identifier { get; init; } = [];

        /// <summary>BTS 9.1 records of 56 bytes carry a temperature (auxiliary channel 1) at 52.</summary>
        public bool InlineTemperature => Bts91 && Size == TemperatureRecordBts91;
    }

    private enum Kind
    {
        Skip,
        Data,
        Aux,
        End,
    }

    /// <summary>
    /// Version 29: records start 0x55 0x00 and end with four zero bytes: index u32 at 2, cycle (0-based) u32 at 6,
    /// step u16 at 10, step type u8 at 12, step time ms u64 at 14, voltage i32 ×1e-4 V at 22, current i32 at 26,
    /// capacities and energies i64 at 38/46/54/62 (×range multiplier/3600), wall clock at 70, range i32 at 78.
    /// Auxiliary records start 0x65: channel u8 at 1, index u32 at 2, temperature i16 ×0.1 C at 34. The data block
    /// begins at the first 00 00 00 00 55 00 whose record is followed by another record.
    /// </summary>
    private static Layout Version29(NdaFile file, string fileName, Dictionary<string, string> metadata)
    {
        var head = file.From(0, 2417);
        if (head.Length >= 156)
        {
            uint mass = BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(152, 4));
            if (mass > 0)
            {
                metadata[MetadataKeys.ActiveMaterialMassMg] = (mass / 1000.0).ToString("R", CultureInfo.InvariantCulture);
            }
        }
        if (head.Length >= 2417 && AsciiText(head.Slice(2317, 100)) is { Length: > 0 } remarks)
        {
            metadata["remarks"] = remarks;
        }

        ReadOnlySpan<byte> marker = [0, 0, 0, 0, 0x55, 0];
        long start = -1;
        for (long from = 0; from < file.Length;)
        {
            long hit = file.IndexOf(from, marker);
            if (hit < 0)
            {
                break;
            }
            long rec = hit + 4;
            if (rec + DataRecord29 >= file.Length || (file.ByteAt(rec + DataRecord29) == 0x55 && file.ByteAt(rec + 12) != 0))
            {
                start = rec;
                break;
            }
            from = hit + 4;
        }
        if (start < 0)
        {
            throw new InstrumentFileException(fileName, "no data records found (version 29 layout)", 0);
        }
        return new Layout { Counted = false, Start = start, Size = DataRecord29 };
    }

    /// <summary>
    /// Version 130. BTS 9.1 (byte 1024 = 0x55): records as long as the distance to the next 0x55 xx pair (56 bytes
    /// with a temperature float at 52): step u8 at 2, step type at 3, index u32 at 8, step time s u32 at 12 + ns u32
    /// at 16, current f32 mA at 20, voltage f32 V at 24, capacity f32 mA·s at 28 and energy f32 mW·s at 32 (sign
    /// gives charge or discharge), Unix s u32 at 44 + ns u32 at 48. BTS 9.0: 88-byte records that repeat the first
    /// six bytes at 1024; from byte 4: step u8 at 5, step type at 6, index u32 at 12, step time µs u64 at 24,
    /// voltage f32 at 32, current f32 at 36, charge capacity, charge energy, discharge capacity, discharge energy f32
    /// at 48..63 (mA·s, mW·s; discharge stored negative, reported positive), Unix µs u64 at 64. Auxiliary records
    /// start 00 00 00 00 0x65, then as in version 29. A record starting 0x81 ends the data.
    /// </summary>
    private static Layout Version130(NdaFile file, string fileName)
    {
        var first = file.From(Data130, 6)[..6].ToArray();
        bool bts91 = first[0] == 0x55;
        int size = 88;
        if (bts91)
        {
            long next = file.IndexOf(Data130 + 2, first.AsSpan(0, 2));
            if (next < 0)
            {
                throw new InstrumentFileException(fileName, "cannot find the record length (BTS 9.1 layout)", Data130);
            }
            long length = next - Data130;
            if (length < 52)
            {
                throw new InstrumentFileException(fileName,
                    string.Create(CultureInfo.InvariantCulture, $"record length {length} too short for the BTS 9.1 layout"), Data130);
            }
            size = checked((int)length);
        }
        return new Layout { Counted = true, Start = Data130, Size = size, Bts91 = bts91, Identifier = first };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Kind Classify(ReadOnlySpan<byte> r, Layout layout)
    {
        if (!layout.Counted)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(82, 4)) != 0)
            {
                return Kind.Skip;
            }
            if (r[0] == 0x55 && r[1] == 0)
            {
                // Index 0 or step type 0: a record not (yet) in use.
                return BinaryPrimitives.ReadInt32LittleEndian(r.Slice(2, 4)) == 0 || r[12] == 0 ? Kind.Skip : Kind.Data;
            }
            return r[0] == 0x65 ? Kind.Aux : Kind.Skip;
        }
        if (layout.Bts91 ? r[0] == 0x55 : r[..6].SequenceEqual(layout.Identifier))
        {
            return Kind.Data;
        }
        if (r[..5].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 0, 0x65]))
        {
            return Kind.Aux;
        }
        return r[0] == 0x81 ? Kind.End : Kind.Skip;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DataIndex(ReadOnlySpan<byte> r, Layout layout) =>
        BinaryPrimitives.ReadInt32LittleEndian(r.Slice(!layout.Counted ? 2 : layout.Bts91 ? 8 : 16, 4));

    /// <summary>An auxiliary record: the sample index it belongs to, its channel and temperature (C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Index, int Channel, double T) AuxRecord(ReadOnlySpan<byte> r, Layout layout)
    {
        var b = layout.Counted ? r[4..] : r;
        return (BinaryPrimitives.ReadInt32LittleEndian(b.Slice(2, 4)), b[1], BinaryPrimitives.ReadInt16LittleEndian(b.Slice(34, 2)) * 0.1);
    }

    /// <summary>Decodes a data record into row <paramref name="n"/> (cycle left for version 130, which counts it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Decode(NewareNdc.DecodedRows rows, int n, ReadOnlySpan<byte> r, Layout layout)
    {
        if (!layout.Counted)
        {
            rows.Add(n, r, Version29Record);
        }
        else if (layout.Bts91)
        {
            rows.Step[n] = r[2];
            rows.Status[n] = r[3];
            rows.StepTimeS[n] = BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(12, 4))
                + (BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(16, 4)) * 1e-9);
            rows.CurrentMA[n] = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(20, 4));
            rows.VoltageV[n] = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(24, 4));
            double capacity = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(28, 4)) / 3600;
            double energy = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(32, 4)) / 3600;
            rows.ChargeMAh[n] = Math.Max(capacity, 0);
            rows.DischargeMAh[n] = Math.Max(-capacity, 0);
            rows.ChargeMWh[n] = Math.Max(energy, 0);
            rows.DischargeMWh[n] = Math.Max(-energy, 0);
            rows.UnixTimeS[n] = BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(44, 4))
                + (BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(48, 4)) * 1e-9);
        }
        else
        {
            var b = r[4..];
            rows.Step[n] = b[5];
            rows.Status[n] = b[6];
            rows.StepTimeS[n] = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(24, 8)) / 1e6;
            rows.VoltageV[n] = BinaryPrimitives.ReadSingleLittleEndian(b.Slice(32, 4));
            rows.CurrentMA[n] = BinaryPrimitives.ReadSingleLittleEndian(b.Slice(36, 4));
            rows.ChargeMAh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(48, 4))) / 3600;
            rows.ChargeMWh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(52, 4))) / 3600;
            rows.DischargeMAh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(56, 4))) / 3600;
            rows.DischargeMWh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(60, 4))) / 3600;
            rows.UnixTimeS[n] = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(64, 8)) / 1e6;
        }
    }

    /// <summary>What a pass over the records' index fields found: how many samples, whether they can be read in file
    /// order, which auxiliary channels exist, where the version-130 footer is.</summary>
    private sealed class Survey
    {
        public long Rows { get; private set; }

        /// <summary>Indices rise strictly and every auxiliary record names the sample just before it.</summary>
        public bool InOrder { get; private set; } = true;

        public bool[] Channels { get; } = new bool[256];

        /// <summary>Offset of the last footer marker (version 130), or -1.</summary>
        public long Footer { get; private set; } = -1;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static Survey Of(NdaFile file, Layout layout)
        {
            var survey = new Survey();
            var footer = new FooterSearch();
            int size = layout.Size;
            long p = layout.Start, rows = 0;
            int last = 0;
            bool ended = false, inOrder = true;
            while (true)
            {
                var span = file.From(p, size);
                var records = span[..(span.Length - (span.Length % size))];
                if (records.IsEmpty)
                {
                    break;
                }
                for (int r = 0; r < records.Length && !ended; r += size)
                {
                    var rec = records.Slice(r, size);
                    switch (Classify(rec, layout))
                    {
                        case Kind.Data:
                            int index = DataIndex(rec, layout);
                            inOrder &= rows == 0 || index > last;
                            last = index;
                            rows++;
                            break;
                        case Kind.Aux:
                            var (auxIndex, channel, _) = AuxRecord(rec, layout);
                            survey.Channels[channel] = true;
                            inOrder &= rows > 0 && auxIndex == last;
                            break;
                        case Kind.End:
                            ended = true;
                            break;
                    }
                }
                if (layout.Counted)
                {
                    footer.Feed(records, p);
                }
                p += records.Length;
                if (ended)
                {
                    break;
                }
            }
            if (layout.Counted)
            {
                // The footer block follows the records; the marker is looked for as far as the file goes.
                for (ReadOnlySpan<byte> rest; p < file.Length; p += rest.Length)
                {
                    rest = file.From(p, 1);
                    footer.Feed(rest, p);
                }
                survey.Footer = footer.Last;
            }
            if (layout.InlineTemperature && rows > 0)
            {
                survey.Channels[1] = true;
            }
            survey.Rows = rows;
            survey.InOrder = inOrder;
            return survey;
        }
    }

    /// <summary>The last place of the version-130 footer marker in bytes given front to back in pieces, found also where
    /// it spans two pieces.</summary>
    private sealed class FooterSearch
    {
        private static ReadOnlySpan<byte> Marker =>
            [0x06, 0x00, 0xf0, 0x1d, 0x81, 0x00, 0x03, 0x00, 0x61, 0x90, 0x71, 0x90, 0x02, 0x7f, 0xff, 0x00];

        private readonly byte[] tail = new byte[15];
        private int tailLength;

        public long Last { get; private set; } = -1;

        public void Feed(ReadOnlySpan<byte> piece, long offset)
        {
            if (tailLength > 0)
            {
                Span<byte> joint = stackalloc byte[30];
                int head = Math.Min(15, piece.Length);
                tail.AsSpan(0, tailLength).CopyTo(joint);
                piece[..head].CopyTo(joint[tailLength..]);
                int across = joint[..(tailLength + head)].LastIndexOf(Marker);
                if (across >= 0)
                {
                    Last = offset - tailLength + across;
                }
            }
            int within = piece.LastIndexOf(Marker);
            if (within >= 0)
            {
                Last = offset + within;
            }
            // Keep the last 15 bytes seen: a marker can start in them and end in the next piece.
            if (piece.Length >= tail.Length)
            {
                piece[^tail.Length..].CopyTo(tail);
                tailLength = tail.Length;
            }
            else
            {
                int keep = Math.Min(tailLength, tail.Length - piece.Length);
                tail.AsSpan(tailLength - keep, keep).CopyTo(tail);
                piece.CopyTo(tail.AsSpan(keep));
                tailLength = keep + piece.Length;
            }
        }
    }

    /// <summary>Version 130 footer after the marker: active mass (f64, mg) in its last 8 of 499 bytes, remarks at 363.</summary>
    private static void FooterMetadata(NdaFile file, long footer, Dictionary<string, string> metadata)
    {
        if (footer < 0 || footer + 16 + 499 > file.Length)
        {
            return;
        }
        var block = file.From(footer + 16, 499)[..499];
        double mass = BinaryPrimitives.ReadDoubleLittleEndian(block[^8..]);
        if (mass > 0 && double.IsFinite(mass))
        {
            metadata[MetadataKeys.ActiveMaterialMassMg] = mass.ToString("R", CultureInfo.InvariantCulture);
        }
        if (AsciiText(block.Slice(363, 128)) is { Length: > 0 } remarks)
        {
            metadata["remarks"] = remarks;
        }
    }

    /// <summary>Records in file order into blocks: the test clock, counted cycles and auxiliary values carried from row to
    /// row; an auxiliary record fills the row before it (the survey checked it names that row's index), first value
    /// kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadInOrder(NdaFile file, Layout layout, ColumnBlocks blocks, NewareNdc.DecodedRows rows,
        int[] auxColumn, int[] auxColumns)
    {
        int size = layout.Size;
        bool counted = layout.Counted, inline = layout.InlineTemperature;
        int inlineColumn = inline ? auxColumn[1] : -1;
        var clock = default(NewareNdc.TestClock);
        var cycles = default(CycleCounter);
        double[][] arrays = [];
        double[] time = [];
        int room = 0, j = 0;
        long p = layout.Start;
        while (true)
        {
            var span = file.From(p, size);
            var records = span[..(span.Length - (span.Length % size))];
            if (records.IsEmpty)
            {
                return;
            }
            for (int r = 0; r < records.Length; r += size)
            {
                var rec = records.Slice(r, size);
                switch (Classify(rec, layout))
                {
                    case Kind.Data:
                        if (room == 0)
                        {
                            room = blocks.Room();
                            j = blocks.Count;
                            arrays = blocks.Arrays;
                            rows.UseBlock(arrays);
                            time = arrays[0];
                        }
                        Decode(rows, j, rec, layout);
                        if (counted)
                        {
                            rows.Cycle[j] = cycles.Next(rows.Status[j]);
                        }
                        time[j] = clock.Next(rows.Step[j], rows.Cycle[j], rows.StepTimeS[j]);
                        foreach (int c in auxColumns)
                        {
                            arrays[c][j] = double.NaN;
                        }
                        if (inline)
                        {
                            arrays[inlineColumn][j] = BinaryPrimitives.ReadSingleLittleEndian(rec.Slice(52, 4));
                        }
                        j++;
                        room--;
                        blocks.Advance();
                        break;
                    case Kind.Aux:
                        var (_, channel, t) = AuxRecord(rec, layout);
                        ref double value = ref arrays[auxColumn[channel]][j - 1];
                        if (double.IsNaN(value))
                        {
                            value = t;
                        }
                        break;
                    case Kind.End:
                        return;
                }
            }
            p += records.Length;
        }
    }

    /// <summary>The file read whole, as before block reading: every record decoded, then sorted and de-duplicated by
    /// index, cycles counted and auxiliary values matched by index.</summary>
    private ParsedMeasurement ReadWhole(NdaFile file, Layout layout, long dataRecords, Dictionary<string, string> metadata,
        List<string> warnings)
    {
        var rows = new NewareNdc.DecodedRows(checked((int)dataRecords));
        var index = new int[rows.StepTimeS.Length];
        var aux = new List<(int Index, int Aux, double T)>();
        int size = layout.Size, n = 0;
        bool ended = false;
        for (long p = layout.Start; !ended;)
        {
            var span = file.From(p, size);
            var records = span[..(span.Length - (span.Length % size))];
            if (records.IsEmpty)
            {
                break;
            }
            for (int r = 0; r < records.Length && !ended; r += size)
            {
                var rec = records.Slice(r, size);
                switch (Classify(rec, layout))
                {
                    case Kind.Data:
                        index[n] = DataIndex(rec, layout);
                        Decode(rows, n, rec, layout);
                        if (layout.InlineTemperature)
                        {
                            aux.Add((index[n], 1, BinaryPrimitives.ReadSingleLittleEndian(rec.Slice(52, 4))));
                        }
                        n++;
                        break;
                    case Kind.Aux:
                        aux.Add(AuxRecord(rec, layout));
                        break;
                    case Kind.End:
                        ended = true;
                        break;
                }
            }
            p += records.Length;
        }
        rows.Count = n;
        OrderByIndex(rows, index);
        if (layout.Counted)
        {
            var cycles = default(CycleCounter);
            for (int i = 0; i < rows.Count; i++)
            {
                rows.Cycle[i] = cycles.Next(rows.Status[i]);
            }
        }

        var columns = new List<SeriesColumn>();
        NewareNdc.AddRowColumns(rows, columns, warnings);
        AddAux(index.AsSpan(0, rows.Count), aux, columns);
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        };
    }

    /// <summary>Keeps the first record of each index, in index order (files written after a restart can repeat or
    /// reorder records).</summary>
    private static void OrderByIndex(NewareNdc.DecodedRows rows, int[] index)
    {
        int n = rows.Count;
        bool ordered = true;
        for (int i = 1; i < n && ordered; i++)
        {
            ordered = index[i] > index[i - 1];
        }
        if (ordered)
        {
            return;
        }
        var order = Enumerable.Range(0, n).OrderBy(i => index[i]).ToArray();
        var keep = new List<int>(n);
        foreach (int i in order)
        {
            if (keep.Count == 0 || index[keep[^1]] != index[i])
            {
                keep.Add(i);
            }
        }
        foreach (var column in new[] { rows.StepTimeS, rows.VoltageV, rows.CurrentMA, rows.ChargeMAh, rows.DischargeMAh,
                     rows.ChargeMWh, rows.DischargeMWh, rows.Cycle, rows.Step, rows.Status, rows.UnixTimeS })
        {
            var copy = new double[keep.Count];
            for (int k = 0; k < keep.Count; k++)
            {
                copy[k] = column[keep[k]];
            }
            copy.CopyTo(column, 0);
        }
        var sortedIndex = keep.Select(i => index[i]).ToArray();
        sortedIndex.CopyTo(index, 0);
        rows.Count = keep.Count;
    }

    /// <summary>Neware's default cycle count, row by row: cycle 1 at the start; a new cycle begins at the first row of a
    /// charge step once a discharge (or simulation) step has run since the last increment.</summary>
    private struct CycleCounter
    {
        private int increments;
        private bool discharged;
        private bool previousCharge;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Next(double stepType)
        {
            int status = (int)stepType;
            bool charge = status is 1 or 3 or 7 or 9 or 27;
            if (charge && !previousCharge && discharged)
            {
                increments++;
                discharged = false;
            }
            else if (status is 2 or 8 or 10 or 17 or 19 or 20 or 26)
            {
                discharged = true;
            }
            previousCharge = charge;
            return increments + 1;
        }
    }

    /// <summary>
    /// The upload as a seekable stream read through one buffer (64 KiB, or a record if longer): the given stream from
    /// its position when it can seek, else a copy (<see cref="SeekableCopy"/>). A stream that ends before its stated
    /// length is a cut file.
    /// </summary>
    private sealed class NdaFile : IDisposable
    {
        private const int Capacity = 64 * 1024;

        private readonly Stream stream;
        private readonly long origin;
        private readonly bool owned;
        private readonly string fileName;
        private byte[] buffer = new byte[Capacity];
        private long bufferStart;
        private int count;

        private NdaFile(Stream stream, long origin, bool owned, string fileName)
        {
            this.stream = stream;
            this.origin = origin;
            this.owned = owned;
            this.fileName = fileName;
            Length = stream.Length - origin;
        }

        public long Length { get; }

        public static NdaFile Open(Stream stream, string fileName)
        {
            if (stream.CanSeek)
            {
                return new NdaFile(stream, stream.Position, owned: false, fileName);
            }
            var copy = SeekableCopy.Of(stream, SafeZipLimits.Default.MaxInMemoryCopyBytes);
            return new NdaFile(copy, 0, owned: true, fileName);
        }

        /// <summary>The bytes from <paramref name="offset"/> on that the buffer holds: at least <paramref name="need"/>
        /// unless the file ends first. Valid until the next call.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<byte> From(long offset, int need)
        {
            long end = bufferStart + count;
            if (offset >= bufferStart && offset <= end && (offset + need <= end || end == Length))
            {
                return buffer.AsSpan((int)(offset - bufferStart), (int)(end - offset));
            }
            return Fill(offset, need);
        }

        public byte ByteAt(long offset) => From(offset, 1)[0];

        /// <summary>The offset of the first <paramref name="pattern"/> at or after <paramref name="from"/>, or -1.</summary>
        public long IndexOf(long from, ReadOnlySpan<byte> pattern)
        {
            while (from <= Length - pattern.Length)
            {
                var span = From(from, pattern.Length);
                int hit = span.IndexOf(pattern);
                if (hit >= 0)
                {
                    return from + hit;
                }
                from += span.Length - pattern.Length + 1;
            }
            return -1;
        }

        public void Dispose()
        {
            if (owned)
            {
                stream.Dispose();
            }
        }

        private ReadOnlySpan<byte> Fill(long offset, int need)
        {
            if (need > buffer.Length)
            {
                buffer = new byte[need];
            }
            int want = (int)Math.Clamp(Length - offset, 0, buffer.Length);
            stream.Position = origin + offset;
            int got = stream.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (got < want)
            {
                throw new InstrumentFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                    $"the file ends after {offset + got} of its {Length} bytes"), offset + got);
            }
            bufferStart = offset;
            count = got;
            return buffer.AsSpan(0, got);
        }
    }

    private static void AddAux(ReadOnlySpan<int> sortedIndex, List<(int Index, int Aux, double T)> aux,
        List<SeriesColumn> columns)
    {
        if (aux.Count == 0)
        {
            return;
        }
        // Aux records name the sample index they belong to; rows are in index order.
        foreach (int channel in aux.Select(a => a.Aux).Distinct().Order())
        {
            var values = new double[sortedIndex.Length];
            Array.Fill(values, double.NaN);
            foreach (var (index, ch, t) in aux)
            {
                int row = ch == channel ? sortedIndex.BinarySearch(index) : -1;
                if (row >= 0 && double.IsNaN(values[row]))
                {
                    values[row] = t;
                }
            }
            columns.Add(new SeriesColumn(string.Create(CultureInfo.InvariantCulture, $"Aux{channel}_Temperature"), "C",
                Quantity.TemperatureC, values));
        }
    }

    private static string AsciiText(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        var text = end >= 0 ? bytes[..end] : bytes;
        foreach (byte b in text)
        {
            if (b >= 0x80)
            {
                return "";
            }
        }
        return Encoding.ASCII.GetString(text).Trim();
    }
}
