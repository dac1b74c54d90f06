using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// NEISYS (Novocontrol-type broadband impedance spectrometer) text export, as read by EISFitpython: a title line
/// ("sample, d.M.yyyy, HH:mm" or just the sample name), optionally a geometry line ("Diameter[mm]: 1.300e+01
/// Thickness[mm]: 7.500e-01 ..."), a "Fixed value(s) : AC Volt [Vrms]=..." line, the header ("Freq.[Hz]
/// Zs'[ohm] Zs''[ohm]" or "Freq. [Hz]  Zs' [Ohms]  Zs'' [Ohms]"; dynamic runs add time and temperature columns),
/// then tab/space separated rows (decimal point or comma). Zs'' is Im(Z) as measured (negative for capacitive arcs).
/// Metadata: sampleName, startTime, sampleDiameterMm, sampleThicknessMm, electrodeAreaCm2 (pi d^2 / 4 from the
/// diameter), imaginarySign.
/// </summary>
public sealed class NeisysTextParser : IInstrumentParser
{
    private static readonly string[] DateFormats = ["d.M.yyyy H:mm", "d.M.yyyy H:mm:ss", "d.M.yy H:mm"];

    public string Format => "neisys-txt";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = ImpedanceText.HeadLines(head);
        if (lines is null)
        {
            return false;
        }
        int fixedAt = Array.FindIndex(lines, 0, Math.Min(lines.Length, 4), l => l.StartsWith("Fixed value(s)", StringComparison.Ordinal));
        return fixedAt >= 0 && fixedAt + 1 < lines.Length
            && lines[fixedAt + 1].TrimStart().StartsWith("Freq.", StringComparison.Ordinal)
            && lines[fixedAt + 1].Contains("Zs'", StringComparison.Ordinal);
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) =>
        ImpedanceText.ParseLines(stream, fileName, lines => Read(lines, fileName));

    private ParsedMeasurement Read(LineCursor lines, string fileName)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!lines.TryRead(out var title))
        {
            throw new InstrumentFileException(fileName, "empty file", 0);
        }
        ReadTitle(title, metadata);
        string? header = null;
        while (lines.TryRead(out var line))
        {
            if (line.StartsWith("Diameter[mm]", StringComparison.Ordinal))
            {
                ReadGeometry(line, metadata);
            }
            else if (line.TrimStart().StartsWith("Freq", StringComparison.Ordinal))
            {
                header = line;
                break;
            }
            else if (lines.LineNumber > 6)
            {
                break;
            }
        }
        if (header is null)
        {
            throw new InstrumentFileException(fileName, "expected the header \"Freq.[Hz]  Zs'[ohm]  Zs''[ohm]\" within the first lines", lines.LineNumber);
        }
        var headers = header.Contains('\t', StringComparison.Ordinal)
            ? ImpedanceText.Split(header, '\t')
            : [.. System.Text.RegularExpressions.Regex.Split(header.Trim(), @"\s{2,}")];
        var table = new ImpedanceTable(ImpedanceText.Classify(headers), fileName, lines.LineNumber);
        ImpedanceText.ReadRows(lines, table, ' ');
        return table.Build(Format, metadata, [], inferSign: false, lines.LineNumber);
    }

    private static void ReadTitle(string title, Dictionary<string, string> metadata)
    {
        var parts = title.Split(',', StringSplitOptions.TrimEntries);
        if (parts[0].Length > 0)
        {
            metadata[MetadataKeys.SampleName] = parts[0];
        }
        if (parts.Length >= 3 && DateTime.TryParseExact(parts[1] + " " + parts[2], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            metadata[MetadataKeys.StartTime] = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>"Diameter[mm]: 1.300e+01  Thickness[mm]: 7.500e-01  Spacer Capacity[pF]: ..." (pairs "name[unit]: value").</summary>
    private static void ReadGeometry(string line, Dictionary<string, string> metadata)
    {
        double? diameter = ValueAfter(line, "Diameter[mm]:");
        double? thickness = ValueAfter(line, "Thickness[mm]:");
        if (diameter is { } d && d > 0)
        {
            metadata[MetadataKeys.SampleDiameterMm] = d.ToString("R", CultureInfo.InvariantCulture);
            double areaCm2 = Math.PI * d * d / 4 / 100;
            metadata[MetadataKeys.ElectrodeAreaCm2] = areaCm2.ToString("R", CultureInfo.InvariantCulture);
        }
        if (thickness is { } t && t > 0)
        {
            metadata[MetadataKeys.SampleThicknessMm] = t.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private static double? ValueAfter(string line, string label)
    {
        // "Electrode Thickness[mm]" also ends in "Thickness[mm]:"; the sample's comes first.
        int at = line.IndexOf(label, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var rest = line.AsSpan(at + label.Length).TrimStart();
        int end = rest.IndexOfAny(' ', '\t');
        var number = end < 0 ? rest : rest[..end];
        return DelimitedText.TryParseNumber(number, false, out double value) ? value : null;
    }
}
