using System.Globalization;

namespace HalidePortal.Ingest.Text;

/// <summary>Fields and numbers of delimited text rows (CSV, tab- or semicolon-separated exports), invariant culture.</summary>
public static class DelimitedText
{
    /// <summary>The delimiter of a header row: tab, then semicolon, then comma, whichever splits it most.</summary>
    public static char DetectDelimiter(string headerRow)
    {
        ArgumentNullException.ThrowIfNull(headerRow);
        int tabs = headerRow.Count(c => c == '\t');
        int semicolons = headerRow.Count(c => c == ';');
        int commas = headerRow.Count(c => c == ',');
        if (tabs > 0 && tabs >= semicolons && tabs >= commas)
        {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    /// <summary>Splits one row; double quotes protect delimiters and are removed ("" is a literal quote).</summary>
    public static List<string> Split(string row, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(row);
        var fields = new List<string>();
        if (row.IndexOf('"', StringComparison.Ordinal) < 0)
        {
            foreach (var part in row.Split(delimiter))
            {
                fields.Add(part.Trim());
            }
            return fields;
        }
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < row.Length; i++)
        {
            char c = row[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < row.Length && row[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == delimiter)
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString().Trim());
        return fields;
    }

    /// <summary>
    /// A row some exporters write as one quoted field holding the whole delimited line (Novonix HPC): the line
    /// without its outer quotes; any other row unchanged.
    /// </summary>
    public static string UnwrapWholeRow(string row, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Length >= 2 && row[0] == '"' && row[^1] == '"')
        {
            var inner = row.AsSpan(1, row.Length - 2);
            if (!inner.Contains('"') && inner.Contains(delimiter))
            {
                return inner.ToString();
            }
        }
        return row;
    }

    /// <summary>Fields that mean "no value" in exports: empty, N/A, NaN, "-".</summary>
    public static bool IsMissing(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.IsEmpty || field is "-" || field.Equals("N/A", StringComparison.OrdinalIgnoreCase)
            || field.Equals("NaN", StringComparison.OrdinalIgnoreCase) || field.Equals("NA", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A number written with a decimal point, or with a decimal comma when <paramref name="decimalComma"/> (then
    /// '.' and spaces are not accepted as thousands separators either; instruments do not write them).
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, bool decimalComma, out double value)
    {
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        if (decimalComma && text.Length <= 64 && text.Contains(','))
        {
            Span<char> copy = stackalloc char[text.Length];
            text.CopyTo(copy);
            copy.Replace(',', '.');
            return double.TryParse(copy, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
        return false;
    }

    /// <summary>
    /// Whether a delimited data row uses decimal commas: the delimiter is not a comma and some field holds a comma
    /// between digits.
    /// </summary>
    public static bool UsesDecimalComma(string dataRow, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(dataRow);
        if (delimiter == ',')
        {
            return false;
        }
        for (int i = 1; i < dataRow.Length - 1; i++)
        {
            if (dataRow[i] == ',' && char.IsAsciiDigit(dataRow[i - 1]) && char.IsAsciiDigit(dataRow[i + 1]))
            {
                return true;
            }
        }
        return false;
    }
}
