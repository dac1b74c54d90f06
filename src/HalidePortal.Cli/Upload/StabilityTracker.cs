namespace HalidePortal.Cli.Upload;

/// <summary>A file as one poll saw it.</summary>
/// <param name="RelativePath">Relative to the watched folder, '/' separated (the ledger's key).</param>
public sealed record FileSnapshot(string RelativePath, string FullPath, long Size, DateTime LastWriteUtc);

/// <summary>
/// Decides when a file an instrument is writing is finished: its size and last-write time must stay the same over
/// <c>quietPolls</c> consecutive polls after it was first seen (with the default 2 and a 5 s interval, 10 s of quiet).
/// A file that changes starts over; a file that disappears is forgotten. No clock: the caller's polls are the ticks.
/// </summary>
public sealed class StabilityTracker
{
    private readonly int _quietPolls;
    private Dictionary<string, (long Size, DateTime LastWriteUtc, int Quiet)> _seen = new(StringComparer.Ordinal);

    public StabilityTracker(int quietPolls = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quietPolls);
        _quietPolls = quietPolls;
    }

    /// <summary>Takes one poll's listing; returns the files that have been quiet long enough (every poll, until they change).</summary>
    public IReadOnlyList<FileSnapshot> Observe(IEnumerable<FileSnapshot> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var next = new Dictionary<string, (long, DateTime, int)>(StringComparer.Ordinal);
        var stable = new List<FileSnapshot>();
        foreach (var file in files)
        {
            var quiet = _seen.TryGetValue(file.RelativePath, out var before)
                && before.Size == file.Size && before.LastWriteUtc == file.LastWriteUtc
                    ? before.Quiet + 1
                    : 0;
            next[file.RelativePath] = (file.Size, file.LastWriteUtc, quiet);
            if (quiet >= _quietPolls)
            {
                stable.Add(file);
            }
        }

        _seen = next;
        return stable;
    }
}
