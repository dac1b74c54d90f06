using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HalidePortal.Domain.Analyses;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Http;

namespace HalidePortal.Integration.Tests;

/// <summary>The composition explorer over HTTP: headline numbers from real uploads, literature rows, filters, CSV, team isolation.</summary>
[Collection(PortalCollection.Name)]
public sealed class ExplorerTests(PortalApp app)
{
    private const string CyclingFile = "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr";

    private static LiteratureInput Published(string name, string formula, double sigma) => new()
    {
        Name = name, Formula = formula, ConductivitySPerCm = sigma, ActivationEnergyEv = 0.355, RetentionPercent = 70, RetentionCycles = 500,
        Doi = "https://doi.org/10.1039/D6SC04008J",
    };

    // A pellet's series fitted on upload gives the row its Ea (EISFitpython s04147, published total 0.856 eV) and
    // conductivities linking to the pellet; a cell's cycling file gives the capacities and retention of /cycles.
    [Fact]
    public async Task Rows_FromUploadedSeriesAndCycling_CarryHeadlinesWithEvidence()
    {
        var client = await app.CreateTeamWithUserAsync();
        var composition = await client.CreateCompositionAsync("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", "LZACFO");
        var sample = await client.CreateSampleAsync(composition.Id, new RecipeDto { Name = "milling", Steps = [RecipeStepDto.NewOf(StepKinds.Milling)] });
        var modulus = sample.ToInput();
        modulus.YoungsModulusGPa = 15.9;
        await client.UpdateSampleAsync(sample.Id, modulus);
        var pellet = await client.AddPelletAsync(sample.Id, new PelletInput { Label = "s04147", ThicknessMm = 2.1, DiameterMm = 8 });
        int[] temperatures = [140, 170, 200];
        string Spectrum(int t) => $"EISFitpython_s04147-{t.ToString(CultureInfo.InvariantCulture)}deg.txt";
        var spectra = await client.UploadAsync($"pellet:{pellet.Id}", [.. temperatures.Select(t => (Spectrum(t), TestFiles.Unique(Spectrum(t))))]);
        foreach (var item in spectra.Items)
        {
            Assert.Equal("Done", (await AnalysisRunTests.WaitForRunAsync(client, item.MeasurementId!.Value, AnalysisKind.ImpedanceFit)).State);
        }
        var cell = await client.AddCellAsync(sample.Id);
        var run = (await client.UploadAsync($"cell:{cell.Id}", (CyclingFile, TestFiles.Bytes(CyclingFile)))).Items[0].MeasurementId!.Value;
        Assert.Equal("Done", (await client.WaitForMeasurementAsync(run)).State);
        var cycles = await client.GetAsync<List<CycleView>>($"/api/measurements/{run}/cycles");
        var info = await client.GetAsync<HalidePortal.Domain.Measurements.CyclingSummaryInfo>($"/api/measurements/{run}/cycling");

        var rows = await client.GetAsync<List<ExplorerRow>>("/api/explorer?retentionCycles=2");

        var row = Assert.Single(rows);
        Assert.Equal(ExplorerService.Team, row.Source);
        Assert.Equal(sample.Code, row.Label);
        Assert.Equal($"/samples/{sample.Id}", row.Href);
        Assert.Equal(0.25, row.Dopant("x_Al"), 9);
        Assert.Equal(0.2, row.Dopant("F"), 9);
        Assert.NotNull(row.Ea);
        Assert.Equal(0.856, row.Ea.Value, 0.05);
        Assert.NotNull(row.Ea.StdErr);
        Assert.Equal($"/pellets/{pellet.Id}", row.Ea.Href);
        Assert.Contains("3 temperatures", row.Ea.Evidence, StringComparison.Ordinal);
        Assert.True(row.Sigma30!.Value > 0 && row.Sigma25!.Value < row.Sigma30.Value);
        Assert.Contains("extrapolated to 30 °C", row.Sigma30.Evidence, StringComparison.Ordinal);
        Assert.Equal(15.9, row.Modulus!.Value);
        var first = cycles.First(c => c.DischargeMahPerG > 0);
        Assert.Equal(first.DischargeMahPerG!.Value, row.FirstDischarge!.Value, 9);
        Assert.Equal($"/measurements/{run}", row.FirstDischarge.Href);
        int reference = info.Retention!.ReferenceCycle;
        Assert.Equal(cycles.Single(c => c.Cycle == reference + 2).RetentionPercent!.Value, row.Retention!.Value, 9);
        Assert.Null(row.Onset);

        // Sorted and filtered on the server too; unknown columns are named in the error.
        Assert.Single(await client.GetAsync<List<ExplorerRow>>("/api/explorer?dopant=Al&dopantMin=0.2&dopantMax=0.3&sort=sigma30&descending=true"));
        Assert.Empty(await client.GetAsync<List<ExplorerRow>>("/api/explorer?dopant=Al&dopantMax=0.1"));
        using var badSort = await client.GetAsync("/api/explorer?sort=colour");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Contains("sigma30", await badSort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Literature_AddedBesideTheTeamsRows_MarkedAndExportedAsCsv()
    {
        var client = await app.CreateTeamWithUserAsync();
        var sample = await client.CreateSampleAsync();
        using var created = await client.PostAsync("/api/literature", Published("LZACFO", "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", 1.12e-3));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lit = await Json.ReadAsync<LiteratureView>(created);
        Assert.Equal("10.1039/D6SC04008J", lit.Doi);
        Assert.Equal(0.8, lit.Dopants.Single(d => d.Element == "O").Amount, 9);

        var rows = await client.GetAsync<List<ExplorerRow>>("/api/explorer?sort=sigma30&descending=true");
        Assert.Equal(2, rows.Count);
        var published = rows[0];
        Assert.True(published.IsLiterature);
        Assert.Equal(1.12e-3, published.Sigma30!.Value);
        Assert.Null(published.Sigma25);
        Assert.Equal("https://doi.org/10.1039/D6SC04008J", published.Sigma30.Href);
        // Retention after 500 cycles is not comparable with the default 100-cycle column.
        Assert.Null(published.Retention);
        Assert.Equal(70, (await client.GetAsync<List<ExplorerRow>>("/api/explorer?retentionCycles=500")).Single(r => r.IsLiterature).Retention!.Value);
        Assert.Equal(sample.Code, rows[1].Label);
        Assert.Single(await client.GetAsync<List<ExplorerRow>>("/api/explorer?literature=false"));
        // A date filter asks about the team's own batches.
        Assert.DoesNotContain(await client.GetAsync<List<ExplorerRow>>("/api/explorer?from=2000-01-01"), r => r.IsLiterature);

        using var csv = await client.GetAsync("/api/explorer?format=csv&sort=label");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("σ 30 °C (mS/cm)", lines[0], StringComparison.Ordinal);
        Assert.Contains("Retention after 100 cycles (%)", lines[0], StringComparison.Ordinal);
        var literatureLine = lines.Single(l => l.StartsWith("literature,", StringComparison.Ordinal));
        Assert.Contains(",1.12,", literatureLine, StringComparison.Ordinal);
        Assert.Contains("10.1039/D6SC04008J", literatureLine, StringComparison.Ordinal);

        using var deleted = await client.DeleteAsync($"/api/literature/{lit.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.DoesNotContain(await client.GetAsync<List<ExplorerRow>>("/api/explorer"), r => r.IsLiterature);
    }

    [Fact]
    public async Task Literature_BadInput_FieldErrorsNameWhatWasExpected()
    {
        var client = await app.CreateTeamWithUserAsync();
        var input = Published("X", "Li2Xx", -1);
        input.Doi = "not a doi";
        input.RetentionCycles = null;

        using var response = await client.PostAsync("/api/literature", input);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(Json.Options);
        Assert.Contains("'Xx'", Assert.Single(problem!.Errors["formula"]), StringComparison.Ordinal);
        Assert.Contains("10.1039", Assert.Single(problem.Errors["doi"]), StringComparison.Ordinal);
        Assert.Contains("S/cm", Assert.Single(problem.Errors["conductivitySPerCm"]), StringComparison.Ordinal);
        Assert.Contains("together", Assert.Single(problem.Errors["retentionCycles"]), StringComparison.Ordinal);
        Assert.Empty(await client.GetAsync<List<LiteratureView>>("/api/literature"));
    }

    [Fact]
    public async Task Explorer_OtherTeam_SeesNoneOfItAndViewersCannotAdd()
    {
        var owner = await app.CreateTeamWithUserAsync();
        await owner.CreateSampleAsync();
        var lit = await Json.ReadAsync<LiteratureView>(await owner.PostAsync("/api/literature", Published("LZC", "Li2ZrCl6", 3.97e-4)));
        var stranger = await app.CreateTeamWithUserAsync();
        var viewer = await app.AddUserAsync(owner.Team, HalidePortal.Domain.Teams.TeamRole.Viewer);

        Assert.Empty(await stranger.GetAsync<List<ExplorerRow>>("/api/explorer"));
        using var other = await stranger.GetAsync($"/api/literature/{lit.Id}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(2, (await viewer.GetAsync<List<ExplorerRow>>("/api/explorer")).Count);
        using var denied = await viewer.PostAsync("/api/literature", Published("LZCF", "Li2ZrCl5.8F0.2", 3.75e-4));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
