using System.IO.Compression;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Zip containers of diffraction software (Bruker .brml, Rigaku .rasx) opened with limits: the archive itself and the
/// bytes decompressed from it are capped, so a small upload that inflates to gigabytes (a zip bomb) fails with an
/// <see cref="InstrumentFileException"/> instead of filling memory.
/// </summary>
internal sealed class XrdArchive : IDisposable
{
    private readonly ZipArchive zip;
    private readonly string fileName;
    private readonly string formatName;
    private long budget;

    private XrdArchive(ZipArchive zip, string fileName, string formatName, long budget)
    {
        this.zip = zip;
        this.fileName = fileName;
        this.formatName = formatName;
        this.budget = budget;
    }

    /// <summary>Largest archive accepted, compressed.</summary>
    public const long MaxArchiveBytes = 512L << 20;

    public IReadOnlyCollection<ZipArchiveEntry> Entries => zip.Entries;

    /// <summary>Opens the archive; <paramref name="maxInflatedBytes"/> caps everything read from its entries together.</summary>
    public static XrdArchive Open(Stream stream, string fileName, string formatName, long maxInflatedBytes)
    {
        Stream seekable = stream;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (copy.Length + read > MaxArchiveBytes)
                {
                    throw new InstrumentFileException(fileName, $"larger than {MaxArchiveBytes >> 20} MiB, refused", copy.Length);
                }
                copy.Write(buffer, 0, read);
            }
            copy.Position = 0;
            seekable = copy;
        }
        else if (stream.Length - stream.Position > MaxArchiveBytes)
        {
            throw new InstrumentFileException(fileName, $"larger than {MaxArchiveBytes >> 20} MiB, refused", 0);
        }
        try
        {
            return new XrdArchive(new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: seekable == stream), fileName, formatName, maxInflatedBytes);
        }
        catch (InvalidDataException e)
        {
            throw new InstrumentFileException(fileName, $"not a {formatName} file: not a readable zip archive ({e.Message})", 0);
        }
    }

    /// <summary>An entry's decompressed bytes as a stream that stops with an error past the archive's remaining budget.</summary>
    public Stream OpenEntry(ZipArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Length > budget)
        {
            throw new InstrumentFileException(fileName,
                $"{entry.FullName} states {entry.Length} bytes uncompressed, more than the {budget} bytes a {formatName} file may inflate to");
        }
        try
        {
            return new CappedStream(entry.Open(), this, entry.FullName);
        }
        catch (InvalidDataException e)
        {
            throw new InstrumentFileException(fileName, $"{entry.FullName} cannot be decompressed: {e.Message}");
        }
    }

    public void Dispose() => zip.Dispose();

    private void Spend(int bytes, string entryName)
    {
        budget -= bytes;
        if (budget < 0)
        {
            throw new InstrumentFileException(fileName,
                $"{entryName} inflates beyond the size a {formatName} file may have (compressed data that expands without bound is refused)");
        }
    }

    private sealed class CappedStream(Stream inner, XrdArchive owner, string entryName) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            try
            {
                read = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InstrumentFileException(owner.fileName, $"{entryName} is damaged: {e.Message}");
            }
            owner.Spend(read, entryName);
            return read;
        }

        public override void Flush() { }
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
}
