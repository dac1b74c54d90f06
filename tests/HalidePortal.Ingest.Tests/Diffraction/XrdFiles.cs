using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using HalidePortal.Ingest;

namespace HalidePortal.Ingest.Tests.Diffraction;

/// <summary>
/// Small binary and zip diffraction files written here, byte by byte, in the layouts the parsers document: for the
/// formats whose public example files are GPL/LGPL (Bruker .raw v1/v2/v4, STOE .raw) or of which none is public (.rasx).
/// </summary>
internal static class XrdFiles
{
    public static double[] Values(ParsedMeasurement m, Quantity q) =>
        (m.Find(q) ?? throw new InvalidOperationException($"no {q} column")).Values;

    public static double Meta(ParsedMeasurement m, string key) =>
        double.Parse(m.Metadata[key], System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Writer
    {
        private readonly MemoryStream bytes = new();

        public long Length => bytes.Length;

        public Writer Ascii(string text, int width)
        {
            var field = new byte[width];
            Encoding.ASCII.GetBytes(text).AsSpan(0, Math.Min(text.Length, width)).CopyTo(field);
            bytes.Write(field);
            return this;
        }

        public Writer Zeros(int count)
        {
            bytes.Write(new byte[count]);
            return this;
        }

        public Writer U16(int v)
        {
            Span<byte> b = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v);
            bytes.Write(b);
            return this;
        }

        public Writer U32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            bytes.Write(b);
            return this;
        }

        public Writer I32(int v) => U32(unchecked((uint)v));

