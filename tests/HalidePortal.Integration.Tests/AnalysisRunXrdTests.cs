using System.Net;
using HalidePortal.Domain.Analyses;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>A powder XRD file uploaded to a sample: analysed on its own, re-run with the other method, and its crystallinity on the sample.</summary>
[Collection(PortalCollection.Name)]
public sealed class AnalysisRunXrdTests(PortalApp app)
{
    // pyScattData's rutile TiO2 (Rigaku RAS, Cu K-alpha1 1.540593 A with alpha2): the strongest reflection is rutile
    // 110, d = a / sqrt 2 with a = 4.5937 A, at 27.44 deg; both methods place it there (Analysis FixturePatternTests).
    private const string File = "pyScattData_TiO2-1-3h.ras";
    private const double Rutile110Deg = 27.44;

    [Fact]
    public async Task Upload_AnalysedWithFit_RerunWithSnipKeepsV1_HeadlineShowsCrystallinity()
    {
        var (client, sampleId, id) = await UploadToSampleAsync();

        var first = await AnalysisRunTests.WaitForRunAsync(client, id, AnalysisKind.Diffraction, timeoutSeconds: 300);

        Assert.True(first.State == "Done", first.Error);
        Assert.Equal(1, first.Version);
        Assert.Null(first.RequestedBy);
        Assert.StartsWith("xrd-wpf", first.AlgorithmVersion, StringComparison.Ordinal);
        var fit = first.Result<DiffractionRecord>()!;
        Assert.Equal("whole-pattern-fit", fit.Method);
        Assert.InRange(fit.CrystallinityPercent, 0, 100);
        Assert.Equal(Rutile110Deg, fit.Peaks[0].TwoThetaDeg, 0.1);
        Assert.Equal(1.540593, fit.WavelengthAngstrom, 1e-9);
        Assert.NotNull(fit.Rwp);
        Assert.InRange(fit.TwoThetaDeg.Count, 100, DiffractionRunnerLimit);
        Assert.Equal(fit.TwoThetaDeg.Count, fit.Model.Count);
        Assert.Equal(fit.TwoThetaDeg.Count, fit.HaloBaseline.Count);
        Assert.Equal(fit.TwoThetaDeg.Count, fit.Background.Count);

        var response = await client.PostAsync($"/api/measurements/{id}/analyses",
            new { kind = "Diffraction", settings = new { method = "snip", shapeFactor = 0.94 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var second = await AnalysisRunTests.WaitForRunAsync(client, id, AnalysisKind.Diffraction, version: 2, timeoutSeconds: 300);

        Assert.True(second.State == "Done", second.Error);
        var snip = second.Result<DiffractionRecord>()!;
        Assert.Equal("snip", snip.Method);
        Assert.InRange(snip.CrystallinityPercent, 0, 100);
        Assert.Equal(Rutile110Deg, snip.Peaks[0].TwoThetaDeg, 0.1);
        Assert.Empty(snip.Model);
        Assert.Equal(0.94, second.Settings<DiffractionSettings>()!.ShapeFactor);
        var runs = await client.GetAsync<List<AnalysisRunView>>($"/api/measurements/{id}/analyses");
        Assert.Equal([2, 1], runs.Where(r => r.Kind == "Diffraction").Select(r => r.Version));
        Assert.Equal(first.ResultJson, runs.Single(r => r.Kind == "Diffraction" && r.Version == 1).ResultJson);

        var headlines = await client.GetAsync<List<HeadlineView>>($"/api/samples/{sampleId}/headlines");
        var crystallinity = Assert.Single(headlines, h => h.Quantity == "Crystallinity");
        Assert.Equal(snip.CrystallinityPercent.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %", crystallinity.Value);
        Assert.Contains(File, crystallinity.Detail, StringComparison.Ordinal);
        Assert.Contains("SNIP", crystallinity.Detail, StringComparison.Ordinal);
        Assert.Equal(MeasurementService.UrlOf(id), crystallinity.Href);
    }

    [Fact]
    public async Task Rerun_BadMethod_RefusedNamingTheField()
    {
        var (client, _, id) = await UploadToSampleAsync();

        var response = await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "Diffraction", settings = new { method = "rietveld" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("settings.method", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private const int DiffractionRunnerLimit = 3000;

    private async Task<(PortalClient Client, Guid SampleId, Guid MeasurementId)> UploadToSampleAsync()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        var id = (await client.UploadAsync($"sample:{sample.Id}", (File, TestFiles.Unique(File)))).Items[0].MeasurementId!.Value;
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(id)).State);
        return (client, sample.Id, id);
    }
}
