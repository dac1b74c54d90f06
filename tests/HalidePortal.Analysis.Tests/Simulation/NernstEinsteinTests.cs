using HalidePortal.Analysis.Simulation;

namespace HalidePortal.Analysis.Tests.Simulation;

/// <summary>
/// sigma = n e^2 D / (H_R kB T) against values worked by hand. LZC-like Li density: 6 Li in a 615 A^3 cell,
/// n = 6 / 615e-24 = 9.756098e21 per cm3. DOMAIN.md's simulated LZC line (Ea 0.395 eV, 4.27e-4 S/cm, taken at 30 C like
/// the table's measured values) is turned into D(T) at 500-900 K by inverting the relation by hand, and
/// <see cref="SimulatedArrhenius"/> must give the line back (1e-9 relative: the data lie exactly on it).
/// </summary>
public sealed class NernstEinsteinTests
{
    private const double E = 1.602176634e-19, KbJ = 1.380649e-23, KbEv = 8.617333262e-5;
    private static readonly double LzcLiPerCm3 = 6 / 615e-24;

    [Fact]
    public void CarriersPerCm3_SixLiIn615A3_HandValue()
    {
        Assert.Equal(9.75609756097561e21, NernstEinstein.CarriersPerCm3(6, 615), 1e7);
    }

    [Fact]
    public void Conductivity_LzcLikeDensity_HandValue()
    {
        // 9.756098e21 x (1.602177e-19)^2 x 1e-6 / (1.380649e-23 x 300) = 0.0604634 S/cm.
        double sigma = NernstEinstein.Conductivity(1e-6, LzcLiPerCm3, 300);
        Assert.True(Math.Abs(sigma / 0.06046337490464101 - 1) < 1e-12, $"got {sigma:R}");
    }

    [Fact]
    public void Conductivity_HavenRatioAndCharge_ScaleAsTheEquation()
    {
        double plain = NernstEinstein.Conductivity(1e-6, LzcLiPerCm3, 300);
        Assert.Equal(plain / 0.5, NernstEinstein.Conductivity(1e-6, LzcLiPerCm3, 300, havenRatio: 0.5), 12);
        Assert.Equal(plain * 4, NernstEinstein.Conductivity(1e-6, LzcLiPerCm3, 300, charge: 2), 12);
    }

    [Fact]
    public void Conductivity_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => NernstEinstein.Conductivity(1e-6, LzcLiPerCm3, 0));
        Assert.Throws<ArgumentException>(() => NernstEinstein.Conductivity(-1e-6, LzcLiPerCm3, 300));
        Assert.Throws<ArgumentException>(() => NernstEinstein.CarriersPerCm3(6, 0));
    }

    [Fact]
    public void SimulatedArrhenius_DomainLzcLine_ReproducesEaAndSigma30()
    {
        const double ea = 0.395, sigma30 = 4.27e-4, t30 = 303.15;
        double a = sigma30 * t30 * Math.Exp(ea / (KbEv * t30));
        double[] temperatures = [500, 600, 700, 800, 900];
        double[] d = [.. temperatures.Select(t =>
        {
            double sigma = a * Math.Exp(-ea / (KbEv * t)) / t;
            return sigma * KbJ * t / (LzcLiPerCm3 * E * E);
        })];

        var result = SimulatedArrhenius.Fit(temperatures, d, LzcLiPerCm3);

        Assert.True(Math.Abs(result.ActivationEnergyEv / ea - 1) < 1e-9, $"Ea {result.ActivationEnergyEv:R}");
        Assert.True(Math.Abs(result.Conductivity30CSPerCm / sigma30 - 1) < 1e-9, $"sigma30 {result.Conductivity30CSPerCm:R}");
        double sigma25 = a * Math.Exp(-ea / (KbEv * 298.15)) / 298.15;
        Assert.True(Math.Abs(result.Conductivity25CSPerCm / sigma25 - 1) < 1e-9);
        Assert.Equal(5, result.Points.Count);
        Assert.Equal(d[2], result.Points[2].DiffusionCm2PerS);
    }

    [Fact]
    public void SimulatedArrhenius_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => SimulatedArrhenius.Fit([500, 600], [1e-6], LzcLiPerCm3));
    }
}
