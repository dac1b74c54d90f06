using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Components;

namespace HalidePortal.Web.Components.Shared;

/// <summary>
/// A page showing a dashboard that keeps itself current: when the database announces that a measurement of the team
/// (or one of its analyses) is done, the panels drawn from it, and those following the whole team (a cell's uploads,
/// the explorer), are read again and redrawn without a reload.
/// </summary>
public abstract class LiveDashboardBase : ComponentBase, IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(400);
    private readonly HashSet<Guid> _changed = [];
    private bool _listening, _refreshing;

    [Inject] protected ChangeFeed Feed { get; set; } = default!;
    [Inject] protected DashboardService Dashboards { get; set; } = default!;

    protected TeamScope? LiveScope { get; set; }
    protected DashboardView? Dashboard { get; set; }
    protected List<PanelData> Data { get; set; } = [];
    protected DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>
    /// Asked before each live redraw: false stops it (a shared link revoked, expired or its dashboard deleted while
    /// the page is open must not go on showing new data).
    /// </summary>
    protected virtual Task<bool> StillShownAsync() => Task.FromResult(true);

    /// <summary>How a panel's data is shown (the shared view removes links).</summary>
    protected virtual PanelData Shown(PanelData panel) => panel;

    protected async Task LoadDataAsync()
    {
        if (LiveScope is null || Dashboard is null)
        {
            return;
        }
        Data = [.. (await Dashboards.PanelDataAsync(LiveScope, Dashboard)).Select(Shown)];
        UpdatedAt = DateTimeOffset.UtcNow;
        if (!_listening && RendererInfo.IsInteractive)
        {
            Feed.Changed += OnChanged;
            _listening = true;
        }
    }

    private void OnChanged(MeasurementChange change)
    {
        if (LiveScope is null || change.TeamId != LiveScope.TeamId || change.State != "Done")
        {
            return;
        }
        lock (_changed)
        {
            _changed.Add(change.MeasurementId);
        }
        _ = InvokeAsync(RefreshAsync);
    }

    // Several notifications in a burst (the file, then each analysis) give one redraw.
    private async Task RefreshAsync()
    {
        if (_refreshing)
        {
            return;
        }
        _refreshing = true;
        try
        {
            while (true)
            {
                await Task.Delay(Settle);
                HashSet<Guid> changed;
                lock (_changed)
                {
                    changed = [.. _changed];
                    _changed.Clear();
                }
                if (changed.Count == 0 || LiveScope is null || Dashboard is null || !await StillShownAsync())
                {
                    StateHasChanged();
                    return;
                }
                for (int i = 0; i < Data.Count && i < Dashboard.Panels.Count; i++)
                {
                    var panel = Data[i];
                    if (panel.FollowsTeam || panel.MeasurementIds.Any(changed.Contains))
                    {
                        Data[i] = Shown(await Dashboards.PanelDataAsync(LiveScope, Dashboard.Panels[i]));
                    }
                }
                UpdatedAt = DateTimeOffset.UtcNow;
                StateHasChanged();
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException or RecordValidationException)
        {
            // The page closed meanwhile, or the panel no longer reads; the next load shows why.
        }
        finally
        {
            _refreshing = false;
        }
    }

    public void Dispose()
    {
        Feed.Changed -= OnChanged;
        GC.SuppressFinalize(this);
    }
}
