using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

[Collection(PortalCollection.Name)]
public sealed class SampleTests(PortalApp app)
{
    [Fact]
    public async Task Copy_Sample_KeepsCompositionAndStepsAndClearsActualMasses()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var source = await owner.CreateSampleAsync();

        var copy = await Json.ReadAsync<SampleDetail>(await owner.PostAsync($"/api/samples/{source.Id}/copy", new SampleCopyRequest("LZC-2026-002")));

        Assert.NotEqual(source.Id, copy.Id);
        Assert.Equal("LZC-2026-002", copy.Code);
        Assert.Equal(source.Composition.Id, copy.Composition.Id);
        Assert.NotEqual(source.Recipe!.Id, copy.Recipe!.Id);
        Assert.Equal(source.Recipe.Steps.Select(Describe), copy.Recipe.Steps.Select(Describe));
        var weighed = copy.Recipe.Steps.Single(s => s.Kind == StepKinds.Weighing).Precursors!;
        // Computed on save from the composition: 1 g of Li2ZrCl6 (317.80 g/mol) from LiCl and ZrCl4.
        Assert.Equal([266.77, 733.23], weighed.Select(p => p.ComputedMassMg).Order());
        Assert.All(weighed, p => Assert.Null(p.ActualMassMg));
        // The source batch keeps what was weighed for it.
        Assert.All((await owner.GetSampleAsync(source.Id)).Recipe!.Steps.Single(s => s.Kind == StepKinds.Weighing).Precursors!,
            p => Assert.NotNull(p.ActualMassMg));
    }

    [Fact]
    public async Task Put_SampleEditedFromItsDetail_KeepsActualMasses()
    {
        // The edit page fills its form from SampleDetail.ToInput(); saving a note must not lose the balance readings.
        var owner = await app.CreateTeamWithUserAsync();
        var sample = await owner.CreateSampleAsync();
        var input = sample.ToInput();
        input.Notes = "annealed later";

        var saved = await owner.UpdateSampleAsync(sample.Id, input);

        var weighed = saved.Recipe!.Steps.Single(s => s.Kind == StepKinds.Weighing).Precursors!;
        Assert.Equal(266.81, weighed.Single(p => p.Formula == "LiCl").ActualMassMg);
        Assert.Equal(733.19, weighed.Single(p => p.Formula == "ZrCl4").ActualMassMg);
        Assert.Equal(sample.Recipe!.Steps.Count, saved.Recipe.Steps.Count);
    }

    [Fact]
    public async Task Put_Recipe_ReplacesItsSteps()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var sample = await owner.CreateSampleAsync();
        var recipe = TestRecipes.Standard();
        recipe.Steps.Insert(2, RecipeStepDto.NewOf(StepKinds.Annealing));

        var saved = await Json.ReadAsync<RecipeDto>(await owner.PutAsync($"/api/recipes/{sample.Recipe!.Id}", recipe));

        Assert.Equal([StepKinds.Weighing, StepKinds.Milling, StepKinds.Annealing, StepKinds.Pressing], saved.Steps.Select(s => s.Kind));
        Assert.Equal(saved.Steps.Select(Describe), (await owner.GetSampleAsync(sample.Id)).Recipe!.Steps.Select(Describe));
    }

    [Fact]
    public async Task Tags_AreTheTeamsOwn_AndFilterTheList()
    {
        var alice = await app.CreateTeamWithUserAsync();
        var bob = await app.CreateTeamWithUserAsync();
        var composition = await alice.CreateCompositionAsync();
        var tagged = new SampleInput { Code = "T-" + Unique.Id(), CompositionId = composition.Id, Tags = ["screening", "al-series"] };
        var created = await Json.ReadAsync<SampleDetail>(await alice.PostAsync("/api/samples", tagged));
        await alice.CreateSampleAsync(composition.Id);
        var bobsComposition = await bob.CreateCompositionAsync();
        await bob.PostAsync("/api/samples", new SampleInput { Code = "T-" + Unique.Id(), CompositionId = bobsComposition.Id, Tags = ["bobs-secret"] });

        var tags = await alice.GetAsync<List<string>>("/api/samples/tags");
        var filtered = await alice.GetAsync<SamplePage>("/api/samples/?tag=al-series");

        Assert.Equal(["al-series", "screening"], tags);
        Assert.Equal([created.Id], filtered.Items.Select(s => s.Id));
    }

    /// <summary>
    /// A step as the comparison page shows it, without the balance readings (which a copy drops). Its lines
    /// are sorted because weighed precursors have no stored position and come back in any order.
    /// </summary>
    private static string Describe(RecipeStepDto step) =>
        step.Kind + ": " + string.Join("; ", step.Describe().Select(d => $"{d.Field}={d.Value.Split("; ")[0]}").Order(StringComparer.Ordinal));
}
