using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Numerics;

namespace HalidePortal.Ingest.Cycling;

public sealed partial class BioLogicMprParser
{
    private enum ColumnType : byte { Unknown, Flags, U1, U2, U4, F4, F8 }

    private readonly record struct ColumnId(string Header, ColumnType Type);

    /// <summary>
    /// Column ids of the data module with the header EC-Lab prints for them in .mpt exports and their stored type.
    /// Ids 215 and 352 were matched to "&lt;Ece&gt;/V" and "|Ece|/V" by comparing an .mpr with its .mpt export
    /// (column order and row size); the rest agree between the open-source readers and the fixtures' row sizes.
    /// </summary>
    private static readonly FrozenDictionary<int, ColumnId> ColumnIds = new Dictionary<int, ColumnId>
    {
        [4] = new("time/s", ColumnType.F8),
        [5] = new("control/V/mA", ColumnType.F4),
        [6] = new("Ewe/V", ColumnType.F4),
        [7] = new("dq/mA.h", ColumnType.F8),
        [8] = new("I/mA", ColumnType.F4),
        [9] = new("Ece/V", ColumnType.F4),
        [11] = new("<I>/mA", ColumnType.F8),
        [13] = new("(Q-Qo)/mA.h", ColumnType.F8),
        [16] = new("Analog IN 1/V", ColumnType.F4),
        [17] = new("Analog IN 2/V", ColumnType.F4),
        [19] = new("control/V", ColumnType.F4),
        [20] = new("control/mA", ColumnType.F4),
        [23] = new("dQ/mA.h", ColumnType.F8),
        [24] = new("cycle number", ColumnType.F8),
        [27] = new("Ewe-Ece/V", ColumnType.F4),
        [32] = new("freq/Hz", ColumnType.F4),
        [33] = new("|Ewe|/V", ColumnType.F4),
        [34] = new("|I|/A", ColumnType.F4),
        [35] = new("Phase(Z)/deg", ColumnType.F4),
        [36] = new("|Z|/Ohm", ColumnType.F4),
        [37] = new("Re(Z)/Ohm", ColumnType.F4),
        [38] = new("-Im(Z)/Ohm", ColumnType.F4),
        [39] = new("I Range", ColumnType.U2),
        [69] = new("R/Ohm", ColumnType.F4),
        [70] = new("P/W", ColumnType.F4),
        [74] = new("|Energy|/W.h", ColumnType.F8),
        [75] = new("Analog OUT/V", ColumnType.F4),
        [76] = new("<I>/mA", ColumnType.F4),
        [77] = new("<Ewe>/V", ColumnType.F4),
        [78] = new("Cs-2/µF-2", ColumnType.F4),
        [96] = new("|Ece|/V", ColumnType.F4),
        [98] = new("Phase(Zce)/deg", ColumnType.F4),
        [99] = new("|Zce|/Ohm", ColumnType.F4),
        [100] = new("Re(Zce)/Ohm", ColumnType.F4),
        [101] = new("-Im(Zce)/Ohm", ColumnType.F4),
        [123] = new("Energy charge/W.h", ColumnType.F8),
        [124] = new("Energy discharge/W.h", ColumnType.F8),
        [125] = new("Capacitance charge/µF", ColumnType.F8),
        [126] = new("Capacitance discharge/µF", ColumnType.F8),
        [131] = new("Ns", ColumnType.U2),
        [163] = new("|Estack|/V", ColumnType.F4),
        [168] = new("Rcmp/Ohm", ColumnType.F4),
        [169] = new("Cs/µF", ColumnType.F4),
        [172] = new("Cp/µF", ColumnType.F4),
        [173] = new("Cp-2/µF-2", ColumnType.F4),
        [174] = new("<Ewe>/V", ColumnType.F4),
        [215] = new("<Ece>/V", ColumnType.F4),
        [352] = new("|Ece|/V", ColumnType.F4),
        [430] = new("Phase(Zwe-ce)/deg", ColumnType.F4),
        [431] = new("|Zwe-ce|/Ohm", ColumnType.F4),
        [432] = new("Re(Zwe-ce)/Ohm", ColumnType.F4),
        [433] = new("-Im(Zwe-ce)/Ohm", ColumnType.F4),
        [434] = new("(Q-Qo)/C", ColumnType.F4),
        [435] = new("dQ/C", ColumnType.F4),
        [441] = new("<Ece>/V", ColumnType.F4),
        [462] = new("Temperature/°C", ColumnType.F4),
        [467] = new("Q charge/discharge/mA.h", ColumnType.F8),
        [468] = new("half cycle", ColumnType.U4),
        [469] = new("z cycle", ColumnType.U4),
        [471] = new("<Ece>/V", ColumnType.F4),
        [473] = new("THD Ewe/%", ColumnType.F4),
        [474] = new("THD I/%", ColumnType.F4),
        [475] = new("THD Ece/%", ColumnType.F4),
        [476] = new("NSD Ewe/%", ColumnType.F4),
        [477] = new("NSD I/%", ColumnType.F4),
        [478] = new("NSD Ece/%", ColumnType.F4),
        [479] = new("NSR Ewe/%", ColumnType.F4),
        [480] = new("NSR I/%", ColumnType.F4),
        [481] = new("NSR Ece/%", ColumnType.F4),
        [486] = new("|Ewe h2|/V", ColumnType.F4),
        [487] = new("|Ewe h3|/V", ColumnType.F4),
        [488] = new("|Ewe h4|/V", ColumnType.F4),
        [489] = new("|Ewe h5|/V", ColumnType.F4),
        [490] = new("|Ewe h6|/V", ColumnType.F4),
        [491] = new("|Ewe h7|/V", ColumnType.F4),
        [492] = new("|I h2|/A", ColumnType.F4),
        [493] = new("|I h3|/A", ColumnType.F4),
        [494] = new("|I h4|/A", ColumnType.F4),
        [495] = new("|I h5|/A", ColumnType.F4),
        [496] = new("|I h6|/A", ColumnType.F4),
        [497] = new("|I h7|/A", ColumnType.F4),
        [498] = new("|Ece h2|/V", ColumnType.F4),
        [499] = new("|Ece h3|/V", ColumnType.F4),
        [500] = new("|Ece h4|/V", ColumnType.F4),
        [501] = new("|Ece h5|/V", ColumnType.F4),
        [502] = new("|Ece h6|/V", ColumnType.F4),
        [503] = new("|Ece h7|/V", ColumnType.F4),
    }.ToFrozenDictionary();

