namespace HalidePortal.Analysis.Conductivity;

/// <summary>
/// Ionic conductivity of a pellet between blocking electrodes. SigmaSPerCm in S/cm; StdErrSPerCm is propagated from
/// the resistance's standard error (null when none was given). The geometry is kept in the units of the equation.
/// </summary>
public sealed record ConductivityResult(
    double SigmaSPerCm,
    double? StdErrSPerCm,
    double ThicknessCm,
    double AreaCm2,
    double ResistanceOhm);

/// <summary>Conductivity from pellet geometry and a fitted resistance.</summary>
public static class IonicConductivity
{
    /// <summary>
    /// sigma = L / (R A), L = thickness / 10 (mm to cm), A = pi (d / 20)^2 (diameter in mm to area in cm2).
    /// With a standard error s_R of R: s_sigma = sigma s_R / R (first order; geometry taken as exact).
    /// </summary>
    public static ConductivityResult FromDiameter(
        double thicknessMm, double diameterMm, double resistanceOhm, double? resistanceStdErrOhm = null)
    {
        RequirePositive(diameterMm, nameof(diameterMm), "a pellet diameter in mm above 0");
        return FromArea(thicknessMm, DiscAreaCm2(diameterMm), resistanceOhm, resistanceStdErrOhm);
    }

    /// <summary>
    /// sigma = L / (R A), L = thickness / 10 (mm to cm), A in cm2.
    /// With a standard error s_R of R: s_sigma = sigma s_R / R (first order; geometry taken as exact).
    /// </summary>
    public static ConductivityResult FromArea(
        double thicknessMm, double areaCm2, double resistanceOhm, double? resistanceStdErrOhm = null)
    {
        RequirePositive(thicknessMm, nameof(thicknessMm), "a pellet thickness in mm above 0");
        RequirePositive(areaCm2, nameof(areaCm2), "an electrode area in cm2 above 0");
        RequirePositive(resistanceOhm, nameof(resistanceOhm), "a resistance in Ohm above 0");
        if (resistanceStdErrOhm is { } se && (!double.IsFinite(se) || se < 0))
        {
            throw new ArgumentException(
                $"Expected a standard error of the resistance in Ohm of 0 or more, got {se.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.",
                nameof(resistanceStdErrOhm));
        }
        double lengthCm = thicknessMm / 10;
        double sigma = lengthCm / (resistanceOhm * areaCm2);
        double? sigmaSe = resistanceStdErrOhm is { } s ? sigma * s / resistanceOhm : null;
        return new ConductivityResult(sigma, sigmaSe, lengthCm, areaCm2, resistanceOhm);
    }

    /// <summary>A = pi (d / 20)^2: the face of a disc of diameter d in mm, in cm2.</summary>
    public static double DiscAreaCm2(double diameterMm)
    {
        RequirePositive(diameterMm, nameof(diameterMm), "a pellet diameter in mm above 0");
        double radiusCm = diameterMm / 20;
        return Math.PI * radiusCm * radiusCm;
    }

    private static void RequirePositive(double value, string name, string expected)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentException(
                $"Expected {expected}, got {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.", name);
        }
    }
}
