using System.Globalization;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Dashboards;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// /api/overlays on two cycling files of one team from two instruments and formats (a BioLogic .mpr and a Neware .ndax),
/// per gram of each cell's active mass, reduced on the server, as JSON and as CSV; another team's file adds no data.
/// Arrhenius overlays of pellets' temperature series chosen by any of their spectra.
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

    // EISFitpython's pellet s04147 spectra shared out over two pellets of two samples (140/170/200 °C and 150/190 °C),
    // a pellet with one temperature and a spectrum on a sample alone; the first sample also has MD conductivities.
    // Each pellet is drawn once, however many of its spectra are chosen, with the fit and Ea its pellet page shows.
    [Fact]
    public async Task Overlay_ArrheniusOfTwoPellets_PointsAndFitEachWithPelletPageEaNotesAndNoDuplicates()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var first = await alice.CreateSampleAsync();
        var second = await alice.CreateSampleAsync();
        var p1 = await alice.AddPelletAsync(first.Id, new PelletInput { Label = "P1", ThicknessMm = 2.1, DiameterMm = 8 });
        var p2 = await alice.AddPelletAsync(second.Id, new PelletInput { Label = "P2", ThicknessMm = 1.5, DiameterMm = 10 });
        var p3 = await alice.AddPelletAsync(second.Id, new PelletInput { Label = "P3", ThicknessMm = 2.1, DiameterMm = 8 });
        var simulations = (await alice.UploadAsync($"sample:{first.Id}", AnalysisRunTests.MsdFiles())).Items.Select(i => i.MeasurementId!.Value).ToList();
        var uploads = new[]
        {
            await UploadSpectraAsync(alice, $"pellet:{p1.Id}", 140, 170, 200),
            await UploadSpectraAsync(alice, $"pellet:{p2.Id}", 150, 190),
            await UploadSpectraAsync(alice, $"pellet:{p3.Id}", 160),
            await UploadSpectraAsync(alice, $"sample:{first.Id}", 180),
        };
        foreach (var id in uploads.SelectMany(u => u).Concat(simulations))
        {
            var kind = simulations.Contains(id) ? AnalysisKind.Msd : AnalysisKind.ImpedanceFit;
            var run = await AnalysisRunTests.WaitForRunAsync(alice, id, kind, timeoutSeconds: 240);
            Assert.True(run.State == "Done", run.Error);
        }
        var (s1, s2, lone, loose) = (uploads[0], uploads[1], uploads[2][0], uploads[3][0]);
        var series1 = await alice.GetAsync<PelletSeriesView>($"/api/pellets/{p1.Id}/arrhenius");
        var series2 = await alice.GetAsync<PelletSeriesView>($"/api/pellets/{p2.Id}/arrhenius");
        Assert.NotNull(series1.Chosen);
        Assert.NotNull(series1.Simulated);
        Assert.NotNull(series2.Chosen);

        // Two spectra of P1 and one of P2: P1 once (with its sample's simulation), then P2.
        var view = await Json.ReadAsync<OverlayView>(await alice.PostAsync("/api/overlays",
            new OverlayRequest([s1[0], s1[2], s2[1], loose, lone], "arrhenius")));

        Assert.Equal(("1000/T (1/K)", "ln(σT / (S K cm⁻¹))"), (view.XTitle, view.YTitle));
        Assert.False(view.EqualAxes);
        Assert.Equal([s1[0], s1[0], s1[0], s1[0], s2[1], s2[1]], view.Traces.Select(t => t.MeasurementId));
        Assert.Equal(
        [
            $"{first.Code} pellet P1 · 3 temperatures", $"{first.Code} pellet P1 fit · Ea {Ea(series1.Chosen)}",
            $"{first.Code} (simulated) · 3 temperatures", $"{first.Code} (simulated) fit · Ea {Ea(series1.Simulated)}",
            $"{second.Code} pellet P2 · 2 temperatures", $"{second.Code} pellet P2 fit · Ea {Ea(series2.Chosen)}",
        ], view.Traces.Select(t => t.Name));
        Assert.Equal([true, false, true, false, true, false], view.Traces.Select(t => t.Markers));
        // The points and line are the pellet page's own; s04147's total resistance over 140-200 °C gives Ea near 0.856 eV.
        Assert.Equal(series1.Chosen.ThousandOverT, view.Traces[0].X);
        Assert.Equal(series1.Chosen.Y, view.Traces[0].Y);
        Assert.Equal(series2.Chosen.LineY, view.Traces[5].Y);
        Assert.Equal(0.856, series1.Chosen.ActivationEnergyEv, 0.05);
        Assert.Equal(0.300, series1.Simulated.ActivationEnergyEv, 0.005);

        Assert.Equal([loose, lone], view.Notes.Select(n => n.MeasurementId));
        Assert.Contains("not on a pellet", view.Notes[0].Text, StringComparison.Ordinal);
        Assert.Contains($"{second.Code} pellet P3 has 1 fitted temperature; an Arrhenius fit needs 2", view.Notes[1].Text, StringComparison.Ordinal);

        // A cycling file asked for an Arrhenius plot gets the technique note.
        var cell = await alice.AddCellAsync(first.Id);
        var cycling = await UploadCyclingAsync(alice, cell.Id, BioLogicFile);
        var wrong = await alice.GetAsync<OverlayView>($"/api/overlays?ids={cycling}&kind=arrhenius");
        Assert.Empty(wrong.Traces);
        Assert.Contains("not impedance", Assert.Single(wrong.Notes).Text, StringComparison.Ordinal);

        // The CSV from other spectra of the same pellets, and a dashboard panel of the chosen ones, hold the same traces.
        using var csv = await alice.GetAsync($"/api/overlays?ids={s1[1]},{s2[0]}&kind=arrhenius&format=csv");
        Assert.True(csv.IsSuccessStatusCode, await Json.DescribeAsync(csv));
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("measurement_id,trace,\"1000/T (1/K)\",\"ln(σT / (S K cm⁻¹))\"", lines[0]);
        Assert.Equal(view.Traces.Sum(t => t.X.Count), lines.Length - 1);
        Assert.Equal("overlay-arrhenius.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var dashboard = await Json.ReadAsync<DashboardView>(await alice.PostAsync("/api/dashboards", new DashboardInput("Arrhenius", null)));
        await Json.ReadAsync<DashboardView>(await alice.PostAsync($"/api/dashboards/{dashboard.Id}/panels",
            new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "arrhenius", MeasurementIds = [s1[0], s1[2], s2[1]] })));
        var panel = Assert.Single(await alice.GetAsync<List<PanelData>>($"/api/dashboards/{dashboard.Id}/data"));
        Assert.Equal("Arrhenius", panel.Title);
        Assert.Equal(view.Traces.Select(t => t.Name), panel.Overlay!.Traces.Select(t => t.Name));
    }

    private static string Ea(ArrheniusView fit) =>
        fit.ActivationEnergyEv.ToString("0.000", CultureInfo.InvariantCulture)
        + (fit.ActivationEnergyStdErrEv is { } se ? " ± " + se.ToString("0.000", CultureInfo.InvariantCulture) : "") + " eV";

    // Uploads EISFitpython s04147 spectra (temperatures from the file names) and returns their ids in that order.
    private static async Task<List<Guid>> UploadSpectraAsync(PortalClient client, string attach, params int[] temperatures)
    {
        var files = temperatures.Select(t => (AnalysisRunTests.SpectrumFile(t), TestFiles.Unique(AnalysisRunTests.SpectrumFile(t)))).ToArray();
        return [.. (await client.UploadAsync(attach, files)).Items.Select(i => i.MeasurementId!.Value)];
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
