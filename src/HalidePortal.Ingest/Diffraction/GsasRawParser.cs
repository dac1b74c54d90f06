using System.Globalization;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// GSAS raw powder data (.raw, .gsa, .gsas, .xra, .fxye): a title line, optional "Instrument parameter" line and
/// '#' comments, then banks, each opened by "BANK n nchan nrec bintyp bcoef1 bcoef2 bcoef3 bcoef4 type". Constant-
/// wavelength banks (bintyp CONST) give 2-theta in centidegrees: start bcoef1/100, step bcoef2/100. Data layouts by
/// type: STD (ten 8-column fields per 80-column record, each a 2-column counter count and a 6-column intensity), ESD
/// (five 16-column pairs of intensity and uncertainty), ALT (four 20-column groups: 2-theta in 1/32 centidegree,
/// intensity and uncertainty in thousandths), FXY and FXYE (free-format 2-theta in centidegrees, intensity,
/// uncertainty). Time-of-flight banks (RALF, SLOG, TIME_MAP) are not 2-theta scans and are skipped with a warning.
/// Banks become SweepNumber 1, 2, ...; uncertainties, when the layout has them, are a third column.
/// Metadata keys: technique "XRD", intensityUnit "counts", sampleName (the title line), "instrumentParameterFile".
/// The format states no wavelength.
/// </summary>
public sealed class GsasRawParser : IInstrumentParser
{
    private const int MaxChannels = 50_000_000;

