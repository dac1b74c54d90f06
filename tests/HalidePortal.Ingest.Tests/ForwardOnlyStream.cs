namespace HalidePortal.Ingest.Tests;

/// <summary>
/// A stream that cannot seek and gives at most <c>mostPerRead</c> bytes a read, like an upload arriving over the network
/// or an object-store download: parsers must not rely on Seek, Length or full reads.
/// </summary>
internal sealed class ForwardOnlyStream(Stream inner, int mostPerRead = int.MaxValue) : Stream
{
    public ForwardOnlyStream(byte[] bytes, int mostPerRead = int.MaxValue)
        : this(new MemoryStream(bytes, writable: false), mostPerRead)
    {
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, mostPerRead));
    public override int Read(Span<byte> buffer) => inner.Read(buffer[..Math.Min(buffer.Length, mostPerRead)]);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
