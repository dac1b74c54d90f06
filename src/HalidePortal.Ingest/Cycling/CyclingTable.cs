using System.Text;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>How the cells of a text column are written.</summary>
internal enum CellKind
{
    /// <summary>A number (decimal point, or comma when the file uses decimal commas); True/False read as 1/0.</summary>
    Number,
    /// <summary>A number in the rule's unit, or a clock duration ("hh:mm:ss", "3d 01:02:03") read as seconds.</summary>
    Duration,
    /// <summary>A wall-clock date and time, or a numeric clock (Unix s, Excel or MATLAB days), kept as Unix seconds.</summary>
    Timestamp,
    /// <summary>Kept as text for the parser (step states, step types); not an output column.</summary>
    Text,
}

/// <summary>What one column of a text export becomes: output name, unit, quantity and the factor to that unit.</summary>
internal sealed record ColumnRule(string Name, string Unit, Quantity Quantity, double Factor = 1, CellKind Kind = CellKind.Number)
{
    public static ColumnRule Text(string name) => new(name, "", Quantity.Other, 1, CellKind.Text);

    public static ColumnRule Clock(string name = "UnixTime") => new(name, "s", Quantity.Other, 1, CellKind.Timestamp);

    /// <summary>
    /// A rule for a header naming a canonical quantity, its unit taken from the header or, when the header states
    /// none, from <paramref name="defaultUnit"/>; a unit foreign to the quantity keeps the column as Other.
    /// </summary>
    public static ColumnRule Canonical(string name, Quantity quantity, string headerUnit, string defaultUnit, CellKind kind = CellKind.Number)
    {
        string unit = headerUnit.Length > 0 ? headerUnit : defaultUnit;
        return HeaderUnits.FactorToCanonical(quantity, unit) is { } factor
            ? new ColumnRule(name, CanonicalUnit(quantity), quantity, factor, kind)
            : new ColumnRule(name, unit, Quantity.Other, 1, kind);
    }

    /// <summary>A column kept as found, named by its header (unit split off when the header carries one).</summary>
    public static ColumnRule Other(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        // "dV/dt" is a name, not "dV" in unit "dt": only bracketed or spaced units are split off here.
        if (header.IndexOfAny(['(', '[']) < 0 && !header.Contains(" / ", StringComparison.Ordinal))
        {
            return new ColumnRule(header.Trim(), "", Quantity.Other);
        }
        var (name, unit) = HeaderUnits.Split(header);
        return new ColumnRule(name.Length > 0 ? name : header, unit, Quantity.Other);
    }

    public static string CanonicalUnit(Quantity quantity) => quantity switch
    {
        Quantity.TimeS => "s",
        Quantity.VoltageV => "V",
        Quantity.CurrentMA => "mA",
        Quantity.ChargeCapacityMAh or Quantity.DischargeCapacityMAh or Quantity.CapacityMAh => "mAh",
        Quantity.EnergyMWh => "mWh",
        Quantity.FrequencyHz => "Hz",
        Quantity.ZRealOhm or Quantity.ZImagOhm or Quantity.ZModOhm => "Ohm",
        Quantity.TemperatureC => "C",
        Quantity.PhaseDeg => "deg",
        _ => "",
    };
}

/// <summary>
/// The data rows of a delimited cycler export read column by column under per-column rules. Canonical columns must
/// hold numbers (an unreadable cell is an error naming file, line and column); an Other column whose first value is
/// text becomes a text column. Values are stored already in the rule's unit.
/// </summary>
internal sealed class CyclingTable
{
    private readonly string fileName;
    private readonly ColumnRule[] rules;
    private readonly CellKind[] kinds;
    private readonly List<double>?[] numbers;
    private readonly List<string>?[] texts;
    private readonly bool[] sawNumber;
    private long shortRowLine = -1;
    private int shortRowFields;

