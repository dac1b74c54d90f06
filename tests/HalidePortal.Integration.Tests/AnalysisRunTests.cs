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

    private static string SpectrumFile(int temperatureC) => $"EISFitpython_s04147-{temperatureC.ToString(CultureInfo.InvariantCulture)}deg.txt";

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
