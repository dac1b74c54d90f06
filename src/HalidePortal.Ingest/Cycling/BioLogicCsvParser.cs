using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// BioLogic data re-saved as semicolon-separated CSV by analysis tools (beep writes such files: an optional row of
/// bare semicolons, then ";mode;ox;error;time/s;Ecell/V;...", the first column a row index). Column names are
/// EC-Lab's and map as in the .mpt parser (<see cref="BioLogicColumns"/>); "time/s" may hold timestamps
/// ("MM/dd/yyyy HH:mm:ss.fff"), which become seconds since the first row.
/// </summary>
/// <remarks>
/// Columns: time (s), Ecell/Ewe (V), I (mA, positive = oxidation at the working electrode, i.e. charge), Q charge and
/// Q discharge (mAh), energies (mWh), cycle number, Ns (step), others as Other; columns without any value are left
/// out. Such files carry no header block, so metadata holds only startTime (first timestamp) and instrument. The flag
/// columns (mode, ox, error...) are whatever the tool wrote; prefer the original .mpr or .mpt when you have it.
/// </remarks>
public sealed class BioLogicCsvParser : IInstrumentParser
{
    public string Format => "biologic-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 3);
        return lines.Any(IsHeader);
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        string? header = null;
        while (lines.Number < 3 && lines.TryRead(out var line))
        {
            if (IsHeader(line))
            {
                header = line;
                break;
            }
        }
        if (header is null)
        {
            throw new InstrumentFileException(fileName, "expected a \";mode;...;time/s;...\" BioLogic column header row", lines.Number);
        }
        var headers = DelimitedText.Split(header, ';');
        int time = headers.IndexOf("time/s");
        bool stamps = false;
        while (lines.TryRead(out var first))
        {
            if (CyclingText.IsBlankRow(first, ';'))
            {
                continue;
            }
            var fields = DelimitedText.Split(first, ';');
            stamps = time < fields.Count && fields[time].Contains('/', StringComparison.Ordinal);
            lines.PushBack(first);
            break;
        }
        var table = new CyclingTable(fileName, headers, h => Rule(h, stamps));
        CyclingText.ReadRows(lines, table, ';');

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Instrument] = "BioLogic" };
        var replaced = new Dictionary<int, double[]>();
        if (stamps && table.FirstValue(time) is { } start)
        {
            metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(start);
            replaced[time] = table.Values(time).Select(t => t - start).ToArray();
        }
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(table.Columns(replaced: replaced).Where(c => c.Values.Any(v => !double.IsNaN(v)))),
            Metadata = metadata,
            Warnings = table.Warnings,
        };
    });

    private static bool IsHeader(string line) =>
        line.StartsWith(";mode;", StringComparison.Ordinal) && line.Contains(";time/s;", StringComparison.Ordinal);

    private static ColumnRule Rule(string header, bool stamps)
    {
        if (header.Length == 0)
        {
            return new ColumnRule("Row", "", Quantity.Other);
        }
        var map = BioLogicColumns.Map(header);
        var kind = stamps && map.Quantity == Quantity.TimeS ? CellKind.Timestamp : CellKind.Number;
        return new ColumnRule(map.Name, map.Unit, map.Quantity, map.Scale, kind);
    }
}
