using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// BioLogic EC-Lab / BT-Lab text exports (.mpt, also saved as .txt): an optional header block starting
/// "EC-Lab ASCII FILE" (or "BT-Lab ASCII FILE") whose second line says "Nb header lines : N" (line N is the
/// column header row), or no header block at all (the first line is the column header row). Columns are
/// tab-separated, numbers use a decimal point or a decimal comma (German EC-Lab), text is UTF-8 or Latin-1.
/// A time column written as timestamps ("MM/dd/yyyy HH:mm:ss.fff") becomes seconds since the first row.
/// Columns map like the .mpr parser's (see <see cref="BioLogicColumns"/>): -Im(Z) becomes Im(Z) as measured,
/// W.h becomes mWh. The technique named in the header decides <see cref="Technique"/> (see
/// <see cref="BioLogicTechniques"/>); impedance and voltammetry files get a sweep column (cycle number, or frequency
/// resets). Metadata keys: technique (full name as in the header), startTime (instrument-local ISO 8601),
/// activeMaterialMassMg, electrodeAreaCm2, imaginarySign ("-Im": EC-Lab stores -Im(Z)) for impedance.
/// Read in blocks (<see cref="IStreamingInstrumentParser"/>) when the header shows a cycling file; a sink then gets
/// the rows while the file is read.
/// </summary>
public sealed class BioLogicMptParser : IStreamingInstrumentParser
{
    private static readonly string[] StartFormats =
        ["MM/dd/yyyy HH:mm:ss.fff", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss.ffff", "MM/dd/yyyy HH:mm:ss.ff", "MM/dd/yyyy HH:mm:ss.f"];

    public string Format => "biologic-mpt";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        head.StartsWith("EC-Lab ASCII FILE"u8) || head.StartsWith("BT-Lab ASCII FILE"u8)
        || (head.StartsWith("mode\t"u8) && head.IndexOf("time/s"u8) >= 0);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        var read = Read(stream, fileName, sink: null);
        return read.Whole!;
    }

