using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest;

/// <summary>
/// Delimited text that no instrument parser knows, read with a user's <see cref="ColumnMappingSpec"/> (format
/// "mapped-text"). Not in <see cref="InstrumentFormats.All"/>: it cannot recognise a file, it needs the mapping.
/// The header row is the first line (of the first <see cref="DelimitedPreview.SearchLines"/>) whose fields have the
/// mapping's signature, so a longer or shorter preamble does not matter; without a header row the data starts at the
/// first line whose mapped fields are all numbers. Mapped columns are converted to the canonical unit of their
/// quantity; a time column may hold numbers, durations ("hh:mm:ss") or timestamps (then seconds since the first).
/// Metadata: <see cref="MetadataKeys.Technique"/> (the mapping's technique), <see cref="MetadataKeys.StartTime"/> when
/// the time column holds timestamps, <see cref="MetadataKeys.IntensityUnit"/> for an intensity column.
/// </summary>
public static class MappedTextParser
{
    public const string Format = "mapped-text";

    public static ParsedMeasurement Parse(Stream stream, string fileName, ColumnMappingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Problems();
        if (problems.Count > 0)
        {
            throw new InstrumentFileException(fileName, "the column mapping cannot be used: " + string.Join("; ", problems.Select(p => p.Message)));
        }
        using var reader = TextSource.Open(stream);
        var cursor = new LineCursor(reader);
        try
        {
            return Read(cursor, fileName, spec);
        }
        catch (Exception e) when (e is not InstrumentFileException and not OperationCanceledException and not OutOfMemoryException)
        {
            // Whatever trips the reader is still a file that does not fit the mapping, not a reason to retry.
            throw new InstrumentFileException(fileName, "cannot be read with the column mapping: " + e.Message, cursor.LineNumber);
        }
    }

