using System.Globalization;
using System.Text.RegularExpressions;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// The temperature a lab writes into an impedance file's name ("s04147-140deg.txt", "LZC_P1_25C.mpt", "run 80 °C.z"),
/// for spectra whose file does not record it. Only for impedance files: in cycling names "1C" is a C-rate.
/// </summary>
public static partial class FileNameTemperature
{
    /// <summary>The temperature in °C, or null when the name holds none (or more than one that disagree).</summary>
    public static double? Parse(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var values = Pattern().Matches(stem)
            .Select(m => double.Parse(m.Groups["sign"].Value + m.Groups["value"].Value.Replace(',', '.').Replace('p', '.'), NumberStyles.Float, CultureInfo.InvariantCulture))
            .Where(v => v is > -100 and < 1000)
            .Distinct()
            .ToList();
        return values.Count == 1 ? values[0] : null;
    }

    // A number (decimal point, comma or "p" as in 25p5C) directly followed by deg, degC, °C, oC or C, standing alone:
    // not inside a longer word or number. A minus counts as a sign only after the start, a space or an underscore.
    [GeneratedRegex(@"(?<![A-Za-z0-9.,])(?:(?<=^|[\s_])(?<sign>-))?(?<value>\d{1,3}(?:[.,p]\d+)?)\s?(?:deg(?:C)?|°C|oC|C)(?![A-Za-z0-9])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
