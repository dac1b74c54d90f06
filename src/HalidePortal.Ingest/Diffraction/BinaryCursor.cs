using System.Buffers.Binary;
using System.Text;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Reads little-endian fields one after another from a possibly non-seekable stream, counting the byte offset so
/// that a short or damaged file is reported where it ends.
/// </summary>
internal sealed class BinaryCursor(Stream stream, string fileName)
{
    private readonly byte[] scratch = new byte[8];

    public long Position { get; private set; }

    public string FileName => fileName;

    public void ReadExactly(Span<byte> buffer, string what)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            throw new InstrumentFileException(fileName, $"file ends inside {what}", Position + read);
        }
        Position += read;
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length; fewer bytes only at the end of the file.</summary>
    public int ReadUpTo(Span<byte> buffer)
    {
        int read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        Position += read;
        return read;
    }

    public void Skip(long count, string what)
    {
        if (count < 0)
        {
            throw new InstrumentFileException(fileName, $"negative length for {what}", Position);
        }
        Span<byte> sink = stackalloc byte[512];
        while (count > 0)
        {
            int n = (int)Math.Min(count, sink.Length);
            ReadExactly(sink[..n], what);
            count -= n;
        }
    }

    /// <summary>Skips forward to an absolute offset (never backwards).</summary>
    public void SkipTo(long offset, string what)
    {
        if (offset < Position)
        {
            throw new InstrumentFileException(fileName, $"{what} points back to byte {offset}", Position);
        }
        Skip(offset - Position, what);
    }

    /// <summary>Reads one byte; false at the end of the file.</summary>
    public bool TryReadByte(out byte first)
    {
        Span<byte> one = stackalloc byte[1];
        int read = stream.ReadAtLeast(one, 1, throwOnEndOfStream: false);
        Position += read;
        first = read == 1 ? one[0] : (byte)0;
        return read == 1;
    }

    public uint UInt32(string what)
    {
        ReadExactly(scratch.AsSpan(0, 4), what);
        return BinaryPrimitives.ReadUInt32LittleEndian(scratch);
    }

    public ushort UInt16(string what)
    {
        ReadExactly(scratch.AsSpan(0, 2), what);
        return BinaryPrimitives.ReadUInt16LittleEndian(scratch);
    }

    public float Single(string what)
    {
        ReadExactly(scratch.AsSpan(0, 4), what);
        return BinaryPrimitives.ReadSingleLittleEndian(scratch);
    }

    public double Double(string what)
    {
        ReadExactly(scratch.AsSpan(0, 8), what);
        return BinaryPrimitives.ReadDoubleLittleEndian(scratch);
    }

    /// <summary>A fixed-width text field, cut at the first NUL and trimmed.</summary>
    public string Text(int length, string what)
    {
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        ReadExactly(buffer, what);
        return FixedText(buffer);
    }

    public static string FixedText(ReadOnlySpan<byte> field)
    {
        int nul = field.IndexOf((byte)0);
        if (nul >= 0)
        {
            field = field[..nul];
        }
        return Encoding.Latin1.GetString(field).Trim();
    }
}
