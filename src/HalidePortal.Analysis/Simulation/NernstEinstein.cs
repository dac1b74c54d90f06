using System.Globalization;

namespace HalidePortal.Analysis.Simulation;

/// <summary>Ionic conductivity from a tracer diffusion coefficient (Nernst-Einstein relation).</summary>
public static class NernstEinstein
{
    /// <summary>Elementary charge in C (SI 2019, exact).</summary>
    public const double ElementaryChargeC = 1.602176634e-19;

    /// <summary>Boltzmann constant in J/K (SI 2019, exact).</summary>
    public const double BoltzmannJPerK = 1.380649e-23;

    /// <summary>1 A^3 in cm3.</summary>
    public const double A3InCm3 = 1e-24;

    /// <summary>
    /// sigma = n (z e)^2 D / (H_R kB T): n carriers per cm3, D in cm2/s, T in K, e in C, kB in J/K; sigma in S/cm
    /// (C^2 / (J s) = S, per cm from n D). H_R is the Haven ratio D_tracer / D_sigma (1: uncorrelated hops).
    /// </summary>
    public static double Conductivity(
        double diffusionCm2PerS, double carriersPerCm3, double temperatureK, int charge = 1, double havenRatio = 1)
    {
        Require(diffusionCm2PerS >= 0 && double.IsFinite(diffusionCm2PerS), diffusionCm2PerS, "a diffusion coefficient in cm2/s of 0 or more", nameof(diffusionCm2PerS));
        Require(carriersPerCm3 > 0 && double.IsFinite(carriersPerCm3), carriersPerCm3, "a carrier concentration per cm3 above 0", nameof(carriersPerCm3));
        Require(temperatureK > 0 && double.IsFinite(temperatureK), temperatureK, "a temperature in K above 0", nameof(temperatureK));
        Require(havenRatio > 0 && double.IsFinite(havenRatio), havenRatio, "a Haven ratio above 0", nameof(havenRatio));
        if (charge == 0)
        {
            throw new ArgumentException("Expected a carrier charge number other than 0 (1 for Li+).", nameof(charge));
        }
        double q = charge * ElementaryChargeC;
        return carriersPerCm3 * q * q * diffusionCm2PerS / (havenRatio * BoltzmannJPerK * temperatureK);
    }

    /// <summary>n = N / (V x 1e-24): N mobile ions in a simulation cell of V A^3, n per cm3.</summary>
    public static double CarriersPerCm3(double ionsPerCell, double cellVolumeA3)
    {
        Require(ionsPerCell > 0 && double.IsFinite(ionsPerCell), ionsPerCell, "a number of mobile ions in the cell above 0", nameof(ionsPerCell));
        Require(cellVolumeA3 > 0 && double.IsFinite(cellVolumeA3), cellVolumeA3, "a cell volume in A^3 above 0", nameof(cellVolumeA3));
        return ionsPerCell / (cellVolumeA3 * A3InCm3);
    }

    private static void Require(bool ok, double value, string expected, string name)
    {
        if (!ok)
        {
            throw new ArgumentException($"Expected {expected}, got {value.ToString("R", CultureInfo.InvariantCulture)}.", name);
        }
    }
}
