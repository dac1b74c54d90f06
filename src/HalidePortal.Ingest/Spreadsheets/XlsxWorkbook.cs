using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using HalidePortal.Ingest.Archives;

namespace HalidePortal.Ingest.Spreadsheets;

/// <summary>One sheet row: its 1-based number in the sheet and its cells by column (index 0 = column A), gaps empty.</summary>
public sealed record XlsxRow(int Number, XlsxCell[] Cells)
{
    public XlsxCell this[int column] => (uint)column < (uint)Cells.Length ? Cells[column] : XlsxCell.Empty;

    public bool IsBlank => Array.TrueForAll(Cells, c => c.IsEmpty);
}

/// <summary>
/// A small streaming reader for Office Open XML workbooks (.xlsx): sheet names in workbook order, shared and inline
/// strings, numbers, booleans, errors, ISO dates (returned as serial days) and number formats that show dates or
/// times. Sheets are read row by row through <see cref="SafeZip"/>, so a sheet is never held in memory and a
/// compressed bomb fails with an <see cref="InstrumentFileException"/>. Formulas give their cached value.
/// </summary>
public sealed class XlsxWorkbook : IDisposable
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly string[] RelationshipNs =
    [
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
    ];

    private readonly SafeZip _zip;
    private readonly List<(string Name, string Path)> _sheets = [];
    private readonly List<string> _sharedStrings = [];
    private readonly HashSet<int> _dateStyles = [];

    private XlsxWorkbook(SafeZip zip)
    {
        _zip = zip;
    }

    public string FileName => _zip.FileName;

    /// <summary>Sheet names in the order the workbook lists them (the tab order).</summary>
    public IReadOnlyList<string> SheetNames => _sheets.ConvertAll(s => s.Name);

    /// <summary>Opens a workbook: reads its sheet list, shared strings and date styles, not yet any sheet.</summary>
    public static XlsxWorkbook Open(Stream stream, string fileName, SafeZipLimits? limits = null)
    {
        var zip = SafeZip.Open(stream, fileName, "an .xlsx workbook", limits);
        var book = new XlsxWorkbook(zip);
        try
        {
            book.ReadStructure();
            return book;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public bool HasSheet(string name) => _sheets.Exists(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rows of a sheet that has any cell, in file order, streamed as they are inflated.</summary>
    public IEnumerable<XlsxRow> ReadRows(string sheetName)
    {
        ArgumentNullException.ThrowIfNull(sheetName);
        var sheet = _sheets.Find(s => string.Equals(s.Name, sheetName, StringComparison.OrdinalIgnoreCase));
        if (sheet.Path is null)
        {
            throw new InstrumentFileException(FileName, $"the workbook has no sheet '{sheetName}'");
        }
        var entry = _zip.Find(sheet.Path)
            ?? throw new InstrumentFileException(FileName, $"sheet '{sheet.Name}' is listed but its part {sheet.Path} is missing");
        return ReadSheet(entry, sheet.Name);
    }

    public void Dispose() => _zip.Dispose();

    // ---- detection from the first bytes ----

    /// <summary>Whether the first bytes are a zip whose first entries are spreadsheet parts (or a .xlsx name says so).</summary>
    public static bool LooksLikeWorkbook(ReadOnlySpan<byte> head, string? fileName)
    {
        if (!head.StartsWith("PK\u0003\u0004"u8))
        {
            return false;
        }
        return head.IndexOf("xl/"u8) >= 0
            || (fileName is not null && (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                || fileName.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// The sheet names, when the workbook part lies wholly inside <paramref name="head"/> (Excel and most cycler
    /// software write it among the first entries); null when it does not or the bytes do not say.
    /// </summary>
    public static IReadOnlyList<string>? SheetNamesFromHead(ReadOnlySpan<byte> head)
    {
        int pos = 0;
        while (pos + 30 <= head.Length && head[pos..].StartsWith("PK\u0003\u0004"u8))
        {
            var local = head[pos..];
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(local[6..]);
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(local[8..]);
            uint compressed = BinaryPrimitives.ReadUInt32LittleEndian(local[18..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(local[26..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(local[28..]);
            long dataStart = pos + 30L + nameLength + extraLength;
            long dataEnd = dataStart + compressed;
            // With a data descriptor the sizes come after the data, so the walk cannot go on.
            if ((flags & 8) != 0 || dataEnd > head.Length)
            {
                return null;
            }
            string name = Encoding.UTF8.GetString(local.Slice(30, nameLength));
            if (string.Equals(name, "xl/workbook.xml", StringComparison.OrdinalIgnoreCase))
            {
                return InflateSheetNames(head[(int)dataStart..(int)dataEnd].ToArray(), method);
            }
            pos = (int)dataEnd;
        }
        return null;
    }

    private static List<string>? InflateSheetNames(byte[] data, ushort method)
    {
        if (method is not (0 or 8))
        {
            return null;
        }
        try
        {
            using Stream raw = new MemoryStream(data, writable: false);
            using Stream inflated = method == 8 ? new DeflateStream(raw, CompressionMode.Decompress) : raw;
            // A workbook part is a few KiB; the cap keeps detection cheap whatever the head holds.
            var buffer = new byte[256 * 1024];
            int n = inflated.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            using var reader = XmlReader.Create(new MemoryStream(buffer, 0, n), ReaderSettings);
            var names = new List<string>();
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet" && reader.GetAttribute("name") is { } sheet)
                {
                    names.Add(sheet);
                }
            }
            return names;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException)
        {
            return null;
        }
    }

    // ---- workbook structure ----

    private static XmlReaderSettings ReaderSettings { get; } = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    private XmlReader OpenXml(ZipArchiveEntry entry) => XmlReader.Create(_zip.OpenEntry(entry), ReaderSettings);

    private void ReadStructure()
    {
        var workbook = _zip.Find("xl/workbook.xml") ?? FindWorkbookFromPackageRels()
            ?? throw new InstrumentFileException(FileName, "not an .xlsx workbook: no xl/workbook.xml in the archive", 0);
        string baseDir = workbook.FullName.Contains('/', StringComparison.Ordinal)
            ? workbook.FullName[..(workbook.FullName.LastIndexOf('/') + 1)]
            : "";
        var rels = ReadRelationships(baseDir + "_rels/" + workbook.Name + ".rels", baseDir);

        var listed = new List<(string Name, string? Id)>();
        Guard("xl/workbook.xml", () =>
        {
            using var reader = OpenXml(workbook);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet")
                {
                    string? id = null;
                    foreach (var ns in RelationshipNs)
                    {
                        id ??= reader.GetAttribute("id", ns);
                    }
                    listed.Add((reader.GetAttribute("name") ?? "", id));
                }
            }
        });
        for (int i = 0; i < listed.Count; i++)
        {
            // Without relationships, Excel's own naming is the best guess.
            string path = listed[i].Id is { } id && rels.TryGetValue(id, out var target) ? target.Path
                : string.Create(CultureInfo.InvariantCulture, $"{baseDir}worksheets/sheet{i + 1}.xml");
            _sheets.Add((listed[i].Name, path));
        }

        string? sharedPath = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Path;
        if ((sharedPath is not null ? _zip.Find(sharedPath) : _zip.Find(baseDir + "sharedStrings.xml")) is { } shared)
        {
            ReadSharedStrings(shared);
        }
        string? stylesPath = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal)).Path;
        if ((stylesPath is not null ? _zip.Find(stylesPath) : _zip.Find(baseDir + "styles.xml")) is { } styles)
        {
            ReadDateStyles(styles);
        }
    }

    private ZipArchiveEntry? FindWorkbookFromPackageRels()
    {
        var rels = ReadRelationships("_rels/.rels", "");
        var main = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal));
        return main.Path is null ? null : _zip.Find(main.Path);
    }

    private Dictionary<string, (string Path, string Type)> ReadRelationships(string relsPath, string baseDir)
    {
        var result = new Dictionary<string, (string Path, string Type)>(StringComparer.Ordinal);
        if (_zip.Find(relsPath) is not { } entry)
        {
            return result;
        }
        Guard(relsPath, () =>
        {
            using var reader = OpenXml(entry);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship"
                    && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target
                    && !string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase))
                {
                    result[id] = (ResolvePath(baseDir, target), reader.GetAttribute("Type") ?? "");
                }
            }
        });
        return result;
    }

    private static string ResolvePath(string baseDir, string target)
    {
        var parts = new List<string>();
        string full = target.StartsWith('/') ? target[1..] : baseDir + target;
        foreach (var part in full.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part.Length > 0 && part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    private void ReadSharedStrings(ZipArchiveEntry entry) => Guard(entry.FullName, () =>
    {
        using var reader = OpenXml(entry);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                _sharedStrings.Add(ReadRichText(reader));
            }
        }
    });

    /// <summary>Concatenated text runs of an si or is element (phonetic hints left out); the reader ends after it.</summary>
    private static string ReadRichText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }
        int depth = reader.Depth;
        string? single = null;
        StringBuilder? runs = null;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
            {
                reader.Skip();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
            {
                string t = reader.ReadElementContentAsString();
                if (single is null && runs is null)
                {
                    single = t;
                }
                else
                {
                    runs ??= new StringBuilder(single);
                    runs.Append(t);
                }
            }
            else
            {
                reader.Read();
            }
        }
        return runs?.ToString() ?? single ?? "";
    }

    /// <summary>Cell styles (xf indices) whose number format shows a date or a time.</summary>
    private void ReadDateStyles(ZipArchiveEntry entry) => Guard(entry.FullName, () =>
    {
        var customDate = new HashSet<int>();
        using var reader = OpenXml(entry);
        bool inCellXfs = false;
        int xf = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                switch (reader.LocalName)
                {
                    case "numFmt":
                        if (int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int id)
                            && IsDateFormatCode(reader.GetAttribute("formatCode") ?? ""))
                        {
                            customDate.Add(id);
                        }
                        break;
                    case "cellXfs":
                        inCellXfs = !reader.IsEmptyElement;
                        break;
                    case "xf" when inCellXfs:
                        if (int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int fmt)
                            && (IsBuiltInDateFormat(fmt) || customDate.Contains(fmt)))
                        {
                            _dateStyles.Add(xf);
                        }
                        xf++;
                        break;
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }
        }
    });

    /// <summary>Built-in number formats of dates and times (ECMA-376 18.8.30, with the East Asian ones).</summary>
    private static bool IsBuiltInDateFormat(int id) => id is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58);

    /// <summary>A custom format shows a date or time when it has y, m, d, h or s outside quotes, escapes and [colour] tags.</summary>
    internal static bool IsDateFormatCode(string code)
    {
        bool quoted = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c is '\\' or '_' or '*')
            {
                i++;
            }
            else if (c == '[')
            {
                int end = code.IndexOf(']', i);
                if (end < 0)
                {
                    return false;
                }
                // [h], [mm], [ss] are elapsed times; [Red], [$-409], [>=100] are not dates.
                string tag = code[(i + 1)..end];
                if (tag.Length > 0 && tag.All(ch => ch is 'h' or 'H' or 'm' or 'M' or 's' or 'S'))
                {
                    return true;
                }
                i = end;
            }
            else if (c is 'y' or 'Y' or 'm' or 'M' or 'd' or 'D' or 'h' or 'H' or 's' or 'S')
            {
                return true;
            }
        }
        return false;
    }

    // ---- sheets ----

    private IEnumerable<XlsxRow> ReadSheet(ZipArchiveEntry entry, string sheetName)
    {
        using var reader = OpenXml(entry);
        int lastRow = 0;
        while (true)
        {
            XlsxRow? row;
            try
            {
                if (!reader.Read())
                {
                    yield break;
                }
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
                {
                    continue;
                }
                row = ReadRow(reader, lastRow, sheetName);
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or FormatException or OverflowException)
            {
                throw new InstrumentFileException(FileName,
                    $"sheet '{sheetName}' is not valid spreadsheet XML after row {lastRow}: {e.Message}", lastRow + 1);
            }
            lastRow = row.Number;
            yield return row;
        }
    }

    private XlsxRow ReadRow(XmlReader reader, int lastRow, string sheetName)
    {
        int number = ParseIndex(reader.GetAttribute("r"), lastRow + 1);
        if (number <= lastRow)
        {
            throw new InstrumentFileException(FileName, $"sheet '{sheetName}' lists row {number} after row {lastRow}", number);
        }
        var cells = new List<XlsxCell>();
        if (reader.IsEmptyElement)
        {
            return new XlsxRow(number, []);
        }
        int depth = reader.Depth;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c")
            {
                int column = ColumnIndex(reader.GetAttribute("r"), cells.Count);
                if (column < cells.Count || column > 16383)
                {
                    throw new InstrumentFileException(FileName,
                        $"sheet '{sheetName}' row {number} has a cell out of order or beyond column XFD", number);
                }
                var cell = ReadCell(reader, sheetName, number);
                while (cells.Count < column)
                {
                    cells.Add(XlsxCell.Empty);
                }
                cells.Add(cell);
            }
            else
            {
                reader.Read();
            }
        }
        // Trailing styled blanks carry nothing.
        int used = cells.Count;
        while (used > 0 && cells[used - 1].Kind == XlsxCellKind.Empty)
        {
            used--;
        }
        return new XlsxRow(number, used == cells.Count ? [.. cells] : [.. cells.GetRange(0, used)]);
    }

    /// <summary>Reads a c element; the reader ends on the node after it.</summary>
    private XlsxCell ReadCell(XmlReader reader, string sheetName, int rowNumber)
    {
        string? type = reader.GetAttribute("t");
        bool dateStyle = int.TryParse(reader.GetAttribute("s"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int style)
            && _dateStyles.Contains(style);
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return XlsxCell.Empty;
        }
        int depth = reader.Depth;
        string? value = null;
        string? inline = null;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "v")
            {
                value = reader.ReadElementContentAsString();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "is")
            {
                inline = ReadRichText(reader);
                reader.Read();
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }
        reader.Read();

        switch (type)
        {
            case "s":
                if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
                    || (uint)index >= (uint)_sharedStrings.Count)
                {
                    throw new InstrumentFileException(FileName,
                        $"sheet '{sheetName}' row {rowNumber} refers to shared string '{value}', which the workbook does not have", rowNumber);
                }
                return new XlsxCell(XlsxCellKind.Text, double.NaN, _sharedStrings[index]);
            case "inlineStr":
                return new XlsxCell(XlsxCellKind.Text, double.NaN, inline ?? value ?? "");
            case "str":
                return new XlsxCell(XlsxCellKind.Text, double.NaN, value ?? "");
            case "b":
                return new XlsxCell(XlsxCellKind.Boolean, value is "1" or "true" ? 1 : 0, null);
            case "e":
                return new XlsxCell(XlsxCellKind.Error, double.NaN, value);
            case "d":
                // ISO 8601 dates (strict files) become serial days like every other date.
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)
                    ? new XlsxCell(XlsxCellKind.Number, date.ToOADate(), null, IsDate: true)
                    : new XlsxCell(XlsxCellKind.Text, double.NaN, value ?? "");
            default:
                if (value is null)
                {
                    return XlsxCell.Empty;
                }
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number))
                {
                    throw new InstrumentFileException(FileName,
                        $"sheet '{sheetName}' row {rowNumber} has a number cell holding '{value}'", rowNumber);
                }
                return new XlsxCell(XlsxCellKind.Number, number, null, dateStyle);
        }
    }

    /// <summary>0-based column of a reference like "AB12"; the next column when the reference is absent.</summary>
    private static int ColumnIndex(string? reference, int next)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return next;
        }
        int column = 0;
        int i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]) && i < 4; i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }
        return i == 0 ? next : column - 1;
    }

    private static int ParseIndex(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;

    private void Guard(string part, Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            throw new InstrumentFileException(FileName, $"{part} is not valid workbook XML: {e.Message}",
                e is XmlException x ? x.LineNumber : null);
        }
    }
}
