using HalidePortal.Web.Services;

namespace HalidePortal.Web.Components.Shared;

/// <summary>
/// The versions of one analysis kind on a panel: which one is shown and which others are overlaid on its chart,
/// kept across reloads while runs are polled.
/// </summary>
public sealed class VersionChoice
{
    private readonly HashSet<Guid> _overlay = [];
    private int _newestSeen;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<AnalysisRunView> Runs { get; private set; } = [];

    public AnalysisRunView? Shown { get; private set; }

    public IReadOnlySet<Guid> Overlay => _overlay;

    /// <summary>Takes the reloaded runs; true when another version (or the shown one in a new state) is now shown.</summary>
    public bool Update(IEnumerable<AnalysisRunView> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Runs = runs.OrderByDescending(r => r.Version).ToList();
        var next = Follow(Runs, Shown, _newestSeen);
        _newestSeen = Math.Max(_newestSeen, Runs.Count > 0 ? Runs[0].Version : 0);
        bool changed = next?.Id != Shown?.Id || next?.State != Shown?.State;
        Shown = next;
        _overlay.IntersectWith(Runs.Select(r => r.Id));
        if (next is not null)
        {
            _overlay.Remove(next.Id);
        }
        return changed;
    }

    public void Show(AnalysisRunView run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Shown = run;
        _overlay.Remove(run.Id);
    }

    public void SetOverlay(Guid id, bool on)
    {
        if (on && id != Shown?.Id)
        {
            _overlay.Add(id);
        }
        else
        {
            _overlay.Remove(id);
        }
    }

    /// <summary>The overlaid versions that have a result, oldest first.</summary>
    public List<(int Version, T Record)> Overlaid<T>() where T : class =>
        Runs.Where(r => _overlay.Contains(r.Id)).OrderBy(r => r.Version)
            .Select(r => (r.Version, Record: r.Result<T>())).Where(p => p.Record is not null).Select(p => (p.Version, p.Record!)).ToList();

    /// <summary>
    /// The newest version when nothing is shown yet or a version newer than <paramref name="newestSeen"/> has
    /// appeared (a re-run the user just asked for is followed while it runs); otherwise the version the user picked,
    /// with its new state.
    /// </summary>
    public static AnalysisRunView? Follow(IReadOnlyList<AnalysisRunView> runs, AnalysisRunView? shown, int newestSeen)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var latest = runs.MaxBy(r => r.Version);
        if (shown is null || latest is null || latest.Version > newestSeen)
        {
            return latest;
        }
        return runs.FirstOrDefault(r => r.Id == shown.Id) ?? latest;
    }
}
