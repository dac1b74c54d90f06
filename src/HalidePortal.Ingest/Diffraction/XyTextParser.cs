using System.Text;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Plain two- or three-column diffraction text (.xy, .xye, .txt, .csv, .dat exports of HighScore, EVA, Match!,
/// GSAS-II, Fityk...): 2-theta, intensity and optionally its uncertainty, separated by spaces, tabs, semicolons or
/// commas. Lines starting with '#', ';', '!' or '%' are comments anywhere; text lines before the first number row
/// are a header (a header naming cps makes the intensities counts per second, otherwise they are counts). Decimal
/// commas are recognised when the separator is not a comma. Further columns are ignored with a warning. Such files
/// state no wavelength; a warning says so. Recognised by content: at least three number rows whose first column
/// rises through 2-theta values (0-180 degrees); .xy/.xye files need only the rising first column.
/// Metadata keys: technique "XRD", intensityUnit.
/// </summary>
public sealed class XyTextParser : IInstrumentParser
{
    public string Format => "xy-text";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        if (head.IndexOf((byte)0) >= 0)
        {
            return false;
        }
        bool xyName = fileName is not null
            && (fileName.EndsWith(".xy", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".xye", StringComparison.OrdinalIgnoreCase));
        string text = Encoding.Latin1.GetString(head);
        var lines = text.Split('\n');
        int rows = 0, headerLines = 0;
        double previous = double.NegativeInfinity;
        // The last line of the head may be cut short.
        for (int i = 0; i < lines.Length - 1 && rows < 5; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || IsComment(line))
            {
                continue;
            }
            if (!TrySplitRow(line, Layout.Detect(line), out double x, out _, out _))
            {
                if (rows > 0 || ++headerLines > 5)
                {
                    return false;
                }
                continue;
            }
            if (!(x > previous) || (!xyName && (x < 0 || x > 180)))
            {
                return false;
            }
            previous = x;
            rows++;
        }
        return rows >= 3;
    }

    private static bool IsComment(string line) => line[0] is '#' or ';' or '!' or '%';

    /// <summary>How the number rows of a file are separated, decided on the first of them.</summary>
    private readonly record struct Layout(char? Delimiter, bool DecimalComma)
    {
        public static Layout Detect(string row)
        {
            if (row.Contains('\t', StringComparison.Ordinal))
            {
                return new Layout('\t', DelimitedText.UsesDecimalComma(row, '\t'));
            }
            if (row.Contains(';', StringComparison.Ordinal))
            {
                return new Layout(';', DelimitedText.UsesDecimalComma(row, ';'));
            }
            bool spaced = row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2;
            if (spaced)
            {
                // Space separated: a comma can only be a decimal comma.
                return new Layout(null, DelimitedText.UsesDecimalComma(row, ' '));
            }
            return new Layout(',', false);
        }
    }

    private static string[] Fields(string line, Layout layout) =>
        layout.Delimiter is { } d
            ? line.Split(d, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static bool TrySplitRow(string line, Layout layout, out double x, out double y, out string[] fields)
    {
        x = y = 0;
        fields = Fields(line, layout);
        return fields.Length >= 2
            && DelimitedText.TryParseNumber(fields[0], layout.DecimalComma, out x)
            && DelimitedText.TryParseNumber(fields[1], layout.DecimalComma, out y);
    }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = TextSource.Open(stream);
        var pattern = new DiffractionPattern();
        Layout? layout = null;
        bool perSecond = false, withSigma = false, warnedExtra = false;
        long lineNumber = 0;
        string? raw;
        while ((raw = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || IsComment(line))
            {
                continue;
            }
            if (layout is not { } current)
            {
                var candidate = Layout.Detect(line);
                if (!TrySplitRow(line, candidate, out _, out _, out var first))
                {
                    // A header line before the numbers.
                    if (line.Contains("cps", StringComparison.OrdinalIgnoreCase) || line.Contains("counts per second", StringComparison.OrdinalIgnoreCase)
                        || line.Contains("counts/s", StringComparison.OrdinalIgnoreCase))
                    {
                        perSecond = true;
                    }
                    if (lineNumber > 1000)
                    {
                        throw new InstrumentFileException(fileName, "no rows of 2-theta and intensity in the first 1000 lines", lineNumber);
                    }
                    continue;
                }
                layout = current = candidate;
                withSigma = first.Length >= 3 && DelimitedText.TryParseNumber(first[2], candidate.DecimalComma, out _);
            }
            if (!TrySplitRow(line, current, out double x, out double y, out var fields))
            {
                throw new InstrumentFileException(fileName, $"\"{(line.Length > 40 ? line[..40] : line)}\" is not a row of 2-theta and intensity", lineNumber);
            }
            if (withSigma)
            {
                if (fields.Length < 3 || !DelimitedText.TryParseNumber(fields[2], current.DecimalComma, out double sigma))
                {
                    throw new InstrumentFileException(fileName, "row without the uncertainty the first row had in its third column", lineNumber);
                }
                pattern.Add(x, y, sigma);
            }
            else
            {
                pattern.Add(x, y);
            }
            if (!warnedExtra && fields.Length > (withSigma ? 3 : 2))
            {
                warnedExtra = true;
                pattern.Warnings.Add($"line {lineNumber} has {fields.Length} columns; only 2-theta, intensity{(withSigma ? " and uncertainty" : "")} are read");
            }
        }
        if (layout is null)
        {
            throw new InstrumentFileException(fileName, "empty file or no rows of 2-theta and intensity", lineNumber);
        }
        pattern.Warnings.Add("plain x-y text states no wavelength; enter it with the measurement");
        return pattern.Build(Format, fileName, perSecond);
    }
}
