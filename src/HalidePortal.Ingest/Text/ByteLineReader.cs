using System.Runtime.CompilerServices;

namespace HalidePortal.Ingest.Text;

/// <summary>
/// Lines of a byte stream without their endings (LF or CRLF), read block by block so a large export is never held
/// whole in memory. A line's bytes are valid until the next <see cref="TryNext"/>. Line numbers are 1-based.
/// </summary>
internal sealed class ByteLineReader(Stream stream, string fileName, int blockBytes = 1 << 20)
{
    /// <summary>Longer "lines" mean a binary file, not a text export; stop before buffering all of it.</summary>
    private const int MaxLineBytes = 16 << 20;

    private byte[] buffer = new byte[blockBytes];
    private int start;
    private int end;
    private int searched;
    private bool finished;

    /// <summary>Number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryNext(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int newline = buffer.AsSpan(searched, end - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int length = searched + newline - start;
                line = buffer.AsSpan(start, length);
                start += length + 1;
                searched = start;
                break;
            }
            searched = end;
            if (finished)
            {
                if (start == end)
                {
                    line = default;
                    return false;
                }
                line = buffer.AsSpan(start, end - start);
                start = searched = end;
                break;
            }
            Fill();
        }
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        LineNumber++;
        return true;
    }

    /// <summary>Moves the unfinished line to the front and reads more after it, growing the buffer for a long line.</summary>
    private void Fill()
    {
        int pending = end - start;
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, pending);
            start = 0;
            end = searched = pending;
        }
        if (end == buffer.Length)
        {
            if (buffer.Length >= MaxLineBytes)
            {
                throw new InstrumentFileException(fileName, $"a line longer than {MaxLineBytes >> 20} MiB: not a text export", LineNumber + 1);
            }
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        int read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            finished = true;
        }
        end += read;
    }
}
