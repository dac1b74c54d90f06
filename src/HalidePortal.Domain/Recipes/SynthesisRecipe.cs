namespace HalidePortal.Domain.Recipes;

/// <summary>How a batch is made: ordered, typed steps.</summary>
public sealed class SynthesisRecipe : TeamRecord
{
    public required string Name { get; set; }
    public string? Notes { get; set; }
    public List<RecipeStep> Steps { get; set; } = [];
}

public abstract class RecipeStep : ITeamOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Guid RecipeId { get; set; }
    /// <summary>0-based order within the recipe.</summary>
    public int Position { get; set; }
    public string? Notes { get; set; }
}

public sealed class WeighingStep : RecipeStep
{
    public double BatchMassG { get; set; }
    public List<WeighedPrecursor> Precursors { get; set; } = [];
}

/// <summary>One line of a weighing: computed by the solver, actual as read off the balance.</summary>
public sealed class WeighedPrecursor : ITeamOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Guid WeighingStepId { get; set; }
    public Guid? PrecursorId { get; set; }
    /// <summary>0-based order of the line within its weighing step.</summary>
    public int Position { get; set; }
    public required string Formula { get; set; }
    public double ComputedMassMg { get; set; }
    public double? ActualMassMg { get; set; }
}

public sealed class MillingStep : RecipeStep
{
    public int Rpm { get; set; }
    public double TotalTimeMin { get; set; }
    public double? OnIntervalMin { get; set; }
    public double? OffIntervalMin { get; set; }
    public double? BallToPowderRatio { get; set; }
    public string JarMaterial { get; set; } = "ZrO2";
    public string BallMaterial { get; set; } = "ZrO2";
    public double? BallDiameterMm { get; set; }
    public string Atmosphere { get; set; } = "Ar";
}

public sealed class AnnealingStep : RecipeStep
{
    public double? RampCPerMin { get; set; }
    public double DwellTemperatureC { get; set; }
    public double DwellTimeH { get; set; }
    public string Atmosphere { get; set; } = "Ar";
    /// <summary>How the sample cools, e.g. "natural", "furnace, 2 C/min", "quench".</summary>
    public string? Cooling { get; set; }
}

public sealed class PressingStep : RecipeStep
{
    public double PressureMPa { get; set; }
    public double? TimeMin { get; set; }
}
