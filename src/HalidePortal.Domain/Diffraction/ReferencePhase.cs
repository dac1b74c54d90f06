namespace HalidePortal.Domain.Diffraction;

/// <summary>
/// A team's reference powder pattern (a phase's reflections from a card, a paper or a calculation), drawn as sticks
/// under a measured pattern. The reflections are three parallel arrays (PostgreSQL arrays, one row per phase): 2-theta
/// in degrees at <see cref="WavelengthAngstrom"/>, intensity relative to the strongest (100), and the label each line
/// carried (hkl or d, "" when none).
/// </summary>
public sealed class ReferencePhase : TeamRecord
{
    public required string Name { get; set; }
    /// <summary>Where the positions and intensities come from: card number, citation, calculation.</summary>
    public string? Source { get; set; }
    /// <summary>The wavelength the 2-theta values were given at, e.g. Cu K-alpha1 1.5406.</summary>
    public double WavelengthAngstrom { get; set; }
    public required double[] TwoThetaDeg { get; set; }
    public required double[] RelativeIntensity { get; set; }
    public required string[] Labels { get; set; }
}
