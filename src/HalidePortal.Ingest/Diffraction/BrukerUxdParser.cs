using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Siemens/Bruker DIFFRAC-AT .uxd text (written by XCH and DIFFRAC plus): ';' comments, _KEY=value lines (values may be
/// in single quotes), a file header starting with _FILEVERSION, then one section per range opened by _DRIVE. Data
/// follow a keyword: _COUNTS or _CPS (intensities only, several per line, 2-theta from _START and _STEPSIZE),
/// _2THETACOUNTS or _2THETACPS (pairs of 2-theta and intensity) or _2THETACOUNTSTIME (triples with the counting
/// time). Peak lists (_D-I, _2THETA-I) are not scans and are skipped. Explicit 2-theta values are kept as written
/// (XCH rounds _STEPSIZE in the header). Ranges become SweepNumber 1, 2, ...
/// Metadata keys: technique "XRD", intensityUnit, wavelengthAngstrom (_WL1), wavelengthAlpha2Angstrom (_WL2),
/// alpha2Ratio (_WLRATIO), anode (_ANODE), countingTimeS (_STEPTIME of the first range), startTime (_DATEMEASURED),
/// sampleName (_SAMPLE).
/// </summary>
public sealed class BrukerUxdParser : IInstrumentParser
{
    public string Format => "bruker-uxd";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        int i = 0;
        while (i < head.Length)
        {
            int end = head[i..].IndexOf((byte)'\n');
            var line = end < 0 ? head[i..] : head.Slice(i, end);
            line = line.TrimStart(" \t\r"u8).TrimStart([(byte)0xEF, (byte)0xBB, (byte)0xBF]);
            if (!line.IsEmpty && line[0] != (byte)';')
            {
                return line.StartsWith("_FILEVERSION"u8);
            }
            if (end < 0)
            {
                break;
            }
            i += end + 1;
        }
        return false;
    }

    private enum Block { None, Counts, Pairs, Triples, PeakList }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = TextSource.Open(stream);
        var pattern = new DiffractionPattern();
        var block = Block.None;
        bool sawFileVersion = false, inRange = false;
        bool? perSecond = null;
        double start = double.NaN, step = double.NaN;
        int index = 0;
        var pending = new List<double>(3);
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            string text = line.Trim();
            if (text.Length == 0 || text[0] == ';')
            {
                continue;
            }
            if (text[0] == '_')
            {
                int eq = text.IndexOf('=', StringComparison.Ordinal);
                string key = (eq < 0 ? text[1..] : text[1..eq]).Trim().ToUpperInvariant();
                string value = eq < 0 ? "" : text[(eq + 1)..].Trim().Trim('\'').Trim();
                if (!sawFileVersion && key != "FILEVERSION")
                {
                    throw new InstrumentFileException(fileName, "not a Bruker .uxd file (no _FILEVERSION line before the first key)", lineNumber);
                }
                sawFileVersion = true;
                if (pending.Count > 0)
                {
                    throw new InstrumentFileException(fileName, "a data row is missing its last value", lineNumber - 1);
                }
                switch (key)
                {
                    case "DRIVE":
                        inRange = true;
                        block = Block.None;
                        start = step = double.NaN;
                        break;
                    case "COUNTS" or "CPS" or "2THETACOUNTS" or "2THETACPS" or "2THETACOUNTSTIME":
                        if (!inRange)
                        {
                            throw new InstrumentFileException(fileName, $"_{key} before any _DRIVE range", lineNumber);
                        }
                        bool thisPerSecond = key.EndsWith("CPS", StringComparison.Ordinal);
                        if (perSecond is { } p && p != thisPerSecond)
                        {
                            throw new InstrumentFileException(fileName, "ranges in counts and in cps in one file", lineNumber);
                        }
                        perSecond = thisPerSecond;
                        block = key switch { "COUNTS" or "CPS" => Block.Counts, "2THETACOUNTSTIME" => Block.Triples, _ => Block.Pairs };
                        if (block == Block.Counts && (double.IsNaN(start) || double.IsNaN(step)))
                        {
                            throw new InstrumentFileException(fileName, "_COUNTS data without _START and _STEPSIZE", lineNumber);
                        }
                        index = 0;
                        pattern.StartSweep();
                        break;
                    case "D-I" or "2THETA-I":
                        block = Block.PeakList;
                        break;
                    case "START":
                        start = Required(value, key, fileName, lineNumber);
                        break;
                    case "STEPSIZE":
                        step = Required(value, key, fileName, lineNumber);
                        break;
                    case "STEPTIME":
                        pattern.SetIfMissing(MetadataKeys.CountingTimeS, Required(value, key, fileName, lineNumber));
                        break;
                    case "WL1":
                        pattern.SetIfMissing(MetadataKeys.WavelengthAngstrom, Required(value, key, fileName, lineNumber));
                        break;
                    case "WL2":
                        pattern.SetIfMissing(MetadataKeys.WavelengthAlpha2Angstrom, Required(value, key, fileName, lineNumber));
                        break;
                    case "WLRATIO":
                        pattern.SetIfMissing(MetadataKeys.Alpha2Ratio, Required(value, key, fileName, lineNumber));
                        break;
                    case "ANODE":
                        pattern.SetIfMissing(MetadataKeys.Anode, value);
                        break;
                    case "SAMPLE":
                        pattern.SetIfMissing(MetadataKeys.SampleName, value);
                        break;
                    case "DATEMEASURED":
                        if (DateTime.TryParseExact(value, ["dd-MMM-yyyy HH:mm:ss", "d-MMM-yyyy HH:mm:ss"], CultureInfo.InvariantCulture,
                                DateTimeStyles.None, out var measured))
                        {
                            pattern.SetIfMissing(MetadataKeys.StartTime, measured.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                        }
                        break;
                }
                continue;
            }
            if (!sawFileVersion)
            {
                throw new InstrumentFileException(fileName, "not a Bruker .uxd file (no _FILEVERSION line)", lineNumber);
            }
            if (block == Block.PeakList)
            {
                continue;
            }
            if (block == Block.None)
            {
                throw new InstrumentFileException(fileName, "numbers before a _COUNTS/_2THETACOUNTS keyword", lineNumber);
            }
            foreach (var field in text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw new InstrumentFileException(fileName, $"\"{field}\" is not a number", lineNumber);
                }
                if (block == Block.Counts)
                {
                    pattern.Add(start + index++ * step, v);
                    continue;
                }
                pending.Add(v);
                if (pending.Count == (block == Block.Pairs ? 2 : 3))
                {
                    pattern.Add(pending[0], pending[1]);
                    pending.Clear();
                }
            }
        }
        if (!sawFileVersion)
        {
            throw new InstrumentFileException(fileName, "empty file or not a Bruker .uxd file (no _FILEVERSION line)", 0);
        }
        if (pending.Count > 0)
        {
            throw new InstrumentFileException(fileName, "the last data row is missing its last value (truncated file)", lineNumber);
        }
        return pattern.Build(Format, fileName, perSecond ?? false);
    }

    private static double Required(string value, string key, string fileName, long line) =>
        DiffractionPattern.Number(value) ?? throw new InstrumentFileException(fileName, $"_{key}={value} is not a number", line);
}
