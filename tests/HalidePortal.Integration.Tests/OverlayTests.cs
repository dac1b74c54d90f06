using System.Globalization;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// /api/overlays on two cycling files of one team from two instruments and formats (a BioLogic .mpr and a Neware .ndax),
/// per gram of each cell's active mass, reduced on the server, as JSON and as CSV; another team's file adds no data.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OverlayTests(PortalApp app)
{
    private const string BioLogicFile = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";
    private const string NewareFile = "newarenda__test_2.ndax";

    [Fact]
    public async Task Overlay_TwoCyclingFilesPerGram_ReducedWithUnitsCsvAndNoOtherTeamsData()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var sample = await alice.CreateSampleAsync();
        var cellA = await alice.AddCellAsync(sample.Id);
        var highLoading = TestRecords.Cell();
        highLoading.ActiveMassLoadingMgPerCm2 = 28.38;
        var cellB = await alice.AddCellAsync(sample.Id, highLoading);
        var a = await UploadCyclingAsync(alice, cellA.Id, BioLogicFile);
        var b = await UploadCyclingAsync(alice, cellB.Id, NewareFile);

        var bob = await app.CreateTeamWithUserAsync();
        var bobsCell = await bob.AddCellAsync((await bob.CreateSampleAsync()).Id);
        var bobs = await UploadCyclingAsync(bob, bobsCell.Id, BioLogicFile);

        // The picker lists the team's own files, with sample and cell, and nothing of Bob's.
        var choices = await alice.GetAsync<List<OverlayChoice>>("/api/overlays/choices?technique=Cycling");
        Assert.Equal([b, a], choices.Select(c => c.Id));
        Assert.Equal($"{sample.Code} cell {cellA.Label} · {BioLogicFile}", choices[1].Label);

        var view = await Json.ReadAsync<OverlayView>(await alice.PostAsync("/api/overlays",
            new OverlayRequest([a, b, bobs], "capacity", "perGram")));

        Assert.Equal("Cycle", view.XTitle);
        Assert.Equal("Discharge capacity (mAh/g)", view.YTitle);
        Assert.Equal([a, b], view.Traces.Select(t => t.MeasurementId));
        Assert.All(view.Traces, t => Assert.InRange(t.X.Count, 2, OverlayService.MaxPoints));
        // Each file per gram of its own cell: navani's cycle 2 discharge is 0.8529 mAh (MeasurementUploadTests),
        // over 8.13 mg/cm² × 0.785 cm² = 6.382 mg.
        var first = view.Traces[0];
        double cycle2 = first.Y[first.X.ToList().IndexOf(2)];
        Assert.Equal(0.8529 / (8.13 * 0.785) * 1000, cycle2, 0.02);
        var bobsNote = Assert.Single(view.Notes);
        Assert.Equal(bobs, bobsNote.MeasurementId);
        Assert.Equal("no such measurement in this team", bobsNote.Text);

        // The detail of a window: only cycles 2-3 and their neighbours.
        var window = await alice.GetAsync<OverlayView>($"/api/overlays?ids={a},{b}&kind=capacity&basis=perGram&x0=2&x1=3");
        Assert.All(window.Traces, t => Assert.All(t.X, x => Assert.InRange(x, 1, 4)));

        // V-Q profiles of the long Neware file stay under the cap; a cycling file asked for a Nyquist plot gets a note.
        var profiles = await alice.GetAsync<OverlayView>($"/api/overlays?ids={b}&kind=profiles&cycles=1,2");
        Assert.Equal("Capacity (mAh/g)", profiles.XTitle);
        Assert.Equal("Voltage (V)", profiles.YTitle);
        Assert.NotEmpty(profiles.Traces);
        Assert.All(profiles.Traces, t => Assert.True(t.X.Count <= OverlayService.MaxPoints, $"{t.Name}: {t.X.Count} points"));
        var nyquist = await alice.GetAsync<OverlayView>($"/api/overlays?ids={a}&kind=nyquist");
        Assert.Empty(nyquist.Traces);
        Assert.Contains("not impedance", Assert.Single(nyquist.Notes).Text, StringComparison.Ordinal);

        using var csv = await alice.GetAsync($"/api/overlays?ids={a},{b},{bobs}&kind=capacity&basis=perGram&format=csv");
        Assert.True(csv.IsSuccessStatusCode, await Json.DescribeAsync(csv));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("measurement_id,trace,\"Cycle\",\"Discharge capacity (mAh/g)\"", lines[0]);
        Assert.Equal(view.Traces.Sum(t => t.X.Count), lines.Length - 1);
        Assert.DoesNotContain(lines, l => l.StartsWith(bobs.ToString(), StringComparison.Ordinal));
        var row = lines[1].Split(',');
        Assert.Equal(a.ToString(), row[0]);
        Assert.True(double.TryParse(row[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _), lines[1]);
    }

    private static async Task<Guid> UploadCyclingAsync(PortalClient client, Guid cellId, string file)
    {
        var item = (await client.UploadAsync($"cell:{cellId}", (file, TestFiles.Bytes(file)))).Items[0];
        var done = await client.WaitForMeasurementAsync(item.MeasurementId!.Value, timeoutSeconds: 240);
        Assert.True(done.State == "Done", done.Error);
        Assert.Equal("Cycling", done.Technique);
        return done.Id;
    }
}
