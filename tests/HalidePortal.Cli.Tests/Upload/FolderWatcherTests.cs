using System.Security.Cryptography;
using System.Text.Json;
using HalidePortal.Cli.Upload;

namespace HalidePortal.Cli.Tests.Upload;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>The watcher driven poll by poll (no timers), against the fake portal.</summary>
public sealed class FolderWatcherTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakePortal _portal = new();
    private readonly TempFolder _folder = new();
    private readonly ManualClock _clock = new();
    private readonly List<string> _log = [];
    private readonly PortalClient _client;

    public FolderWatcherTests()
    {
        _client = new PortalClient(new Uri(_portal.Url), FakePortal.Token);
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
        _folder.Dispose();
    }

    private FolderWatcher Watcher(WatchOptions? options = null) =>
        new(_folder.Path, _client, new UploadFields("pellet:0b6c1f7e-2f40-4d0e-9d55-1a8e8f3c2b10", TemperatureC: 60), options ?? new WatchOptions(), _clock, _log.Add);

    private static List<WatchResult> Poll(FolderWatcher watcher, int times = 1)
    {
        var results = new List<WatchResult>();
        for (var i = 0; i < times; i++)
        {
            results.AddRange(watcher.PollAsync(CancellationToken.None).GetAwaiter().GetResult());
        }

        return results;
    }

    [Fact]
    public void Poll_GrowingFile_SentOnlyAfterTwoQuietPolls()
    {
        var watcher = Watcher();
        var path = _folder.Write("LZACFO_60C.mpr", TempFolder.Bytes(1_000, 1), T0);

        Assert.Empty(Poll(watcher));                                  // first seen
        File.AppendAllText(path, "more points");
        File.SetLastWriteTimeUtc(path, T0.AddSeconds(5));
        Assert.Empty(Poll(watcher));                                  // grew: starts over
        Assert.Empty(Poll(watcher));                                  // quiet once
        Assert.Empty(_portal.Uploads);

        var sent = Assert.Single(Poll(watcher));                      // quiet twice: finished

        Assert.Equal("LZACFO_60C.mpr", sent.RelativePath);
        Assert.Equal(UploadLedger.Sent, sent.Outcome);
        var upload = Assert.Single(_portal.Uploads);
        Assert.Equal(File.ReadAllBytes(path), Assert.Single(upload.Files).Data);
        Assert.Equal("60", upload.Field("temperatureC"));
    }

    [Fact]
    public void Poll_ManyPolls_EachFileSentOnceHiddenAndTemporarySkipped()
    {
        _folder.Write("a.mpr", [1], T0);
        _folder.Write("b.ndax", [2], T0);
        _folder.Write(".hidden.mpr", [3], T0);
        _folder.Write("~$notes.xlsx", [4], T0);
        _folder.Write("export.csv.part", [5], T0);
        _folder.Write("sub/c.mpr", [6], T0);
        var watcher = Watcher();

        var results = Poll(watcher, 10);

        Assert.Equal(["a.mpr", "b.ndax"], results.Select(r => r.RelativePath));
        Assert.Equal(["a.mpr", "b.ndax"], _portal.Uploads.Select(u => Assert.Single(u.Files).FileName));
        Assert.Empty(_log);
    }

    [Fact]
    public void Poll_RecursiveWithInclude_OnlyMatchingFilesInSubfolders()
    {
        _folder.Write("a.MPR", [1], T0);
        _folder.Write("run2/b.mpr", [2], T0);
        _folder.Write("run2/b.mps", [3], T0);
        _folder.Write(".cache/c.mpr", [4], T0);
        var watcher = Watcher(new WatchOptions(Recursive: true, Include: ["*.mpr"]));

        var results = Poll(watcher, 3);

        Assert.Equal(["a.MPR", "run2/b.mpr"], results.Select(r => r.RelativePath));
    }

    [Fact]
    public void Poll_AfterRestart_LedgerPreventsResend()
    {
        var bytes = TempFolder.Bytes(2_000, 2);
        _folder.Write("cell7.ndax", bytes, T0);
        var first = Poll(Watcher(), 3);
        var id = Assert.Single(first).Item.MeasurementId;

        var restarted = Watcher();
        var again = Poll(restarted, 5);

        Assert.Empty(again);
        Assert.Single(_portal.Uploads);
        var entry = Assert.Single(restarted.Ledger.Entries);
        Assert.Equal(("cell7.ndax", 2_000L, T0, id), (entry.Path, entry.Size, entry.LastWriteUtc, entry.MeasurementId));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), entry.Sha256);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder.Path, UploadLedger.FileName)));
        var file = json.RootElement.GetProperty("files")[0];
        Assert.Equal("cell7.ndax", file.GetProperty("path").GetString());
        Assert.Equal(id, file.GetProperty("measurementId").GetGuid());
        Assert.Equal("sent", file.GetProperty("outcome").GetString());
    }

    [Fact]
    public void Poll_TouchedButSameContent_NotResent()
    {
        var path = _folder.Write("a.mpr", [1, 2, 3], T0);
        Poll(Watcher(), 3);
        File.SetLastWriteTimeUtc(path, T0.AddHours(1));

        var watcher = Watcher();
        var results = Poll(watcher, 3);

        Assert.Empty(results);
        Assert.Single(_portal.Uploads);
        Assert.Equal(T0.AddHours(1), Assert.Single(watcher.Ledger.Entries).LastWriteUtc);
    }

    [Fact]
    public void Poll_FileAppendedAfterSending_SentAgainAsNewVersion()
    {
        var path = _folder.Write("long_cycling.ndax", [1, 2, 3], T0);
        var watcher = Watcher();
        Poll(watcher, 3);
        File.AppendAllText(path, "next cycles");
        File.SetLastWriteTimeUtc(path, T0.AddHours(5));

        var results = Poll(watcher, 3);

        Assert.Single(results);
        Assert.Equal(2, _portal.Uploads.Count());
        Assert.Equal(new FileInfo(path).Length, Assert.Single(watcher.Ledger.Entries).Size);
    }

    [Fact]
    public void Poll_ServerError5xx_WaitsBackoffThenRetries()
    {
        _folder.Write("a.mpr", [1], T0);
        _portal.Override.Enqueue(_ => FakeAnswer.Problem(503, "Service Unavailable"));
        var watcher = Watcher();

        Assert.Empty(Poll(watcher, 3));
        Assert.Single(_portal.Uploads);
        Assert.Equal("server error 503: Service Unavailable; a.mpr and the rest wait, next try in 5 s", Assert.Single(_log));
        Assert.Empty(watcher.Ledger.Entries);

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(Poll(watcher));                                  // still pausing: nothing sent
        Assert.Single(_portal.Uploads);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var sent = Assert.Single(Poll(watcher));

        Assert.Equal(UploadLedger.Sent, sent.Outcome);
        Assert.Equal(2, _portal.Uploads.Count());
    }

    [Fact]
    public void Poll_Unreachable_PausesWithGrowingBackoff()
    {
        _folder.Write("a.mpr", [1], T0);
        using var offline = new PortalClient(new Uri($"http://127.0.0.1:{FakePortal.FreePort()}"), FakePortal.Token);
        var watcher = new FolderWatcher(_folder.Path, offline, new UploadFields("cell:0b6c1f7e-2f40-4d0e-9d55-1a8e8f3c2b10"), new WatchOptions(), _clock, _log.Add);

        Poll(watcher, 3);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Poll(watcher);

        Assert.Equal(2, _log.Count);
        Assert.EndsWith("(connection refused); a.mpr and the rest wait, next try in 5 s", _log[0], StringComparison.Ordinal);
        Assert.EndsWith("next try in 10 s", _log[1], StringComparison.Ordinal);
        Assert.Empty(watcher.Ledger.Entries);
    }

    [Fact]
    public void Poll_Rejected4xx_RecordedAndNeverRetried()
    {
        _folder.Write("huge.ndax", TempFolder.Bytes(3_000, 5), T0);
        _portal.Override.Enqueue(_ => FakeAnswer.Problem(413, "Payload Too Large", "files are limited to 2 kB"));
        var watcher = Watcher();

        var rejected = Assert.Single(Poll(watcher, 3));
        _clock.Advance(TimeSpan.FromHours(1));
        Poll(watcher, 5);
        Poll(Watcher(), 5);

        Assert.Equal(UploadLedger.Rejected, rejected.Outcome);
        Assert.Equal("too large for the server (413): files are limited to 2 kB", rejected.Item.Error);
        Assert.Single(_portal.Uploads);
        var entry = Assert.Single(watcher.Ledger.Entries);
        Assert.Equal((UploadLedger.Rejected, (Guid?)null), (entry.Outcome, entry.MeasurementId));
        Assert.Equal(rejected.Item.Error, entry.Error);
    }

    [Fact]
    public void Poll_AttachRefused_ThrowsAndRecordsNothing()
    {
        _folder.Write("a.mpr", [1], T0);
        _portal.Override.Enqueue(_ => FakeAnswer.Problem(400, "Bad Request", null,
            new Dictionary<string, string[]> { ["attach"] = ["no pellet with this id in your team"] }));
        var watcher = Watcher();
        Poll(watcher, 2);

        var refused = Assert.Throws<PortalRefusedException>(() => Poll(watcher));

        Assert.True(refused.AffectsEveryFile);
        Assert.Equal("refused (400): Bad Request; attach: no pellet with this id in your team", refused.Message);
        Assert.Empty(watcher.Ledger.Entries);
    }

    [Fact]
    public void Open_DamagedLedger_ThrowsNamingTheLine()
    {
        File.WriteAllText(Path.Combine(_folder.Path, UploadLedger.FileName), "{\"version\":1,\n\"files\":[{\"path\":");

        var damaged = Assert.Throws<LedgerDamagedException>(() => Watcher());

        Assert.Contains("is damaged at line 2", damaged.Message, StringComparison.Ordinal);
    }
}

