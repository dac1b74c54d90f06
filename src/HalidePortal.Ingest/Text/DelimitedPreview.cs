namespace HalidePortal.Ingest.Text;

/// <summary>
/// The table inside a delimited text file no parser knows, as the column-mapping form shows it: where the header
/// row is (the last non-numeric delimited row before the numbers start), the delimiter, whether numbers use a
/// decimal comma, the header fields, and the first data rows as text. <see cref="Signature"/> names the header so
/// a mapping saved for one file is found again for the next file with the same columns.
/// </summary>
/// <param name="HeaderLine">1-based line of the header row; 0 when the numbers start without one.</param>
/// <param name="FirstDataLine">1-based line of the first data row.</param>
/// <param name="Delimiter">Tab, ';', ',' or ' ' (runs of spaces).</param>
/// <param name="Header">One name per column; "column N" when the file has no header row.</param>
/// <param name="Rows">The first data rows, one field per column ("" where a row is short).</param>
public sealed record DelimitedPreview(
    int HeaderLine, int FirstDataLine, char Delimiter, bool DecimalComma, IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Lines searched for the start of the numbers; instrument preambles are far shorter.</summary>
    public const int SearchLines = 1000;

    public const int DefaultRows = 20;

    /// <summary>Delimiters tried on a data row, in order of preference when they split it equally well.</summary>
    private static readonly char[] Candidates = ['\t', ';', ',', ' '];

    /// <summary>The normalised header: fields trimmed, lower-cased, joined by '|'.</summary>
    public string Signature => SignatureOf(Header);

    /// <summary>Header fields trimmed, lower-cased (invariant) and joined by '|'.</summary>
    public static string SignatureOf(IEnumerable<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return string.Join('|', header.Select(h => h.Trim().ToLowerInvariant()));
    }

    /// <summary>Name shown for a column of a file without a header row.</summary>
    public static string UnnamedColumn(int index) => "column " + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Bytes a preview reads at most, so a binary file without line breaks is never read whole as one line.</summary>
    public const int ByteLimit = 16 * 1024 * 1024;

    /// <summary>
    /// Reads the preview from the start of a (possibly non-seekable) stream, decoding as <see cref="TextSource"/> does;
    /// at most <see cref="ByteLimit"/> bytes are read. The stream is not disposed.
    /// </summary>
    public static DelimitedPreview Read(Stream stream, string fileName, int maxRows = DefaultRows)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = TextSource.Open(new LimitedStream(stream, ByteLimit));
        return Read(reader, fileName, maxRows);
    }

    /// <summary>Reads the preview; text without a block of delimited numbers is an <see cref="InstrumentFileException"/>.</summary>
    public static DelimitedPreview Read(TextReader reader, string fileName, int maxRows = DefaultRows)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var cursor = new LineCursor(reader);
        var before = new List<(long Line, string Text)>();
        (long Line, string Text, char Delimiter, int Fields)? candidate = null;
        bool ended = false;
        while (cursor.LineNumber < SearchLines)
        {
            if (!cursor.TryRead(out var line))
            {
                ended = true;
                break;
            }
            if (IsBlankRow(line))
            {
                continue;
            }
            var data = ClassifyData(line);
            if (candidate is { } first)
            {
                // Two numeric rows in a row, split alike, start the table; one alone may be a preamble line ("Mass,12.5,13.1").
                if (data is { } d && d.Delimiter == first.Delimiter && d.Fields == first.Fields)
                {
                    return Build(before, first, [first.Text, line], cursor, maxRows);
                }
                before.Add((first.Line, first.Text));
                candidate = null;
            }
            if (data is { } found)
            {
                candidate = (cursor.LineNumber, line, found.Delimiter, found.Fields);
            }
            else
            {
                before.Add((cursor.LineNumber, line));
            }
        }
        if (candidate is { } last && ended)
        {
            // A table of a single row at the end of the file.
            return Build(before, last, [last.Text], cursor, maxRows);
        }
        if (cursor.LineNumber == 0)
        {
            throw new InstrumentFileException(fileName, "the file is empty", 0);
        }
        throw new InstrumentFileException(fileName, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"no rows of delimited numbers (tab, ';', ',' or space separated) in the first {Math.Min(cursor.LineNumber, SearchLines)} lines"),
            cursor.LineNumber);
    }

    private static DelimitedPreview Build(List<(long Line, string Text)> before,
        (long Line, string Text, char Delimiter, int Fields) first, List<string> dataLines, LineCursor cursor, int maxRows)
    {
        char delimiter = first.Delimiter;
        while (dataLines.Count < maxRows && cursor.TryRead(out var line))
        {
            if (!IsBlankRow(line))
            {
                dataLines.Add(line);
            }
        }
        if (dataLines.Count > maxRows)
        {
            dataLines.RemoveRange(maxRows, dataLines.Count - maxRows);
        }
        var rows = dataLines.Select(l => TrimTrailingEmpty(SplitRow(l, delimiter))).ToList();

        // The header is the nearest delimited row above the numbers; single-field lines there are comments.
        int headerLine = 0;
        List<string>? header = null;
        for (int i = before.Count - 1; i >= 0; i--)
        {
            var fields = TrimTrailingEmpty(SplitRow(before[i].Text, delimiter));
            if (fields.Count >= 2)
            {
                if (ClassifyData(before[i].Text) is null)
                {
                    header = fields;
                    headerLine = (int)before[i].Line;
                }
                break;
            }
        }
        int columns = Math.Max(header?.Count ?? 0, rows.Max(r => r.Count));
        var names = new List<string>(columns);
        for (int c = 0; c < columns; c++)
        {
            names.Add(header is null ? UnnamedColumn(c) : c < header.Count ? header[c] : "");
        }
        bool decimalComma = delimiter != ',' && dataLines.Any(l => DelimitedText.UsesDecimalComma(l, delimiter));
        var padded = rows.Select(r => (IReadOnlyList<string>)Enumerable.Range(0, columns).Select(c => c < r.Count ? r[c] : "").ToList()).ToList();
        return new DelimitedPreview(headerLine, (int)first.Line, delimiter, decimalComma, names, padded);
    }

    /// <summary>Splits a row with a delimiter; ' ' splits at runs of spaces and tabs.</summary>
    public static List<string> SplitRow(string line, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(line);
        return delimiter == ' '
            ? [.. line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : DelimitedText.Split(line, delimiter);
    }

    /// <summary>A number, a clock duration or a timestamp: what a data cell of an instrument export holds.</summary>
    public static bool IsNumberLike(string field, bool decimalComma)
    {
        ArgumentNullException.ThrowIfNull(field);
        return DelimitedText.TryParseNumber(field, decimalComma, out _)
            || ClockText.TryParseDuration(field, out _)
            || (field.Length >= 8 && ClockText.TryParseTimestamp(field, decimalComma, out _));
    }

    /// <summary>Lines with nothing but spaces and delimiters (";;;;;" trailers) carry no row.</summary>
    internal static bool IsBlankRow(string line)
    {
        foreach (char c in line)
        {
            if (!char.IsWhiteSpace(c) && c is not (';' or ','))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The delimiter that splits a line into the most number-like fields, when at least two fields and at least half of
    /// the non-empty ones are number-like; null for any other line.
    /// </summary>
    private static (char Delimiter, int Fields)? ClassifyData(string line)
    {
        (char Delimiter, int Fields)? best = null;
        int bestNumeric = 0;
        foreach (char delimiter in Candidates)
        {
            if (delimiter != ' ' && !line.Contains(delimiter, StringComparison.Ordinal))
            {
                continue;
            }
            // Spaces only when no real delimiter gives a table: "Test Time (s)" splits at spaces too.
            if (delimiter == ' ' && best is not null)
            {
                break;
            }
            var fields = SplitRow(line, delimiter);
            int present = 0;
            int numeric = 0;
            foreach (var field in fields)
            {
                if (DelimitedText.IsMissing(field))
                {
                    continue;
                }
                present++;
                if (IsNumberLike(field, delimiter != ','))
                {
                    numeric++;
                }
            }
            if (numeric >= 2 && numeric * 2 >= present && numeric > bestNumeric)
            {
                best = (delimiter, fields.Count);
                bestNumeric = numeric;
            }
        }
        return best;
    }

    private static List<string> TrimTrailingEmpty(List<string> fields)
    {
        int n = fields.Count;
        while (n > 0 && fields[n - 1].Length == 0)
        {
            n--;
        }
        if (n < fields.Count)
        {
            fields.RemoveRange(n, fields.Count - n);
        }
        return fields;
    }

    /// <summary>The first bytes of a stream, then end of stream; the inner stream is left open.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, limit - read)]);
            read += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