    /// <summary>Ids that are bits of one shared flag byte (placed where the first of them appears), with their masks.</summary>
    private static readonly FrozenDictionary<int, (string Name, byte Mask)> FlagIds = new Dictionary<int, (string, byte)>
    {
        [1] = ("mode", 0x03),
        [2] = ("ox/red", 0x04),
        [3] = ("error", 0x08),
        [21] = ("control changes", 0x10),
        [31] = ("Ns changes", 0x20),
        [65] = ("counter inc.", 0x80),
    }.ToFrozenDictionary();

    private static int SizeOf(ColumnType type) => type switch
    {
        ColumnType.Flags or ColumnType.U1 => 1,
        ColumnType.U2 => 2,
        ColumnType.U4 or ColumnType.F4 => 4,
        ColumnType.F8 => 8,
        _ => 0,
    };

    private sealed class Field(int id, ColumnType type, int size)
    {
        public int Id { get; } = id;
        public ColumnType Type { get; } = type;
        public int Size { get; set; } = size;
        public int Offset { get; set; }

        /// <summary>Index of the output column this field fills; -1 for the flag byte and skipped columns.</summary>
        public int Column { get; set; } = -1;
        public double Scale { get; set; } = 1;
    }

    /// <summary>How the data module's rows are laid out and which output column each part fills.</summary>
    private sealed class DataLayout
    {
        public required List<Field> Fields { get; init; }
        public required List<(byte Mask, int Column)> Flags { get; init; }
        public required List<SeriesColumnInfo> Columns { get; init; }
        public required long Points { get; init; }
        public required int RowSize { get; init; }
        public required int DataOffset { get; init; }

        /// <summary>Columns of |Z|, Phase(Z) and the Re(Z), Im(Z) computed from them, when the file stores only the polar form.</summary>
        public (int Modulus, int Phase, int Re, int Im)? Polar { get; set; }
    }

