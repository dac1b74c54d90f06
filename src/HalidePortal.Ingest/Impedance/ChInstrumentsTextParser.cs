using System.Globalization;
using System.Text.RegularExpressions;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// CH Instruments (CHI 6xx/7xx) "A.C. Impedance" text export: a date line ("Feb. 20, 2020   15:55:08"), the
/// technique line ("A.C. Impedance"), "File:", "Data Source:", "Instrument Model:  CHI660E", free "Header:"/"Note:"
/// lines, parameters "Name (unit) = value", then the column header "Freq/Hz, Z'/ohm, Z"/ohm, Z/ohm, Phase/deg"
/// and comma-separated rows after a blank line. Z" is Im(Z) as measured (negative for capacitive arcs); Z is |Z|.
/// Only the impedance technique is read; CHI voltammetry exports ("Potential/V, Current/A") are refused by name.
/// Metadata: technique, startTime, instrument, imaginarySign.
/// </summary>
public sealed partial class ChInstrumentsTextParser : IInstrumentParser
{
    private static readonly string[] DateFormats = ["MMM. d, yyyy H:mm:ss", "MMM d, yyyy H:mm:ss", "MMMM d, yyyy H:mm:ss"];

    public string Format => "chi-txt";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = ImpedanceText.HeadLines(head);
        return lines is { Length: > 4 }
            && string.Equals(lines[1].Trim(), "A.C. Impedance", StringComparison.Ordinal)
            && Array.Exists(lines, l => l.StartsWith("Freq/Hz", StringComparison.Ordinal));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) =>
        ImpedanceText.ParseLines(stream, fileName, lines => Read(lines, fileName));

    private ParsedMeasurement Read(LineCursor lines, string fileName)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!lines.TryRead(out var dateLine) || !lines.TryRead(out var technique))
        {
            throw new InstrumentFileException(fileName, "expected a date line and the technique line \"A.C. Impedance\"", lines.LineNumber);
        }
        if (!string.Equals(technique.Trim(), "A.C. Impedance", StringComparison.Ordinal))
        {
            throw new InstrumentFileException(fileName, $"technique \"{technique.Trim()}\" is not \"A.C. Impedance\"", 2);
        }
        metadata[MetadataKeys.Technique] = technique.Trim();
        string date = Spaces().Replace(dateLine.Trim(), " ");
        if (DateTime.TryParseExact(date, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            metadata[MetadataKeys.StartTime] = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        }
        while (lines.TryRead(out var line))
        {
            if (line.StartsWith("Instrument Model:", StringComparison.Ordinal))
            {
                metadata[MetadataKeys.Instrument] = line["Instrument Model:".Length..].Trim();
            }
            else if (line.StartsWith("Freq/Hz", StringComparison.Ordinal))
            {
                var table = new ImpedanceTable(ImpedanceText.Classify(ImpedanceText.Split(line, ',', quoted: false)), fileName, lines.LineNumber);
                ReadRows(lines, table);
                return table.Build(Format, metadata, [], inferSign: false, lines.LineNumber);
            }
        }
        throw new InstrumentFileException(fileName, "no column header \"Freq/Hz, Z'/ohm, ...\"", lines.LineNumber);
    }

    private static void ReadRows(LineCursor lines, ImpedanceTable table)
    {
        while (lines.TryRead(out var line))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                table.AddRow(ImpedanceText.Split(line, ',', quoted: false), decimalComma: false, lines.LineNumber);
            }
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
