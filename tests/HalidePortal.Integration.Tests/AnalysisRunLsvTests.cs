using System.Globalization;
using System.Net;
using System.Text;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Teams;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// The LSV onset analysis queued after a voltammetry upload, re-run with another threshold, and the sample's headline.
/// The EC-Lab text export is written here (as in the CLI's LsvCommandTests): recorded vs Li-In from 2.38 to 3.68 V
/// (3.0 to 4.3 V vs Li/Li+) every 1 mV, I = c + (1 uA - c) exp((E - 3.86 V) / 0.05 V) with c = 0.1 uA against
/// Li/Li+, so the current crosses the default 1 uA at exactly 3.860 V and 10 uA at 3.86 + 0.05 ln(9.9 / 0.9) =
/// 3.9799 V; the tangent at the last full smoothing window (4.295 V) meets the flat baseline 0.05 V lower.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AnalysisRunLsvTests(PortalApp app)
{
    private const double BaselineMA = 0.0001, OneMicroampOnsetV = 3.86, RiseV = 0.05;

    private static double Current(double eVsLi) => BaselineMA + (0.001 - BaselineMA) * Math.Exp((eVsLi - OneMicroampOnsetV) / RiseV);

    /// <summary>A unique file (a random start time), so it is never a duplicate of another test's upload.</summary>
    private static byte[] Mpt()
    {
        var text = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 7\n\nLinear Sweep Voltammetry\n\nElectrode surface area : 0.785 cm\u00b2\n");
        text.Append("time/s\tEwe/V\t<I>/mA\n");
        double start = Random.Shared.Next(1, 1_000_000);
        for (int k = 0; k <= 1300; k++)
        {
            double e = 3.0 + 0.001 * k;
            text.Append(CultureInfo.InvariantCulture, $"{start + k * 0.1:R}\t{e - 0.62:R}\t{Current(e):R}\n");
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    [Fact]
    public async Task LsvUpload_OnsetFoundRerunAddsVersionAndHeadline()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        var id = (await client.UploadAsync($"sample:{sample.Id}", ("lsv.mpt", Mpt()))).Items[0].MeasurementId!.Value;
        var measurement = await client.WaitForMeasurementAsync(id);
        Assert.True(measurement.State == "Done", measurement.Error);
        Assert.Equal("Voltammetry", measurement.Technique);

        var first = await AnalysisRunTests.WaitForRunAsync(client, id, AnalysisKind.LsvOnset);
        Assert.True(first.State == "Done", first.Error);
        Assert.Equal(1, first.Version);
        Assert.Null(first.RequestedBy);
        var v1 = first.Result<LsvOnsetRecord>()!;
        Assert.Equal(OneMicroampOnsetV, v1.OnsetThresholdV!.Value, 0.005);
        Assert.Equal(4.295 - RiseV, v1.OnsetTangentV!.Value, 0.005);
        Assert.Equal("1 µA", v1.ThresholdText);
        Assert.Equal(1301, v1.Points);
        Assert.Equal(1301, v1.SweepPotentialV.Count);
        Assert.Equal(3.0, v1.SweepFromV, 1e-9);
        Assert.NotNull(v1.TangentLine);
        Assert.NotNull(v1.ThresholdLine);

        var response = await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "LsvOnset", settings = new { thresholdUa = 10 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var second = await AnalysisRunTests.WaitForRunAsync(client, id, AnalysisKind.LsvOnset, version: 2);

        Assert.True(second.State == "Done", second.Error);
        Assert.Equal(OneMicroampOnsetV + RiseV * Math.Log(9.9 / 0.9), second.Result<LsvOnsetRecord>()!.OnsetThresholdV!.Value, 0.005);
        Assert.NotNull(second.RequestedBy);
        var runs = await client.GetAsync<List<AnalysisRunView>>($"/api/measurements/{id}/analyses");
        Assert.Equal([2, 1], runs.Where(r => r.Kind == "LsvOnset").Select(r => r.Version));
        Assert.Equal(first.ResultJson, runs.Single(r => r.Kind == "LsvOnset" && r.Version == 1).ResultJson);

        var scope = new TeamScope(client.Team.Id, client.Team.Name, TeamRole.Owner, client.UserId, client.UserName);
        var headlines = await app.Services.GetRequiredService<AnalysisService>().HeadlinesAsync(scope, sample.Id);
        var onset = Assert.Single(headlines, h => h.Quantity == "Oxidation onset");
        Assert.Equal("3.98 V vs Li/Li⁺", onset.Value);
        Assert.Contains("threshold 10 µA", onset.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LsvRerun_BadSettings_RefusedNamingTheField()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        var id = (await client.UploadAsync($"sample:{sample.Id}", ("lsv.mpt", Mpt()))).Items[0].MeasurementId!.Value;
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(id)).State);

        var negative = await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "LsvOnset", settings = new { thresholdUa = -1 } });
        var zeroRun = await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "LsvOnset", settings = new { consecutive = 0 } });

        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("settings.thresholdUa", await negative.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, zeroRun.StatusCode);
        Assert.Contains("settings.consecutive", await zeroRun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
