using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// BioLogic EC-Lab binary data files (.mpr). The layout is not published; what is known comes from
/// reverse-engineering by the open-source readers (galvani, yadg, navani):
/// <list type="bullet">
/// <item>52-byte magic "BIO-LOGIC MODULAR FILE\x1a", space padded, then four zero bytes;</item>
/// <item>modules, each "MODULE" + header: short name (10), long name (25), length u32, version u32, date (8);
/// EC-Lab 11.50 and later write a longer header with 0xFFFFFFFF, length, version, a second version and the date;</item>
/// <item>"VMP Set" (settings: technique byte, comments, cell characteristics at fixed offsets), "VMP data"
/// (point count u32, column count u8, column ids, then fixed-size rows), "VMP LOG" (OLE start time), "VMP loop";</item>
/// <item>data module version 0 (ids u8 from byte 5, rows at 100; with the long header, ids u16 from byte 6 and
/// rows at 1007), 2 (ids little-endian u16 from byte 5, rows at 405) and 3 (rows at 406).</item>
/// </list>
/// Every column is materialised as double[]; the flag byte becomes one column per flag (mode, ox/red, ...).
/// Known quantities are converted to canonical units (W.h to mWh); "-Im(Z)" is stored as Im(Z), sign flipped,
/// so it is the imaginary part as measured. When only |Z| and Phase(Z) are stored, Re(Z) and Im(Z) are computed
/// from them (a warning says so). A column id missing from the table is skipped with a warning when its size
/// follows from the module length (only one such column); otherwise the file is rejected naming the id(s).
/// The settings module's technique decides <see cref="Technique"/> (see <see cref="BioLogicTechniques"/>); impedance
/// and voltammetry files get a sweep column (cycle number, or frequency resets).
/// Metadata keys: technique, imaginarySign ("-Im", impedance only), comments, activeMaterialMassMg, electrodeAreaCm2, electrodeMaterial, electrolyte,
/// referenceElectrode, startTime (instrument-local, ISO 8601 without offset), dataModuleVersion.
/// The stream is read once, front to back; rows go straight from a small buffer into the column arrays, or, for
/// cycling files read in blocks (<see cref="IStreamingInstrumentParser"/>), into one block's arrays at a time.
/// </summary>
public sealed partial class BioLogicMprParser : IStreamingInstrumentParser
{
    private static ReadOnlySpan<byte> Magic => "BIO-LOGIC MODULAR FILE\x1a"u8;
    private const int MagicLength = 52;
    private const int ShortHeaderLength = 51;
    private const int LongHeaderLength = 59;
    private const int MaxSmallModuleBytes = 64 << 20;

