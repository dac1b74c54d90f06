using System.Globalization;
using HalidePortal.Domain.Recipes;

namespace HalidePortal.Web.Services;

/// <summary>Turns recipe DTOs into domain steps (with validation) and back.</summary>
public static class RecipeMapping
{
    public static RecipeDto ToDto(SynthesisRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return new RecipeDto
        {
            Id = recipe.Id,
            Name = recipe.Name,
            Notes = recipe.Notes,
            Steps = recipe.Steps.OrderBy(s => s.Position).Select(ToDto).ToList(),
        };
    }

    public static RecipeStepDto ToDto(RecipeStep step) => step switch
    {
        WeighingStep w => new()
        {
            Kind = StepKinds.Weighing, Notes = w.Notes, BatchMassG = w.BatchMassG,
            Precursors = w.Precursors.OrderBy(p => p.Position).Select(p => new WeighedPrecursorDto { Formula = p.Formula, ComputedMassMg = p.ComputedMassMg, ActualMassMg = p.ActualMassMg }).ToList(),
        },
        MillingStep m => new()
        {
            Kind = StepKinds.Milling, Notes = m.Notes, Rpm = m.Rpm, TotalTimeMin = m.TotalTimeMin, OnIntervalMin = m.OnIntervalMin,
            OffIntervalMin = m.OffIntervalMin, BallToPowderRatio = m.BallToPowderRatio, JarMaterial = m.JarMaterial,
            BallMaterial = m.BallMaterial, BallDiameterMm = m.BallDiameterMm, Atmosphere = m.Atmosphere,
        },
        AnnealingStep a => new()
        {
            Kind = StepKinds.Annealing, Notes = a.Notes, RampCPerMin = a.RampCPerMin, DwellTemperatureC = a.DwellTemperatureC,
            DwellTimeH = a.DwellTimeH, Atmosphere = a.Atmosphere, Cooling = a.Cooling,
        },
        PressingStep p => new() { Kind = StepKinds.Pressing, Notes = p.Notes, PressureMPa = p.PressureMPa, TimeMin = p.TimeMin },
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name, "unknown step type"),
    };

    /// <summary>Validates every step, reporting fields as steps[i].name, and builds the domain steps.</summary>
    public static List<RecipeStep> ToSteps(IReadOnlyList<RecipeStepDto> steps, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(errors);
        var result = new List<RecipeStep>();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"steps[{i}].");
            RecipeStep? step = s.Kind switch
            {
                StepKinds.Weighing => Weighing(s, at, errors),
                StepKinds.Milling => Milling(s, at, errors),
                StepKinds.Annealing => Annealing(s, at, errors),
                StepKinds.Pressing => Pressing(s, at, errors),
                _ => null,
            };
            if (step is null)
            {
                errors.Add(at + "kind", $"'{s.Kind}' is not a step type; expected Weighing, Milling, Annealing or Pressing");
                continue;
            }
            step.Position = i;
            step.Notes = string.IsNullOrWhiteSpace(s.Notes) ? null : s.Notes.Trim();
            result.Add(step);
        }
        return result;
    }

    private static WeighingStep Weighing(RecipeStepDto s, string at, FieldErrors errors)
    {
        errors.Positive(s.BatchMassG, at + "batchMassG", "g", required: true);
        var lines = s.Precursors ?? [];
        for (var j = 0; j < lines.Count; j++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{at}precursors[{j}].");
            errors.Require(!string.IsNullOrWhiteSpace(lines[j].Formula), line + "formula", "required");
            errors.Positive(lines[j].ActualMassMg, line + "actualMassMg", "mg");
        }
        return new WeighingStep
        {
            BatchMassG = s.BatchMassG ?? 0,
            Precursors = lines.Select((p, j) => new Domain.Recipes.WeighedPrecursor
            {
                Position = j,
                Formula = p.Formula.Trim(), ComputedMassMg = p.ComputedMassMg, ActualMassMg = p.ActualMassMg,
            }).ToList(),
        };
    }

    private static MillingStep Milling(RecipeStepDto s, string at, FieldErrors errors)
    {
        errors.Positive(s.Rpm, at + "rpm", "rpm", required: true);
        errors.Positive(s.TotalTimeMin, at + "totalTimeMin", "min", required: true);
        errors.Positive(s.OnIntervalMin, at + "onIntervalMin", "min");
        if (s.OffIntervalMin is < 0)
        {
            errors.Add(at + "offIntervalMin", "must be zero or more minutes");
        }
        errors.Positive(s.BallToPowderRatio, at + "ballToPowderRatio", "mass ratio");
        errors.Positive(s.BallDiameterMm, at + "ballDiameterMm", "mm");
        return new MillingStep
        {
            Rpm = s.Rpm ?? 0, TotalTimeMin = s.TotalTimeMin ?? 0, OnIntervalMin = s.OnIntervalMin, OffIntervalMin = s.OffIntervalMin,
            BallToPowderRatio = s.BallToPowderRatio, JarMaterial = Text(s.JarMaterial, "ZrO2"), BallMaterial = Text(s.BallMaterial, "ZrO2"),
            BallDiameterMm = s.BallDiameterMm, Atmosphere = Text(s.Atmosphere, "Ar"),
        };
    }

    private static AnnealingStep Annealing(RecipeStepDto s, string at, FieldErrors errors)
    {
        errors.Positive(s.RampCPerMin, at + "rampCPerMin", "C/min");
        errors.Require(s.DwellTemperatureC is > -273.15 and < 2000, at + "dwellTemperatureC", s.DwellTemperatureC is null ? "required, in C" : "must be between -273 and 2000 C");
        errors.Positive(s.DwellTimeH, at + "dwellTimeH", "h", required: true);
        return new AnnealingStep
        {
            RampCPerMin = s.RampCPerMin, DwellTemperatureC = s.DwellTemperatureC ?? 0, DwellTimeH = s.DwellTimeH ?? 0,
            Atmosphere = Text(s.Atmosphere, "Ar"), Cooling = string.IsNullOrWhiteSpace(s.Cooling) ? null : s.Cooling.Trim(),
        };
    }

    private static PressingStep Pressing(RecipeStepDto s, string at, FieldErrors errors)
    {
        errors.Positive(s.PressureMPa, at + "pressureMPa", "MPa", required: true);
        errors.Positive(s.TimeMin, at + "timeMin", "min");
        return new PressingStep { PressureMPa = s.PressureMPa ?? 0, TimeMin = s.TimeMin };
    }

    private static string Text(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();

    public static IReadOnlyList<(string Field, string Value)> Describe(RecipeStepDto s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rows = new List<(string, string)>();
        void Add(string field, object? value, string unit = "")
        {
            if (value is null or "")
            {
                return;
            }
            var text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString()!;
            rows.Add((field, unit.Length == 0 ? text : $"{text} {unit}"));
        }
        switch (s.Kind)
        {
            case StepKinds.Weighing:
                Add("Batch mass", s.BatchMassG, "g");
                foreach (var p in s.Precursors ?? [])
                {
                    var actual = p.ActualMassMg is { } a ? string.Create(CultureInfo.InvariantCulture, $"{a:0.00} mg weighed") : "not weighed yet";
                    rows.Add((p.Formula, string.Create(CultureInfo.InvariantCulture, $"{p.ComputedMassMg:0.00} mg to weigh; {actual}")));
                }
                break;
            case StepKinds.Milling:
                Add("Speed", s.Rpm, "rpm");
                Add("Total time", s.TotalTimeMin, "min");
                Add("On interval", s.OnIntervalMin, "min");
                Add("Off interval", s.OffIntervalMin, "min");
                Add("Ball-to-powder ratio", s.BallToPowderRatio, ": 1");
                Add("Jar", s.JarMaterial);
                Add("Balls", s.BallMaterial);
                Add("Ball diameter", s.BallDiameterMm, "mm");
                Add("Atmosphere", s.Atmosphere);
                break;
            case StepKinds.Annealing:
                Add("Ramp", s.RampCPerMin, "C/min");
                Add("Dwell temperature", s.DwellTemperatureC, "C");
                Add("Dwell time", s.DwellTimeH, "h");
                Add("Atmosphere", s.Atmosphere);
                Add("Cooling", s.Cooling);
                break;
            case StepKinds.Pressing:
                Add("Pressure", s.PressureMPa, "MPa");
                Add("Time", s.TimeMin, "min");
                break;
        }
        Add("Notes", s.Notes);
        return rows;
    }
}
