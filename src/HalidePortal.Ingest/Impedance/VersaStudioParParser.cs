using System.Globalization;
using HalidePortal.Ingest.Text;
using HalidePortal.Ingest.Voltammetry;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// Princeton Applied Research VersaStudio project files (.par): XML-like sections "&lt;Name&gt;" ... "&lt;/Name&gt;"
/// holding "key=value" lines (Application, Instrument Type/Model, Experiment DateAcquired/TimeAcquired,
/// Action0 "Working Electrode Area (cm2)", ActionN Name = the technique), and data sections "&lt;SegmentN&gt;" whose
/// "Definition=" line lists the columns ("Segment #, Point #, E(V), I(A), Elapsed Time(s), ..., Frequency(Hz), ...,
/// Z Real, Z Imag, ...") followed by comma-separated rows. A trailing number in the definition is not a column.
/// An impedance action (name with "EIS" or "Impedance") gives freq, Re(Z), Im(Z) (Z Imag is Im(Z) as measured),
/// rows with frequency 0 left out; other actions give E (V), I (mA), time, with the segment number as the sweep
/// (Technique.Voltammetry when the action name says voltammetry or sweep).
/// Metadata: technique (action name), startTime, electrodeAreaCm2, instrument, imaginarySign (EIS).
/// </summary>
public sealed class VersaStudioParParser : IInstrumentParser
{
    private static readonly string[] StartFormats = ["dddd, MMMM d, yyyy h:mm:ss tt", "dddd, MMMM dd, yyyy h:mm:ss tt", "dddd, MMMM d, yyyy H:mm:ss"];

    public string Format => "versastudio-par";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        ImpedanceText.StartsWith(head, "<Application>"u8) && head.IndexOf("Name=VersaStudio"u8) >= 0;

    public ParsedMeasurement Parse(Stream stream, string fileName) =>
        ImpedanceText.ParseLines(stream, fileName, lines => Read(lines, fileName));

    private ParsedMeasurement Read(LineCursor lines, string fileName)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        string section = "";
        string? date = null;
        string? time = null;
        string technique = "";
        ImpedanceTable? impedance = null;
        VoltammetryTable? sweeps = null;
        int segment = 0;
        bool inData = false;

        while (lines.TryRead(out var line))
        {
            if (line.StartsWith("</", StringComparison.Ordinal))
            {
                section = "";
                inData = false;
                continue;
            }
            if (line.StartsWith('<') && line.EndsWith('>') && !line.Contains(' ', StringComparison.Ordinal))
            {
                section = line[1..^1];
                if (section.StartsWith("Segment", StringComparison.Ordinal))
                {
                    segment = int.TryParse(section.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : segment + 1;
                }
                continue;
            }
            if (inData)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    var fields = ImpedanceText.Split(line, ',');
                    if (impedance is not null)
                    {
                        impedance.AddRow(fields, decimalComma: false, lines.LineNumber);
                    }
                    else
                    {
                        sweeps!.AddRow(fields, decimalComma: false, segment, lines.LineNumber);
                    }
                }
                continue;
            }
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }
            string key = line[..eq];
            string value = line[(eq + 1)..].Trim();
            switch (key)
            {
                case "Type" when string.Equals(section, "Instrument", StringComparison.Ordinal):
                    metadata[MetadataKeys.Instrument] = value;
                    break;
                case "DateAcquired":
                    date = value;
                    break;
                case "TimeAcquired":
                    time = value;
                    break;
                case "Working Electrode Area (cm2)" when DelimitedText.TryParseNumber(value, false, out double area) && area > 0:
                    metadata[MetadataKeys.ElectrodeAreaCm2] = area.ToString("R", CultureInfo.InvariantCulture);
                    break;
                case "Name" when section.StartsWith("Action", StringComparison.Ordinal) && !string.Equals(value, "Common", StringComparison.Ordinal):
                    technique = value;
                    metadata[MetadataKeys.Technique] = value;
                    break;
                case "Definition" when section.StartsWith("Segment", StringComparison.Ordinal):
                    var names = ImpedanceText.Split(value, ',');
                    while (names.Count > 0 && (names[^1].Length == 0 || DelimitedText.TryParseNumber(names[^1], false, out _)))
                    {
                        names.RemoveAt(names.Count - 1);
                    }
                    var specs = ImpedanceText.Classify(names);
                    if (IsImpedance(technique) && ImpedanceTable.HasImpedanceColumns(specs))
                    {
                        impedance ??= new ImpedanceTable(specs, fileName, lines.LineNumber);
                    }
                    else
                    {
                        sweeps ??= new VoltammetryTable(specs, fileName, lines.LineNumber);
                    }
                    inData = true;
                    break;
                default:
                    break;
            }
        }

        if (date is not null && time is not null
            && DateTime.TryParseExact(date + " " + time, StartFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            metadata[MetadataKeys.StartTime] = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
        if (impedance is not null)
        {
            return impedance.Build(Format, metadata, warnings, inferSign: false, lines.LineNumber);
        }
        if (sweeps is null)
        {
            throw new InstrumentFileException(fileName, "no <SegmentN> section with a Definition= line", lines.LineNumber);
        }
        bool voltammetry = technique.Contains("Voltammetry", StringComparison.OrdinalIgnoreCase) || technique.Contains("Sweep", StringComparison.OrdinalIgnoreCase);
        if (!voltammetry)
        {
            warnings.Add($"Action \"{technique}\" is not a voltammetry technique; its segments are read as potential and current.");
        }
        return sweeps.Build(Format, voltammetry ? Technique.Voltammetry : Technique.Unknown, metadata, warnings, lines.LineNumber);
    }

    private static bool IsImpedance(string technique) =>
        technique.Contains("EIS", StringComparison.Ordinal) || technique.Contains("Impedance", StringComparison.OrdinalIgnoreCase);
}