    public string Format => "gsas-raw";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        int bank = head.IndexOf("\nBANK "u8);
        if (bank < 0)
        {
            return false;
        }
        var rest = head[(bank + 1)..];
        int end = rest.IndexOf((byte)'\n');
        string line = System.Text.Encoding.Latin1.GetString(end < 0 ? rest : rest[..end]);
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length >= 4 && int.TryParse(tokens[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            && int.TryParse(tokens[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
    }

    private enum Layout { Std, Esd, Alt, Fxy, Fxye }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var pattern = new DiffractionPattern();
        long lineNumber = 0;
        string? line = reader.ReadLine();
        if (line is null)
        {
            throw new InstrumentFileException(fileName, "empty file", 0);
        }
        lineNumber++;
        pattern.Set(MetadataKeys.SampleName, line);

        Layout? layout = null;
        bool skipping = false;
        double start = 0, step = 0;
        int channels = 0, index = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 2 && line.StartsWith("Instrument parameter", StringComparison.OrdinalIgnoreCase))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                pattern.Set("instrumentParameterFile", colon >= 0 ? line[(colon + 1)..] : line);
                continue;
            }
            if (line.StartsWith('#') || line.StartsWith('\u001a'))
            {
                continue;
            }
            if (line.StartsWith("BANK", StringComparison.Ordinal))
            {
                if (layout is not null && index < channels && !skipping && layout is Layout.Std or Layout.Esd)
                {
                    throw new InstrumentFileException(fileName, $"bank {pattern.SweepCount} ends after {index} of its {channels} channels", lineNumber);
                }
                (layout, skipping, start, step, channels) = ReadBank(line, pattern, fileName, lineNumber);
                index = 0;
                continue;
            }
            if (layout is null)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }
                throw new InstrumentFileException(fileName, "data before the first BANK line: not a GSAS raw file", lineNumber);
            }
            if (skipping || line.Trim().Length == 0)
            {
                continue;
            }
            switch (layout)
            {
                case Layout.Std:
                    for (int c = 0; c + 2 < 80 && index < channels; c += 8)
                    {
                        if (Field(line, c, 8).Trim().Length == 0)
                        {
                            break;
                        }
                        double y = Fixed(line, c + 2, 6, fileName, lineNumber, blankIsZero: true);
                        pattern.Add(start + index * step, y);
                        index++;
                    }
                    break;
                case Layout.Esd:
                    for (int c = 0; c < 80 && index < channels; c += 16)
                    {
                        if (Field(line, c, 16).Trim().Length == 0)
                        {
                            break;
                        }
                        double y = Fixed(line, c, 8, fileName, lineNumber, blankIsZero: true);
                        double e = Fixed(line, c + 8, 8, fileName, lineNumber, blankIsZero: true);
                        pattern.Add(start + index * step, y, e);
                        index++;
                    }
                    break;
                case Layout.Alt:
                    for (int c = 0; c < 80 && index < channels; c += 20)
                    {
                        if (Field(line, c, 8).Trim().Length == 0)
                        {
                            break;
                        }
                        double x = Fixed(line, c, 8, fileName, lineNumber, blankIsZero: false) / 3200;
                        double y = Fixed(line, c + 8, 7, fileName, lineNumber, blankIsZero: true) / 1000;
                        double e = Fixed(line, c + 15, 5, fileName, lineNumber, blankIsZero: true) / 1000;
                        pattern.Add(x, y, e);
                        index++;
                    }
                    break;
                default:
                    var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 2 || index >= channels)
                    {
                        break;
                    }
                    double fx = Free(fields[0], fileName, lineNumber) / 100;
                    double fy = Free(fields[1], fileName, lineNumber);
                    if (layout == Layout.Fxye && fields.Length >= 3)
                    {
                        pattern.Add(fx, fy, Free(fields[2], fileName, lineNumber));
                    }
                    else
                    {
                        pattern.Add(fx, fy);
                    }
                    index++;
                    break;
            }
        }
        if (layout is null)
        {
            throw new InstrumentFileException(fileName, "no BANK line: not a GSAS raw file", lineNumber);
        }
        if (!skipping && layout is Layout.Std or Layout.Esd && index < channels)
        {
            throw new InstrumentFileException(fileName, $"file ends after {index} of the bank's {channels} channels (truncated)", lineNumber);
        }
        return pattern.Build(Format, fileName, perSecond: false);
    }

    private static (Layout, bool Skip, double Start, double Step, int Channels) ReadBank(string line, DiffractionPattern pattern, string fileName, long lineNumber)
    {
        var t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (t.Length < 5 || !int.TryParse(t[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int channels) || channels < 0 || channels > MaxChannels)
        {
            throw new InstrumentFileException(fileName, "BANK line without a channel count (\"BANK n nchan nrec bintyp ...\")", lineNumber);
        }
        string binning = t[4].ToUpperInvariant();
        string type = t[^1].ToUpperInvariant();
        var layout = type switch
        {
            "ESD" => Layout.Esd,
            "ALT" => Layout.Alt,
            "FXY" => Layout.Fxy,
            "FXYE" => Layout.Fxye,
            _ => Layout.Std,
        };
        if (binning != "CONST" && binning != "CONS" && layout is not (Layout.Alt or Layout.Fxy or Layout.Fxye))
        {
            pattern.Warnings.Add($"bank {t[1]} is binned {t[4]} (time of flight), not in 2-theta; skipped");
            return (layout, true, 0, 0, channels);
        }
        if (binning is "RALF" or "SLOG" or "TIME_MAP")
        {
            pattern.Warnings.Add($"bank {t[1]} is binned {t[4]} (time of flight), not in 2-theta; skipped");
            return (layout, true, 0, 0, channels);
        }
        double start = 0, step = 0;
        if (layout is Layout.Std or Layout.Esd)
        {
            if (t.Length < 7 || DiffractionPattern.Number(t[5]) is not { } b1 || DiffractionPattern.Number(t[6]) is not { } b2)
            {
                throw new InstrumentFileException(fileName, "CONST bank without start and step (bcoef1, bcoef2)", lineNumber);
            }
            start = b1 / 100;
            step = b2 / 100;
        }
        pattern.StartSweep();
        return (layout, false, start, step, channels);
    }

    private static string Field(string line, int start, int width) =>
        start >= line.Length ? "" : line.Substring(start, Math.Min(width, line.Length - start));

    private static double Fixed(string line, int start, int width, string fileName, long lineNumber, bool blankIsZero)
    {
        string field = Field(line, start, width).Trim();
        if (field.Length == 0 && blankIsZero)
        {
            return 0;
        }
        return DiffractionPattern.Number(field)
            ?? throw new InstrumentFileException(fileName, $"\"{field}\" in columns {start + 1}-{start + width} is not a number", lineNumber);
    }

    private static double Free(string field, string fileName, long lineNumber) =>
        DiffractionPattern.Number(field) ?? throw new InstrumentFileException(fileName, $"\"{field}\" is not a number", lineNumber);
}
