using System.Text;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Rigaku .ras text scans (SmartLab Guidance, MiniFlex, PDXL exports): blocks *RAS_DATA_START ... *RAS_DATA_END, each
/// with a header of *KEY "value" lines between *RAS_HEADER_START/END and rows "2theta intensity attenuator-factor"
/// between *RAS_INT_START/END. The text is Shift-JIS with English after a '|' in names; it is read byte-wise
/// (Latin-1), which keeps every number and English name intact. Intensities are multiplied by the row's attenuator
/// factor; their unit is *MEAS_SCAN_UNIT_Y (counts or cps; the display unit *DISP_UNIT_Y is not the data's).
/// Several blocks become SweepNumber 1, 2, ...; blocks whose *MEAS_SCAN_AXIS_X does not move 2-theta are skipped
/// with a warning. Metadata keys: technique "XRD", intensityUnit, wavelengthAngstrom (*HW_XG_WAVE_LENGTH_ALPHA1),
/// wavelengthAlpha2Angstrom, anode (*HW_XG_TARGET_NAME), countingTimeS (step / speed for continuous scans, the speed
/// field in seconds for step scans), startTime (*MEAS_SCAN_START_TIME, month first), instrument
/// (*HW_GONIOMETER_NAME), sampleName (*FILE_SAMPLE), "scanAxis".
/// </summary>
public sealed class RigakuRasParser : IInstrumentParser
{
    public string Format => "rigaku-ras";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var start = head[..Math.Min(head.Length, 64)];
        return start.IndexOf("*RAS_DATA_START"u8) >= 0 || start.IndexOf("*RAS_HEADER_START"u8) >= 0;
    }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var pattern = new DiffractionPattern();
        RigakuScan? scan = null;
        bool inHeader = false, inRows = false, skipRows = false, sawMarker = false;
        bool? perSecond = null;
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            line = line.TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF').TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }
            if (line[0] == '*')
            {
                sawMarker = true;
                string key = FirstToken(line);
                switch (key)
                {
                    case "*RAS_DATA_START":
                        scan = new RigakuScan();
                        continue;
                    case "*RAS_HEADER_START":
                        scan ??= new RigakuScan();
                        inHeader = true;
                        continue;
                    case "*RAS_HEADER_END":
                        inHeader = false;
                        continue;
                    case "*RAS_INT_START":
                        scan ??= new RigakuScan();
                        inRows = true;
                        skipRows = !scan.AlongTwoTheta;
                        if (skipRows)
                        {
                            pattern.Warnings.Add($"the \"{scan.Axis}\" scan starting at line {lineNumber} does not move 2-theta; skipped");
                            continue;
                        }
                        bool thisPerSecond = scan.PerSecond(fileName, lineNumber);
                        if (perSecond is { } p && p != thisPerSecond)
                        {
                            throw new InstrumentFileException(fileName, "scans in counts and in cps in one file", lineNumber);
                        }
                        perSecond = thisPerSecond;
                        if (scan.CountingTimeS() is { } t)
                        {
                            pattern.SetIfMissing(MetadataKeys.CountingTimeS, t);
                        }
                        pattern.Set("scanAxis", scan.Axis);
                        pattern.StartSweep();
                        continue;
                    case "*RAS_INT_END":
                        inRows = false;
                        continue;
                    case "*RAS_DATA_END":
                        scan = null;
                        continue;
                }
                if (inHeader && scan is not null)
                {
                    ReadHeaderLine(key, Value(line, key.Length), scan, pattern);
                }
                continue;
            }
            if (!inRows)
            {
                if (!sawMarker)
                {
                    throw new InstrumentFileException(fileName, "not a Rigaku .ras file (no *RAS_DATA_START)", lineNumber);
                }
                continue;
            }
            if (skipRows)
            {
                continue;
            }
            if (!RigakuScan.TryRow(line, out double x, out double y))
            {
                throw new InstrumentFileException(fileName, $"\"{Shorten(line)}\" is not a row of 2-theta, intensity and attenuator factor", lineNumber);
            }
            pattern.Add(x, y);
        }
        if (!sawMarker)
        {
            throw new InstrumentFileException(fileName, "empty file or not a Rigaku .ras file (no *RAS_DATA_START)", 0);
        }
        if (inRows)
        {
            throw new InstrumentFileException(fileName, "file ends inside a data block (no *RAS_INT_END): truncated", lineNumber);
        }
        return pattern.Build(Format, fileName, perSecond ?? false);
    }

    private static void ReadHeaderLine(string key, string value, RigakuScan scan, DiffractionPattern pattern)
    {
        switch (key)
        {
            case "*MEAS_SCAN_AXIS_X":
                scan.Axis = value;
                break;
            case "*MEAS_SCAN_UNIT_Y":
                scan.IntensityUnit = value;
                break;
            case "*MEAS_SCAN_STEP":
                scan.Step = RigakuScan.Number(value);
                break;
            case "*MEAS_SCAN_SPEED":
                scan.Speed = RigakuScan.Number(value);
                break;
            case "*MEAS_SCAN_SPEED_UNIT":
                scan.SpeedUnit = value;
                break;
            case "*HW_XG_WAVE_LENGTH_ALPHA1" when RigakuScan.Number(value) is { } a1:
                pattern.SetIfMissing(MetadataKeys.WavelengthAngstrom, a1);
                break;
            case "*HW_XG_WAVE_LENGTH_ALPHA2" when RigakuScan.Number(value) is { } a2:
                pattern.SetIfMissing(MetadataKeys.WavelengthAlpha2Angstrom, a2);
                break;
            case "*HW_XG_TARGET_NAME":
                pattern.SetIfMissing(MetadataKeys.Anode, RigakuScan.English(value));
                break;
            case "*HW_GONIOMETER_NAME":
                pattern.SetIfMissing(MetadataKeys.Instrument, RigakuScan.English(value));
                break;
            case "*FILE_SAMPLE":
                pattern.SetIfMissing(MetadataKeys.SampleName, RigakuScan.English(value));
                break;
            case "*MEAS_SCAN_START_TIME":
                pattern.SetIfMissing(MetadataKeys.StartTime, RigakuScan.StartTime(value));
                break;
        }
    }

    private static string FirstToken(string line)
    {
        int space = line.IndexOfAny([' ', '\t']);
        return space < 0 ? line : line[..space];
    }

    /// <summary>The text after the key, without its surrounding double quotes.</summary>
    private static string Value(string line, int keyLength)
    {
        string v = line[keyLength..].Trim();
        if (v.Length >= 2 && v[0] == '"' && v[^1] == '"')
        {
            v = v[1..^1];
        }
        return v.Trim();
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
