using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HalidePortal.Ingest.Simulation;

/// <summary>
/// A mean squared displacement table from a molecular-dynamics run: lines of lag time and MSD of Li (further columns
/// ignored), separated by spaces, tabs or commas, '#' comments. Recognised by "msd" in a comment, the column header or
/// the file name. Time in ps unless the header says fs or ns; MSD in A^2 unless it says nm^2. The header may state the
/// temperature ("T = 600 K" or "600K" in the name), the Li count ("Li = 36", "n_Li: 36") and the cell volume
/// ("volume = 3690 A^3"), which the conductivity needs.
/// </summary>
public sealed partial class MsdTextParser : IInstrumentParser
{
    private static readonly char[] Separators = [' ', '\t', ','];

    public string Format => "msd-text";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        if (head.IndexOf((byte)0) >= 0)
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(head);
        var lines = text.Split('\n');
        bool named = fileName is not null && fileName.Contains("msd", StringComparison.OrdinalIgnoreCase);
        bool mentioned = lines.Take(20).Any(l => !IsNumberRow(l) && l.Contains("msd", StringComparison.OrdinalIgnoreCase));
        return (named || mentioned) && lines.SkipLast(1).Count(IsNumberRow) >= 2;
    }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var time = new List<double>();
        var msd = new List<double>();
        var header = new StringBuilder();
        double timeScale = 1e-12, msdScale = 1;
        int lineNumber = 0;
        for (string? raw = reader.ReadLine(); raw is not null; raw = reader.ReadLine())
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (IsNumberRow(line))
            {
                var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
                time.Add(Number(fields[0]) * timeScale);
                msd.Add(Number(fields[1]) * msdScale);
                continue;
            }
            if (time.Count > 0)
            {
                throw new InstrumentFileException(fileName, $"line {lineNumber.ToString(CultureInfo.InvariantCulture)}: expected a lag time and an MSD, got '{Clip(line)}'", lineNumber);
            }
            header.AppendLine(line);
            var lower = line.ToLowerInvariant();
            if (TimeUnit().Match(lower) is { Success: true } unit)
            {
                timeScale = unit.Groups[1].Value switch { "fs" => 1e-15, "ns" => 1e-9, _ => 1e-12 };
            }
            if (lower.Contains("nm^2", StringComparison.Ordinal) || lower.Contains("nm2", StringComparison.Ordinal))
            {
                msdScale = 100;
            }
        }
        if (time.Count < 3)
        {
            throw new InstrumentFileException(fileName, "fewer than 3 rows of lag time and MSD");
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Technique] = "MD mean squared displacement" };
        var headerText = header.ToString();
        double? kelvin = Kelvin().Match(headerText) is { Success: true } t ? Number(t.Groups[1].Value)
            : NameKelvin().Match(Path.GetFileNameWithoutExtension(fileName)) is { Success: true } n ? Number(n.Groups[1].Value) : null;
        if (kelvin is { } k)
        {
            metadata[MetadataKeys.TemperatureC] = (k - 273.15).ToString("R", CultureInfo.InvariantCulture);
        }
        if (IonCount().Match(headerText) is { Success: true } ions)
        {
            metadata[MetadataKeys.IonsPerCell] = ions.Groups[1].Value;
        }
        if (Volume().Match(headerText) is { Success: true } volume)
        {
            metadata[MetadataKeys.CellVolumeA3] = volume.Groups[1].Value;
        }
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Simulation,
            Columns = [new SeriesColumn("Time", "s", Quantity.TimeS, [.. time]), new SeriesColumn("MSD Li", "A^2", Quantity.MsdA2, [.. msd])],
            Metadata = metadata,
        };
    }

    private static bool IsNumberRow(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('#'))
        {
            return false;
        }
        var fields = trimmed.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && IsNumber(fields[0]) && IsNumber(fields[1]);
    }

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Clip(string line) => line.Length > 60 ? line[..60] + "…" : line;

    [GeneratedRegex(@"\((fs|ps|ns)\)|\btime[^a-z]*\b(?:in\s+)?(fs|ps|ns)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TimeUnit();

    [GeneratedRegex(@"\b(?:T|temperature)\s*[=:]\s*([0-9.]+)\s*K\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Kelvin();

    [GeneratedRegex(@"(?<![0-9A-Za-z])([0-9]{2,4}(?:\.[0-9]+)?)\s?K(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex NameKelvin();

    [GeneratedRegex(@"\b(?:n_?Li|Li(?:\s+(?:ions|atoms))?)\s*[=:]\s*([0-9]+)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IonCount();

    [GeneratedRegex(@"\bvolume\s*[=:]\s*([0-9.]+(?:[eE][+-]?[0-9]+)?)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Volume();
}
