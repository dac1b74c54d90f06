using System.Text.Json;

namespace HalidePortal.Cli.Upload;

/// <summary>What became of one file of a watched folder.</summary>
/// <param name="Path">Relative to the watched folder, '/' separated.</param>
/// <param name="Size">Bytes sent (the file's size when it was read).</param>
/// <param name="LastWriteUtc">The file's last-write time when it was found stable.</param>
/// <param name="Outcome"><see cref="UploadLedger.Sent"/>, <see cref="UploadLedger.Duplicate"/> or <see cref="UploadLedger.Rejected"/>.</param>
/// <param name="Error">The server's reason for a rejection.</param>
public sealed record LedgerEntry(
    string Path, long Size, DateTime LastWriteUtc, string Sha256, Guid? MeasurementId, string Outcome, string? Error, DateTimeOffset At)
{
    /// <summary>Whether the file on disk is still the one recorded (same size and last-write time).</summary>
    public bool Matches(long size, DateTime lastWriteUtc) => Size == size && LastWriteUtc == lastWriteUtc;
}

/// <summary>A ledger file that cannot be read; resending everything silently would be worse than stopping.</summary>
public sealed class LedgerDamagedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The watched folder's memory, <c>.halide-upload.json</c>: one entry per file that was sent or refused, so a restarted
/// watcher sends nothing twice. Saved after every change through a temporary file and a rename, so a crash leaves the
/// old or the new ledger, never half of one.
/// </summary>
public sealed class UploadLedger
{
    public const string FileName = ".halide-upload.json";
    public const string Sent = "sent";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    private const int Version = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly Dictionary<string, LedgerEntry> _entries;

    private UploadLedger(string path, IEnumerable<LedgerEntry> entries)
    {
        FilePath = path;
        _entries = entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
    }

    /// <summary>Full path of the ledger file.</summary>
    public string FilePath { get; }

    public IReadOnlyCollection<LedgerEntry> Entries => _entries.Values;

    /// <summary>Reads the folder's ledger, or starts an empty one (and writes it, so an unwritable folder shows at once).</summary>
    public static UploadLedger Open(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            var empty = new UploadLedger(path, []);
            empty.Save();
            return empty;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize<LedgerDocument>(stream, Json);
            if (document?.Files is null || document.Version != Version)
            {
                throw new LedgerDamagedException($"ledger {path} is not a version {Version} halide upload ledger");
            }

            if (document.Files.Any(f => f is null || string.IsNullOrEmpty(f.Path) || string.IsNullOrEmpty(f.Outcome)))
            {
                throw new LedgerDamagedException($"ledger {path} has an entry without path or outcome");
            }

            return new UploadLedger(path, document.Files);
        }
        catch (JsonException e)
        {
            throw new LedgerDamagedException($"ledger {path} is damaged at line {(e.LineNumber ?? 0) + 1}", e);
        }
    }

    public LedgerEntry? Find(string relativePath) => _entries.GetValueOrDefault(relativePath);

    /// <summary>Adds or replaces the entry for its path and saves the ledger.</summary>
    public void Record(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries[entry.Path] = entry;
        Save();
    }

    private void Save()
    {
        var temporary = FilePath + ".tmp";
        var files = _entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, new LedgerDocument(Version, files), Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    private sealed record LedgerDocument(int Version, List<LedgerEntry>? Files);
}
