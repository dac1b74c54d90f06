using System.Globalization;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// The measurement conditions Rigaku software writes for one scan, whether as *KEY "value" lines of a .ras file or
/// as elements of a .rasx MesurementConditions XML, and the metadata and intensity handling both formats share.
/// </summary>
internal sealed class RigakuScan
{
    public string? Axis { get; set; }
    public string? IntensityUnit { get; set; }
    public double? Step { get; set; }
    public double? Speed { get; set; }
    public string? SpeedUnit { get; set; }

    /// <summary>Whether the scan moves 2-theta (2theta/theta, 2theta/omega, 2theta alone); rocking curves do not.</summary>
    public bool AlongTwoTheta
    {
        get
        {
            if (string.IsNullOrEmpty(Axis))
            {
                return true;
            }
            string a = Axis.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            return a.Contains("2Theta", StringComparison.OrdinalIgnoreCase) || a.Contains("TwoTheta", StringComparison.OrdinalIgnoreCase)
                || a.Contains("2θ", StringComparison.Ordinal);
        }
    }

    /// <summary>True for counts per second, false for counts; anything else is not an intensity unit.</summary>
    public bool PerSecond(string fileName, long position) => (IntensityUnit ?? "counts").Trim().ToUpperInvariant() switch
    {
        "COUNTS" or "COUNT" or "" => false,
        "CPS" or "COUNTS/S" or "COUNTS PER SECOND" => true,
        _ => throw new InstrumentFileException(fileName, $"intensity unit \"{IntensityUnit}\" (counts or cps expected)", position),
    };

    /// <summary>
    /// Counting time per step: for a continuous scan the time to sweep one step (step / speed in deg/min * 60 s), for
    /// a step scan the speed field is the time per step in seconds.
    /// </summary>
    public double? CountingTimeS()
    {
        if (Speed is not { } speed || speed <= 0)
        {
            return null;
        }
        string unit = (SpeedUnit ?? "").Trim();
        if (unit.Equals("deg/min", StringComparison.OrdinalIgnoreCase) || unit.Equals("°/min", StringComparison.Ordinal))
        {
            return Step is { } step ? step / speed * 60 : null;
        }
        if (unit.Equals("sec", StringComparison.OrdinalIgnoreCase) || unit.Equals("s", StringComparison.OrdinalIgnoreCase))
        {
            return speed;
        }
        return null;
    }

    /// <summary>Rigaku names carry Japanese and English halves ("日本語|English"); the English half is kept.</summary>
    public static string English(string value)
    {
        int bar = value.LastIndexOf('|');
        return (bar >= 0 ? value[(bar + 1)..] : value).Trim();
    }

    public static double? Number(string value) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    /// <summary>"02/18/19 12:48:06" (month first, as Rigaku writes it) or ISO 8601, as instrument-local ISO 8601.</summary>
    public static string? StartTime(string value)
    {
        string[] formats = ["MM/dd/yy HH:mm:ss", "MM/dd/yyyy HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
        string text = value.Trim();
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp)
            ? stamp.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>
    /// One data row "2theta intensity [attenuator factor]" (space or tab separated); the intensity is multiplied by
    /// the factor so rows measured with an attenuator in are on the common scale.
    /// </summary>
    public static bool TryRow(string line, out double twoTheta, out double intensity)
    {
        twoTheta = intensity = 0;
        var fields = line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2
            || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out twoTheta)
            || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out intensity))
        {
            return false;
        }
        if (fields.Length >= 3)
        {
            if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double factor))
            {
                return false;
            }
            intensity *= factor;
        }
        return true;
    }
}
