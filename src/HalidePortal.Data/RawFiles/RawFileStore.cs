using System.Security.Cryptography;

namespace HalidePortal.Data.RawFiles;

/// <summary>Where uploaded instrument files are kept, unchanged, under their SHA-256.</summary>
public sealed class RawFileOptions
{
    public const string Section = "RawFiles";

    /// <summary>"Folder" (default) or "S3".</summary>
    public string Provider { get; set; } = "Folder";
    /// <summary>Folder of the folder store; also where uploads are spooled before they are stored.</summary>
    public string Folder { get; set; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "HalidePortal", "raw");
    /// <summary>Largest single file accepted, bytes.</summary>
    public long MaxFileBytes { get; set; } = 2L * 1024 * 1024 * 1024;
    public S3Options S3 { get; set; } = new();

    public sealed class S3Options
    {
        /// <summary>Endpoint of an S3-compatible service (MinIO, Ceph...); empty means AWS itself.</summary>
        public string? ServiceUrl { get; set; }
        public string Bucket { get; set; } = "halideportal-raw";
        public string Region { get; set; } = "us-east-1";
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        /// <summary>Bucket in the path rather than the host name, as most self-hosted stores want.</summary>
        public bool ForcePathStyle { get; set; } = true;
        public string Prefix { get; set; } = "sha256/";
    }
}

/// <summary>Content-addressed store of raw instrument files.</summary>
public interface IRawFileStore
{
    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken);
    /// <summary>Stores the finished spool file under its hash (moved or copied; the spool file is gone afterwards).</summary>
    Task PutAsync(string sha256, string spoolPath, CancellationToken cancellationToken);
    Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken);
}

/// <summary>A received file spooled to local disk, with its hash and size computed while it arrived.</summary>
public sealed record SpooledFile(string Path, string Sha256, long SizeBytes);

/// <summary>Thrown when an upload is larger than <see cref="RawFileOptions.MaxFileBytes"/>.</summary>
public sealed class RawFileTooLargeException(long limit)
    : Exception($"larger than the {limit / (1024 * 1024)} MiB limit for one file")
{
    public long Limit { get; } = limit;
}

/// <summary>Receives upload streams into spool files, hashing as the bytes arrive (the file is read once).</summary>
public sealed class RawFileSpool(RawFileOptions options)
{
    private string SpoolFolder => Path.Combine(options.Folder, "spool");

    public async Task<SpooledFile> ReceiveAsync(Stream content, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(SpoolFolder);
        string path = Path.Combine(SpoolFolder, Guid.NewGuid().ToString("N") + ".part");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > options.MaxFileBytes)
                    {
                        throw new RawFileTooLargeException(options.MaxFileBytes);
                    }
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(size);
                }
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }
            return new SpooledFile(path, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }
}

/// <summary>Raw files as read-only files in a folder tree: {folder}/sha256/ab/abcdef....</summary>
public sealed class FolderRawFileStore(RawFileOptions options) : IRawFileStore
{
    private string PathOf(string sha256) => Path.Combine(options.Folder, "sha256", sha256[..2], sha256);

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(sha256)));

    public Task PutAsync(string sha256, string spoolPath, CancellationToken cancellationToken)
    {
        string target = PathOf(sha256);
        if (File.Exists(target))
        {
            File.Delete(spoolPath);
            return Task.CompletedTask;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            // Same file system as the spool folder, so the move is atomic: a reader never sees half a file.
            File.Move(spoolPath, target);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(spoolPath);
        }
        File.SetAttributes(target, FileAttributes.ReadOnly);
        return Task.CompletedTask;
    }

    public Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        string path = PathOf(sha256);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"raw file {sha256} is not in the store at {options.Folder}", path);
        }
        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
    }
}
