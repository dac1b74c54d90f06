using System.Globalization;
using HalidePortal.Ingest.Spreadsheets;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Any .xlsx workbook whose first bytes do not name its cycler: opens it once, recognises the export by its sheets
/// and headers (Arbin Channel_* sheets; a record header with "Voltage/V" for LAND or "Voltage(V)" for Neware) and
/// reads it with that parser, whose format the result carries. Workbooks without cycler data are refused with what
/// they look like, e.g. an experiment record (cell names, chemistry, nominal capacity, start dates).
/// </summary>
public sealed class CyclerWorkbookParser : IInstrumentParser
{
    /// <summary>How many non-blank rows a sheet may have above its header row (test information).</summary>
    internal const int HeaderSearchRows = 40;

    public string Format => "cycler-xlsx";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) => XlsxWorkbook.LooksLikeWorkbook(head, fileName);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var book = XlsxWorkbook.Open(stream, fileName);
        if (ArbinXlsxParser.Recognises(book))
        {
            return ArbinXlsxParser.Read(book);
        }
        foreach (var sheet in book.SheetNames)
        {
            if (FindHeader(book, sheet) is not { } header)
            {
                continue;
            }
            // LAND writes units after a slash, Neware in brackets.
            bool land = header.Cells.Any(c => LandXlsxParser.KnownColumns.TryGetValue(
                CyclerSheet.Key(LandXlsxParser.SplitHeader(c.AsText()).Name), out var t)
                && t.Quantity == Quantity.VoltageV && c.AsText().Contains('/', StringComparison.Ordinal));
            return land ? LandXlsxParser.Read(book) : NewareXlsxParser.Read(book);
        }
        throw new InstrumentFileException(fileName, DescribeNonData(book));
    }

    /// <summary>A header row names a voltage and a current column (English or Chinese, any unit style).</summary>
    internal static bool IsHeaderRow(XlsxRow row, Func<string, (string Name, string Unit)> split)
    {
        bool voltage = false, current = false;
        foreach (var cell in row.Cells)
        {
            if (cell.Kind != XlsxCellKind.Text)
            {
                continue;
            }
            string key = CyclerSheet.Key(split(cell.Text!).Name);
            voltage |= key is "voltage" or "电压";
            current |= key is "current" or "cur" or "电流";
        }
        return voltage && current;
    }

    private static XlsxRow? FindHeader(XlsxWorkbook book, string sheet)
    {
        int looked = 0;
        foreach (var row in book.ReadRows(sheet))
        {
            if (row.IsBlank)
            {
                continue;
            }
            if (IsHeaderRow(row, LandXlsxParser.SplitHeader) || IsHeaderRow(row, Text.HeaderUnits.Split))
            {
                return row;
            }
            if (++looked >= HeaderSearchRows)
            {
                break;
            }
        }
        return null;
    }

    private static string DescribeNonData(XlsxWorkbook book)
    {
        string sheets = string.Join(", ", book.SheetNames.Select(n => $"'{n}'"));
        foreach (var sheet in book.SheetNames)
        {
            var first = book.ReadRows(sheet).FirstOrDefault(r => !r.IsBlank);
            if (first is null)
            {
                continue;
            }
            var keys = first.Cells.Select(c => CyclerSheet.Key(c.AsText())).ToHashSet(StringComparer.Ordinal);
            if (keys.Contains("name") && (keys.Contains("chemistry") || keys.Any(k => k.StartsWith("nominalcapacity", StringComparison.Ordinal))
                || keys.Contains("startdate")))
            {
                return $"an experiment record, not cycler data: sheet '{sheet}' lists cells ("
                    + string.Join(", ", first.Cells.Where(c => !c.IsEmpty).Select(c => c.AsText().Trim()))
                    + "); upload the cycler's own data file (or its export) for each cell instead";
            }
        }
        return $"an Excel workbook without cycler data: no sheet ({sheets}) has a header row with Voltage and Current "
            + "columns, and it is not an Arbin, LAND or Neware export";
    }

    /// <summary>startTime from the first wall-clock value of the records, when there is one.</summary>
    internal static void PutStartTime(List<SeriesColumn> columns, Dictionary<string, string> metadata)
    {
        var unix = columns.Find(c => c.Name == "UnixTime");
        if (unix is null)
        {
            return;
        }
        foreach (double v in unix.Values)
        {
            if (!double.IsNaN(v))
            {
                metadata[MetadataKeys.StartTime] = DateTime.UnixEpoch.AddSeconds(v)
                    .ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                return;
            }
        }
    }
}
