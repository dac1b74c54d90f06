using System.Globalization;
using System.Text;

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
/// </summary>
public sealed class BioLogicMptParser : IInstrumentParser
{
    private static readonly string[] StartFormats =
        ["MM/dd/yyyy HH:mm:ss.fff", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss.ffff", "MM/dd/yyyy HH:mm:ss.ff", "MM/dd/yyyy HH:mm:ss.f"];

    public string Format => "biologic-mpt";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        head.StartsWith("EC-Lab ASCII FILE"u8) || head.StartsWith("BT-Lab ASCII FILE"u8)
        || (head.StartsWith("mode\t"u8) && head.IndexOf("time/s"u8) >= 0);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = ReadAll(stream);
        var encoding = System.Text.Unicode.Utf8.IsValid(bytes) ? (Encoding)new UTF8Encoding(false) : Encoding.Latin1;
        var lines = new LineReader(bytes);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);

        if (!lines.TryNext(out var first))
        {
            throw new InstrumentFileException(fileName, "empty file", 0);
        }
        ReadOnlySpan<byte> headerRow;
        if (first.StartsWith("EC-Lab ASCII FILE"u8) || first.StartsWith("BT-Lab ASCII FILE"u8))
        {
            int headerLines = ReadHeaderBlock(lines, encoding, fileName, metadata);
            while (lines.LineNumber < headerLines - 1)
            {
                if (!lines.TryNext(out _))
                {
                    throw new InstrumentFileException(fileName, $"file ends before header line {headerLines}", lines.LineNumber);
                }
            }
            if (!lines.TryNext(out headerRow))
            {
                throw new InstrumentFileException(fileName, "no column header row", lines.LineNumber);
            }
        }
        else
        {
            headerRow = first;
        }

        string[] headers = encoding.GetString(headerRow).TrimEnd('\t', ' ').Split('\t');
        if (!Array.Exists(headers, h => h.Contains('/', StringComparison.Ordinal)))
        {
            throw new InstrumentFileException(fileName, "no BioLogic column header row (names like \"time/s\")", lines.LineNumber);
        }
        var maps = headers.Select(BioLogicColumns.Map).ToArray();
        var values = headers.Select(_ => new List<double>(1024)).ToArray();
        int timeIndex = Array.FindIndex(maps, m => m.Quantity == Quantity.TimeS);
        DateTime? firstStamp = null;
        Span<byte> scratch = stackalloc byte[64];

        while (lines.TryNext(out var line))
        {
            if (line.IsEmpty)
            {
                continue;
            }
            int column = 0;
            foreach (var range in line.Split((byte)'\t'))
            {
                var field = line[range];
                if (column >= headers.Length)
                {
                    if (field.Trim((byte)' ').IsEmpty)
                    {
                        continue;
                    }
                    throw new InstrumentFileException(fileName, $"more fields than the {headers.Length} columns", lines.LineNumber);
                }
                double value;
                if (column == timeIndex && field.IndexOf((byte)'/') >= 0)
                {
                    var stamp = ParseStamp(field, fileName, lines.LineNumber);
                    firstStamp ??= stamp;
                    value = (stamp - firstStamp.Value).TotalSeconds;
                }
                else
                {
                    value = ParseNumber(field, scratch, fileName, lines.LineNumber, headers[column]);
                }
                values[column].Add(value * maps[column].Scale);
                column++;
            }
            if (column < headers.Length)
            {
                throw new InstrumentFileException(fileName, $"{column} fields where {headers.Length} columns were named", lines.LineNumber);
            }
        }

        if (firstStamp is { } start && !metadata.ContainsKey("startTime"))
        {
            metadata["startTime"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
        }
        var columns = new List<SeriesColumn>(headers.Length);
        for (int i = 0; i < headers.Length; i++)
        {
            string name = maps[i].Name;
            if (columns.Exists(c => c.Name == name))
            {
                name = headers[i];
            }
            columns.Add(new SeriesColumn(name, maps[i].Unit, maps[i].Quantity, [.. values[i]]));
        }
        var technique = BioLogicTechniques.Classify(metadata.GetValueOrDefault("technique"), columns);
        BioLogicTechniques.AddSweeps(technique, columns, metadata);
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = technique,
            Columns = columns,
            Metadata = metadata,
        };
    }

    /// <summary>Reads "Nb header lines : N" and the few metadata lines; returns N.</summary>
    private static int ReadHeaderBlock(LineReader lines, Encoding encoding, string fileName, Dictionary<string, string> metadata)
    {
        if (!lines.TryNext(out var second))
        {
            throw new InstrumentFileException(fileName, "file ends after the first line", 1);
        }
        string countLine = encoding.GetString(second);
        int colon = countLine.IndexOf(':', StringComparison.Ordinal);
        if (!countLine.StartsWith("Nb header lines", StringComparison.Ordinal) || colon < 0
            || !int.TryParse(countLine.AsSpan(colon + 1).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int headerLines)
            || headerLines < 3)
        {
            throw new InstrumentFileException(fileName, "expected \"Nb header lines : N\"", 2);
        }
        var peek = lines.Clone();
        while (peek.LineNumber < headerLines - 1 && peek.TryNext(out var raw))
        {
            string text = encoding.GetString(raw).Trim();
            if (peek.LineNumber == 4 && text.Length > 0)
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
        return headerLines;
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
        string text = Encoding.ASCII.GetString(field.Trim((byte)' '));
        return DateTime.TryParseExact(text, StartFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp)
            ? stamp
            : throw new InstrumentFileException(fileName, $"\"{text}\" is neither seconds nor a MM/dd/yyyy timestamp", line);
    }

    private static byte[] ReadAll(Stream stream)
    {
        if (stream is MemoryStream ms && ms.TryGetBuffer(out var segment) && ms.Position == 0 && segment.Offset == 0 && segment.Count == segment.Array!.Length)
        {
            return segment.Array;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Lines of a byte buffer without the line ending (LF or CRLF); 1-based numbers.</summary>
    private sealed class LineReader(byte[] bytes)
    {
        private int position;

        public long LineNumber { get; private set; }

        public LineReader Clone() => new(bytes) { position = position, LineNumber = LineNumber };

        public bool TryNext(out ReadOnlySpan<byte> line)
        {
            if (position >= bytes.Length)
            {
                line = default;
                return false;
            }
            var rest = bytes.AsSpan(position);
            int end = rest.IndexOf((byte)'\n');
            line = end < 0 ? rest : rest[..end];
            position += end < 0 ? rest.Length : end + 1;
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }
            LineNumber++;
            return true;
        }
    }
}
