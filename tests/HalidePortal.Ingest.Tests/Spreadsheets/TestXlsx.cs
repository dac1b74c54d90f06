using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace HalidePortal.Ingest.Tests.Spreadsheets;

/// <summary>Excel serial days of a date, for test cells (1900 date system, as Excel writes).</summary>
internal readonly record struct SerialDate(DateTime Value);

/// <summary>An elapsed time written as a time-formatted number of days, as Excel stores "[h]:mm:ss" cells.</summary>
internal readonly record struct ElapsedTime(TimeSpan Value);

/// <summary>A cell given verbatim (raw XML of a c element's type and inner part), for odd cells.</summary>
internal readonly record struct RawCell(string Type, string Inner);

/// <summary>
/// Writes small .xlsx workbooks for tests, the way Excel lays them out: workbook part among the first entries,
/// strings shared (or inline when asked), numbers in invariant form, dates and elapsed times as styled numbers,
/// null cells left out so rows have gaps.
/// </summary>
internal static class TestXlsx
{
    public static byte[] Write(IEnumerable<(string Sheet, object?[][] Rows)> sheets, bool inlineStrings = false,
        bool workbookFirst = true)
    {
        var list = sheets.ToList();
        var shared = new List<string>();
        var sharedIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var sheetXml = list.ConvertAll(s => SheetXml(s.Rows, inlineStrings, shared, sharedIndex));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Put(zip, "[Content_Types].xml", ContentTypes(list.Count));
            Put(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """);
            if (workbookFirst)
            {
                Put(zip, "xl/workbook.xml", Workbook(list.ConvertAll(s => s.Sheet)));
            }
            Put(zip, "xl/_rels/workbook.xml.rels", WorkbookRels(list.Count));
            Put(zip, "xl/styles.xml", Styles);
            for (int i = 0; i < list.Count; i++)
            {
                Put(zip, string.Create(CultureInfo.InvariantCulture, $"xl/worksheets/sheet{i + 1}.xml"), sheetXml[i]);
            }
            if (!workbookFirst)
            {
                Put(zip, "xl/workbook.xml", Workbook(list.ConvertAll(s => s.Sheet)));
            }
            var sst = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            foreach (var s in shared)
            {
                sst.Append("<si><t xml:space=\"preserve\">").Append(SecurityElement.Escape(s)).Append("</t></si>");
            }
            sst.Append("</sst>");
            Put(zip, "xl/sharedStrings.xml", sst.ToString());
        }
        return buffer.ToArray();
    }

    public static byte[] Write(string sheet, params object?[][] rows) => Write([(sheet, rows)]);

    public static object?[] Row(params object?[] cells) => cells;

    private static void Put(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var s = entry.Open();
        var bytes = Encoding.UTF8.GetBytes(content);
        s.Write(bytes);
    }

    private static string ContentTypes(int sheets)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>""");
        for (int i = 1; i <= sheets; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""");
        }
        return sb.Append("</Types>").ToString();
    }

    private static string Workbook(List<string> names)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>""");
        for (int i = 0; i < names.Count; i++)
        {
            // Relationship ids in reverse order, so the reader must follow them rather than guess from positions.
            sb.Append(CultureInfo.InvariantCulture, $"""<sheet name="{SecurityElement.Escape(names[i])}" sheetId="{i + 1}" r:id="rId{names.Count - i}"/>""");
        }
        return sb.Append("</sheets></workbook>").ToString();
    }

    private static string WorkbookRels(int sheets)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
        for (int i = 0; i < sheets; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{sheets - i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>""");
        }
        sb.Append("""<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""");
        sb.Append("""<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>""");
        return sb.Append("</Relationships>").ToString();
    }

    /// <summary>Style 1: built-in date-time format 22; style 2: custom elapsed "[h]:mm:ss"; style 3: "0.000".</summary>
    private const string Styles = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="[h]:mm:ss"/><numFmt numFmtId="165" formatCode="0.000"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>""";

    private static string SheetXml(object?[][] rows, bool inline, List<string> shared, Dictionary<string, int> index)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is null)
            {
                continue;
            }
            sb.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
            for (int c = 0; c < rows[r].Length; c++)
            {
                string reference = Column(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                switch (rows[r][c])
                {
                    case null:
                        break;
                    case string s when inline:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(s)}</t></is></c>");
                        break;
                    case string s:
                        if (!index.TryGetValue(s, out int at))
                        {
                            index[s] = at = shared.Count;
                            shared.Add(s);
                        }
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"s\"><v>{at}</v></c>");
                        break;
                    case bool b:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"b\"><v>{(b ? 1 : 0)}</v></c>");
                        break;
                    case SerialDate d:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" s=\"1\"><v>{d.Value.ToOADate().ToString("R", CultureInfo.InvariantCulture)}</v></c>");
                        break;
                    case ElapsedTime t:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" s=\"2\"><v>{t.Value.TotalDays.ToString("R", CultureInfo.InvariantCulture)}</v></c>");
                        break;
                    case RawCell raw:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"{(raw.Type.Length > 0 ? $" t=\"{raw.Type}\"" : "")}>{raw.Inner}</c>");
                        break;
                    case IConvertible n:
                        sb.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" s=\"3\"><v>{Convert.ToDouble(n, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)}</v></c>");
                        break;
                    default:
                        throw new ArgumentException($"no cell form for {rows[r][c]!.GetType()}");
                }
            }
            sb.Append("</row>");
        }
        return sb.Append("</sheetData></worksheet>").ToString();
    }

    private static string Column(int index)
    {
        string name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + ((index - 1) % 26)) + name;
        }
        return name;
    }
}
