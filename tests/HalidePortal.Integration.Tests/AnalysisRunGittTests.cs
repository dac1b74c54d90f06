using System.Globalization;
using System.Net;
using System.Text;
using HalidePortal.Domain.Analyses;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// GITT on request: a cycling file gets no GITT run on its own; asked for with a particle radius it gives D per pulse.
/// The EC-Lab text export is written as in the CLI's GittCommandTests: 0.1 mA pulses of 60 s (rows every 1 s),
/// E = E0 + IR + S sqrt(t - t0) with S = 2 L dEs / (tau sqrt(pi D)), 900 s rests relaxing to Es = E0 + 10 mV; L = 10 um,
/// D = 1e-11, 1e-10, 1e-9 cm2/s recovered within 1e-3 relative.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AnalysisRunGittTests(PortalApp app)
{
    private const double LengthCm = 1e-3, Tau = 60, DeltaEs = 0.01, Ir = 0.02;
    private static readonly double[] D = [1e-11, 1e-10, 1e-9];

    /// <summary>Time (s), potential (V) and current (mA) of every row: a first rest point, then pulse and rest per D.</summary>
    private static IEnumerable<(double T, double E, double I)> Rows()
    {
        yield return (0, 3.7, 0);
        for (int k = 0; k < D.Length; k++)
        {
            double t0 = k * (Tau + 900), e0 = 3.7 + k * DeltaEs, slope = 2 * LengthCm * DeltaEs / (Tau * Math.Sqrt(Math.PI * D[k]));
            foreach (int s in Enumerable.Range(1, (int)Tau))
            {
                yield return (t0 + s, e0 + Ir + slope * Math.Sqrt(s), 0.1);
            }
            double relaxFrom = e0 + slope * Math.Sqrt(Tau), es = e0 + DeltaEs;
            foreach (int s in Enumerable.Range(1, 180).Select(j => 5 * j))
            {
                yield return (t0 + Tau + s, es + (relaxFrom - es) * Math.Exp(-s / 60.0), 0);
            }
        }
    }

    /// <summary>The rows as an EC-Lab export starting at a random time, so it is never a duplicate of another upload.</summary>
    private static byte[] Run()
    {
        double start = Random.Shared.Next(0, 1_000_000);
        var text = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 5\n\nGalvanostatic Cycling with Potential Limitation\ntime/s\tEwe/V\tI/mA\n");
        foreach (var (t, e, i) in Rows())
        {
            text.Append(CultureInfo.InvariantCulture, $"{start + t:R}\t{e:R}\t{i:R}\n");
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    [Fact]
    public async Task Gitt_OnRequestWithRadius_RecoversEachD()
    {
        var client = await app.CreateTeamWithUserAsync();
        var cell = await client.AddCellAsync((await client.CreateSampleAsync()).Id);
        var id = (await client.UploadAsync($"cell:{cell.Id}", ("gitt.mpt", Run()))).Items[0].MeasurementId!.Value;
        var measurement = await client.WaitForMeasurementAsync(id);
        Assert.True(measurement.State == "Done", measurement.Error);
        Assert.DoesNotContain(await client.GetAsync<List<AnalysisRunView>>($"/api/measurements/{id}/analyses"), r => r.Kind == "Gitt");

        var refused = await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "Gitt", settings = new { molarMassGPerMol = 96.5 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("settings.molarMassGPerMol", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var response = await client.PostAsync($"/api/measurements/{id}/analyses", new { kind = "Gitt", settings = new { radiusUm = 10 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await AnalysisRunTests.WaitForRunAsync(client, id, AnalysisKind.Gitt);

        Assert.True(run.State == "Done", run.Error);
        var record = run.Result<GittRecord>()!;
        Assert.Equal(3, record.Pulses.Count);
        for (int k = 0; k < 3; k++)
        {
            var p = record.Pulses[k];
            Assert.True(Math.Abs(p.DiffusionLengthCm2PerS!.Value / D[k] - 1) < 1e-3, $"pulse {k + 1}: D {p.DiffusionLengthCm2PerS} vs {D[k]}");
            Assert.Null(p.DiffusionMassCm2PerS);
            Assert.True(p.Valid);
            Assert.Equal((k + 1) / 3.0, p.StateOfCharge, 1e-9);
        }
    }
}