    /// <summary>
    /// Cycling files (the technique and columns in the header say so) go to <paramref name="sink"/> block by block as
    /// they are read. Impedance and voltammetry files, and those whose technique depends on their rows (an unfamiliar
    /// technique name with a frequency column), are read whole first: their sweep numbers need whole columns.
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
        // Streamed: exports of a million rows are hundreds of MB, and only the columns need to stay in memory.
        var lines = new ByteLineReader(stream, fileName);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);

        if (!lines.TryNext(out var first))
        {
            throw new InstrumentFileException(fileName, "empty file", 0);
        }
        // Lines 1 .. N-1 of the header block, then the column header row (line N); copied, as the reader reuses its buffer.
        var block = new List<byte[]>();
        byte[] headerRow;
        if (first.StartsWith("EC-Lab ASCII FILE"u8) || first.StartsWith("BT-Lab ASCII FILE"u8))
        {
            block.Add(first.ToArray());
            int headerLines = ReadHeaderCount(lines, fileName, block);
            while (lines.LineNumber < headerLines - 1)
            {
                if (!lines.TryNext(out var line))
                {
                    throw new InstrumentFileException(fileName, $"file ends before header line {headerLines}", lines.LineNumber);
                }
                block.Add(line.ToArray());
            }
            if (!lines.TryNext(out var row))
            {
                throw new InstrumentFileException(fileName, "no column header row", lines.LineNumber);
            }
            headerRow = row.ToArray();
        }
        else
        {
            headerRow = first.ToArray();
        }
        // Only the header carries text (data rows are numbers), so it decides the encoding.
        var encoding = block.TrueForAll(b => System.Text.Unicode.Utf8.IsValid(b)) && System.Text.Unicode.Utf8.IsValid(headerRow)
            ? (Encoding)new UTF8Encoding(false)
            : Encoding.Latin1;
        ReadHeaderMetadata(block, encoding, metadata);

        string[] headers = encoding.GetString(headerRow).TrimEnd('\t', ' ').Split('\t');
        if (!Array.Exists(headers, h => h.Contains('/', StringComparison.Ordinal)))
        {
            throw new InstrumentFileException(fileName, "no BioLogic column header row (names like \"time/s\")", lines.LineNumber);
        }
        var maps = headers.Select(BioLogicColumns.Map).ToArray();
        var infos = new List<SeriesColumnInfo>(headers.Length);
        for (int i = 0; i < headers.Length; i++)
        {
            string name = maps[i].Name;
            if (infos.Exists(c => c.Name == name))
            {
                name = headers[i];
            }
            infos.Add(new SeriesColumnInfo(name, maps[i].Unit, maps[i].Quantity));
        }

        var known = BioLogicTechniques.FromHeader(metadata.GetValueOrDefault("technique"), infos.ConvertAll(c => c.Quantity));
        bool streaming = sink is not null && known == Technique.Cycling;
        if (streaming)
        {
            sink!.Begin(Format, Technique.Cycling, infos);
        }
        var values = new ColumnBlocks(headers.Length, streaming ? sink : null);
        var firstStamp = ReadRows(lines, headers, maps, values, fileName);

        if (firstStamp is { } start && !metadata.ContainsKey("startTime"))
        {
            metadata["startTime"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        }
        if (streaming)
        {
            values.Finish();
            return StreamedOrWhole.Sent(Format, Technique.Cycling, infos, metadata, [], values.Total);
        }
        var arrays = values.ToArrays();
        var columns = new List<SeriesColumn>(headers.Length + 1);
        for (int i = 0; i < headers.Length; i++)
        {
            columns.Add(new SeriesColumn(infos[i].Name, infos[i].Unit, infos[i].Quantity, arrays[i]));
        }
        return BioLogicTechniques.Whole(Format, columns, metadata, []);
    }

    /// <summary>
    /// The data rows into <paramref name="values"/>; returns the first row's timestamp when the time column holds
    /// timestamps. Optimised at first call: a worker's first large file would otherwise run this loop as tier-0 code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTime? ReadRows(ByteLineReader lines, string[] headers, BioLogicColumns.Mapping[] maps, ColumnBlocks values, string fileName)
    {
        int timeIndex = Array.FindIndex(maps, m => m.Quantity == Quantity.TimeS);
        double[] scales = Array.ConvertAll(maps, m => m.Scale);
        DateTime? firstStamp = null;
        Span<byte> scratch = stackalloc byte[64];

        while (lines.TryNext(out var line))
        {
            if (line.IsEmpty)
            {
                continue;
            }
            values.EnsureRoom();
            double[][] arrays = values.Arrays;
            int row = values.Count;
            int column = 0;
            while (true)
            {
                int tab = line.IndexOf((byte)'\t');
                var field = tab < 0 ? line : line[..tab];
                if (column >= headers.Length)
                {
                    if (!field.Trim((byte)' ').IsEmpty)
                    {
                        throw new InstrumentFileException(fileName, $"more fields than the {headers.Length} columns", lines.LineNumber);
                    }
                }
                else
                {
                    double value;
                    if (PlainNumber.TryParse(field, out value))
                    {
                        // The usual case: a plain number, parsed without the general parser's overhead.
                    }
                    else if (column == timeIndex && field.IndexOf((byte)'/') >= 0)
                    {
                        var stamp = ParseStamp(field, fileName, lines.LineNumber);
                        firstStamp ??= stamp;
                        value = (stamp - firstStamp.Value).TotalSeconds;
                    }
                    else
                    {
                        value = ParseNumber(field, scratch, fileName, lines.LineNumber, headers[column]);
                    }
                    arrays[column][row] = value * scales[column];
                    column++;
                }
                if (tab < 0)
                {
                    break;
                }
                line = line[(tab + 1)..];
            }
            if (column < headers.Length)
            {
                throw new InstrumentFileException(fileName, $"{column} fields where {headers.Length} columns were named", lines.LineNumber);
            }
            values.Advance();
        }
        return firstStamp;
    }

    /// <summary>Reads line 2, "Nb header lines : N" (ASCII whatever the encoding), into <paramref name="block"/>; returns N.</summary>
    private static int ReadHeaderCount(ByteLineReader lines, string fileName, List<byte[]> block)
    {
        if (!lines.TryNext(out var second))
        {
            throw new InstrumentFileException(fileName, "file ends after the first line", 1);
        }
        block.Add(second.ToArray());
        string countLine = Encoding.Latin1.GetString(second);
        int colon = countLine.IndexOf(':', StringComparison.Ordinal);
        if (!countLine.StartsWith("Nb header lines", StringComparison.Ordinal) || colon < 0
            || !int.TryParse(countLine.AsSpan(colon + 1).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int headerLines)
            || headerLines < 3)
        {
            throw new InstrumentFileException(fileName, "expected \"Nb header lines : N\"", 2);
        }
        return headerLines;
    }

    /// <summary>The technique (line 4) and the few "key : value" lines worth keeping, from header lines 3 .. N-1.</summary>
    private static void ReadHeaderMetadata(List<byte[]> block, Encoding encoding, Dictionary<string, string> metadata)
    {
        for (int index = 2; index < block.Count; index++)
        {
            string text = encoding.GetString(block[index]).Trim();
            if (index == 3 && text.Length > 0)
            {
                metadata["technique"] = text;
            }
            int sep = text.IndexOf(" : ", StringComparison.Ordinal);
            if (sep < 0)
            {
                continue;
            }
            string key = text[..sep].Trim();
            string value = text[(sep + 3)..].Trim();
            switch (key)
            {
                case "Acquisition started on" when DateTime.TryParseExact(value, StartFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var started):
                    metadata["startTime"] = started.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
                    break;
                case "Mass of active material" when value.EndsWith(" mg", StringComparison.Ordinal):
                    AddNumber(metadata, "activeMaterialMassMg", value[..^3]);
                    break;
                case "Electrode surface area":
                    AddNumber(metadata, "electrodeAreaCm2", value.Split(' ')[0]);
                    break;
                default:
                    break;
            }
        }
    }

    private static void AddNumber(Dictionary<string, string> metadata, string key, string text)
    {
        if (double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            metadata[key] = value.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private static double ParseNumber(ReadOnlySpan<byte> field, Span<byte> scratch, string fileName, long line, string column)
    {
        field = field.Trim((byte)' ');
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            return value;
        }
        if (field.Length <= scratch.Length && field.IndexOf((byte)',') >= 0)
        {
            var copy = scratch[..field.Length];
            field.CopyTo(copy);
            copy.Replace((byte)',', (byte)'.');
            if (double.TryParse(copy, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                return value;
            }
        }
        throw new InstrumentFileException(fileName, $"\"{Encoding.Latin1.GetString(field)}\" in column \"{column}\" is not a number", line);
    }

    private static DateTime ParseStamp(ReadOnlySpan<byte> field, string fileName, long line)
    {
        var trimmed = field.Trim((byte)' ');
        // Parsed from the stack: timestamped exports have one per row.
        Span<char> chars = stackalloc char[64];
        if (trimmed.Length <= chars.Length)
        {
            int length = Encoding.ASCII.GetChars(trimmed, chars);
            if (DateTime.TryParseExact(chars[..length], StartFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
            {
                return stamp;
            }
        }
        throw new InstrumentFileException(fileName, $"\"{Encoding.ASCII.GetString(trimmed)}\" is neither seconds nor a MM/dd/yyyy timestamp", line);
    }
}
