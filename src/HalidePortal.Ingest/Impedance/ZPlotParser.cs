using System.Globalization;
using System.Text.RegularExpressions;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// Scribner ZPlot / ZView data files (.z) in their two text layouts:
/// <list type="bullet">
/// <item>"ZPLOT2 ASCII": "Name: value" comment lines (Date MM-dd-yyyy, Time, Experiment Type, Surface Area ...)
/// up to "End Comments"; the line before it is the tab-separated column header; tab-separated rows follow.</item>
/// <item>"ZPlotW Data File" / "Z60W Data File" (also written by Autolab/Nova's ZView export, with a UTF-8 BOM):
/// quoted header lines, "Date: ... Time: ..." line, a settings line, the point count (not to be trusted: files stop
/// early), the quoted column header split by runs of spaces, then comma-separated rows.</item>
/// </list>
/// Columns are normally Freq(Hz), Ampl, Bias, Time(Sec), Z'(a), Z''(b), GD, Err, Range; Z'' is Im(Z) as measured
/// (imaginarySign "Im"). Metadata: technique (experiment type), startTime, electrodeAreaCm2 (ZPlot2 "Surface Area"),
/// imaginarySign.
/// </summary>
public sealed partial class ZPlotParser : IInstrumentParser
{
    private static readonly string[] StandardColumns = ["Freq(Hz)", "Ampl", "Bias", "Time(Sec)", "Z'(a)", "Z''(b)", "GD", "Err", "Range"];
    private static readonly string[] DateFormats = ["MM-dd-yyyy HH:mm:ss", "M-d-yyyy H:mm:ss"];

    public string Format => "zplot-z";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        ImpedanceText.StartsWith(head, "ZPLOT2 ASCII"u8)
        || ImpedanceText.StartsWith(head, "\"ZPlotW Data File"u8)
        || ImpedanceText.StartsWith(head, "\"Z60W Data File"u8);

    public ParsedMeasurement Parse(Stream stream, string fileName) =>
        ImpedanceText.ParseLines(stream, fileName, lines => Read(lines, fileName));

    private ParsedMeasurement Read(LineCursor lines, string fileName)
    {
        if (!lines.TryRead(out var first))
        {
            throw new InstrumentFileException(fileName, "empty file", 0);
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (first.StartsWith("ZPLOT2 ASCII", StringComparison.Ordinal))
        {
            return ReadZPlot2(lines, fileName, metadata);
        }
        if (first.StartsWith("\"ZPlotW", StringComparison.Ordinal) || first.StartsWith("\"Z60W", StringComparison.Ordinal))
        {
            return ReadZPlotW(lines, fileName, metadata);
        }
        throw new InstrumentFileException(fileName, "expected \"ZPLOT2 ASCII\" or a quoted \"ZPlotW/Z60W Data File\" first line", 1);
    }

    private ParsedMeasurement ReadZPlot2(LineCursor lines, string fileName, Dictionary<string, string> metadata)
    {
        string? date = null;
        string? time = null;
        string? header = null;
        string? previous = null;
        while (lines.TryRead(out var line))
        {
            if (line.StartsWith("End Comments", StringComparison.Ordinal))
            {
                header = previous;
                break;
            }
            previous = line;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }
            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "Date":
                    date = value;
                    break;
                case "Time":
                    time = value;
                    break;
                case "Experiment Type":
                    metadata[MetadataKeys.Technique] = value;
                    break;
                case "Surface Area" when DelimitedText.TryParseNumber(value, false, out double area) && area > 0:
                    metadata[MetadataKeys.ElectrodeAreaCm2] = area.ToString("R", CultureInfo.InvariantCulture);
                    break;
                default:
                    break;
            }
        }
        if (header is null)
        {
            throw new InstrumentFileException(fileName, "no \"End Comments\" line before the data", lines.LineNumber);
        }
        AddStart(metadata, date, time);
        var headers = header.TrimStart().StartsWith("Freq", StringComparison.Ordinal) ? ImpedanceText.Split(header, '\t') : [.. StandardColumns];
        var table = new ImpedanceTable(ImpedanceText.Classify(headers), fileName, lines.LineNumber);
        ImpedanceText.ReadRows(lines, table, '\t', decimalComma: false);
        return table.Build(Format, metadata, [], inferSign: false, lines.LineNumber);
    }

    private ParsedMeasurement ReadZPlotW(LineCursor lines, string fileName, Dictionary<string, string> metadata)
    {
        while (lines.TryRead(out var line))
        {
            if (line.StartsWith("Date:", StringComparison.Ordinal))
            {
                var match = DateAndTime().Match(line);
                if (match.Success)
                {
                    AddStart(metadata, match.Groups[1].Value, match.Groups[2].Value);
                }
            }
            else if (line.StartsWith('"') && line.Contains("Freq", StringComparison.Ordinal) && line.Contains("Z'", StringComparison.Ordinal))
            {
                var headers = Regex.Split(line.Trim().Trim('"').Trim(), @"\s{2,}");
                var table = new ImpedanceTable(ImpedanceText.Classify(headers), fileName, lines.LineNumber);
                ImpedanceText.ReadRows(lines, table, ',', decimalComma: false);
                return table.Build(Format, metadata, [], inferSign: false, lines.LineNumber);
            }
            else if (line.StartsWith("\"Sweep", StringComparison.Ordinal))
            {
                metadata[MetadataKeys.Technique] = line.Trim('"').Trim();
            }
        }
        throw new InstrumentFileException(fileName, "no quoted column header line (\"Freq(Hz) Ampl ... Z'(a) Z''(b) ...\")", lines.LineNumber);
    }

    private static void AddStart(Dictionary<string, string> metadata, string? date, string? time)
    {
        if (date is not null && time is not null
            && DateTime.TryParseExact(date + " " + time, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            metadata[MetadataKeys.StartTime] = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex(@"Date:\s*(\S+)\s+Time:\s*(\S+)")]
    private static partial Regex DateAndTime();
}
