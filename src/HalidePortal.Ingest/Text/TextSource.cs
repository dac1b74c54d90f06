using System.Text;

namespace HalidePortal.Ingest.Text;

/// <summary>
/// Opens an instrument's text export as lines without reading it whole: the encoding is decided from the first
/// 64 KiB (byte-order mark; valid UTF-8; GB18030 when every high byte pairs as Chinese text, mostly GB2312
/// hanzi, as Neware and LANHE software write; otherwise Windows-1252, the Latin-1 superset older Windows
/// instruments write).
/// </summary>
public static class TextSource
{
    /// <summary>Bytes looked at to decide the encoding.</summary>
    public const int SniffLength = 64 * 1024;

    static TextSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The file's encoding judged from its first bytes.</summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(false);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }
        // A multi-byte character may be cut at the end of the sniffed block.
        var body = head.Length >= SniffLength ? TrimPartialUtf8(head) : head;
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return new UTF8Encoding(false);
        }
        return LooksLikeGb(body) ? Encoding.GetEncoding("GB18030") : Encoding.GetEncoding(1252);
    }

    /// <summary>A reader over the whole stream in its detected encoding (the byte-order mark is skipped).</summary>
    public static StreamReader Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[SniffLength];
        int read = stream.ReadAtLeast(head, SniffLength, throwOnEndOfStream: false);
        var encoding = DetectEncoding(head.AsSpan(0, read));
        var whole = new PrefixedStream(head, read, stream);
        return new StreamReader(whole, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    /// <summary>
    /// The complete lines of a detection head (the last, possibly cut line is dropped unless the head is the whole
    /// file), decoded in the encoding judged from those lines; at most <paramref name="maxLines"/> lines.
    /// </summary>
    public static IReadOnlyList<string> HeadLines(ReadOnlySpan<byte> head, int maxLines = 64)
    {
        int end = head.Length;
        if (head.Length >= InstrumentFormats.HeadLength)
        {
            int lastBreak = head.LastIndexOf((byte)'\n');
            end = lastBreak < 0 ? head.Length : lastBreak + 1;
        }
        var body = head[..end];
        var encoding = DetectEncoding(body);
        var preamble = encoding.GetPreamble();
        if (preamble.Length > 0 && body.StartsWith(preamble))
        {
            body = body[preamble.Length..];
        }
        else if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }
        var lines = new List<string>();
        using var reader = new StringReader(encoding.GetString(body));
        while (lines.Count < maxLines && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    private static ReadOnlySpan<byte> TrimPartialUtf8(ReadOnlySpan<byte> head)
    {
        int cut = head.Length;
        for (int back = 1; back <= 3 && back <= head.Length; back++)
        {
            byte b = head[^back];
            if ((b & 0xC0) == 0xC0)
            {
                cut = head.Length - back;
                break;
            }
            if ((b & 0x80) == 0)
            {
                break;
            }
        }
        return head[..cut];
    }

    /// <summary>
    /// Every high byte pairs as GBK, and most pairs are GB2312 hanzi (both bytes 0xA1-0xFE): Latin-1 text such as
    /// "°C" or "µA" also pairs as GBK, but with an ASCII letter as the trail byte.
    /// </summary>
    private static bool LooksLikeGb(ReadOnlySpan<byte> bytes)
    {
        int hanzi = 0;
        int asciiTrail = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b < 0x80)
            {
                continue;
            }
            if (b is < 0x81 or > 0xFE || i + 1 >= bytes.Length)
            {
                return false;
            }
            byte trail = bytes[i + 1];
            if (trail is < 0x40 or 0x7F or > 0xFE)
            {
                return false;
            }
            if (b >= 0xA1 && trail >= 0xA1)
            {
                hanzi++;
            }
            else if (trail < 0x80)
            {
                asciiTrail++;
            }
            i++;
        }
        return hanzi > 0 && hanzi > asciiTrail;
    }

    /// <summary>The sniffed bytes followed by the rest of the original stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream rest) : Stream
    {
        private int offset;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (offset < prefixLength)
            {
                int n = Math.Min(buffer.Length, prefixLength - offset);
                prefix.AsSpan(offset, n).CopyTo(buffer);
                offset += n;
                return n;
            }
            return rest.Read(buffer);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
