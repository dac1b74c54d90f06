using System.IO.Compression;

namespace HalidePortal.Ingest.Archives;

/// <summary>
/// Limits on what a zip upload (.xlsx, .ndax) may inflate to. The total cap bounds work and memory whatever the
/// archive claims; the ratio cap fails compressed bombs early. Real instrument files stay far below both: the most
/// compressible entry among the public fixtures is a Neware auxiliary channel at 194:1, and plain deflate cannot
/// exceed about 1032:1, so 500:1 is both safe for real data and tight enough to stop zero-filled bombs at once.
/// </summary>
public sealed record SafeZipLimits
{
    public static SafeZipLimits Default { get; } = new();

    /// <summary>Most bytes all entries read from one archive may inflate to together.</summary>
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Largest uncompressed/compressed ratio allowed for an entry once it passes <see cref="RatioFloorBytes"/>.</summary>
    public double MaxRatio { get; init; } = 500;

    /// <summary>Entries smaller than this may compress as well as they like (tiny XML parts often exceed the ratio).</summary>
    public long RatioFloorBytes { get; init; } = 1024 * 1024;

    /// <summary>A non-seekable upload up to this size is copied to memory to be opened; a larger one to a temporary file
    /// (deleted on close), so an archive read in blocks does not sit in memory whole.</summary>
    public long MaxInMemoryCopyBytes { get; init; } = 16 * 1024 * 1024;
}

/// <summary>
/// A read-only zip archive whose entries are inflated through a counting stream, so neither the declared sizes nor
/// the compressed data can make a reader produce more than <see cref="SafeZipLimits"/> allow. Every failure is an
/// <see cref="InstrumentFileException"/> naming the upload.
/// </summary>
public sealed class SafeZip : IDisposable
{
    private readonly ZipArchive _archive;
    private readonly Stream? _copy;
    private readonly Dictionary<string, ZipArchiveEntry> _byName = new(StringComparer.OrdinalIgnoreCase);
    private long _inflated;

    private SafeZip(ZipArchive archive, Stream? copy, string fileName, SafeZipLimits limits)
    {
        _archive = archive;
        _copy = copy;
        FileName = fileName;
        Limits = limits;
        foreach (var entry in archive.Entries)
        {
            _byName.TryAdd(entry.FullName.Replace('\\', '/'), entry);
        }
    }

    public string FileName { get; }

    public SafeZipLimits Limits { get; }

    public IReadOnlyCollection<ZipArchiveEntry> Entries => _archive.Entries;

    /// <summary>Bytes inflated so far from all entries of this archive.</summary>
    public long InflatedBytes => _inflated;

    /// <summary>Opens a zip; a non-seekable stream is copied first (to memory, or to a temporary file past
    /// <see cref="SafeZipLimits.MaxInMemoryCopyBytes"/>); its compressed size is the upload's size.</summary>
    /// <param name="what">What the caller expected, for the error message ("an .xlsx workbook").</param>
    public static SafeZip Open(Stream stream, string fileName, string what, SafeZipLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= SafeZipLimits.Default;
        Stream? copy = stream.CanSeek ? null : SeekableCopy.Of(stream, limits.MaxInMemoryCopyBytes);
        try
        {
            return new SafeZip(new ZipArchive(copy ?? stream, ZipArchiveMode.Read, leaveOpen: true), copy, fileName, limits);
        }
        catch (InvalidDataException e)
        {
            copy?.Dispose();
            throw new InstrumentFileException(fileName, $"not {what}: not a readable zip archive ({e.Message})", 0);
        }
    }

    /// <summary>The entry with this path (case-insensitive, '/' or '\' separators), or null.</summary>
    public ZipArchiveEntry? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.GetValueOrDefault(name.Replace('\\', '/').TrimStart('/'));
    }

    /// <summary>Opens an entry for reading through the limits; the stream throws once they are crossed.</summary>
    public Stream OpenEntry(ZipArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        CheckDeclared(entry);
        try
        {
            return new CountingStream(entry.Open(), entry, this);
        }
        catch (InvalidDataException e)
        {
            throw new InstrumentFileException(FileName, $"{entry.FullName} cannot be decompressed: {e.Message}");
        }
    }

    /// <summary>
    /// Reads a whole entry into memory, at most <paramref name="maxBytes"/>, and checks that it inflates to exactly
    /// its declared length and matches its CRC-32 (the archive reader checks neither).
    /// </summary>
    public byte[] ReadAllBytes(ZipArchiveEntry entry, int maxBytes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Length > Math.Min(maxBytes, Array.MaxLength))
        {
            throw new InstrumentFileException(FileName, $"{entry.FullName} is too large ({entry.Length} bytes)");
        }
        CheckDeclared(entry);
        var buffer = new byte[entry.Length];
        try
        {
            using var s = OpenEntry(entry);
            s.ReadExactly(buffer);
            if (s.ReadByte() != -1)
            {
                throw new InvalidDataException("more data than the stated length");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InstrumentFileException(FileName, $"{entry.FullName} cannot be decompressed: {e.Message}");
        }
        if (Cycling.NewareNdc.Crc32(buffer) != entry.Crc32)
        {
            throw new InstrumentFileException(FileName, $"{entry.FullName} is damaged: its CRC-32 does not match the archive's");
        }
        return buffer;
    }

    public void Dispose()
    {
        _archive.Dispose();
        _copy?.Dispose();
    }

    /// <summary>Rejects an entry whose own header already states a bomb, before inflating a byte.</summary>
    private void CheckDeclared(ZipArchiveEntry entry)
    {
        if (entry.Length < 0 || entry.CompressedLength < 0)
        {
            throw new InstrumentFileException(FileName, $"{entry.FullName} is damaged: the archive states a negative size");
        }
        if (entry.Length > Limits.MaxTotalBytes - _inflated)
        {
            throw Bomb(entry, $"it declares {entry.Length} bytes, over the {Limits.MaxTotalBytes}-byte limit for one upload");
        }
        if (entry.Length > Limits.RatioFloorBytes && entry.Length > Limits.MaxRatio * Math.Max(1, entry.CompressedLength))
        {
            throw Bomb(entry, $"it declares {entry.Length} bytes from {entry.CompressedLength} compressed "
                + $"(more than {Limits.MaxRatio:0}:1)");
        }
    }

    private InstrumentFileException Bomb(ZipArchiveEntry entry, string why) =>
        new(FileName, $"compressed bomb refused: {entry.FullName} would inflate too far; {why}");

    private void Count(ZipArchiveEntry entry, long entryBytes, int justRead)
    {
        _inflated += justRead;
        if (_inflated > Limits.MaxTotalBytes)
        {
            throw Bomb(entry, $"the archive inflates past the {Limits.MaxTotalBytes}-byte limit for one upload");
        }
        if (entryBytes > entry.Length)
        {
            throw Bomb(entry, $"it inflates past its declared {entry.Length} bytes");
        }
        if (entryBytes > Limits.RatioFloorBytes && entryBytes > Limits.MaxRatio * Math.Max(1, entry.CompressedLength))
        {
            throw Bomb(entry, $"more than {Limits.MaxRatio:0}:1 from {entry.CompressedLength} compressed bytes");
        }
    }

    /// <summary>Counts what an entry's decompressor produces and stops the read at the limits.</summary>
    private sealed class CountingStream(Stream inner, ZipArchiveEntry entry, SafeZip owner) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new InstrumentFileException(owner.FileName, $"{entry.FullName} cannot be decompressed: {e.Message}", _read);
            }
            _read += n;
            owner.Count(entry, _read, n);
            return n;
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
