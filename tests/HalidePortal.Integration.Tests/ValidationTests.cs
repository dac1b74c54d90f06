using System.Net;
using System.Net.Http.Json;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Http;

namespace HalidePortal.Integration.Tests;

[Collection(PortalCollection.Name)]
public sealed class ValidationTests(PortalApp app)
{
    [Fact]
    public async Task Post_CompositionWithUnknownElement_Returns400NamingElementAndPosition()
    {
        var owner = await app.CreateTeamWithUserAsync();

        using var response = await owner.PostAsync("/api/compositions", new CompositionInput("bad", "Li2Xx"));

        var message = Assert.Single(await Json.FieldErrorsAsync(response, "formula"));
        Assert.Contains("'Xx'", message, StringComparison.Ordinal);
        Assert.Contains("position 3", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SampleWithTakenCode_Returns400OnCode()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var first = await owner.CreateSampleAsync();

        using var response = await owner.PostAsync("/api/samples", new SampleInput { Code = first.Code, CompositionId = first.Composition.Id });

        Assert.Contains("already", Assert.Single(await Json.FieldErrorsAsync(response, "code")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_PelletWithTakenLabel_Returns400OnLabel()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var sample = await owner.CreateSampleAsync();
        var first = await owner.AddPelletAsync(sample.Id);
        var again = TestRecords.Pellet();
        again.Label = first.Label;

        using var response = await owner.PostAsync($"/api/samples/{sample.Id}/pellets", again);

        Assert.Contains("already", Assert.Single(await Json.FieldErrorsAsync(response, "label")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_AbsurdBatchMass_Returns400NotAnOverflow()
    {
        var owner = await app.CreateTeamWithUserAsync();

        using var response = await owner.PostAsync("/api/precursors/solve", new SolveRequest("Li2ZrCl6", 1e308, ["LiCl", "ZrCl4"]));

        Assert.Contains("10000", Assert.Single(await Json.FieldErrorsAsync(response, "batchMassG")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Composition_ChargeHasNoFloatNoise()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var created = await owner.CreateCompositionAsync("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2");

        var body = await (await owner.GetAsync($"/api/compositions/{created.Id}")).Content.ReadAsStringAsync();

        Assert.Contains("\"negative\":-6,", body, StringComparison.Ordinal);
        Assert.Contains("\"positive\":6,", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_PelletWithoutThickness_Returns400()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var sample = await owner.CreateSampleAsync();
        var pellet = TestRecords.Pellet();
        pellet.ThicknessMm = null;

        using var response = await owner.PostAsync($"/api/samples/{sample.Id}/pellets", pellet);

        Assert.Contains("required", Assert.Single(await Json.FieldErrorsAsync(response, "thicknessMm")), StringComparison.Ordinal);
        Assert.Empty((await owner.GetSampleAsync(sample.Id)).Pellets);
    }

    [Fact]
    public async Task Put_SampleWithBadMillingRpm_Returns400KeyedByStep()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var sample = await owner.CreateSampleAsync();
        var input = sample.ToInput();
        input.Recipe!.Steps[1].Rpm = -5;

        using var response = await owner.PutAsync($"/api/samples/{sample.Id}", input);

        Assert.NotEmpty(await Json.FieldErrorsAsync(response, "steps[1].rpm"));
    }

    [Fact]
    public async Task Solve_PrecursorsWithoutZirconium_Returns400NamingTheMissingElement()
    {
        var owner = await app.CreateTeamWithUserAsync();

        using var response = await owner.PostAsync("/api/precursors/solve", new SolveRequest("Li2ZrCl6", 1.0, ["LiCl"]));

        Assert.Contains("Zr short by 1", Assert.Single(await Json.FieldErrorsAsync(response, "precursors")), StringComparison.Ordinal);
    }
}
