using System.Globalization;
using System.IO.Enumeration;
using System.Security.Cryptography;

namespace HalidePortal.Cli.Upload;

/// <summary>What the watcher does beyond the defaults.</summary>
/// <param name="Include">File-name patterns (* and ?, any case); none means every file that is not hidden or temporary.</param>
/// <param name="QuietPolls">Polls a file must stay unchanged before it is sent (see <see cref="StabilityTracker"/>).</param>
public sealed record WatchOptions(bool Recursive = false, IReadOnlyList<string>? Include = null, int QuietPolls = 2);

/// <summary>One file the watcher dealt with in a poll: sent, found a duplicate, or rejected by the server.</summary>
public sealed record WatchResult(string RelativePath, UploadItem Item, string Outcome);

/// <summary>
/// The instrument-PC loop's body, one <see cref="PollAsync"/> per tick: list the folder, let <see cref="StabilityTracker"/>
/// pick finished files, send those the <see cref="UploadLedger"/> does not know. Server trouble (unreachable, 5xx) pauses
/// sending with back-off (5 s, 10 s, ... up to 5 min, timed by the <see cref="TimeProvider"/>) and nothing is recorded, so the
/// files go on a later poll; a 4xx about one file is recorded and never retried; a refusal that concerns every file (token,
/// role, attach) is thrown as <see cref="PortalRefusedException"/> for the caller to stop on.
/// </summary>
public sealed class FolderWatcher
{
    private static readonly string[] TemporaryExtensions = [".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".lock", ".lck"];

    private readonly string _folder;
    private readonly PortalClient _client;
    private readonly UploadFields _fields;
    private readonly WatchOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly StabilityTracker _tracker;
    private readonly HashSet<string> _busyLogged = new(StringComparer.Ordinal);
    private int _failures;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private bool _folderMissingLogged;

    /// <param name="log">Receives one line per notable event (server trouble, unreadable file); the caller adds the "halide: ".</param>
    public FolderWatcher(string folder, PortalClient client, UploadFields fields, WatchOptions options, TimeProvider time, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        _folder = Path.GetFullPath(folder);
        _client = client;
        _fields = fields;
        _options = options;
        _time = time;
        _log = log;
        _tracker = new StabilityTracker(options.QuietPolls);
        Ledger = UploadLedger.Open(_folder);
    }

    public UploadLedger Ledger { get; }

    /// <summary>Longest pause after repeated server trouble.</summary>
    public static TimeSpan MaxBackoff { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause after the n-th failure in a row: 5 s doubling up to <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(5 * Math.Pow(2, Math.Max(0, failures - 1)), MaxBackoff.TotalSeconds));

    /// <summary>One tick: returns the files sent, found duplicate or rejected in it, in path order.</summary>
    public async Task<IReadOnlyList<WatchResult>> PollAsync(CancellationToken cancellationToken)
    {
        var stable = _tracker.Observe(List());
        var results = new List<WatchResult>();
        if (_time.GetUtcNow() < _pausedUntil)
        {
            return results;
        }

        foreach (var file in stable.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            if (await IsRecordedAsync(file, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            SentFile sent;
            try
            {
                sent = await _client.UploadAsync(file.FullPath, _fields, null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Vanished, or (Windows) still open for writing by the instrument: try again on a later poll.
                if (File.Exists(file.FullPath) && _busyLogged.Add(file.RelativePath))
                {
                    _log($"{file.RelativePath}: cannot read it yet, will retry ({e.Message})");
                }

                continue;
            }
            catch (PortalUnavailableException e)
            {
                _failures++;
                var pause = Backoff(_failures);
                _pausedUntil = _time.GetUtcNow() + pause;
                _log(string.Create(CultureInfo.InvariantCulture, $"{e.Message}; {file.RelativePath} and the rest wait, next try in {pause.TotalSeconds:0} s"));
                return results;
            }
            catch (PortalRefusedException e) when (!e.AffectsEveryFile)
            {
                var sha = await HashAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
                var item = new UploadItem(Path.GetFileName(file.FullPath), null, null, false, null, e.Message);
                Ledger.Record(new LedgerEntry(file.RelativePath, file.Size, file.LastWriteUtc, sha ?? "", null, UploadLedger.Rejected, e.Message, _time.GetUtcNow()));
                results.Add(new WatchResult(file.RelativePath, item, UploadLedger.Rejected));
                continue;
            }

            _failures = 0;
            _busyLogged.Remove(file.RelativePath);
            var outcome = sent.Item.Error is not null ? UploadLedger.Rejected : sent.Item.Duplicate ? UploadLedger.Duplicate : UploadLedger.Sent;
            Ledger.Record(new LedgerEntry(
                file.RelativePath, sent.Bytes, file.LastWriteUtc, sent.Sha256, sent.Item.MeasurementId, outcome, sent.Item.Error, _time.GetUtcNow()));
            results.Add(new WatchResult(file.RelativePath, sent.Item, outcome));
        }

        return results;
    }

    /// <summary>Whether the ledger already has this file: same size and time, or same size and content (only touched).</summary>
    private async Task<bool> IsRecordedAsync(FileSnapshot file, CancellationToken cancellationToken)
    {
        var entry = Ledger.Find(file.RelativePath);
        if (entry is null || entry.Size != file.Size)
        {
            return false;
        }

        if (entry.LastWriteUtc == file.LastWriteUtc)
        {
            return true;
        }

        var sha = await HashAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
        if (sha is null || !string.Equals(sha, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Ledger.Record(entry with { LastWriteUtc = file.LastWriteUtc });
        return true;
    }

    private static async Task<string?> HashAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private List<FileSnapshot> List()
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = _options.Recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.Temporary,
        };
        try
        {
            var files = new DirectoryInfo(_folder).EnumerateFiles("*", options)
                .Select(f => new FileSnapshot(Path.GetRelativePath(_folder, f.FullName).Replace('\\', '/'), f.FullName, f.Length, f.LastWriteTimeUtc))
                .Where(f => IsCandidate(f.RelativePath))
                .ToList();
            _folderMissingLogged = false;
            return files;
        }
        catch (DirectoryNotFoundException)
        {
            // A network or USB drive that went away: keep polling, it may come back.
            if (!_folderMissingLogged)
            {
                _log($"{_folder} is not there (drive disconnected?); waiting for it");
                _folderMissingLogged = true;
            }

            return [];
        }
    }

    /// <summary>Skips the ledger, dot-files and dot-folders, editor and download leftovers, and names outside --include.</summary>
    private bool IsCandidate(string relativePath)
    {
        if (relativePath.Split('/').Any(segment => segment.StartsWith('.')))
        {
            return false;
        }

        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        if (name.StartsWith('~') || name.EndsWith('~')
            || TemporaryExtensions.Any(x => name.EndsWith(x, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return _options.Include is not { Count: > 0 } include
            || include.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, name, ignoreCase: true));
    }
}
