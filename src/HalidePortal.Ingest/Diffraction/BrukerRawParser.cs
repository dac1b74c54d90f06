using System.Buffers.Binary;
using System.Globalization;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Siemens/Bruker DIFFRAC .raw binary scans, all four generations: version 1 (magic "RAW "), version 2 ("RAW2"),
/// version 3 ("RAW1.01", DIFFRAC plus) and version 4 ("RAW4.00", DIFFRAC.SUITE / V5Converter). Every version stores
/// each range as a start angle, a step and float32 counts per step; ranges become SweepNumber 1, 2, ...
/// Version 4 ranges whose scan is not along 2-theta (rocking curves, phi/chi scans) are skipped with a warning.
/// Intensities are counts per step (the instrument's "time per step" is the counting time, for a position-sensitive
/// detector the effective one). Metadata keys: technique "XRD", intensityUnit "counts", wavelengthAngstrom (K-alpha1),
/// wavelengthAlpha2Angstrom, alpha2Ratio, anode, countingTimeS (first range), startTime (from the file's
/// month/day/year date), sampleName, and "rawVersion" (1-4).
/// </summary>
public sealed class BrukerRawParser : IInstrumentParser
{
    /// <summary>More steps than this in one range is a damaged count, not a scan.</summary>
    private const uint MaxSteps = 50_000_000;