        public Writer F32(float v)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, v);
            bytes.Write(b);
            return this;
        }

        public Writer F64(double v)
        {
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, v);
            bytes.Write(b);
            return this;
        }

        public Writer PadTo(long length) => Zeros((int)(length - bytes.Length));

        public byte[] ToArray() => bytes.ToArray();
    }

    /// <summary>Version 1 ("RAW "): two ranges, the second preceded by a repeated "RAW " as early DIFFRAC-AT wrote.</summary>
    public static byte[] BrukerRawV1()
    {
        var w = new Writer().Ascii("RAW ", 4);
        V1Range(w, [100f, 110f, 120f], timePerStep: 1f, step: 0.05f, start: 20f, more: true);
        w.Ascii("RAW ", 4);
        V1Range(w, [7f, 8f], timePerStep: 2f, step: 0.1f, start: 40f, more: false);
        return w.ToArray();
    }

    private static void V1Range(Writer w, float[] counts, float timePerStep, float step, float start, bool more)
    {
        w.U32((uint)counts.Length).F32(timePerStep).F32(step).U32(0).Zeros(4).F32(start)
            .F32(-1e6f).F32(-1e6f).F32(-1e6f).Ascii("LZC-1", 32).F32(1.5406f).F32(1.54439f).Zeros(72).U32(more ? 1u : 0u);
        foreach (var c in counts)
        {
            w.F32(c);
        }
    }

    /// <summary>Version 2 ("RAW2"): a 256-byte file header and two ranges with 48-byte headers.</summary>
    public static byte[] BrukerRawV2()
    {
        var w = new Writer().Ascii("RAW2", 4).U16(2).Zeros(162).Ascii("05-Feb-26 10:00", 20).Ascii("Co", 2)
            .F32(1.78897f).F32(1.79285f).F32(0.5f).Zeros(8).F32(60f).Zeros(42);
        foreach (var (start, counts) in new[] { (10f, new[] { 5f, 6f }), (50f, new[] { 9f, 8f, 7f }) })
        {
            w.U16(48).U16(counts.Length).Zeros(4).F32(0.25f).F32(0.02f).F32(start).Zeros(26).U16(298);
            foreach (var c in counts)
            {
                w.F32(c);
            }
        }
        return w.ToArray();
    }

    /// <summary>
    /// Version 4 ("RAW4.00"): a sample-ID text segment, a tube segment (Mo), a Locked Coupled range with a 2Theta drive
    /// segment and a rocking curve ("Omega") range the parser must skip.
    /// </summary>
    public static byte[] BrukerRawV4()
    {
        var w = new Writer().Ascii("RAW4.00", 8).Zeros(4).Ascii("02/05/2026", 12).Ascii("10:15:30", 10).Zeros(27);
        w.U32(10).U32(36 + 12).Zeros(4).Ascii("SAMPLEID", 24).Ascii("LZACFO-3", 12);
        w.U32(30).U32(120).Zeros(64).F64(0.71073).F64(0.70930).F64(0.71359).F64(0.63229).F64(0.5).Zeros(4).Ascii("Mo", 4);
        V4Range(w, "Locked Coupled", 5.0, 0.01, [300f, 320f, 310f, 305f], timePerStep: 96f);
        V4Range(w, "Omega", 2.0, 0.001, [1f, 2f], timePerStep: 1f);
        return w.ToArray();
    }

    private static void V4Range(Writer w, string scanType, double start, double step, float[] counts, float timePerStep)
    {
        const int extra = 92;
        w.U32(0).Zeros(28).Ascii(scanType, 24).Zeros(16).F64(start).F64(step).U32((uint)counts.Length).F32(timePerStep)
            .Zeros(4).F32(40f).F32(40f).Zeros(4).F64(0.70930).Zeros(16).U32(4).U32(extra).Zeros(16);
        w.U32(50).U32(extra).Zeros(4).Ascii("2Theta", 24).Zeros(20).F64(start).Zeros(extra - 64);
        foreach (var c in counts)
        {
            w.F32(c);
        }
    }

    /// <summary>STOE RAW_1.06 with one range of five points at 10.00-10.08 deg in a block at 0x800, counts at 0xA00.</summary>
    public static byte[] StoeRaw()
    {
        var w = new Writer().Ascii("RAW_1.06Powdat", 16).Ascii("05-Feb-26 11:20", 16).Ascii("LZC reference", 0x110).PadTo(0x800);
        w.Ascii("05-Feb-26 11:20", 16).Ascii("05-Feb-26 11:50", 16).Zeros(2).I32(5).Zeros(6)
            .F32(10f).F32(5f).F32(10.08f).F32(5.04f).F32(0.02f).F32(0.01f).F32(20f).PadTo(0xA00);
        foreach (int c in new[] { 1000, 1010, 1500, 1020, 990 })
        {
            w.I32(c);
        }
        return w.PadTo(0xC00).ToArray();
    }

    /// <summary>A .rasx zip: root.xml, then Data0/Profile0.txt (with a BOM) and Data0/MesurementConditions0.xml.</summary>
    public static byte[] Rasx(string intensityUnit = "cps", string axis = "TwoThetaTheta")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "root.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?><RootElement><ContentHashList /></RootElement>");
            Add(zip, "Data0/Profile0.txt", "\uFEFF20.00\t150.5\t1\r\n20.02\t160\t1\r\n20.04\t17.5\t100\r\n");
            Add(zip, "Data0/MesurementConditions0.xml",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><MeasurementConditions><GeneralInformation><SampleName>LZACF film</SampleName>"
                + "<SystemName>SmartLab</SystemName></GeneralInformation><HWConfigurations><XrayGenerator><TargetName>Cu</TargetName>"
                + "<WavelengthKalpha1>1.540593</WavelengthKalpha1><WavelengthKalpha2>1.544414</WavelengthKalpha2></XrayGenerator>"
                + $"</HWConfigurations><ScanInformation><AxisName>{axis}</AxisName><Mode>Continuous</Mode><Start>20</Start><Stop>20.04</Stop>"
                + $"<Step>0.02</Step><Speed>2</Speed><SpeedUnit>deg/min</SpeedUnit><IntensityUnit>{intensityUnit}</IntensityUnit>"
                + "<StartTime>2026-02-05T12:00:00+09:00</StartTime></ScanInformation></MeasurementConditions>");
        }
        return buffer.ToArray();
    }

    /// <summary>A .brml whose RawData entry inflates to <paramref name="inflatedBytes"/> of repeated text.</summary>
    public static byte[] BrmlBomb(int inflatedBytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("Experiment0/RawData0.xml", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            var block = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            s.Write("<?xml version=\"1.0\"?><RawData>"u8);
            for (int written = 0; written < inflatedBytes; written += block.Length)
            {
                s.Write(block);
            }
            s.Write("</RawData>"u8);
        }
        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }
}
