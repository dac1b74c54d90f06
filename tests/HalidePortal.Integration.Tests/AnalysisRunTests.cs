using System.Globalization;
using System.Net;
using HalidePortal.Domain.Analyses;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>Analyses queued by the worker after upload, re-run with other settings, and a pellet's Arrhenius series.</summary>
[Collection(PortalCollection.Name)]
public sealed class AnalysisRunTests(PortalApp app)
{
    private static readonly int[] Temperatures = [140, 150, 160, 170, 180, 190, 200];

    internal static string SpectrumFile(int temperatureC) => $"EISFitpython_s04147-{temperatureC.ToString(CultureInfo.InvariantCulture)}deg.txt";

    // EISFitpython's pellet s04147 (D 0.8 cm, L 0.21 cm), 140-200 C, uploaded in one go with no setting at all (the
    // temperatures are in the file names): every spectrum is fitted with one circuit, and the pellet's Arrhenius fit of
    // the total resistance gives the published Ea 0.856 eV (J. Mater. Chem. A 12 (2024) 15847) within 0.03 eV.
    [Fact]
    public async Task PelletSeries_UploadedAsIs_FittedAndArrheniusNearPublished()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        var pellet = await client.AddPelletAsync(sample.Id, new PelletInput { Label = "s04147", ThicknessMm = 2.1, DiameterMm = 8 });
        var result = await client.UploadAsync($"pellet:{pellet.Id}", [.. Temperatures.Select(t => (SpectrumFile(t), TestFiles.Unique(SpectrumFile(t))))]);
        var ids = result.Items.Select(i => i.MeasurementId!.Value).ToList();
        foreach (var id in ids)
        {
            var measurement = await client.WaitForMeasurementAsync(id);
            Assert.Equal("Done", measurement.State);
            Assert.Equal(Temperatures[ids.IndexOf(id)], measurement.TemperatureC);
            var fit = await WaitForRunAsync(client, id, AnalysisKind.ImpedanceFit);
            Assert.True(fit.State == "Done", fit.Error);
            Assert.Equal(1, fit.Version);
            Assert.Null(fit.RequestedBy);
            var record = fit.Result<ImpedanceFitRecord>()!;
            Assert.True(record.Converged, record.Exit);
            Assert.Equal(200, record.ModelFrequencyHz.Count);
            Assert.StartsWith("cnls", fit.AlgorithmVersion, StringComparison.Ordinal);
            Assert.Contains(record.Capacitances, c => c.Resistor == "R1" && c.Origin == "bulk");
        }

        var series = await client.GetAsync<PelletSeriesView>($"/api/pellets/{pellet.Id}/arrhenius");

        Assert.Single(series.Circuits);
        Assert.Null(series.Problem);
        Assert.Equal(7, series.Points.Count(p => p.ConductivitySPerCm > 0));
        Assert.NotNull(series.Chosen);
        Assert.Equal("intercept", series.Chosen.Element);
        Assert.Equal("sigmaT", series.Chosen.Form);
        Assert.Equal(0.856, series.Chosen.ActivationEnergyEv, 0.01);
        Assert.True(series.Chosen.RSquared > 0.99);
        // The automatic choice finds both arcs, so bulk and grain boundary come out apart as published
        // (0.587 and 0.892 eV), and the bulk capacitance of the high-frequency arc reads as bulk.
        Assert.Equal("p(R1,CPE1)-p(R2,CPE2)-CPE3", Assert.Single(series.Circuits));
        Assert.Equal(0.587, series.ByElement.Single(a => a.Element == "R1").ActivationEnergyEv, 0.01);
        Assert.Equal(0.892, series.ByElement.Single(a => a.Element == "R2").ActivationEnergyEv, 0.01);
        // Each resistor named by its arc's effective capacitance, as the page labels it.
        Assert.Equal("bulk", series.Origins["R1"]);
        Assert.Equal("grain boundary", series.Origins["R2"]);
        Assert.Equal("R1 (bulk)", series.Describe("R1"));

