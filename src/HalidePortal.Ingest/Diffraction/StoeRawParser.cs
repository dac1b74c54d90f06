using System.Buffers.Binary;
using System.Globalization;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// STOE WinXPOW binary powder scans (.raw, magic "RAW_1.0x" followed by "Powdat"). The file is a sequence of
/// 512-byte blocks; each range starts with a block holding the start/end date texts at +0 and +16, the point count
/// (int32) at +0x22, then float32 2-theta start (+0x2C), 2-theta end (+0x34) and 2-theta step (+0x3C); its int32
/// counts start one block later (+0x200). No published layout was found: ranges are located by checking that
/// start + (n - 1) * step = end, and a file where no block agrees is rejected rather than guessed at. The
/// wavelength field has not been identified, so it is not reported (a warning says so).
/// Metadata keys: technique "XRD", intensityUnit "counts", startTime, sampleName (the title at byte 0x20).
/// </summary>
public sealed class StoeRawParser : IInstrumentParser
{
    private const int Block = 512;
    private const int MaxFileBytes = 256 << 20;

    public string Format => "stoe-raw";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        head.Length >= 14 && head.StartsWith("RAW_1.0"u8) && head[8..14].SequenceEqual("Powdat"u8);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] data = ReadCapped(stream, fileName);
        if (data.Length < 14 || !CanRead(data, fileName))
        {
            throw new InstrumentFileException(fileName, "not a STOE .raw file (magic \"RAW_1.0x\" + \"Powdat\" missing)", 0);
        }
        var pattern = new DiffractionPattern();
        pattern.Set("stoeVersion", BinaryCursor.FixedText(data.AsSpan(4, 4)));
        if (data.Length >= 0x130)
        {
            string title = BinaryCursor.FixedText(data.AsSpan(0x20, 0x110));
            if (!title.Equals("This file has no Title", StringComparison.OrdinalIgnoreCase))
            {
                pattern.Set(MetadataKeys.SampleName, title);
            }
        }

        int offset = Block;
        while (offset + Block <= data.Length)
        {
            if (TryRange(data, offset, out int count, out double start, out double step))
            {
                if (pattern.SweepCount == 0)
                {
                    SetStart(pattern, BinaryCursor.FixedText(data.AsSpan(offset, 16)));
                }
                pattern.StartSweep();
                var counts = data.AsSpan(offset + Block, count * 4);
                for (int i = 0; i < count; i++)
                {
                    pattern.Add(start + i * step, BinaryPrimitives.ReadInt32LittleEndian(counts[(i * 4)..]));
                }
                offset += Block + (count * 4 + Block - 1) / Block * Block;
            }
            else
            {
                offset += Block;
            }
        }
        if (pattern.Count == 0)
        {
            throw new InstrumentFileException(fileName,
                "STOE .raw file whose scan range was not found (no block where point count, 2-theta start, end and step agree)", Block);
        }
        pattern.Warnings.Add("STOE .raw: the wavelength is not read from this format; enter it with the measurement");
        return pattern.Build(Format, fileName, perSecond: false);
    }

    /// <summary>Whether the block at <paramref name="offset"/> describes a range whose numbers agree and whose counts fit in the file.</summary>
    private static bool TryRange(byte[] data, int offset, out int count, out double start, out double step)
    {
        var block = data.AsSpan(offset, Block);
        count = BinaryPrimitives.ReadInt32LittleEndian(block[0x22..]);
        start = BinaryPrimitives.ReadSingleLittleEndian(block[0x2C..]);
        double end = BinaryPrimitives.ReadSingleLittleEndian(block[0x34..]);
        step = BinaryPrimitives.ReadSingleLittleEndian(block[0x3C..]);
        if (count < 2 || count > (data.Length - offset - Block) / 4 || !(step > 0) || step > 10
            || !double.IsFinite(start) || !double.IsFinite(end) || start < -10 || end > 180 || !char.IsAsciiDigit((char)block[0]))
        {
            return false;
        }
        // float32 fields: agree to within half a step.
        return Math.Abs(start + (count - 1) * step - end) <= step / 2;
    }

    /// <summary>"22-Sep-20 17:18" as ISO 8601.</summary>
    private static void SetStart(DiffractionPattern pattern, string text)
    {
        if (DateTime.TryParseExact(text, ["dd-MMM-yy HH:mm", "d-MMM-yy HH:mm", "dd-MMM-yy HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var start))
        {
            pattern.Set(MetadataKeys.StartTime, start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }
    }

    private static byte[] ReadCapped(Stream stream, string fileName)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (copy.Length + read > MaxFileBytes)
            {
                throw new InstrumentFileException(fileName, $"larger than {MaxFileBytes >> 20} MiB, too large for a STOE powder scan", copy.Length);
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }
}