    public CyclingTable(string fileName, IReadOnlyList<string> headers, Func<string, ColumnRule> rule)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rule);
        this.fileName = fileName;
        Headers = headers;
        rules = headers.Select(rule).ToArray();
        kinds = rules.Select(r => r.Kind).ToArray();
        numbers = kinds.Select(k => k == CellKind.Text ? null : new List<double>(1024)).ToArray();
        texts = kinds.Select(k => k == CellKind.Text ? new List<string>(1024) : null).ToArray();
        sawNumber = new bool[rules.Length];
    }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<ColumnRule> Rules => rules;

    public int RowCount { get; private set; }

    public bool DecimalComma { get; set; }

    /// <summary>Slashed dates read day first (European exports).</summary>
    public bool DayFirst { get; set; }

    public List<string> Warnings { get; } = [];

    /// <summary>Index of the first column whose rule matches, or -1.</summary>
    public int IndexOf(Func<ColumnRule, bool> match) => Array.FindIndex(rules, r => match(r));

    public int IndexOf(Quantity quantity) => IndexOf(r => r.Quantity == quantity);

    public int IndexOfHeader(Func<string, bool> match)
    {
        for (int i = 0; i < Headers.Count; i++)
        {
            if (match(Headers[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public bool IsText(int column) => kinds[column] == CellKind.Text;

    /// <summary>Whether a duration column held plain numbers (so its unit was the rule's, not a clock's).</summary>
    public bool HeldNumbers(int column) => sawNumber[column];

    /// <summary>Reads one data row; a short row is allowed only as the last one (a cut-off file), with a warning.</summary>
    public void Add(IReadOnlyList<string> fields, long line)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (shortRowLine >= 0)
        {
            throw new InstrumentFileException(fileName, $"{shortRowFields} fields where {rules.Length} columns were named", shortRowLine);
        }
        for (int i = rules.Length; i < fields.Count; i++)
        {
            if (fields[i].Length > 0)
            {
                throw new InstrumentFileException(fileName, $"more fields than the {rules.Length} named columns", line);
            }
        }
        if (fields.Count < rules.Length)
        {
            shortRowLine = line;
            shortRowFields = fields.Count;
        }
        for (int c = 0; c < rules.Length; c++)
        {
            string field = c < fields.Count ? fields[c] : "";
            switch (kinds[c])
            {
                case CellKind.Text:
                    texts[c]!.Add(field.Trim());
                    break;
                case CellKind.Timestamp:
                    numbers[c]!.Add(ReadClock(field, c, line));
                    break;
                case CellKind.Duration:
                    numbers[c]!.Add(ReadDuration(field, c, line));
                    break;
                default:
                    ReadNumber(field, c, line);
                    break;
            }
        }
        RowCount++;
    }

    /// <summary>Call after the last row: notes a cut-off last row.</summary>
    public void Complete(long lastLine)
    {
        if (RowCount == 0)
        {
            throw new InstrumentFileException(fileName, "no data rows after the column header", lastLine);
        }
        if (shortRowLine >= 0)
        {
            Warnings.Add($"the last row (line {shortRowLine}) has {shortRowFields} of {rules.Length} fields; the file looks cut off, missing values are empty");
        }
    }

    public double[] Values(int column) => [.. numbers[column] ?? throw new InvalidOperationException("text column")];

    public IReadOnlyList<string> Texts(int column) => texts[column] ?? throw new InvalidOperationException("numeric column");

    /// <summary>The first value of a numeric column that is not NaN.</summary>
    public double? FirstValue(int column)
    {
        foreach (double v in numbers[column] ?? [])
        {
            if (!double.IsNaN(v))
            {
                return v;
            }
        }
        return null;
    }

    public SeriesColumn Column(int column, double[]? values = null)
    {
        var rule = rules[column];
        return new SeriesColumn(rule.Name, rule.Unit, rule.Quantity, values ?? Values(column));
    }

    /// <summary>
    /// Output columns for every numeric column not in <paramref name="exclude"/>, with the values of
    /// <paramref name="replaced"/> where a parser corrected them; Other columns without a single value are left out.
    /// </summary>
    public List<SeriesColumn> Columns(ICollection<int>? exclude = null, IReadOnlyDictionary<int, double[]>? replaced = null)
    {
        var columns = new List<SeriesColumn>(rules.Length);
        for (int c = 0; c < rules.Length; c++)
        {
            if (kinds[c] == CellKind.Text || (exclude?.Contains(c) ?? false))
            {
                continue;
            }
            if (rules[c].Quantity == Quantity.Other && FirstValue(c) is null)
            {
                continue;
            }
            columns.Add(Column(c, replaced is not null && replaced.TryGetValue(c, out var values) ? values : null));
        }
        return columns;
    }

    private void ReadNumber(string field, int c, long line)
    {
        var list = numbers[c]!;
        if (DelimitedText.IsMissing(field))
        {
            list.Add(double.NaN);
            return;
        }
        if (DelimitedText.TryParseNumber(field, DecimalComma, out double value))
        {
            sawNumber[c] = true;
            list.Add(value * rules[c].Factor);
            return;
        }
        if (bool.TryParse(field.Trim(), out bool flag))
        {
            list.Add(flag ? 1 : 0);
            return;
        }
        if (rules[c].Quantity == Quantity.Other && !sawNumber[c])
        {
            // A column of words (state letters, labels): keep it as text, earlier empty cells included.
            kinds[c] = CellKind.Text;
            texts[c] = [.. Enumerable.Repeat("", list.Count), field.Trim()];
            numbers[c] = null;
            return;
        }
        throw new InstrumentFileException(fileName, $"\"{Shorten(field)}\" in column \"{Headers[c]}\" is not a number", line);
    }

    private double ReadDuration(string field, int c, long line)
    {
        if (DelimitedText.IsMissing(field))
        {
            return double.NaN;
        }
        if (DelimitedText.TryParseNumber(field, DecimalComma, out double value))
        {
            sawNumber[c] = true;
            return value * rules[c].Factor;
        }
        return ClockText.TryParseDuration(field, out double seconds)
            ? seconds
            : throw new InstrumentFileException(fileName, $"\"{Shorten(field)}\" in column \"{Headers[c]}\" is neither a number nor a duration", line);
    }

    private double ReadClock(string field, int c, long line)
    {
        if (DelimitedText.IsMissing(field))
        {
            return double.NaN;
        }
        if (ClockText.TryParseTimestamp(field, DayFirst, out var stamp))
        {
            return ClockText.ToUnixSeconds(stamp);
        }
        if (DelimitedText.TryParseNumber(field, DecimalComma, out double value) && ClockText.NumericClockToUnixSeconds(value) is { } unix)
        {
            return unix;
        }
        throw new InstrumentFileException(fileName, $"\"{Shorten(field)}\" in column \"{Headers[c]}\" is not a date and time", line);
    }

    private static string Shorten(string field) => field.Length <= 40 ? field.Trim() : field[..40] + "...";
}

/// <summary>Lines of a text export with their 1-based numbers, read once from the stream.</summary>
internal sealed class NumberedLines(StreamReader reader) : IDisposable
{
    private string? pushedBack;

    public long Number { get; private set; }

    public bool TryRead(out string line)
    {
        if (pushedBack is not null)
        {
            line = pushedBack;
            pushedBack = null;
            Number++;
            return true;
        }
        if (reader.ReadLine() is { } next)
        {
            line = next;
            Number++;
            return true;
        }
        line = "";
        return false;
    }

    /// <summary>Puts the last line back so the next <see cref="TryRead"/> returns it again.</summary>
    public void PushBack(string line)
    {
        pushedBack = line;
        Number--;
    }

    public void Dispose() => reader.Dispose();
}

/// <summary>Shared steps of the text cycling parsers: opening, error wrapping, charge/discharge split, tidy columns.</summary>
internal static class CyclingText
{
    /// <summary>Runs a parse, turning format and decoding errors into an <see cref="InstrumentFileException"/> at the current line.</summary>
    public static ParsedMeasurement Guard(Stream stream, string fileName, Func<NumberedLines, ParsedMeasurement> parse)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var lines = new NumberedLines(TextSource.Open(stream));
        try
        {
            return parse(lines);
        }
        catch (Exception e) when (e is FormatException or OverflowException or DecoderFallbackException
            or IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException or InvalidOperationException)
        {
            throw new InstrumentFileException(fileName, $"unreadable text: {e.Message}", lines.Number);
        }
    }

    /// <summary>
    /// Reads data rows until the end of the file (blank lines skipped) into <paramref name="table"/>. The first row
    /// decides decimal commas (never with a comma delimiter); files with decimal commas write dates day first.
    /// </summary>
    public static void ReadRows(NumberedLines lines, CyclingTable table, char delimiter)
    {
        while (lines.TryRead(out var line))
        {
            if (line.Length == 0 || IsBlankRow(line, delimiter))
            {
                continue;
            }
            if (table.RowCount == 0 && DelimitedText.UsesDecimalComma(line, delimiter))
            {
                table.DecimalComma = true;
                table.DayFirst = true;
            }
            table.Add(DelimitedText.Split(DelimitedText.UnwrapWholeRow(line, delimiter), delimiter), lines.Number);
        }
        table.Complete(lines.Number);
    }

    /// <summary>A row of only delimiters and spaces (pandas and spreadsheet padding).</summary>
    public static bool IsBlankRow(string line, char delimiter)
    {
        foreach (char c in line)
        {
            if (c != delimiter && c != ' ' && c != '\t')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Per-row direction: +1 charge, -1 discharge, 0 rest or other. Capacity goes to the charge or discharge column by
    /// direction (0 elsewhere), current gets its sign from the direction (positive = charge).
    /// </summary>
    public static (double[] Charge, double[] Discharge) SplitCapacity(double[] capacity, sbyte[] direction)
    {
        var charge = new double[capacity.Length];
        var discharge = new double[capacity.Length];
        for (int i = 0; i < capacity.Length; i++)
        {
            double q = Math.Abs(capacity[i]);
            charge[i] = direction[i] > 0 ? q : 0;
            discharge[i] = direction[i] < 0 ? q : 0;
        }
        return (charge, discharge);
    }

    public static double[] SignCurrent(double[] current, sbyte[] direction)
    {
        var signed = new double[current.Length];
        for (int i = 0; i < current.Length; i++)
        {
            signed[i] = direction[i] switch
            {
                > 0 => Math.Abs(current[i]),
                < 0 => -Math.Abs(current[i]),
                _ => current[i],
            };
        }
        return signed;
    }

    /// <summary>
    /// Makes names unique and leaves one column per canonical quantity (energy and temperature may repeat): later
    /// duplicates, such as a derived copy of the test time, become Other.
    /// </summary>
    public static List<SeriesColumn> Tidy(IEnumerable<SeriesColumn> columns)
    {
        var seenQuantities = new HashSet<Quantity>();
        var seenNames = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<SeriesColumn>();
        foreach (var column in columns)
        {
            var c = column;
            if (c.Quantity is not (Quantity.Other or Quantity.EnergyMWh or Quantity.TemperatureC) && !seenQuantities.Add(c.Quantity))
            {
                c = c with { Quantity = Quantity.Other };
            }
            string name = c.Name;
            for (int n = 2; !seenNames.Add(name); n++)
            {
                name = $"{c.Name} ({n})";
            }
            result.Add(c with { Name = name });
        }
        return result;
    }

    /// <summary>Adds startTime from the first clock value of a timestamp column, when there is one.</summary>
    public static void AddStartTime(Dictionary<string, string> metadata, CyclingTable table, int clockColumn)
    {
        if (clockColumn >= 0 && !metadata.ContainsKey(MetadataKeys.StartTime) && table.FirstValue(clockColumn) is { } first)
        {
            metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(first);
        }
    }

    /// <summary>Normalised header text for matching: lower case, underscores as spaces, single spaces.</summary>
    public static string Key(string name) =>
        string.Join(' ', name.Replace('_', ' ').ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