        // A sum of resistances, as typed on the page: bulk + grain boundary, one Arrhenius fit of its own.
        var sum = await client.GetAsync<PelletSeriesView>($"/api/pellets/{pellet.Id}/arrhenius?element=R1%2BR2");
        Assert.Equal("R1+R2", sum.Element);
        Assert.Equal("R1+R2", sum.Chosen!.Element);
        Assert.Equal(7, sum.Chosen.Points);
        Assert.All(sum.Points, p => Assert.Equal(
            series.Points.Single(q => q.MeasurementId == p.MeasurementId).ResistanceOhm!.Value, p.ResistanceOhm!.Value, p.ResistanceOhm.Value * 0.05));

        // "Re-fit series" with a circuit: one at a time in temperature order, each later spectrum started from the
        // neighbouring temperature's new result (a neighbour of the old circuit is never taken).
        const string refit = "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3";
        var queued = await client.PostAsync($"/api/pellets/{pellet.Id}/refit", AnalysisService.SeriesRefitSettings(refit));
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        var refits = new List<ImpedanceFitRecord>();
        foreach (var id in ids)
        {
            var run = await WaitForRunAsync(client, id, AnalysisKind.ImpedanceFit, version: 2);
            Assert.True(run.State == "Done", run.Error);
            refits.Add(run.Result<ImpedanceFitRecord>()!);
        }
        Assert.All(refits, r => Assert.Equal(refit, r.Circuit));
        Assert.All(refits.Where(r => r.StartedFrom is not null), r => Assert.Matches(@"s04147-\d+deg.*at \d+ °C", r.StartedFrom!));
        Assert.True(refits.Count(r => r.StartedFrom is not null) >= 3, string.Join("; ", refits.Select(r => r.StartedFrom ?? "own start")));
        var after = await client.GetAsync<PelletSeriesView>($"/api/pellets/{pellet.Id}/arrhenius");
        Assert.Equal(refit, Assert.Single(after.Circuits));
        Assert.Equal(0.856, after.Chosen!.ActivationEnergyEv, 0.02);
    }

    // A spectrum put on the sample alone may come from a pellet or a cell, so the choice tries both lists. s04147 at
    // 160 C is a blocking pellet: with the cell list alone (every circuit with R0, which this spectrum leaves
    // undetermined) the choice fell to R0-p(R1,CPE1)-W1 at 5 % misfit; with both it takes the two arcs and the
    // electrode spike at 0.8 %.
    [Fact]
    public async Task SpectrumOnSampleOnly_AutomaticChoiceTriesPelletCircuitsToo()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        var id = (await client.UploadAsync($"sample:{sample.Id}", (SpectrumFile(160), TestFiles.Unique(SpectrumFile(160))))).Items[0].MeasurementId!.Value;
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(id)).State);

        var fit = (await WaitForRunAsync(client, id, AnalysisKind.ImpedanceFit)).Result<ImpedanceFitRecord>()!;

        Assert.Equal("automatic", fit.CircuitChoice);
        Assert.EndsWith("p(R1,CPE1)-p(R2,CPE2)-CPE3", fit.Circuit, StringComparison.Ordinal);
        Assert.True(fit.RelativeMisfit < 0.015, fit.RelativeMisfit.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(fit.Notes, n => n.Contains("R0-p(R1,CPE1)-W1", StringComparison.Ordinal) && n.Contains("p(R1,CPE1)-CPE2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rerun_WithOtherCircuit_AddsVersionAndKeepsTheFirst()
    {
        var (client, id) = await SpectrumOnPelletAsync(160);
        var first = await WaitForRunAsync(client, id, AnalysisKind.ImpedanceFit);
        Assert.Equal("Done", first.State);

        var response = await client.PostAsync($"/api/measurements/{id}/analyses",
            new { kind = "ImpedanceFit", settings = new { circuit = "R0-p(R1,CPE1)-CPE2", weighting = "unit" } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await Json.ReadAsync<AnalysisRunView>(response);
        Assert.Equal(2, queued.Version);
        var second = await WaitForRunAsync(client, id, AnalysisKind.ImpedanceFit, version: 2);

        Assert.True(second.State == "Done", second.Error);
        Assert.Equal("R0-p(R1,CPE1)-CPE2", second.Result<ImpedanceFitRecord>()!.Circuit);
        Assert.Equal("unit", second.Result<ImpedanceFitRecord>()!.Weighting);
        Assert.Equal("given", second.Result<ImpedanceFitRecord>()!.CircuitChoice);
        Assert.NotNull(second.RequestedBy);
        var runs = await client.GetAsync<List<AnalysisRunView>>($"/api/measurements/{id}/analyses");
        Assert.Equal([2, 1], runs.Where(r => r.Kind == "ImpedanceFit").Select(r => r.Version));
        Assert.Equal(first.ResultJson, runs.Single(r => r.Version == 1 && r.Kind == "ImpedanceFit").ResultJson);
    }

    // Every spectrum also gets a Kramers-Kronig check and a DRT; the DRT's lambda comes from cross-validation unless
    // given. In s04147 at 150 C the bulk arc is a shoulder of the grain-boundary arc, so the DRT's fastest peak holds
    // both: its area is the fitted R1 + R2 (within 20 %); slower peaks model the electrode spike.
    [Fact]
    public async Task Upload_Spectrum_KramersKronigAndDrtQueued_DrtRerunWithFixedLambda()
    {
        var (client, id) = await SpectrumOnPelletAsync(150);
        var kk = await WaitForRunAsync(client, id, AnalysisKind.KramersKronig);
        var drt = await WaitForRunAsync(client, id, AnalysisKind.Drt);
        var fit = (await WaitForRunAsync(client, id, AnalysisKind.ImpedanceFit)).Result<ImpedanceFitRecord>()!;

        Assert.True(kk.State == "Done", kk.Error);
        var check = kk.Result<KramersKronigRecord>()!;
        Assert.True(check.Elements > 0);
        Assert.Equal(check.FrequencyHz.Count, check.ResidualRealPercent.Count);
        Assert.True(drt.State == "Done", drt.Error);
        var gamma = drt.Result<DrtRecord>()!;
        Assert.True(gamma.LambdaFromGcv);
        Assert.InRange(gamma.Lambda, 1e-8, 1);
        double arcs = fit.Parameters.Single(p => p.Name == "R1").Value + fit.Parameters.Single(p => p.Name == "R2").Value;
        Assert.InRange(gamma.Peaks.MinBy(p => p.TauS)!.ResistanceOhm, 0.8 * arcs, 1.2 * arcs);

        var response = await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "Drt", settings = new { lambda = 1e-3, derivative = 2 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var second = await WaitForRunAsync(client, id, AnalysisKind.Drt, version: 2);
        Assert.True(second.State == "Done", second.Error);
        Assert.False(second.Result<DrtRecord>()!.LambdaFromGcv);
        Assert.Equal(1e-3, second.Result<DrtRecord>()!.Lambda);
    }

    // MD mean squared displacements of the sample at 500, 600 and 700 K (D = 1e-6 cm2/s at 600 K, Ea 0.3 eV, 36 Li in
    // 3690 A^3): each gives D from its linear regime and sigma by Nernst-Einstein; since sigma T is proportional to D,
    // the simulated Arrhenius line on the pellet page has Ea 0.300 eV (within 0.005), beside the measured one.
    [Fact]
    public async Task SimulationMsd_ThreeTemperatures_SimulatedArrheniusOnPelletPage()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        var pellet = await client.AddPelletAsync(sample.Id, new PelletInput { Label = "P", ThicknessMm = 1, DiameterMm = 10 });

        var result = await client.UploadAsync($"sample:{sample.Id}", MsdFiles());
        foreach (var item in result.Items)
        {
            var measurement = await client.WaitForMeasurementAsync(item.MeasurementId!.Value);
            Assert.True(measurement.State == "Done", measurement.Error);
            Assert.Equal("Simulation", measurement.Technique);
            var run = await WaitForRunAsync(client, measurement.Id, AnalysisKind.Msd);
            Assert.True(run.State == "Done", run.Error);
            Assert.NotNull(run.Result<MsdRecord>()!.ConductivitySPerCm);
        }
        var at600 = (await WaitForRunAsync(client, result.Items[1].MeasurementId!.Value, AnalysisKind.Msd)).Result<MsdRecord>()!;
        Assert.Equal(1e-6, at600.DiffusionCm2PerS, 1e-9);

        var series = await client.GetAsync<PelletSeriesView>($"/api/pellets/{pellet.Id}/arrhenius");

        Assert.NotNull(series.Simulated);
        Assert.Equal(3, series.Simulated.Points);
        Assert.Equal(0.300, series.Simulated.ActivationEnergyEv, 0.005);
    }

    [Fact]
    public async Task Rerun_BadCircuit_RefusedNamingTheField()
    {
        var (client, id) = await SpectrumOnPelletAsync(170);

        var response = await client.PostAsync($"/api/measurements/{id}/analyses",
            new { kind = "ImpedanceFit", settings = new { circuit = "R0-p(R1,CPE1" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("settings.circuit", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImpedanceFit_OnCyclingFile_FailsNamingFileAndColumn()
    {
        var client = await app.CreateTeamWithUserAsync();
        var cell = await client.AddCellAsync((await client.CreateSampleAsync()).Id);
        const string name = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";
        var item = (await client.UploadAsync($"cell:{cell.Id}", (name, TestFiles.Bytes(name)))).Items[0];
        var id = item.MeasurementId!.Value;
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(id)).State);
        Assert.Empty(await client.GetAsync<List<AnalysisRunView>>($"/api/measurements/{id}/analyses"));

        await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "ImpedanceFit", settings = new { circuit = "R0-p(R1,C1)" } });
        var run = await WaitForRunAsync(client, id, AnalysisKind.ImpedanceFit);

        Assert.Equal("Failed", run.State);
        Assert.Contains(name, run.Error, StringComparison.Ordinal);
        Assert.Contains("frequency", run.Error, StringComparison.Ordinal);
    }

    /// <summary>MD mean squared displacements at 500, 600 and 700 K with D = 1e-6 cm2/s at 600 K and Ea 0.3 eV (36 Li in 3690 A^3).</summary>
    internal static (string Name, byte[] Bytes)[] MsdFiles()
    {
        const double kB = 8.617333262e-5;
        return [.. new[] { 500.0, 600.0, 700.0 }.Select(kelvin =>
        {
            double d = 1e-6 * Math.Exp(-0.3 / kB * (1 / kelvin - 1 / 600.0));
            var text = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture,
                $"# LZC MLMD, T = {kelvin} K, Li = 36, volume = 3690 A^3\n# time (ps)  MSD_Li (A^2)\n"));
            for (int i = 0; i <= 400; i++)
            {
                double t = i * 0.5;
                text.Append(CultureInfo.InvariantCulture, $"{t} {6 * d * 1e4 * t + 0.4}\n");
            }
            return ($"msd_{kelvin}K.dat", System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        })];
    }

    private async Task<(PortalClient Client, Guid MeasurementId)> SpectrumOnPelletAsync(int temperatureC)
    {
        var client = await app.CreateTeamWithUserAsync();
        var pellet = await client.AddPelletAsync((await client.CreateSampleAsync()).Id, new PelletInput { Label = "P", ThicknessMm = 2.1, DiameterMm = 8 });
        var response = await client.PostFilesAsync($"pellet:{pellet.Id}", [(SpectrumFile(temperatureC), TestFiles.Unique(SpectrumFile(temperatureC)))],
            new Dictionary<string, string> { ["temperatureC"] = temperatureC.ToString(CultureInfo.InvariantCulture) });
        var id = (await Json.ReadAsync<UploadResult>(response)).Items[0].MeasurementId!.Value;
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(id)).State);
        return (client, id);
    }

    /// <summary>Polls until the run of a kind (the latest, or the given version) is Done or Failed.</summary>
    internal static async Task<AnalysisRunView> WaitForRunAsync(PortalClient client, Guid measurementId, AnalysisKind kind, int? version = null, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var runs = await client.GetAsync<List<AnalysisRunView>>($"/api/measurements/{measurementId}/analyses");
            var run = runs.Where(r => r.Kind == kind.ToString() && (version is null || r.Version == version)).MaxBy(r => r.Version);
            if (run is { IsFinal: true })
            {
                return run;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{kind} of {measurementId} still {run?.State ?? "not queued"} after {timeoutSeconds} s");
            }
            await Task.Delay(200);
        }
    }
}