    private static class DataModule
    {
        /// <summary>Reads the data module's header (point count, column ids) up to its first row.</summary>
        public static DataLayout Open(ModuleReader reader, ModuleHeader header, List<string> warnings)
        {
            string file = reader.FileName;
            (int dataOffset, int idStart, int idWidth) = (header.Version, header.LongHeader) switch
            {
                (0, false) => (100, 5, 1),
                (0, true) => (1007, 6, 2),
                (2, _) => (405, 5, 2),
                (3, _) => (406, 5, 2),
                _ => throw new InstrumentFileException(file, $"unknown data module version {header.Version}", header.DataStart),
            };
            if (header.Length < dataOffset)
            {
                throw new InstrumentFileException(file, $"data module too short ({header.Length} bytes)", header.DataStart);
            }
            var prefix = new byte[dataOffset];
            reader.ReadExactly(prefix, "the data module header");
            long points = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            int columnCount = prefix[4];
            if (idStart + (columnCount * idWidth) > dataOffset)
            {
                throw new InstrumentFileException(file, $"{columnCount} column ids do not fit the data module header", header.DataStart + 4);
            }

            var fields = new List<Field>(columnCount);
            var flagIds = new List<int>();
            for (int i = 0; i < columnCount; i++)
            {
                var at = prefix.AsSpan(idStart + (i * idWidth));
                int id = idWidth == 1 ? at[0] : BinaryPrimitives.ReadUInt16LittleEndian(at);
                if (FlagIds.ContainsKey(id))
                {
                    if (flagIds.Count == 0)
                    {
                        fields.Add(new Field(0, ColumnType.Flags, 1));
                    }
                    flagIds.Add(id);
                }
                else if (ColumnIds.TryGetValue(id, out var known))
                {
                    fields.Add(new Field(id, known.Type, SizeOf(known.Type)));
                }
                else
                {
                    fields.Add(new Field(id, ColumnType.Unknown, 0));
                }
            }

            long rowSize = ResolveRowSize(file, header, dataOffset, points, fields, warnings);
            int offset = 0;
            foreach (var field in fields)
            {
                field.Offset = offset;
                offset += field.Size;
            }

            var columns = new List<SeriesColumnInfo>(columnCount + 6);
            var flags = new List<(byte Mask, int Column)>();
            foreach (var field in fields)
            {
                if (field.Type == ColumnType.Unknown)
                {
                    continue;
                }
                if (field.Type == ColumnType.Flags)
                {
                    foreach (int id in flagIds)
                    {
                        var (name, mask) = FlagIds[id];
                        flags.Add((mask, columns.Count));
                        columns.Add(new SeriesColumnInfo(name, "", Quantity.Other));
                    }
                    continue;
                }
                var map = BioLogicColumns.Map(ColumnIds[field.Id].Header);
                field.Scale = map.Scale;
                field.Column = columns.Count;
                columns.Add(new SeriesColumnInfo(UniqueName(columns, map.Name), map.Unit, map.Quantity));
            }
            var layout = new DataLayout
            {
                Fields = fields,
                Flags = flags,
                Columns = columns,
                Points = points,
                RowSize = (int)rowSize,
                DataOffset = dataOffset,
            };
            AddPolar(layout);
            return layout;
        }

        /// <summary>Re(Z) and Im(Z) columns to compute when only |Z| and Phase(Z) are stored.</summary>
        private static void AddPolar(DataLayout layout)
        {
            var columns = layout.Columns;
            int modulus = columns.FindIndex(c => c.Name == "|Z|");
            int phase = columns.FindIndex(c => c.Name == "Phase(Z)");
            if (modulus < 0 || phase < 0 || columns.Exists(c => c.Quantity is Quantity.ZRealOhm or Quantity.ZImagOhm))
            {
                return;
            }
            layout.Polar = (modulus, phase, columns.Count, columns.Count + 1);
            columns.Add(new SeriesColumnInfo("Re(Z)", "Ohm", Quantity.ZRealOhm));
            columns.Add(new SeriesColumnInfo("Im(Z)", "Ohm", Quantity.ZImagOhm));
        }

        private static string UniqueName(List<SeriesColumnInfo> columns, string name)
        {
            if (!columns.Exists(c => c.Name == name))
            {
                return name;
            }
            for (int n = 2; ; n++)
            {
                string candidate = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {n}");
                if (!columns.Exists(c => c.Name == candidate))
                {
                    return candidate;
                }
            }
        }

        /// <summary>
        /// Row size from the column table, checked against the module length; a single unknown column gets the
        /// bytes left over (skipped with a warning), more than one cannot be placed.
        /// </summary>
        private static long ResolveRowSize(string file, ModuleHeader header, int dataOffset, long points, List<Field> fields, List<string> warnings)
        {
            var unknown = fields.FindAll(f => f.Type == ColumnType.Unknown);
            long known = fields.Sum(f => (long)f.Size);
            long dataBytes = header.Length - dataOffset;
            if (points == 0)
            {
                foreach (var f in unknown)
                {
                    warnings.Add($"Unknown column id {f.Id} in an empty data module ignored.");
                }
                return known;
            }
            if (dataBytes % points != 0 && unknown.Count > 0)
            {
                throw new InstrumentFileException(file,
                    $"unknown column id(s) {string.Join(", ", unknown.Select(f => f.Id))}: size cannot be inferred", header.DataStart);
            }
            long actual = dataBytes / points;
            if (unknown.Count == 0)
            {
                if (known * points != dataBytes)
                {
                    throw new InstrumentFileException(file,
                        $"data module holds {dataBytes} bytes, not {points} rows of {known} bytes as its column ids say", header.DataStart);
                }
                return known;
            }
            long left = actual - known;
            if (unknown.Count > 1 || left is not (1 or 2 or 4 or 8))
            {
                throw new InstrumentFileException(file,
                    $"unknown column id(s) {string.Join(", ", unknown.Select(f => f.Id))}: size cannot be inferred", header.DataStart);
            }
            unknown[0].Size = (int)left;
            warnings.Add($"Unknown column id {unknown[0].Id} ({left} bytes per row) skipped.");
            return actual;
        }