    public string Format => "biologic-mpr";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) => head.StartsWith(Magic);

    public ParsedMeasurement Parse(Stream stream, string fileName) => Read(stream, fileName, sink: null).Whole!;

    /// <summary>
    /// Cycling files (the settings module, read before the data module, and the column ids say so) go to
    /// <paramref name="sink"/> block by block while the data module is read. Impedance and voltammetry files, files
    /// whose technique depends on their rows, and files without settings before their data are read whole first.
    /// </summary>
    public StreamedMeasurement Parse(Stream stream, string fileName, ISeriesBlockSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var read = Read(stream, fileName, sink);
        return read.ToSink(sink);
    }


    private StreamedOrWhole Read(Stream stream, string fileName, ISeriesBlockSink? sink)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new ModuleReader(stream, fileName);
        Span<byte> magic = stackalloc byte[MagicLength];
        if (reader.ReadUpTo(magic) < MagicLength || !magic.StartsWith(Magic))
        {
            throw new InstrumentFileException(fileName, "not a BioLogic .mpr file (magic \"BIO-LOGIC MODULAR FILE\" missing)", 0);
        }

        var warnings = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        DataLayout? layout = null;
        List<SeriesColumn>? columns = null;
        long streamedRows = -1;
        bool settingsSeen = false;
        while (reader.TryReadModuleHeader(out var header))
        {
            switch (header.ShortName)
            {
                case "VMP data":
                    if (layout is not null)
                    {
                        throw new InstrumentFileException(fileName, "second data module", header.DataStart);
                    }
                    metadata["dataModuleVersion"] = header.Version.ToString(CultureInfo.InvariantCulture);
                    layout = DataModule.Open(reader, header, warnings);
                    // Streams only when the technique cannot change later: the settings module came first and names it.
                    var known = settingsSeen
                        ? BioLogicTechniques.FromHeader(metadata.GetValueOrDefault("technique"), layout.Columns.ConvertAll(c => c.Quantity))
                        : null;
                    if (sink is not null && known == Technique.Cycling)
                    {
                        sink.Begin(Format, Technique.Cycling, layout.Columns);
                        var blocks = new ColumnBlocks(layout.Columns.Count, sink, layout.Points);
                        DataModule.ReadRows(reader, header, layout, blocks);
                        blocks.Finish();
                        streamedRows = blocks.Total;
                    }
                    else
                    {
                        var blocks = new ColumnBlocks(layout.Columns.Count, null, layout.Points);
                        DataModule.ReadRows(reader, header, layout, blocks);
                        var arrays = blocks.ToArrays();
                        columns = new List<SeriesColumn>(layout.Columns.Count + 1);
                        for (int c = 0; c < arrays.Length; c++)
                        {
                            var info = layout.Columns[c];
                            columns.Add(new SeriesColumn(info.Name, info.Unit, info.Quantity, arrays[c]));
                        }
                    }
                    break;
                case "VMP Set":
                    settingsSeen = true;
                    ReadSettings(reader.ReadSmallModule(header), metadata);
                    break;
                case "VMP LOG":
                    ReadLog(reader.ReadSmallModule(header), metadata);
                    break;
                default:
                    reader.Skip(header.Length, header.ShortName);
                    break;
            }
        }
        if (layout is null)
        {
            throw new InstrumentFileException(fileName, "no \"VMP data\" module", reader.Position);
        }
        if (layout.Polar is not null)
        {
            warnings.Add("Re(Z) and Im(Z) computed from |Z| and Phase(Z) (the file stores only those).");
        }

        if (columns is null)
        {
            return StreamedOrWhole.Sent(Format, Technique.Cycling, layout.Columns, metadata, warnings, streamedRows);
        }
        return BioLogicTechniques.Whole(Format, columns, metadata, warnings);
    }

    private static void ReadSettings(byte[] data, Dictionary<string, string> metadata)
    {
        if (data.Length > 0 && TechniqueNames.TryGetValue(data[0], out var technique))
        {
            metadata["technique"] = technique;
        }
        AddText(metadata, "comments", data, 0x0007);
        AddNumber(metadata, "activeMaterialMassMg", data, 0x0107);
        AddText(metadata, "electrodeMaterial", data, 0x011E);
        AddText(metadata, "electrolyte", data, 0x01C0);
        AddNumber(metadata, "electrodeAreaCm2", data, 0x0211);
        AddText(metadata, "referenceElectrode", data, 0x0215);
    }

    private static void ReadLog(byte[] data, Dictionary<string, string> metadata)
    {
        // The acquisition start is an OLE automation date (days since 1899-12-30, local time).
        foreach (int offset in (ReadOnlySpan<int>)[0x0249, 465, 469, 473])
        {
            if (offset + 8 > data.Length)
            {
                continue;
            }
            double days = BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(offset));
            if (days is > 30000 and < 80000)
            {
                var start = DateTime.FromOADate(days);
                metadata["startTime"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
                return;
            }
        }
    }

    private static void AddNumber(Dictionary<string, string> metadata, string key, byte[] data, int offset)
    {
        if (offset + 4 <= data.Length)
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(offset));
            if (float.IsFinite(value))
            {
                metadata[key] = value.ToString("R", CultureInfo.InvariantCulture);
            }
        }
    }

    private static void AddText(Dictionary<string, string> metadata, string key, byte[] data, int offset)
    {
        if (offset >= data.Length)
        {
            return;
        }
        int length = data[offset];
        if (length == 0 || offset + 1 + length > data.Length)
        {
            return;
        }
        metadata[key] = Encoding.Latin1.GetString(data, offset + 1, length).Trim();
    }

    private static readonly FrozenDictionary<byte, string> TechniqueNames = new Dictionary<byte, string>
    {
        [0x04] = "GCPL", [0x06] = "CV", [0x0B] = "OCV", [0x16] = "MP", [0x18] = "CA", [0x19] = "CP",
        [0x1C] = "WAIT", [0x1D] = "PEIS", [0x1E] = "GEIS", [0x30] = "CV", [0x32] = "ZIR", [0x33] = "CVA",
        [0x6C] = "LSV", [0x75] = "coV", [0x76] = "coC", [0x77] = "GCPL", [0x7F] = "MB",
    }.ToFrozenDictionary();

    internal readonly record struct ModuleHeader(string ShortName, long Length, int Version, bool LongHeader, long DataStart);

    /// <summary>Forward-only reads with the byte position kept for error messages.</summary>
    internal sealed class ModuleReader(Stream stream, string fileName)
    {
        public string FileName { get; } = fileName;
        public long Position { get; private set; }

        public int ReadUpTo(Span<byte> buffer)
        {
            int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            Position += read;
            return read;
        }

        public void ReadExactly(Span<byte> buffer, string what)
        {
            long start = Position;
            int read = ReadUpTo(buffer);
            if (read < buffer.Length)
            {
                throw new InstrumentFileException(FileName, $"file ends inside {what} ({read} of {buffer.Length} bytes)", start + read);
            }
        }

        public bool TryReadModuleHeader(out ModuleHeader header)
        {
            header = default;
            Span<byte> raw = stackalloc byte[6 + LongHeaderLength];
            long start = Position;
            int read = ReadUpTo(raw[..6]);
            if (read == 0)
            {
                return false;
            }
            if (read < 6 || !raw[..6].SequenceEqual("MODULE"u8))
            {
                throw new InstrumentFileException(FileName, "expected \"MODULE\"", start);
            }
            ReadExactly(raw.Slice(6, ShortHeaderLength), "a module header");
            var fields = raw[6..];
            string name = Encoding.Latin1.GetString(fields[..10]).TrimEnd(' ', '\0');
            bool longHeader = BinaryPrimitives.ReadUInt32LittleEndian(fields[35..]) == uint.MaxValue;
            uint length;
            int version;
            if (longHeader)
            {
                ReadExactly(raw.Slice(6 + ShortHeaderLength, LongHeaderLength - ShortHeaderLength), "a module header");
                length = BinaryPrimitives.ReadUInt32LittleEndian(fields[39..]);
                version = (int)BinaryPrimitives.ReadUInt32LittleEndian(fields[43..]);
            }
            else
            {
                length = BinaryPrimitives.ReadUInt32LittleEndian(fields[35..]);
                version = (int)BinaryPrimitives.ReadUInt32LittleEndian(fields[39..]);
            }
            if (stream.CanSeek && stream.Length - stream.Position < length)
            {
                throw new InstrumentFileException(FileName,
                    $"module \"{name}\" claims {length} bytes but the file ends after {stream.Length - stream.Position}", Position);
            }
            header = new ModuleHeader(name, length, version, longHeader, Position);
            return true;
        }

        public byte[] ReadSmallModule(ModuleHeader header)
        {
            if (header.Length > MaxSmallModuleBytes)
            {
                throw new InstrumentFileException(FileName, $"module \"{header.ShortName}\" implausibly long ({header.Length} bytes)", header.DataStart);
            }
            var data = new byte[header.Length];
            ReadExactly(data, $"module \"{header.ShortName}\"");
            return data;
        }

        public void Skip(long count, string what)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                while (count > 0)
                {
                    int chunk = (int)Math.Min(count, buffer.Length);
                    ReadExactly(buffer.AsSpan(0, chunk), $"module \"{what}\"");
                    count -= chunk;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
