using System.Text;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>Line splitting, row reading and head sniffing shared by the impedance text formats.</summary>
internal static class ImpedanceText
{
    /// <summary>Delimiter of a row: tab, semicolon, comma, or ' ' for runs of spaces.</summary>
    public static char ChooseDelimiter(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Contains('\t', StringComparison.Ordinal))
        {
            return '\t';
        }
        if (line.Contains(';', StringComparison.Ordinal))
        {
            return ';';
        }
        return line.Contains(',', StringComparison.Ordinal) ? ',' : ' ';
    }

    /// <summary>
    /// Fields of a row: ' ' splits on runs of white space; other delimiters keep empty fields. Double quotes are
    /// honoured only when <paramref name="quoted"/> (CH Instruments writes Z" as a plain header character).
    /// </summary>
    public static List<string> Split(string line, char delimiter, bool quoted = true)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (delimiter == ' ')
        {
            return [.. line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        if (quoted)
        {
            return DelimitedText.Split(line, delimiter);
        }
        return [.. line.Split(delimiter, StringSplitOptions.TrimEntries)];
    }

    /// <summary>Whether every field is a number (at least <paramref name="minimum"/> of them).</summary>
    public static bool IsNumericRow(IReadOnlyList<string> fields, bool decimalComma, int minimum = 2)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count < minimum)
        {
            return false;
        }
        foreach (var field in fields)
        {
            if (!DelimitedText.TryParseNumber(field, decimalComma, out _))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Column specs for a header row; empty names at the end (a delimiter closing the line) are dropped.</summary>
    public static ColumnSpec[] Classify(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        int count = headers.Count;
        while (count > 0 && string.IsNullOrWhiteSpace(headers[count - 1]))
        {
            count--;
        }
        return headers.Take(count).Select(ImpedanceHeaders.Classify).ToArray();
    }

    /// <summary>
    /// Reads data rows into <paramref name="table"/> until the end, or until <paramref name="isEnd"/> says a line
    /// closes the data; blank lines are skipped. Decimal commas are judged on the first row unless given.
    /// </summary>
    public static void ReadRows(LineCursor lines, ImpedanceTable table, char delimiter, bool? decimalComma = null,
        Func<string, bool>? isEnd = null, string? firstRow = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(table);
        bool? comma = decimalComma;
        if (firstRow is not null)
        {
            comma ??= DelimitedText.UsesDecimalComma(firstRow, delimiter);
            table.AddRow(Split(firstRow, delimiter), comma.Value, lines.LineNumber);
        }
        while (lines.TryRead(out var line))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (isEnd is not null && isEnd(line))
            {
                return;
            }
            comma ??= DelimitedText.UsesDecimalComma(line, delimiter);
            table.AddRow(Split(line, delimiter), comma.Value, lines.LineNumber);
        }
    }

    /// <summary>
    /// The head as text in its detected encoding, or null when it holds NUL bytes (binary). The last line is dropped
    /// when the head was cut at <see cref="InstrumentFormats.HeadLength"/>, since it may be partial.
    /// </summary>
    public static string[]? HeadLines(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || head.IndexOf((byte)0) >= 0)
        {
            return null;
        }
        Encoding encoding = TextSource.DetectEncoding(head);
        string text = encoding.GetString(head);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }
        return head.Length >= InstrumentFormats.HeadLength && lines.Length > 1 ? lines[..^1] : lines;
    }

    /// <summary>The head starts with <paramref name="prefix"/> after an optional UTF-8 byte-order mark.</summary>
    public static bool StartsWith(ReadOnlySpan<byte> head, ReadOnlySpan<byte> prefix)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            head = head[3..];
        }
        return head.StartsWith(prefix);
    }

    /// <summary>Reads a text export line by line in its detected encoding, with <see cref="Guard"/>'s error handling.</summary>
    public static ParsedMeasurement ParseLines(Stream stream, string fileName, Func<LineCursor, ParsedMeasurement> read)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(read);
        using var reader = TextSource.Open(stream);
        var lines = new LineCursor(reader);
        return Guard(fileName, lines, () => read(lines));
    }

    /// <summary>Runs <paramref name="parse"/>, turning number-format and similar slips into <see cref="InstrumentFileException"/>.</summary>
    public static ParsedMeasurement Guard(string fileName, LineCursor? lines, Func<ParsedMeasurement> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return parse();
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or IndexOutOfRangeException or ArgumentOutOfRangeException or DecoderFallbackException)
        {
            throw new InstrumentFileException(fileName, "unreadable content: " + ex.Message, lines?.LineNumber);
        }
    }
}
