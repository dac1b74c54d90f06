using System.Globalization;
using HalidePortal.Analysis.Conductivity;

namespace HalidePortal.Analysis.Simulation;

/// <summary>One simulated temperature: D from the MSD and sigma from Nernst-Einstein.</summary>
public sealed record SimulatedPoint(double TemperatureK, double DiffusionCm2PerS, double ConductivitySPerCm);

/// <summary>
/// Simulated conductivities on an Arrhenius line (sigma T = A exp(-Ea / kB T), the same fit as for measured EIS), with
/// the line's sigma at 25 and 30 C, usually an extrapolation from the simulated (higher) temperatures.
/// </summary>
public sealed record SimulatedArrheniusResult(
    IReadOnlyList<SimulatedPoint> Points,
    ArrheniusResult Arrhenius,
    double Conductivity25CSPerCm,
    double Conductivity30CSPerCm)
{
    public double ActivationEnergyEv => Arrhenius.ActivationEnergyEv;
}

/// <summary>Activation energy and room-temperature conductivity from diffusion coefficients simulated at several temperatures.</summary>
public static class SimulatedArrhenius
{
    /// <summary>
    /// sigma_i = n (z e)^2 D_i / (H_R kB T_i) (<see cref="NernstEinstein.Conductivity"/>), then OLS of ln(sigma T) on 1/T
    /// (<see cref="ArrheniusFit.Fit"/> with T in C = T in K - 273.15): Ea = -slope kB, sigma(25 C) and sigma(30 C) on the line.
    /// </summary>
    public static SimulatedArrheniusResult Fit(
        IReadOnlyList<double> temperaturesK,
        IReadOnlyList<double> diffusionCm2PerS,
        double carriersPerCm3,
        int charge = 1,
        double havenRatio = 1)
    {
        ArgumentNullException.ThrowIfNull(temperaturesK);
        ArgumentNullException.ThrowIfNull(diffusionCm2PerS);
        if (temperaturesK.Count != diffusionCm2PerS.Count)
        {
            throw new ArgumentException(
                $"Expected one diffusion coefficient per temperature, got {temperaturesK.Count.ToString(CultureInfo.InvariantCulture)} temperatures and {diffusionCm2PerS.Count.ToString(CultureInfo.InvariantCulture)} coefficients.",
                nameof(diffusionCm2PerS));
        }
        var points = temperaturesK
            .Select((t, i) => new SimulatedPoint(t, diffusionCm2PerS[i], NernstEinstein.Conductivity(diffusionCm2PerS[i], carriersPerCm3, t, charge, havenRatio)))
            .ToList();
        var line = ArrheniusFit.Fit(
            [.. points.Select(p => p.TemperatureK - ArrheniusFit.ZeroCelsiusK)], [.. points.Select(p => p.ConductivitySPerCm)]);
        return new SimulatedArrheniusResult(points, line, line.SigmaAt(25), line.SigmaAt(30));
    }
}
