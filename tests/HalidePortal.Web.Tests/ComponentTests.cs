using Bunit;
using HalidePortal.Web.Components.Shared;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

/// <summary>Leaf components rendered on their own (bUnit), without a database.</summary>
public sealed class ComponentTests : MudComponentTests
{
    private IRenderedComponent<T> Render<T>(Action<ComponentParameterCollectionBuilder<T>> parameters) where T : Microsoft.AspNetCore.Components.IComponent =>
        Ctx.Render(parameters);

    private static CompositionView Lzacfo(bool balanced) => new(
        Guid.NewGuid(), "LZACFO", "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", "Li2ZrCl6", null, 256.2673,
        new ChargeView(6, balanced ? -6 : -5.8, balanced, []),
        [new DopantView("Al", "x_Al", 0.25), new DopantView("F", "z_F", 0.2), new DopantView("O", "y_O", 0.8)],
        "Flagship.", false);

    [Fact]
    public void CompositionCard_Balanced_ShowsMolarMassChargeAndDopants()
    {
        var cut = Render<CompositionCard>(p => p.Add(c => c.Composition, Lzacfo(balanced: true)));

        Assert.Equal("256.27 g/mol", cut.Find("[data-testid=molar-mass]").TextContent.Trim());
        Assert.Contains("balanced", cut.Find("[data-testid=charge]").TextContent, StringComparison.Ordinal);
        Assert.Contains("x_Al = 0.25, z_F = 0.2, y_O = 0.8", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void CompositionCard_Unbalanced_SaysSo()
    {
        var cut = Render<CompositionCard>(p => p.Add(c => c.Composition, Lzacfo(balanced: false)));

        Assert.Contains("not balanced", cut.Find("[data-testid=charge]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RecipeSteps_ListsEveryStepWithUnits()
    {
        var recipe = new RecipeDto { Name = "one-step milling", Steps = [RecipeStepDto.NewOf(StepKinds.Milling), RecipeStepDto.NewOf(StepKinds.Annealing)] };

        var cut = Render<RecipeSteps>(p => p.Add(c => c.Recipe, recipe));

        Assert.Equal(["1. Milling", "2. Annealing"], cut.FindAll("[data-testid=recipe-step]").Select(e => e.TextContent.Trim()));
        Assert.Contains("500 rpm", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("200 C", cut.Markup, StringComparison.Ordinal);
    }
}
