using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Spreadsheets;

public enum XlsxCellKind
{
    Empty = 0,
    Number,
    Text,
    Boolean,
    Error,
}

/// <summary>
/// One cell value as stored. Dates and times stay numbers (Excel serial days since 1899-12-30); <see cref="IsDate"/>
/// says the cell's number format shows them as a date or time.
/// </summary>
public readonly record struct XlsxCell(XlsxCellKind Kind, double Number, string? Text, bool IsDate = false)
{
    public static XlsxCell Empty => default;

    public bool IsEmpty => Kind == XlsxCellKind.Empty || (Kind == XlsxCellKind.Text && string.IsNullOrWhiteSpace(Text));

    /// <summary>The value as a number: numbers and booleans as stored, text when it reads as an invariant number.</summary>
    public bool TryGetNumber(out double value)
    {
        switch (Kind)
        {
            case XlsxCellKind.Number:
            case XlsxCellKind.Boolean:
                value = Number;
                return true;
            case XlsxCellKind.Text:
                // Numbers stored as text: invariant first, a lone decimal comma ("3,25") as written by localised exports.
                return DelimitedText.TryParseNumber(Text, decimalComma: false, out value)
                    || (Text is not null && !Text.Contains('.', StringComparison.Ordinal)
                        && DelimitedText.TryParseNumber(Text, decimalComma: true, out value));
            default:
                value = double.NaN;
                return false;
        }
    }

    /// <summary>The value as text: strings as stored, numbers in invariant round-trip form.</summary>
    public string AsText() => Kind switch
    {
        XlsxCellKind.Text or XlsxCellKind.Error => Text ?? "",
        XlsxCellKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        XlsxCellKind.Boolean => Number != 0 ? "TRUE" : "FALSE",
        _ => "",
    };

    public override string ToString() => AsText();
}
