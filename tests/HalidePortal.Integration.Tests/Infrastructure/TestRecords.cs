using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>Valid inputs as the lab would enter them (values from the demo lab's LZC batches).</summary>
public static class TestRecords
{
    // Labels are unique per sample, so every call gets its own.
    public static PelletInput Pellet() => new() { Label = "P-" + Unique.Id(), ThicknessMm = 0.82, DiameterMm = 10.0, MassMg = 148.5, PressingPressureMPa = 370 };

    public static CellInput Cell() => new() { Label = "C-" + Unique.Id(), ActiveFraction = 0.7, ActiveMassLoadingMgPerCm2 = 8.13, AreaCm2 = 0.785 };
}

public static class TestRecipes
{
    /// <summary>1 g of Li2ZrCl6 from LiCl and ZrCl4 with weighed masses, milled at 500 rpm, pressed.</summary>
    public static RecipeDto Standard() => new()
    {
        Name = "one-step milling",
        Steps =
        [
            new RecipeStepDto
            {
                Kind = StepKinds.Weighing,
                BatchMassG = 1.0,
                Precursors =
                [
                    new WeighedPrecursorDto { Formula = "LiCl", ComputedMassMg = 266.78, ActualMassMg = 266.81 },
                    new WeighedPrecursorDto { Formula = "ZrCl4", ComputedMassMg = 733.22, ActualMassMg = 733.19 },
                ],
            },
            RecipeStepDto.NewOf(StepKinds.Milling),
            RecipeStepDto.NewOf(StepKinds.Pressing),
        ],
    };
}
