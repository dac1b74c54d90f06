using Microsoft.JSInterop;

namespace HalidePortal.Web.Components.Charts;

/// <summary>
/// Subscribes a Plotly.Blazor chart to its events once Plotly has made the div a plot.
/// AfterRender can fire before newPlot has run (script still loading, a re-keyed chart), and an
/// exception from an AfterRender handler would end the user's circuit; so retry briefly, then give up quietly.
/// </summary>
internal static class PlotEvents
{
    private const int Attempts = 20;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(150);

    public static async Task SubscribeAsync(Func<Task> subscribe)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                await subscribe();
                return;
            }
            catch (JSException) when (attempt < Attempts)
            {
                await Task.Delay(Pause);
            }
            catch (JSException)
            {
                return; // the chart still draws; only its click or zoom is lost
            }
            catch (JSDisconnectedException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }
}
