using System.Security.Cryptography;

namespace HalidePortal.Cli.Upload;

/// <summary>
/// Read-only view of a file for StreamContent: hashes (SHA-256) and counts the bytes as HttpClient pulls them, so a file is
/// read once for both, and stops at the length seen when it was opened so a file that grows meanwhile still matches the
/// Content-Length already sent (the longer version is picked up on a later poll).
/// </summary>
public sealed class HashingReadStream : Stream
{
    private readonly Stream _inner;
    private readonly Action<long>? _progress;
    private readonly long _start;
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;

    /// <param name="progress">Called with the bytes read so far after every read.</param>
    public HashingReadStream(Stream inner, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _progress = progress;
        _start = inner.CanSeek ? inner.Position : 0;
        Length = inner.CanSeek ? inner.Length - _start : -1;
    }

    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead => _read;

    /// <summary>Lower-case hex SHA-256 of the bytes handed out so far.</summary>
    public string Sha256Hex => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override bool CanRead => true;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _read;
        set
        {
            // HttpClient rewinds StreamContent to its start when it has to send the body again; nothing else is supported.
            if (value != 0)
            {
                throw new NotSupportedException("only a rewind to the start is supported");
            }

            _inner.Position = _start;
            _hash.Dispose();
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _read = 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(Limit(buffer));
        return Counted(buffer[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(Limit(buffer), cancellationToken).ConfigureAwait(false);
        return Counted(buffer.Span[..n]);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (origin != SeekOrigin.Begin)
        {
            throw new NotSupportedException("only a rewind to the start is supported");
        }

        Position = offset;
        return 0;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private Span<byte> Limit(Span<byte> buffer) => Length < 0 ? buffer : buffer[..(int)Math.Min(buffer.Length, Length - _read)];

    private Memory<byte> Limit(Memory<byte> buffer) => Length < 0 ? buffer : buffer[..(int)Math.Min(buffer.Length, Length - _read)];

    private int Counted(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        _read += data.Length;
        _progress?.Invoke(_read);
        return data.Length;
    }
}
