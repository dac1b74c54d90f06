using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// Impedance spectra as plain delimited text that no vendor parser claims: a header row naming the frequency and
/// Z' and Z'' (or |Z| and phase) columns, possibly after a few preamble lines (Nova/Autolab exports such as
/// "Frequency (Hz);Z' (Ω);-Z'' (Ω)", EC-Lab CSV "freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm", DRT tools), or no header at all:
/// rows of exactly three numbers read as f, Z', Z'' (pyDRTtools, impedance.py example data).
/// Tab, semicolon, comma or space separated; decimal commas when the delimiter is not a comma.
/// Sign of the imaginary column: a header starting with "-" ("-Z''", "-Im(Z)") means -Im(Z) is stored; otherwise the
/// data decide (most values positive = -Im(Z), with a warning). Output Im(Z) is always as measured; the convention
/// found is in the metadata key imaginarySign ("Im" or "-Im").
/// Detection is deliberately strict because it runs last: a header row with frequency and impedance names, or at
/// least three headerless three-number rows whose first column is positive, monotonic and spans a factor of ten.
/// </summary>
public sealed class GenericImpedanceTextParser : IInstrumentParser
{
    private const int MaxPreambleLines = 100;

    public string Format => "impedance-text";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = ImpedanceText.HeadLines(head);
        if (lines is null)
        {
            return false;
        }
        var numericRows = new List<double>();
        bool sawText = false;
        foreach (var line in lines.Take(60))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            char delimiter = ImpedanceText.ChooseDelimiter(line);
            var fields = ImpedanceText.Split(line, delimiter);
            bool comma = DelimitedText.UsesDecimalComma(line, delimiter);
            if (ImpedanceText.IsNumericRow(fields, comma))
            {
                // Numbers under a header that names other things (time, voltage...) are not a headerless spectrum.
                if (fields.Count != 3 || sawText)
                {
                    return false;
                }
                DelimitedText.TryParseNumber(fields[0], comma, out double f);
                numericRows.Add(f);
                continue;
            }
            if (numericRows.Count > 0)
            {
                break;
            }
            if (ImpedanceTable.HasImpedanceColumns(ImpedanceText.Classify(fields)))
            {
                return true;
            }
            sawText = true;
        }
        return LooksLikeFrequencySweep(numericRows);
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) =>
        ImpedanceText.ParseLines(stream, fileName, lines => Read(lines, fileName));

    private ParsedMeasurement Read(LineCursor lines, string fileName)
    {
        var warnings = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        string? lastText = null;
        while (lines.TryRead(out var line))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            char delimiter = ImpedanceText.ChooseDelimiter(line);
            var fields = ImpedanceText.Split(line, delimiter);
            bool comma = DelimitedText.UsesDecimalComma(line, delimiter);
            if (ImpedanceText.IsNumericRow(fields, comma))
            {
                if (lastText is not null)
                {
                    throw new InstrumentFileException(fileName,
                        $"numbers under a header that names no frequency and impedance columns (\"{lastText}\")", lines.LineNumber);
                }
                if (fields.Count != 3)
                {
                    throw new InstrumentFileException(fileName, $"a headerless row of {fields.Count} numbers; expected 3 (f, Z', Z'')", lines.LineNumber);
                }
                var specs = new[]
                {
                    new ColumnSpec("f", "Hz", ColumnRole.Frequency, 1, false),
                    new ColumnSpec("Z'", "Ohm", ColumnRole.ZReal, 1, false),
                    new ColumnSpec("Z''", "Ohm", ColumnRole.ZImag, 1, false),
                };
                var headerless = new ImpedanceTable(specs, fileName, lines.LineNumber);
                ImpedanceText.ReadRows(lines, headerless, delimiter, comma, firstRow: line);
                warnings.Add("No header row: columns read as frequency (Hz), Z' and Z'' (Ohm).");
                return headerless.Build(Format, metadata, warnings, inferSign: true, lines.LineNumber);
            }
            var columns = ImpedanceText.Classify(fields);
            if (ImpedanceTable.HasImpedanceColumns(columns))
            {
                var table = new ImpedanceTable(columns, fileName, lines.LineNumber);
                ImpedanceText.ReadRows(lines, table, delimiter);
                return table.Build(Format, metadata, warnings, inferSign: true, lines.LineNumber);
            }
            lastText = line.Trim();
            if (lines.LineNumber >= MaxPreambleLines)
            {
                break;
            }
        }
        throw new InstrumentFileException(fileName,
            "no header row naming frequency and impedance columns, and no rows of three numbers", lines.LineNumber);
    }

    /// <summary>Positive, monotonic first column spanning at least a decade: a frequency sweep, not 2-theta or time.</summary>
    private static bool LooksLikeFrequencySweep(List<double> frequency)
    {
        if (frequency.Count < 3 || frequency.Exists(f => f <= 0 || !double.IsFinite(f)))
        {
            return false;
        }
        int direction = Math.Sign(frequency[1] - frequency[0]);
        for (int i = 1; i < frequency.Count; i++)
        {
            if (direction == 0 || Math.Sign(frequency[i] - frequency[i - 1]) != direction)
            {
                return false;
            }
        }
        return frequency.Max() / frequency.Min() >= 10;
    }
}