        /// <summary>The rows into <paramref name="blocks"/>, a chunk of about 64 KB at a time, then the module's remaining bytes.</summary>
        public static void ReadRows(ModuleReader reader, ModuleHeader header, DataLayout layout, ColumnBlocks blocks)
        {
            long points = layout.Points;
            int rowSize = layout.RowSize;
            if (points > 0 && rowSize > 0)
            {
                int rowsPerChunk = Math.Max(1, (1 << 16) / rowSize);
                var buffer = ArrayPool<byte>.Shared.Rent(rowsPerChunk * rowSize);
                try
                {
                    long done = 0;
                    while (done < points)
                    {
                        int rows = (int)Math.Min(Math.Min(rowsPerChunk, points - done), blocks.Room());
                        var chunk = buffer.AsSpan(0, rows * rowSize);
                        long start = reader.Position;
                        int read = reader.ReadUpTo(chunk);
                        if (read < chunk.Length)
                        {
                            throw new InstrumentFileException(reader.FileName,
                                $"data module ends after {done + (read / rowSize)} of {points} rows", start + read);
                        }
                        DecodeChunk(chunk, rowSize, layout, blocks.Arrays, blocks.Count, rows);
                        blocks.Advance(rows);
                        done += rows;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            long rest = header.Length - layout.DataOffset - (points * rowSize);
            if (rest > 0)
            {
                reader.Skip(rest, header.ShortName);
            }
        }

        private static void DecodeChunk(ReadOnlySpan<byte> chunk, int rowSize, DataLayout layout, double[][] arrays, int at, int rows)
        {
            foreach (var field in layout.Fields)
            {
                if (field.Column >= 0)
                {
                    Decode(chunk, rowSize, field, arrays[field.Column].AsSpan(at, rows));
                }
                else if (field.Type == ColumnType.Flags)
                {
                    foreach (var (mask, column) in layout.Flags)
                    {
                        DecodeFlag(chunk, rowSize, field.Offset, mask, arrays[column].AsSpan(at, rows));
                    }
                }
            }
            if (layout.Polar is { } polar)
            {
                // Re(Z) = |Z| cos(phase), Im(Z) = |Z| sin(phase).
                var m = arrays[polar.Modulus].AsSpan(at, rows);
                var p = arrays[polar.Phase].AsSpan(at, rows);
                var x = arrays[polar.Re].AsSpan(at, rows);
                var y = arrays[polar.Im].AsSpan(at, rows);
                for (int i = 0; i < rows; i++)
                {
                    double radians = p[i] * (Math.PI / 180);
                    x[i] = m[i] * Math.Cos(radians);
                    y[i] = m[i] * Math.Sin(radians);
                }
            }
        }

        private static void DecodeFlag(ReadOnlySpan<byte> rows, int rowSize, int offset, byte mask, Span<double> dst)
        {
            int shift = BitOperations.TrailingZeroCount(mask);
            for (int r = 0, p = offset; r < dst.Length; r++, p += rowSize)
            {
                dst[r] = (rows[p] & mask) >> shift;
            }
        }

        private static void Decode(ReadOnlySpan<byte> rows, int rowSize, Field field, Span<double> dst)
        {
            int p = field.Offset;
            double scale = field.Scale;
            switch (field.Type)
            {
                case ColumnType.F4:
                    for (int r = 0; r < dst.Length; r++, p += rowSize)
                    {
                        dst[r] = BinaryPrimitives.ReadSingleLittleEndian(rows[p..]) * scale;
                    }
                    break;
                case ColumnType.F8:
                    for (int r = 0; r < dst.Length; r++, p += rowSize)
                    {
                        dst[r] = BinaryPrimitives.ReadDoubleLittleEndian(rows[p..]) * scale;
                    }
                    break;
                case ColumnType.U1:
                    for (int r = 0; r < dst.Length; r++, p += rowSize)
                    {
                        dst[r] = rows[p];
                    }
                    break;
                case ColumnType.U2:
                    for (int r = 0; r < dst.Length; r++, p += rowSize)
                    {
                        dst[r] = BinaryPrimitives.ReadUInt16LittleEndian(rows[p..]);
                    }
                    break;
                case ColumnType.U4:
                    for (int r = 0; r < dst.Length; r++, p += rowSize)
                    {
                        dst[r] = BinaryPrimitives.ReadUInt32LittleEndian(rows[p..]);
                    }
                    break;
                default:
                    break;
            }
        }
    }
}
