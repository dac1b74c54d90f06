using System.Globalization;

namespace HalidePortal.Ingest.Text;

/// <summary>
/// Durations ("hh:mm:ss.fff" with hours past 24, "3d 18:47:22.59", "1-02:03:04") and wall-clock timestamps as
/// cyclers write them, in invariant culture. Timestamps become seconds since 1970-01-01 read as if the instrument's
/// local clock were UTC, so differences are exact and no time zone is guessed.
/// </summary>
public static class ClockText
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd H:mm:ss", "yyyy-MM-dd H:mm:ss.FFFFFFF", "yyyy-MM-dd h:mm:ss tt", "yyyy-MM-dd'T'H:mm:ss",
        "yyyy-MM-dd'T'H:mm:ss.FFFFFFF", "yyyy/MM/dd H:mm:ss", "yyyy/MM/dd H:mm:ss.FFFFFFF", "yyyy-MM-dd",
        "d.M.yyyy H:mm:ss", "d.M.yyyy H:mm:ss.FFFFFFF", "d.M.yyyy H:mm", "d-MMM-yy h:mm:ss tt", "d-MMM-yyyy h:mm:ss tt",
        "d-MMM-yy H:mm:ss", "d-MMM-yy",
    ];

    private static readonly string[] MonthFirstFormats =
    [
        "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm:ss.FFFFFFF", "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm:ss.FFFFFFF tt",
        "M/d/yyyy H:mm", "M/d/yyyy h:mm tt", "M/d/yyyy",
    ];

    private static readonly string[] DayFirstFormats =
    [
        "d/M/yyyy H:mm:ss", "d/M/yyyy H:mm:ss.FFFFFFF", "d/M/yyyy h:mm:ss tt", "d/M/yyyy H:mm", "d/M/yyyy",
    ];

    /// <summary>
    /// Seconds of a duration written "[-]h:mm:ss[.fff]" (hours may exceed 24), "Nd h:mm:ss[.fff]" (Maccor) or
    /// "N-h:mm:ss[.fff]"; false for anything else, including plain numbers.
    /// </summary>
    public static bool TryParseDuration(ReadOnlySpan<char> text, out double seconds)
    {
        seconds = 0;
        text = text.Trim();
        bool negative = text.StartsWith("-");
        if (negative)
        {
            text = text[1..];
        }
        double days = 0;
        int dayMark = text.IndexOfAny('d', '-');
        if (dayMark > 0)
        {
            if (!double.TryParse(text[..dayMark], NumberStyles.None, CultureInfo.InvariantCulture, out days))
            {
                return false;
            }
            text = text[(dayMark + 1)..].TrimStart();
        }
        int first = text.IndexOf(':');
        if (first <= 0)
        {
            return false;
        }
        int second = text[(first + 1)..].IndexOf(':');
        if (second < 0)
        {
            return false;
        }
        second += first + 1;
        if (!double.TryParse(text[..first], NumberStyles.None, CultureInfo.InvariantCulture, out double hours)
            || !double.TryParse(text[(first + 1)..second], NumberStyles.None, CultureInfo.InvariantCulture, out double minutes)
            || !double.TryParse(text[(second + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double secs)
            || minutes >= 60 || secs >= 60)
        {
            return false;
        }
        seconds = (((days * 24) + hours) * 60 + minutes) * 60 + secs;
        if (negative)
        {
            seconds = -seconds;
        }
        return true;
    }

    /// <summary>
    /// A timestamp in ISO, German dotted, "23-Nov-23 3:56:11 PM" or slashed form; slashed dates are read month first
    /// unless <paramref name="dayFirst"/> (then day first, as European exports with decimal commas write them).
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, bool dayFirst, out DateTime value)
    {
        text = text.Trim();
        const DateTimeStyles Styles = DateTimeStyles.AllowWhiteSpaces;
        var inv = CultureInfo.InvariantCulture;
        if (text.Contains('/'))
        {
            return DateTime.TryParseExact(text, dayFirst ? DayFirstFormats : MonthFirstFormats, inv, Styles, out value)
                || DateTime.TryParseExact(text, dayFirst ? MonthFirstFormats : DayFirstFormats, inv, Styles, out value)
                || DateTime.TryParseExact(text, IsoFormats, inv, Styles, out value);
        }
        return DateTime.TryParseExact(text, IsoFormats, inv, Styles, out value);
    }

    /// <summary>Seconds since 1970-01-01 of a wall-clock time, read as if it were UTC.</summary>
    public static double ToUnixSeconds(DateTime value) => (value - Epoch).TotalSeconds;

    /// <summary>The wall-clock time of <see cref="ToUnixSeconds"/>'s value, as metadata writes it.</summary>
    /// <remarks>Rounded to the millisecond: day-number clocks carry float noise below it (…:59.9999998).</remarks>
    public static string FormatUnixSeconds(double seconds) =>
        Epoch.AddMilliseconds(Math.Round(seconds * 1000)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);

    /// <summary>
    /// A clock stored as a number: Unix seconds (above 1e8), MATLAB datenum days (700000-800000) or Excel/OLE days
    /// (20000-80000); null for anything else.
    /// </summary>
    public static double? NumericClockToUnixSeconds(double value) => value switch
    {
        > 1e8 and < 1e10 => value,
        > 700_000 and < 800_000 => (value - 719_529) * 86_400,
        > 20_000 and < 80_000 => (value - 25_569) * 86_400,
        _ => null,
    };
}
