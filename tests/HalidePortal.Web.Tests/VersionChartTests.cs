using System.Text.Json;
using HalidePortal.Domain.Analyses;
using HalidePortal.Web.Components.Charts;
using HalidePortal.Web.Components.Shared;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

public sealed class VersionChartTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static DrtRecord Drt(double lambda, bool gcv, params (double Tau, double Gamma)[] peaks) => new(
        [1e-6, 1e-5, 1e-4], [0.5, 2.0, 0.5],
        peaks.Select(p => new DrtPeakRecord(p.Tau, 1 / (2 * Math.PI * p.Tau), p.Gamma, 10)).ToList(),
        1.0, 1e-7, lambda, gcv, [], [], 10, 0.01, []);

    private static KramersKronigRecord Kk(int elements) => new(true, elements, 0.8, null, 0.4, 0.1, [1, 10, 100], [0.1, -0.2, 0.3], [0.0, 0.1, -0.1], []);

    private static AnalysisRunView Run(int version, string state = "Done", string? result = "{}") => new(
        Guid.NewGuid(), Guid.Empty, "Drt", version, state, state == "Done" ? 100 : 20, null, "{}", result, "drt 1", null,
        DateTimeOffset.UnixEpoch.AddHours(version), null, null);

    [Fact]
    public void DrtTraces_PeaksLabelledAsInTheTableAndOtherVersionsOverlaid()
    {
        var shown = Drt(1.2e-5, gcv: true, (1e-5, 2.0), (1e-3, 0.7));
        var other = Drt(1e-3, gcv: false);

        var traces = DrtChart.Traces(2, shown, [(1, other)]);

        Assert.Equal(["γ(τ) v2, λ 1.2E-05 (GCV)", "peaks v2", "γ(τ) v1, λ 0.001 (given)"], traces.Select(t => t.Name));
        Assert.Equal(["P1", "P2"], traces[1].Labels!);
        Assert.Equal([1e-5, 1e-3], traces[1].X);
        Assert.Equal([2.0, 0.7], traces[1].Y);
        Assert.True(traces[1].Markers);
        Assert.Null(traces[0].Labels);
        Assert.Same(other.GammaOhm, traces[2].Y);
    }

    [Fact]
    public void DrtTraces_NoPeaks_NoPeakTrace()
    {
        var traces = DrtChart.Traces(1, Drt(1e-4, gcv: true), []);

        Assert.Single(traces);
    }

    [Fact]
    public void KramersKronigTraces_OverlaidVersionsBeforeTheOnePercentBand()
    {
        var traces = KramersKronigChart.Traces(3, Kk(12), [(1, Kk(9))]);

        Assert.Equal(["Re v3", "Im v3", "Re v1 (9 RC)", "Im v1 (9 RC)", "+1 %", "−1 %"], traces.Select(t => t.Name));
        Assert.Equal([1.0, 100.0], traces[4].X);
        Assert.Equal([-1.0, -1.0], traces[5].Y);
    }

    [Fact]
    public void VersionChoice_FollowsANewVersionButKeepsAnOlderOneThePersonPicked()
    {
        var v1 = Run(1);
        var v2 = Run(2);
        var choice = new VersionChoice();

        Assert.True(choice.Update([v1, v2]));
        Assert.Equal(2, choice.Shown!.Version);
        Assert.Equal([2, 1], choice.Runs.Select(r => r.Version));

        choice.Show(v1);
        choice.SetOverlay(v2.Id, on: true);
        Assert.False(choice.Update([v2, v1]));
        Assert.Equal(1, choice.Shown!.Version);
        Assert.Contains(v2.Id, choice.Overlay);

        // A re-run appears: shown while it runs, and no longer overlaid on itself.
        var v3 = Run(3, state: "Running", result: null);
        Assert.True(choice.Update([v3, v2, v1]));
        Assert.Equal(3, choice.Shown!.Version);
        Assert.True(choice.Update([v3 with { State = "Done", ResultJson = "{}" }, v2, v1]));
        Assert.Equal("Done", choice.Shown!.State);
    }

    [Fact]
    public void VersionChoice_ShownVersionIsNeverOverlaidAndMissingResultsAreSkipped()
    {
        var v1 = Run(1, result: JsonSerializer.Serialize(Kk(7), Web));
        var v2 = Run(2, state: "Failed", result: null);
        var v3 = Run(3, result: JsonSerializer.Serialize(Kk(8), Web));
        var choice = new VersionChoice();
        choice.Update([v1, v2, v3]);

        choice.SetOverlay(v3.Id, on: true);
        choice.SetOverlay(v2.Id, on: true);
        choice.SetOverlay(v1.Id, on: true);

        Assert.DoesNotContain(v3.Id, choice.Overlay);
        var overlaid = choice.Overlaid<KramersKronigRecord>();
        Assert.Equal([1], overlaid.Select(o => o.Version));
        Assert.Equal(7, overlaid[0].Record.Elements);

        choice.SetOverlay(v1.Id, on: false);
        Assert.Empty(choice.Overlaid<KramersKronigRecord>());
    }
}