public sealed class StabilityTrackerTests
{
    private static readonly DateTime T0 = new(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);

    private static FileSnapshot File(string path, long size, int second = 0) => new(path, "/data/" + path, size, T0.AddSeconds(second));

    [Fact]
    public void Observe_SameSizeAndTime_StableOnThirdSighting()
    {
        var tracker = new StabilityTracker();

        Assert.Empty(tracker.Observe([File("a.mpr", 10)]));
        Assert.Empty(tracker.Observe([File("a.mpr", 10)]));
        Assert.Single(tracker.Observe([File("a.mpr", 10)]));
        Assert.Single(tracker.Observe([File("a.mpr", 10)]));
    }

    [Fact]
    public void Observe_TimeChangesAtSameSize_StartsOver()
    {
        var tracker = new StabilityTracker();
        tracker.Observe([File("a.mpr", 10)]);
        tracker.Observe([File("a.mpr", 10)]);

        Assert.Empty(tracker.Observe([File("a.mpr", 10, second: 1)]));
        Assert.Empty(tracker.Observe([File("a.mpr", 10, second: 1)]));
        Assert.Single(tracker.Observe([File("a.mpr", 10, second: 1)]));
    }

    [Fact]
    public void Observe_FileGoneAndBack_StartsOver()
    {
        var tracker = new StabilityTracker(quietPolls: 1);
        tracker.Observe([File("a.mpr", 10)]);
        tracker.Observe([]);

        Assert.Empty(tracker.Observe([File("a.mpr", 10)]));
        Assert.Single(tracker.Observe([File("a.mpr", 10)]));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(7, 300)]
    [InlineData(30, 300)]
    public void Backoff_DoublesFromFiveSecondsUpToFiveMinutes(int failures, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), FolderWatcher.Backoff(failures));
    }
}
