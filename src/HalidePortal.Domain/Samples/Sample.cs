namespace HalidePortal.Domain.Samples;

using HalidePortal.Domain.Recipes;

/// <summary>One synthesis batch of a composition, made by its recipe.</summary>
public sealed class Sample : TeamRecord
{
    /// <summary>Batch code as written on the vial, e.g. LZACFO-2026-014.</summary>
    public required string Code { get; set; }
    public Guid CompositionId { get; set; }
    public Composition? Composition { get; set; }
    public Guid? RecipeId { get; set; }
    public SynthesisRecipe? Recipe { get; set; }
    public DateOnly SynthesisDate { get; set; }
    public string? Operator { get; set; }
    public string? Notes { get; set; }
    /// <summary>Young's modulus of the batch as entered (AFM or nanoindentation), in GPa.</summary>
    public double? YoungsModulusGPa { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<Pellet> Pellets { get; set; } = [];
    public List<Cell> Cells { get; set; } = [];
}

/// <summary>Something made from a sample and labelled within it: a pellet or a cell.</summary>
public interface ISamplePart
{
    Guid Id { get; }
    Guid SampleId { get; set; }
    string Label { get; set; }
}

/// <summary>A pressed pellet of a sample, measured between blocking electrodes.</summary>
public sealed class Pellet : TeamRecord, ISamplePart
{
    public Guid SampleId { get; set; }
    public Sample? Sample { get; set; }
    public required string Label { get; set; }
    public double ThicknessMm { get; set; }
    /// <summary>Diameter of a round pellet; leave null and give <see cref="AreaCm2"/> for other shapes.</summary>
    public double? DiameterMm { get; set; }
    public double? AreaCm2 { get; set; }
    public double? MassMg { get; set; }
    public double? PressingPressureMPa { get; set; }
    public double? RelativeDensityPercent { get; set; }

    /// <summary>Electrode area in cm2: the given area, else pi d^2 / 4.</summary>
    public double? EffectiveAreaCm2 =>
        AreaCm2 ?? (DiameterMm is { } d ? Math.PI * (d / 10.0) * (d / 10.0) / 4.0 : null);
}

/// <summary>A solid-state cell, e.g. Li-In | Li6PS5Cl | halide SE | NCM90 composite.</summary>
public sealed class Cell : TeamRecord, ISamplePart
{
    public Guid SampleId { get; set; }
    public Sample? Sample { get; set; }
    public required string Label { get; set; }
    public string Anode { get; set; } = "Li-In";
    public string? Interlayer { get; set; }
    public string? SolidElectrolyte { get; set; }
    public string CathodeActiveMaterial { get; set; } = "NCM90";
    /// <summary>Mass fraction of active material in the cathode composite, 0-1.</summary>
    public double? ActiveFraction { get; set; }
    public double? ActiveMassLoadingMgPerCm2 { get; set; }
    public double AreaCm2 { get; set; }
    public double? VoltageMinV { get; set; }
    public double? VoltageMaxV { get; set; }
    /// <summary>Reference the voltage window is stated against, e.g. "Li/Li+" or "Li-In".</summary>
    public string PotentialReference { get; set; } = "Li/Li+";
    public double? TemperatureC { get; set; }
    public double? StackPressureMPa { get; set; }
    public string? Notes { get; set; }

    /// <summary>Active mass in mg: loading x area.</summary>
    public double? ActiveMassMg => ActiveMassLoadingMgPerCm2 * AreaCm2;
}