    private static ParsedMeasurement Read(LineCursor cursor, string fileName, ColumnMappingSpec spec)
    {
        var mapped = spec.Columns.Where(c => c.Quantity is not null).Select(c => new Target(c, spec)).ToList();
        string? pending = FindTableStart(cursor, fileName, spec, mapped);
        var warnings = new List<string>();
        while (pending is not null || cursor.TryRead(out pending))
        {
            string line = pending;
            pending = null;
            if (DelimitedPreview.IsBlankRow(line))
            {
                continue;
            }
            var fields = DelimitedPreview.SplitRow(line, spec.Delimiter);
            foreach (var target in mapped)
            {
                string field = target.Column.Index < fields.Count ? fields[target.Column.Index] : "";
                if (!target.Add(field, spec.DecimalComma))
                {
                    if (target.Column.Quantity == Quantity.Other)
                    {
                        target.Drop();
                        warnings.Add($"{ColumnMappingSpec.Describe(target.Column)} holds text (\"{Shorten(field)}\" at line "
                            + cursor.LineNumber.ToString(CultureInfo.InvariantCulture) + "); only numbers are stored, so it was left out");
                        continue;
                    }
                    throw new InstrumentFileException(fileName, $"{ColumnMappingSpec.Describe(target.Column)}: \"{Shorten(field)}\" is not "
                        + target.Expected, cursor.LineNumber);
                }
            }
        }

        var kept = mapped.Where(t => !t.Dropped).ToList();
        int rows = kept.Count == 0 ? 0 : kept[0].Values.Count;
        if (rows == 0)
        {
            throw new InstrumentFileException(fileName, "no data rows after the header", cursor.LineNumber);
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Technique] = spec.Technique.ToString() };
        var columns = new List<SeriesColumn>(kept.Count);
        foreach (var target in kept)
        {
            var values = target.Values.ToArray();
            if (target.IsClock)
            {
                // Seconds since the first timestamp; the wall clock of that row is the run's start.
                double start = values.FirstOrDefault(double.IsFinite);
                metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(start);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] -= start;
                }
            }
            if (target.OutputQuantity is Quantity.IntensityCounts or Quantity.IntensityCps)
            {
                metadata[MetadataKeys.IntensityUnit] = target.OutputUnit;
            }
            columns.Add(new SeriesColumn(target.Name, target.OutputUnit, target.OutputQuantity, values));
        }
        return new ParsedMeasurement { Format = Format, Technique = spec.Technique, Columns = columns, Metadata = metadata, Warnings = warnings };
    }

    /// <summary>
    /// Reads up to the table: past the header row whose signature is the mapping's (then returns null), or, without a
    /// header row, up to and including the first line whose mapped fields are all numbers (then returns that line).
    /// </summary>
    private static string? FindTableStart(LineCursor cursor, string fileName, ColumnMappingSpec spec, List<Target> mapped)
    {
        string signature = spec.Signature;
        while (cursor.LineNumber < DelimitedPreview.SearchLines && cursor.TryRead(out var line))
        {
            if (DelimitedPreview.IsBlankRow(line))
            {
                continue;
            }
            var fields = DelimitedPreview.SplitRow(line, spec.Delimiter);
            if (spec.HeaderLine > 0)
            {
                int n = fields.Count;
                while (n > 0 && fields[n - 1].Length == 0)
                {
                    n--;
                }
                if (n <= spec.Columns.Count
                    && DelimitedPreview.SignatureOf(Enumerable.Range(0, spec.Columns.Count).Select(i => i < n ? fields[i] : "")) == signature)
                {
                    return null;
                }
            }
            else if (mapped.All(t => t.Column.Index < fields.Count && DelimitedPreview.IsNumberLike(fields[t.Column.Index], spec.DecimalComma)))
            {
                return line;
            }
        }
        throw spec.HeaderLine > 0
            ? new InstrumentFileException(fileName, $"no header row \"{Shorten(signature.Replace("|", " | ", StringComparison.Ordinal), 200)}\" "
                + "as the column mapping expects in the first " + DelimitedPreview.SearchLines.ToString(CultureInfo.InvariantCulture) + " lines", cursor.LineNumber)
            : new InstrumentFileException(fileName, "no row of numbers in the mapped columns", cursor.LineNumber);
    }

    private static string Shorten(string text, int length = 40) => text.Length <= length ? text : text[..length] + "…";

    /// <summary>One mapped column while it is read: its factor, its values so far, and whether it holds timestamps.</summary>
    private sealed class Target
    {
        private readonly double factor;
        private readonly bool dayFirst;
        private bool sawValue;

        public Target(MappedColumn column, ColumnMappingSpec spec)
        {
            Column = column;
            var quantity = column.Quantity!.Value;
            string unit = column.Unit?.Trim() ?? "";
            factor = MappableQuantities.FactorOf(quantity, unit) ?? 1;
            dayFirst = spec.DecimalComma;
            var (name, headerUnit) = HeaderUnits.Split(column.Header);
            Name = name.Length > 0 ? name : column.Header.Length > 0 ? column.Header : DelimitedPreview.UnnamedColumn(column.Index);
            (OutputQuantity, OutputUnit) = quantity switch
            {
                Quantity.Other => (Quantity.Other, unit.Length > 0 ? unit : headerUnit),
                Quantity.IntensityCounts when unit.Equals("cps", StringComparison.OrdinalIgnoreCase) || unit.Equals("counts/s", StringComparison.OrdinalIgnoreCase)
                    => (Quantity.IntensityCps, "cps"),
                Quantity.IntensityCounts => (Quantity.IntensityCounts, "counts"),
                _ => (quantity, MappableQuantities.Of(quantity)?.Units.FirstOrDefault() ?? ""),
            };
        }

        public MappedColumn Column { get; }
        public string Name { get; }
        public Quantity OutputQuantity { get; }
        public string OutputUnit { get; }
        public List<double> Values { get; } = [];
        public bool IsClock { get; private set; }
        public bool Dropped { get; private set; }

        public string Expected => Column.Quantity == Quantity.TimeS
            ? IsClock ? "a timestamp like the ones above it" : "a number, a duration (h:mm:ss) or a timestamp"
            : "a number" + (Column.Quantity is Quantity.CycleNumber or Quantity.StepNumber ? "" : " in " + (Column.Unit is { Length: > 0 } u ? u : OutputUnit));

        public void Drop()
        {
            Dropped = true;
            Values.Clear();
        }

        /// <summary>Adds one cell; false when it is neither missing nor readable for this column.</summary>
        public bool Add(string field, bool decimalComma)
        {
            if (Dropped)
            {
                return true;
            }
            if (DelimitedText.IsMissing(field))
            {
                Values.Add(double.NaN);
                return true;
            }
            if (!IsClock && DelimitedText.TryParseNumber(field, decimalComma, out var number))
            {
                sawValue = true;
                Values.Add(number * factor);
                return true;
            }
            if (Column.Quantity != Quantity.TimeS)
            {
                return false;
            }
            if (!IsClock && ClockText.TryParseDuration(field, out var seconds))
            {
                sawValue = true;
                Values.Add(seconds);
                return true;
            }
            // A column of wall-clock stamps only when it starts with one; numbers and stamps do not mix.
            if ((IsClock || !sawValue) && ClockText.TryParseTimestamp(field, dayFirst, out var stamp))
            {
                IsClock = true;
                sawValue = true;
                Values.Add(ClockText.ToUnixSeconds(stamp));
                return true;
            }
            return false;
        }
    }
}
