using HalidePortal.Domain.Recipes;

namespace HalidePortal.Web.Services;

public static class StepKinds
{
    public const string Weighing = "Weighing";
    public const string Milling = "Milling";
    public const string Annealing = "Annealing";
    public const string Pressing = "Pressing";
    public static readonly IReadOnlyList<string> All = [Weighing, Milling, Annealing, Pressing];
}

/// <summary>A synthesis recipe as forms and the API see it.</summary>
public sealed class RecipeDto
{
    public Guid? Id { get; set; }
    public string Name { get; set; } = "";
    public string? Notes { get; set; }
    public List<RecipeStepDto> Steps { get; set; } = [];

    /// <summary>A deep copy; the weighed (actual) masses only with <paramref name="keepActualMasses"/>, as they belong to one batch.</summary>
    public RecipeDto Clone(bool keepActualMasses = false) => new()
    {
        Name = Name,
        Notes = Notes,
        Steps = Steps.Select(s => s.Clone(keepActualMasses)).ToList(),
    };
}

public sealed class WeighedPrecursorDto
{
    public string Formula { get; set; } = "";
    public double ComputedMassMg { get; set; }
    public double? ActualMassMg { get; set; }
}

/// <summary>
/// One step, flat: <see cref="Kind"/> says which fields apply (Weighing, Milling, Annealing, Pressing).
/// Units are in the names.
/// </summary>
public sealed class RecipeStepDto
{
    public string Kind { get; set; } = StepKinds.Milling;
    public string? Notes { get; set; }

    public double? BatchMassG { get; set; }
    public List<WeighedPrecursorDto>? Precursors { get; set; }

    public int? Rpm { get; set; }
    public double? TotalTimeMin { get; set; }
    public double? OnIntervalMin { get; set; }
    public double? OffIntervalMin { get; set; }
    public double? BallToPowderRatio { get; set; }
    public string? JarMaterial { get; set; }
    public string? BallMaterial { get; set; }
    public double? BallDiameterMm { get; set; }
    public string? Atmosphere { get; set; }

    public double? RampCPerMin { get; set; }
    public double? DwellTemperatureC { get; set; }
    public double? DwellTimeH { get; set; }
    public string? Cooling { get; set; }

    public double? PressureMPa { get; set; }
    public double? TimeMin { get; set; }

    public RecipeStepDto Clone(bool keepActualMasses = false)
    {
        var copy = (RecipeStepDto)MemberwiseClone();
        copy.Precursors = Precursors?.Select(p => new WeighedPrecursorDto
        {
            Formula = p.Formula, ComputedMassMg = p.ComputedMassMg, ActualMassMg = keepActualMasses ? p.ActualMassMg : null,
        }).ToList();
        return copy;
    }

    public static RecipeStepDto NewOf(string kind) => kind switch
    {
        StepKinds.Weighing => new() { Kind = kind, BatchMassG = 1.0, Precursors = [] },
        StepKinds.Milling => new() { Kind = kind, Rpm = 500, TotalTimeMin = 720, OnIntervalMin = 10, OffIntervalMin = 5, BallToPowderRatio = 40, JarMaterial = "ZrO2", BallMaterial = "ZrO2", BallDiameterMm = 5, Atmosphere = "Ar" },
        StepKinds.Annealing => new() { Kind = kind, RampCPerMin = 5, DwellTemperatureC = 200, DwellTimeH = 2, Atmosphere = "Ar", Cooling = "natural" },
        StepKinds.Pressing => new() { Kind = kind, PressureMPa = 370, TimeMin = 5 },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "expected Weighing, Milling, Annealing or Pressing"),
    };

    /// <summary>Human summary of the step for lists and comparisons, units included.</summary>
    public IReadOnlyList<(string Field, string Value)> Describe() => RecipeMapping.Describe(this);
}
