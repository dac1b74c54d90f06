using System.Globalization;
using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>
/// The linear Kramers-Kronig test on spectra whose validity is known by construction: an equivalent circuit obeys
/// Kramers-Kronig exactly, a series resistance that changes during the sweep does not (a time-variant system).
/// </summary>
public sealed class KramersKronigTests
{
    /// <summary>R0-(RC)-(R-CPE): an electrolyte, a charge-transfer arc near 1.6 kHz and a depressed arc near 0.4 Hz.</summary>
    internal static readonly EquivalentCircuit TwoArcs = EquivalentCircuit.Parse("R0-p(R1,C1)-p(R2,CPE2)");

    internal static double[] TwoArcValues => [10, 100, 1e-6, 500, 1e-3, 0.8];

    private static readonly double[] Frequencies = SyntheticSpectrum.Frequencies(1e5, 0.01, 10);

    // Noise-free circuit data: only the finite RC ladder's approximation error is left, which must stay below
    // 0.1 % (ten times under the validity limit).
    [Fact]
    public void Check_CircuitSpectrum_ValidWithResidualsBelowOnePerMille()
    {
        var (re, im) = SyntheticSpectrum.Impedance(TwoArcs, Frequencies, TwoArcValues);

        var kk = KramersKronig.Check(Frequencies, re, im);

        Assert.True(kk.IsValid, Describe(kk));
        Assert.True(kk.MaxResidual < 1e-3, Describe(kk));
        Assert.True(kk.Mu < 0.85, Describe(kk));
        Assert.Equal(Frequencies.Length, kk.ResidualsReal.Count);
        Assert.Equal(KramersKronig.AlgorithmVersion, kk.AlgorithmVersion);
    }

    // The same circuit measured while R0 grows linearly in time, by 20 Ohm (3 % of the dc resistance) over the
    // sweep, each point taking two periods (so the slow end of the sweep holds most of the time and the drift).
    [Fact]
    public void Check_SeriesResistanceDriftingDuringSweep_Invalid()
    {
        var (re, im) = SyntheticSpectrum.Impedance(TwoArcs, Frequencies, TwoArcValues);
        var elapsed = new double[Frequencies.Length];
        for (var i = 0; i < Frequencies.Length; i++)
        {
            elapsed[i] = (i > 0 ? elapsed[i - 1] : 0) + 2 / Frequencies[i];
        }
        var drifted = re.Select((r, i) => r + 20 * elapsed[i] / elapsed[^1]).ToArray();

        var kk = KramersKronig.Check(Frequencies, drifted, im);

        Assert.False(kk.IsValid, Describe(kk));
        Assert.True(kk.MaxResidual > 0.01, Describe(kk));
    }

    // The blocking-electrode pellet R0-p(R1,CPE1)-CPE2: the spike below ~1 kHz is a capacitance in series, which a
    // ladder of finite RC elements cannot follow down to 0.1 Hz.
    [Fact]
    public void Check_BlockingPellet_ValidOnlyWithSeriesCapacitance()
    {
        var f = SyntheticSpectrum.Frequencies(1e6, 0.1, 10);
        var (re, im) = SyntheticSpectrum.Impedance(EquivalentCircuit.Parse(SyntheticSpectrum.PelletCircuit), f, SyntheticSpectrum.PelletValues);

        var without = KramersKronig.Check(f, re, im, new KramersKronigOptions { SeriesCapacitance = SeriesCapacitanceChoice.Exclude });
        var with = KramersKronig.Check(f, re, im, new KramersKronigOptions { SeriesCapacitance = SeriesCapacitanceChoice.Include });
        var auto = KramersKronig.Check(f, re, im);

        Assert.False(without.IsValid, Describe(without));
        Assert.Null(without.CapacitanceF);
        Assert.True(with.IsValid, Describe(with));
        Assert.True(with.CapacitanceF > 0, Describe(with));
        Assert.True(auto.IsValid, Describe(auto));
        Assert.NotNull(auto.CapacitanceF);
    }

    [Fact]
    public void Check_ZeroImpedance_ThrowsNamingThePoint()
    {
        var error = Assert.Throws<ArgumentException>(() => KramersKronig.Check([100, 10, 1], [1, 0, 3], [-1, 0, -3]));
        Assert.Contains("point 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MismatchedLengths_ThrowsNamingTheLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => KramersKronig.Check([1, 2, 3], [1, 2, 3], [1, 2]));
        Assert.Contains("3, 3 and 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ZeroFrequency_ThrowsNamingThePoint()
    {
        var error = Assert.Throws<ArgumentException>(() => KramersKronig.Check([10, 1, 0], [1, 2, 3], [-1, -2, -3]));
        Assert.Contains("point 2", error.Message, StringComparison.Ordinal);
    }

    internal static string Describe(KramersKronigResult kk) => string.Create(CultureInfo.InvariantCulture,
        $"M = {kk.Elements}, mu = {kk.Mu:F3}, max residual = {kk.MaxResidual:E2}, trend = {kk.MaxTrend:E2}, C = {kk.CapacitanceF}, chi2 = {kk.PseudoChiSquare:E2}");
}
