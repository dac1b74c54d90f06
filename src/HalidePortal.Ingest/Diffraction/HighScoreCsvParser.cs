using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// PANalytical X'Pert HighScore CSV export: a "[Measurement conditions]" section of "name,value" lines, then
/// "[Scan points]" with a header row ("Angle,Intensity", sometimes with an ESD column) and one row per step. Rows
/// may use another delimiter and decimal commas when exported on a localised Windows. The intensity is counts unless
/// the header says cps. Metadata keys: technique "XRD", intensityUnit, wavelengthAngstrom ("K-Alpha1 wavelength"),
/// wavelengthAlpha2Angstrom, alpha2Ratio ("Ratio K-Alpha2/K-Alpha1"), anode ("Anode material"), countingTimeS
/// ("Time per step"), startTime ("File date and time"), instrument (the "Diffractometer system=" comment),
/// sampleName ("Sample identification"), "scanAxis".
/// </summary>
public sealed class HighScoreCsvParser : IInstrumentParser
{
    public string Format => "panalytical-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var start = head.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF]) ? head[3..] : head;
        return start.StartsWith("[Measurement conditions]"u8);
    }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = TextSource.Open(stream);
        var pattern = new DiffractionPattern();
        long lineNumber = 0;
        string? line = reader.ReadLine();
        lineNumber++;
        if (line is null || !line.TrimStart('\uFEFF').StartsWith("[Measurement conditions]", StringComparison.Ordinal))
        {
            throw new InstrumentFileException(fileName, "not a HighScore CSV file (first line is not \"[Measurement conditions]\")", 1);
        }
        bool inPoints = false;
        bool perSecond = false;
        char delimiter = ',';
        bool decimalComma = false;
        bool headerSeen = false, withEsd = false;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            if (!inPoints)
            {
                if (line.StartsWith("[Scan points]", StringComparison.Ordinal))
                {
                    inPoints = true;
                    continue;
                }
                var parts = DelimitedText.Split(line, ',');
                if (parts.Count >= 2)
                {
                    ReadCondition(parts[0], string.Join(",", parts.Skip(1)).Trim(), pattern);
                }
                continue;
            }
            if (!headerSeen)
            {
                headerSeen = true;
                if (!char.IsAsciiDigit(line.TrimStart()[0]) && line.TrimStart()[0] is not ('-' or '.'))
                {
                    delimiter = DelimitedText.DetectDelimiter(line);
                    perSecond = line.Contains("cps", StringComparison.OrdinalIgnoreCase)
                        || line.Contains("counts per second", StringComparison.OrdinalIgnoreCase);
                    withEsd = DelimitedText.Split(line, delimiter).Count >= 3;
                    continue;
                }
            }
            if (pattern.Count == 0)
            {
                if (line.Contains('\t', StringComparison.Ordinal))
                {
                    delimiter = '\t';
                }
                else if (line.Contains(';', StringComparison.Ordinal))
                {
                    delimiter = ';';
                }
                decimalComma = DelimitedText.UsesDecimalComma(line, delimiter);
                pattern.StartSweep();
            }
            var fields = DelimitedText.Split(line, delimiter);
            if (fields.Count < 2
                || !DelimitedText.TryParseNumber(fields[0], decimalComma, out double x)
                || !DelimitedText.TryParseNumber(fields[1], decimalComma, out double y))
            {
                throw new InstrumentFileException(fileName, $"\"{(line.Length > 40 ? line[..40] : line)}\" is not a row of angle and intensity", lineNumber);
            }
            if (withEsd && fields.Count >= 3 && DelimitedText.TryParseNumber(fields[2], decimalComma, out double e))
            {
                pattern.Add(x, y, e);
            }
            else
            {
                pattern.Add(x, y);
            }
        }
        if (!inPoints)
        {
            throw new InstrumentFileException(fileName, "no \"[Scan points]\" section (truncated file?)", lineNumber);
        }
        return pattern.Build(Format, fileName, perSecond);
    }

    private static void ReadCondition(string name, string value, DiffractionPattern pattern)
    {
        switch (name)
        {
            case "Anode material":
                pattern.Set(MetadataKeys.Anode, value);
                break;
            case "K-Alpha1 wavelength":
                pattern.Set(MetadataKeys.WavelengthAngstrom, DiffractionPattern.Number(value) ?? double.NaN);
                break;
            case "K-Alpha2 wavelength":
                pattern.Set(MetadataKeys.WavelengthAlpha2Angstrom, DiffractionPattern.Number(value) ?? double.NaN);
                break;
            case "Ratio K-Alpha2/K-Alpha1":
                pattern.Set(MetadataKeys.Alpha2Ratio, DiffractionPattern.Number(value) ?? double.NaN);
                break;
            case "Time per step":
                pattern.Set(MetadataKeys.CountingTimeS, DiffractionPattern.Number(value) ?? double.NaN);
                break;
            case "Scan axis":
                pattern.Set("scanAxis", value);
                break;
            case "Sample identification":
                pattern.Set(MetadataKeys.SampleName, value);
                break;
            case "File date and time":
                if (DateTime.TryParseExact(value, ["dd/MMM/yyyy HH:mm", "d/MMM/yyyy HH:mm", "dd/MMM/yyyy HH:mm:ss"], CultureInfo.InvariantCulture,
                        DateTimeStyles.None, out var date))
                {
                    pattern.Set(MetadataKeys.StartTime, date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                }
                break;
            default:
                const string System = "Diffractometer system=";
                if (name.StartsWith("Comment", StringComparison.Ordinal) && value.StartsWith(System, StringComparison.Ordinal))
                {
                    pattern.Set(MetadataKeys.Instrument, value[System.Length..]);
                }
                break;
        }
    }
}
