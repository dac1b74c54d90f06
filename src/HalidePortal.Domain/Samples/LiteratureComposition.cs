namespace HalidePortal.Domain.Samples;

/// <summary>
/// A published composition the team compares its own against (the explorer marks it as literature): its figures as
/// the paper states them, at the paper's temperature, with the DOI to cite.
/// </summary>
public sealed class LiteratureComposition : TeamRecord
{
    public required string Name { get; set; }
    public required string Formula { get; set; }
    /// <summary>Parent the dopant levels are counted against, e.g. Li2ZrCl6.</summary>
    public string? ParentFormula { get; set; }
    public double? ConductivitySPerCm { get; set; }
    /// <summary>Temperature the conductivity was reported at, in C.</summary>
    public double ConductivityTemperatureC { get; set; } = 30;
    public double? ActivationEnergyEv { get; set; }
    /// <summary>Oxidation onset, V vs Li/Li+.</summary>
    public double? OxidationOnsetV { get; set; }
    public double? CrystallinityPercent { get; set; }
    public double? YoungsModulusGPa { get; set; }
    public double? FirstDischargeMahPerG { get; set; }
    public double? CapacityHalfCMahPerG { get; set; }
    public double? CapacityOneCMahPerG { get; set; }
    /// <summary>Capacity retention after <see cref="RetentionCycles"/> cycles, in percent.</summary>
    public double? RetentionPercent { get; set; }
    public int? RetentionCycles { get; set; }
    public required string Doi { get; set; }
    public string? Notes { get; set; }
}
