using HalidePortal.Domain.Recipes;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

public sealed class RecipeMappingTests
{
    [Fact]
    public void ToSteps_ValidRecipe_KeepsOrderAndUnits()
    {
        var errors = new FieldErrors();
        var weighing = RecipeStepDto.NewOf(StepKinds.Weighing);
        weighing.Precursors = [new() { Formula = "ZrCl4", ComputedMassMg = 681.98 }, new() { Formula = "LiCl", ComputedMassMg = 74.44 }];
        var steps = RecipeMapping.ToSteps([weighing, RecipeStepDto.NewOf(StepKinds.Milling), RecipeStepDto.NewOf(StepKinds.Annealing)], errors);

        errors.ThrowIfAny();
        Assert.Equal([0, 1, 2], steps.Select(s => s.Position));
        var lines = Assert.IsType<WeighingStep>(steps[0]).Precursors;
        Assert.Equal(["ZrCl4", "LiCl"], lines.OrderBy(l => l.Position).Select(l => l.Formula));
        var milling = Assert.IsType<MillingStep>(steps[1]);
        Assert.Equal(500, milling.Rpm);
        Assert.Equal("ZrO2", milling.JarMaterial);
    }

    [Fact]
    public void ToSteps_BadFields_NamesEachFieldWithItsStep()
    {
        var errors = new FieldErrors();
        var milling = RecipeStepDto.NewOf(StepKinds.Milling);
        milling.Rpm = -5;
        milling.TotalTimeMin = null;
        var pressing = RecipeStepDto.NewOf(StepKinds.Pressing);
        pressing.PressureMPa = 0;
        RecipeMapping.ToSteps([milling, pressing, new RecipeStepDto { Kind = "Sintering" }], errors);

        var e = Assert.Throws<RecordValidationException>(errors.ThrowIfAny);
        Assert.Contains("rpm", e.Errors["steps[0].rpm"][0], StringComparison.Ordinal);
        Assert.Contains("min", e.Errors["steps[0].totalTimeMin"][0], StringComparison.Ordinal);
        Assert.Contains("MPa", e.Errors["steps[1].pressureMPa"][0], StringComparison.Ordinal);
        Assert.Contains("Sintering", e.Errors["steps[2].kind"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void ToDto_RoundTripsEveryStepKind()
    {
        var errors = new FieldErrors();
        var input = StepKinds.All.Select(RecipeStepDto.NewOf).ToList();
        var steps = RecipeMapping.ToSteps(input, errors);
        var back = steps.Select(RecipeMapping.ToDto).ToList();

        Assert.Equal(StepKinds.All, back.Select(s => s.Kind));
        Assert.Equal(input.Select(s => s.Describe()), back.Select(s => s.Describe()));
    }

    [Fact]
    public void Compare_DifferentMillingSpeed_MarksOnlyThatRowAsDifferent()
    {
        var left = new RecipeDto { Name = "A", Steps = [RecipeStepDto.NewOf(StepKinds.Milling)] };
        var right = left.Clone();
        right.Name = "B";
        right.Steps[0].Rpm = 600;
        right.Steps.Add(RecipeStepDto.NewOf(StepKinds.Annealing));

        var rows = RecipeService.Compare(left, right);

        var differing = rows.Where(r => r.Differs).ToList();
        Assert.Contains(differing, r => r is { Step: 1, Field: "Speed", Left: "500 rpm", Right: "600 rpm" });
        Assert.DoesNotContain(differing, r => r.Step == 1 && r.Field != "Speed");
        Assert.Contains(differing, r => r is { Step: 2, Field: "Dwell temperature", Left: null, Right: "200 C" });
    }

    [Fact]
    public void Clone_ClearsActualMasses()
    {
        var weighing = RecipeStepDto.NewOf(StepKinds.Weighing);
        weighing.Precursors = [new() { Formula = "LiCl", ComputedMassMg = 74.44, ActualMassMg = 74.51 }];

        var copy = new RecipeDto { Steps = [weighing] }.Clone();

        Assert.Null(copy.Steps[0].Precursors![0].ActualMassMg);
        Assert.Equal(74.44, copy.Steps[0].Precursors![0].ComputedMassMg);
    }
}