    public string Format => "bruker-raw";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        head.StartsWith("RAW "u8) || head.StartsWith("RAW2"u8) || head.StartsWith("RAW1.01"u8) || head.StartsWith("RAW4.00"u8);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var input = new BinaryCursor(stream, fileName);
        var pattern = new DiffractionPattern();
        Span<byte> magic = stackalloc byte[4];
        if (input.ReadUpTo(magic) < 4)
        {
            throw new InstrumentFileException(fileName, "not a Bruker .raw file: shorter than its 4-byte magic", input.Position);
        }
        if (magic.SequenceEqual("RAW "u8))
        {
            pattern.Metadata["rawVersion"] = "1";
            ReadVersion1(input, pattern);
        }
        else if (magic.SequenceEqual("RAW2"u8))
        {
            pattern.Metadata["rawVersion"] = "2";
            ReadVersion2(input, pattern);
        }
        else if (magic.SequenceEqual("RAW1"u8) && input.Text(3, "the version") == ".01")
        {
            pattern.Metadata["rawVersion"] = "3";
            ReadVersion3(input, pattern);
        }
        else if (magic.SequenceEqual("RAW4"u8) && input.Text(3, "the version") == ".00")
        {
            pattern.Metadata["rawVersion"] = "4";
            ReadVersion4(input, pattern);
        }
        else
        {
            throw new InstrumentFileException(fileName, "not a Bruker .raw file: magic is not \"RAW \", \"RAW2\", \"RAW1.01\" or \"RAW4.00\"", 0);
        }
        return pattern.Build(Format, fileName, perSecond: false);
    }

    /// <summary>Version 1: ranges of 152-byte headers chained by a "another range follows" flag.</summary>
    private static void ReadVersion1(BinaryCursor input, DiffractionPattern pattern)
    {
        uint rawWord = BinaryPrimitives.ReadUInt32LittleEndian("RAW "u8);
        bool more = true;
        while (more)
        {
            uint steps = input.UInt32("the range's step count");
            // Early DIFFRAC-AT files repeat "RAW " before every further range.
            if (pattern.SweepCount > 0 && steps == rawWord)
            {
                steps = input.UInt32("the range's step count");
            }
            float timePerStep = input.Single("the time per step");
            float step = input.Single("the step size");
            input.Skip(8, "the scan mode");
            float start = input.Single("the start angle");
            input.Skip(12, "the theta/chi/phi starts");
            string sample = input.Text(32, "the sample name");
            float alpha1 = input.Single("K-alpha1");
            float alpha2 = input.Single("K-alpha2");
            input.Skip(72, "the range header");
            more = input.UInt32("the next-range flag") != 0;

            pattern.SetIfMissing(MetadataKeys.SampleName, sample);
            SetWavelengths(pattern, alpha1, alpha2, double.NaN);
            pattern.SetIfMissing(MetadataKeys.CountingTimeS, timePerStep);
            ReadCounts(input, pattern, steps, start, step);
        }
    }

    /// <summary>Version 2: a 256-byte file header with the range count, then ranges with their own header length.</summary>
    private static void ReadVersion2(BinaryCursor input, DiffractionPattern pattern)
    {
        int ranges = input.UInt16("the range count");
        input.Skip(162, "the file header");
        pattern.Set("measured", input.Text(20, "the measurement date"));
        pattern.Set(MetadataKeys.Anode, input.Text(2, "the anode"));
        float alpha1 = input.Single("K-alpha1");
        float alpha2 = input.Single("K-alpha2");
        float ratio = input.Single("the K-alpha2/K-alpha1 ratio");
        SetWavelengths(pattern, alpha1, alpha2, ratio);
        input.Skip(8, "the file header");
        input.Single("the total run time");
        input.Skip(42, "the file header");
        for (int r = 0; r < ranges; r++)
        {
            long rangeStart = input.Position;
            int headerLength = input.UInt16("the range header length");
            if (headerLength < 48)
            {
                throw new InstrumentFileException(input.FileName, $"range header of {headerLength} bytes (at least 48 expected)", rangeStart);
            }
            uint steps = input.UInt16("the range's step count");
            input.Skip(4, "the range header");
            float timePerStep = input.Single("the time per step");
            float step = input.Single("the step size");
            float start = input.Single("the start angle");
            input.Skip(26, "the range header");
            int kelvin = input.UInt16("the temperature");
            input.Skip(headerLength - 48, "the range header");
            pattern.SetIfMissing(MetadataKeys.CountingTimeS, timePerStep);
            if (kelvin > 0)
            {
                pattern.SetIfMissing(MetadataKeys.TemperatureC, kelvin - 273.15);
            }
            ReadCounts(input, pattern, steps, start, step);
        }
    }

    /// <summary>Version 3 (DIFFRAC plus): a 712-byte file header, then 304-byte range headers (offsets from the XCH manual).</summary>
    private static void ReadVersion3(BinaryCursor input, DiffractionPattern pattern)
    {
        Span<byte> header = new byte[712];
        "RAW1.01"u8.CopyTo(header);
        input.ReadExactly(header[7..], "the 712-byte file header");
        uint ranges = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        SetStart(pattern, BinaryCursor.FixedText(header.Slice(16, 10)), BinaryCursor.FixedText(header.Slice(26, 10)));
        pattern.Set(MetadataKeys.SampleName, BinaryCursor.FixedText(header.Slice(326, 60)));
        pattern.Set(MetadataKeys.Anode, BinaryCursor.FixedText(header.Slice(608, 4)));
        SetWavelengths(pattern, BinaryPrimitives.ReadDoubleLittleEndian(header[624..]), BinaryPrimitives.ReadDoubleLittleEndian(header[632..]),
            BinaryPrimitives.ReadDoubleLittleEndian(header[648..]));
        if (ranges > 10_000)
        {
            throw new InstrumentFileException(input.FileName, $"{ranges} ranges stated in the file header", 12);
        }

        Span<byte> range = new byte[304];
        for (uint r = 0; r < ranges; r++)
        {
            long rangeStart = input.Position;
            input.ReadExactly(range, "a 304-byte range header");
            uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(range);
            if (headerLength != 304)
            {
                throw new InstrumentFileException(input.FileName, $"range header length {headerLength} where 304 was expected", rangeStart);
            }
            uint steps = BinaryPrimitives.ReadUInt32LittleEndian(range[4..]);
            double start = BinaryPrimitives.ReadDoubleLittleEndian(range[16..]);
            double step = BinaryPrimitives.ReadDoubleLittleEndian(range[176..]);
            float timePerStep = BinaryPrimitives.ReadSingleLittleEndian(range[192..]);
            double usedLambda = BinaryPrimitives.ReadDoubleLittleEndian(range[240..]);
            uint supplementary = BinaryPrimitives.ReadUInt32LittleEndian(range[256..]);
            pattern.SetIfMissing(MetadataKeys.CountingTimeS, timePerStep);
            if (usedLambda > 0)
            {
                pattern.SetIfMissing(MetadataKeys.WavelengthAngstrom, usedLambda);
            }
            input.Skip(supplementary, "the supplementary range headers");
            ReadCounts(input, pattern, steps, start, step);
        }
    }

    /// <summary>
    /// Version 4: a 61-byte header, tagged metadata segments (10 = text variable, 30 = tube), then ranges, each a
    /// 160-byte header whose first word is 0 or 160, extra segments and the data.
    /// </summary>
    private static void ReadVersion4(BinaryCursor input, DiffractionPattern pattern)
    {
        input.Skip(5, "the file header");
        string date = input.Text(12, "the measurement date");
        string time = input.Text(10, "the measurement time");
        SetStart(pattern, date, time);
        input.Skip(27, "the file header");

        uint type;
        while (true)
        {
            long segmentStart = input.Position;
            type = input.UInt32("a segment type");
            if (type is 0 or 160)
            {
                break;
            }
            uint length = input.UInt32("a segment length");
            if (length < 8 || length > 16 << 20)
            {
                throw new InstrumentFileException(input.FileName, $"metadata segment {type} of {length} bytes", segmentStart);
            }
            byte[] body = new byte[length - 8];
            input.ReadExactly(body, $"metadata segment {type}");
            if (type == 10 && body.Length >= 28)
            {
                string name = BinaryCursor.FixedText(body.AsSpan(4, 24));
                string value = BinaryCursor.FixedText(body.AsSpan(28));
                if (name == "SAMPLEID")
                {
                    pattern.Set(MetadataKeys.SampleName, value);
                }
                else if (name == "USER")
                {
                    pattern.Set("user", value);
                }
            }
            else if (type == 30 && body.Length >= 112)
            {
                SetWavelengths(pattern, BinaryPrimitives.ReadDoubleLittleEndian(body.AsSpan(72)),
                    BinaryPrimitives.ReadDoubleLittleEndian(body.AsSpan(80)), BinaryPrimitives.ReadDoubleLittleEndian(body.AsSpan(96)));
                pattern.Set(MetadataKeys.Anode, BinaryCursor.FixedText(body.AsSpan(108, 4)));
            }
        }

        Span<byte> header = new byte[160];
        Span<byte> next = stackalloc byte[4];
        int rangeNumber = 0;
        while (true)
        {
            rangeNumber++;
            long rangeStart = input.Position - 4;
            input.ReadExactly(header[4..], "a 160-byte range header");
            string scanType = BinaryCursor.FixedText(header.Slice(32, 24));
            double start = BinaryPrimitives.ReadDoubleLittleEndian(header[72..]);
            double step = BinaryPrimitives.ReadDoubleLittleEndian(header[80..]);
            uint steps = BinaryPrimitives.ReadUInt32LittleEndian(header[88..]);
            float timePerStep = BinaryPrimitives.ReadSingleLittleEndian(header[92..]);
            double usedLambda = BinaryPrimitives.ReadDoubleLittleEndian(header[112..]);
            uint datumSize = BinaryPrimitives.ReadUInt32LittleEndian(header[136..]);
            uint extraLength = BinaryPrimitives.ReadUInt32LittleEndian(header[140..]);
            if (extraLength > 16 << 20 || steps > MaxSteps)
            {
                throw new InstrumentFileException(input.FileName, $"range {rangeNumber} states {steps} steps and {extraLength} header bytes", rangeStart);
            }
            byte[] extra = new byte[extraLength];
            input.ReadExactly(extra, $"range {rangeNumber}'s extra headers");

            if (AlongTwoTheta(scanType))
            {
                if (datumSize != 4)
                {
                    throw new InstrumentFileException(input.FileName, $"range {rangeNumber} stores {datumSize}-byte values (4-byte floats expected)", rangeStart + 136);
                }
                double? driveStart = TwoThetaDriveStart(extra);
                // For a coupled scan the range start is the 2-theta start; the drive segment says so when present.
                if (scanType.Contains("Coupled", StringComparison.OrdinalIgnoreCase) is false && driveStart is { } d)
                {
                    start = d;
                }
                pattern.SetIfMissing(MetadataKeys.CountingTimeS, timePerStep);
                if (usedLambda > 0)
                {
                    pattern.SetIfMissing(MetadataKeys.WavelengthAngstrom, usedLambda);
                }
                pattern.Set("scanType", scanType);
                ReadCounts(input, pattern, steps, start, step);
            }
            else
            {
                pattern.Warnings.Add($"range {rangeNumber} is a \"{scanType}\" scan, not along 2-theta; skipped");
                input.Skip((long)datumSize * steps, $"range {rangeNumber}'s data");
            }

            int read = input.ReadUpTo(next);
            if (read == 0)
            {
                return;
            }
            if (read < 4)
            {
                throw new InstrumentFileException(input.FileName, "file ends inside the next range's header", input.Position);
            }
            type = BinaryPrimitives.ReadUInt32LittleEndian(next);
            if (type is not (0 or 160))
            {
                pattern.Warnings.Add($"bytes after range {rangeNumber} are not a range header (type {type}); ignored");
                return;
            }
            header[..4].Clear();
        }
    }

    private static bool AlongTwoTheta(string scanType) =>
        scanType.Contains("Coupled", StringComparison.OrdinalIgnoreCase)
        || scanType.Contains("Detector", StringComparison.OrdinalIgnoreCase)
        || scanType.Contains("2Theta", StringComparison.OrdinalIgnoreCase)
        || scanType.Contains("TwoTheta", StringComparison.OrdinalIgnoreCase);

    /// <summary>The start of the "2Theta" drive from a version-4 range's type-50 segments, when present.</summary>
    private static double? TwoThetaDriveStart(ReadOnlySpan<byte> extra)
    {
        int offset = 0;
        while (offset + 8 <= extra.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(extra[offset..]);
            int length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(extra[(offset + 4)..]), int.MaxValue);
            if (length < 8 || offset + length > extra.Length)
            {
                return null;
            }
            if (type == 50 && length >= 64 && BinaryCursor.FixedText(extra.Slice(offset + 12, 24)) == "2Theta")
            {
                return BinaryPrimitives.ReadDoubleLittleEndian(extra[(offset + 56)..]);
            }
            offset += length;
        }
        return null;
    }

    private static void ReadCounts(BinaryCursor input, DiffractionPattern pattern, uint steps, double start, double step)
    {
        if (steps > MaxSteps)
        {
            throw new InstrumentFileException(input.FileName, $"{steps} steps stated for one range", input.Position);
        }
        if (!double.IsFinite(start) || !double.IsFinite(step))
        {
            throw new InstrumentFileException(input.FileName, "range start or step is not a number", input.Position);
        }
        pattern.StartSweep();
        Span<byte> block = new byte[4096];
        uint done = 0;
        while (done < steps)
        {
            int n = (int)Math.Min(steps - done, (uint)(block.Length / 4));
            var chunk = block[..(n * 4)];
            input.ReadExactly(chunk, $"the counts of range {pattern.SweepCount} ({steps} steps)");
            for (int i = 0; i < n; i++)
            {
                float y = BinaryPrimitives.ReadSingleLittleEndian(chunk[(i * 4)..]);
                pattern.Add(start + (done + i) * step, y);
            }
            done += (uint)n;
        }
    }

    private static void SetWavelengths(DiffractionPattern pattern, double alpha1, double alpha2, double ratio)
    {
        if (alpha1 > 0)
        {
            pattern.Set(MetadataKeys.WavelengthAngstrom, alpha1);
        }
        if (alpha2 > 0)
        {
            pattern.Set(MetadataKeys.WavelengthAlpha2Angstrom, alpha2);
        }
        if (ratio >= 0)
        {
            pattern.Set(MetadataKeys.Alpha2Ratio, ratio);
        }
    }

    /// <summary>Bruker writes the date month first ("03/04/10", "08/30/2021").</summary>
    private static void SetStart(DiffractionPattern pattern, string date, string time)
    {
        string[] formats = ["MM/dd/yy HH:mm:ss", "MM/dd/yyyy HH:mm:ss"];
        if (DateTime.TryParseExact($"{date} {time}", formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            pattern.Set(MetadataKeys.StartTime, start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }
    }
}
