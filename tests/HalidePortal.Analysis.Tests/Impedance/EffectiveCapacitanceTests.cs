using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

public sealed class EffectiveCapacitanceTests
{
    // R = 1e5 Ohm, Q = 1e-10, n = 0.8: R^(1-n) = 1e5^0.2 = 10, C = (1e-9)^(1/0.8) = 10^-11.25 = 5.6234e-12 F.
    [Fact]
    public void Brug_HandComputed_Matches()
    {
        Assert.Equal(Math.Pow(10, -11.25), EffectiveCapacitance.Brug(1e5, 1e-10, 0.8), 1e-12 * 1e-6);
    }

    // n = 1 is an ideal capacitor: C = Q whatever R.
    [Fact]
    public void Brug_ExponentOne_IsQ()
    {
        Assert.Equal(3e-9, EffectiveCapacitance.Brug(42, 3e-9, 1), 3e-9 * 1e-12);
    }

    // Diagonal covariance s_R = 1e3, s_Q = 1e-11, s_n = 0.01 at R = 1e5, Q = 1e-10, n = 0.8:
    // d ln C/dR = 0.2 / 0.8e5 = 2.5e-6, d ln C/dQ = 1 / 0.8e-10 = 1.25e10, d ln C/dn = -ln(1e-5) / 0.64 = 17.989;
    // s_C / C = sqrt((2.5e-3)^2 + 0.125^2 + 0.17989^2) = 0.21907. Tolerance 1e-6 relative.
    [Fact]
    public void BrugStandardError_DiagonalCovariance_HandComputed()
    {
        var covariance = new double[3, 3];
        covariance[0, 0] = 1e6;
        covariance[1, 1] = 1e-22;
        covariance[2, 2] = 1e-4;
        var c = Math.Pow(10, -11.25);
        var expected = c * Math.Sqrt(Math.Pow(2.5e-3, 2) + Math.Pow(0.125, 2) + Math.Pow(Math.Log(1e5) / 0.64 * 0.01, 2));

        var se = EffectiveCapacitance.BrugStandardError(1e5, 1e-10, 0.8, covariance);

        Assert.Equal(expected, se, expected * 1e-6);
        Assert.Equal(0.21907, se / c, 1e-4);
    }

    [Theory]
    [InlineData(1e-12, CapacitanceOrigin.Bulk)]
    [InlineData(2e-11, CapacitanceOrigin.GrainBoundary)]
    [InlineData(5e-9, CapacitanceOrigin.GrainBoundary)]
    [InlineData(3e-8, CapacitanceOrigin.Unassigned)]
    [InlineData(2e-6, CapacitanceOrigin.ElectrodeInterface)]
    [InlineData(1e-3, CapacitanceOrigin.Unassigned)]
    public void Classify_ByMagnitude_Origin(double capacitance, CapacitanceOrigin origin)
    {
        Assert.Equal(origin, EffectiveCapacitance.Classify(capacitance));
    }

    // EISFitpython's Example 3 report, pellet s04147 at 140 C: bulk 6.996e-12 F, grain boundary 1.741e-11 F
    // (from their four-digit parameters); tolerance 1 %.
    [Fact]
    public void FromFit_EisFitpythonPellet140C_MatchesPublishedCapacitances()
    {
        var (f, re, im) = PublishedSpectrum.Load("EISFitpython_s04147-140deg.txt");
        var fit = ImpedanceFit.Fit(EquivalentCircuit.Parse("p(R1,CPE1)-p(R2,CPE2)-CPE3"), f, re, im, new FitOptions());

        var arcs = EffectiveCapacitance.FromFit(fit);

        Assert.Equal(2, arcs.Count);
        Assert.Equal(("R1", "CPE1", CapacitanceOrigin.Bulk), (arcs[0].Resistor, arcs[0].Element, arcs[0].Origin));
        Assert.Equal(6.996e-12, arcs[0].CapacitanceF, 6.996e-12 * 0.01);
        Assert.Equal(("R2", "CPE2", CapacitanceOrigin.GrainBoundary), (arcs[1].Resistor, arcs[1].Element, arcs[1].Origin));
        Assert.Equal(1.741e-11, arcs[1].CapacitanceF, 1.741e-11 * 0.01);
        Assert.True(arcs[0].StdErrF > 0 && arcs[1].StdErrF > 0);
    }

    // An R-C pair gives C itself with its own standard error. Noise-free: C1 within 1e-6 relative.
    [Fact]
    public void FromFit_ResistorCapacitorPair_IsTheCapacitor()
    {
        var circuit = EquivalentCircuit.Parse("R0-p(R1,C1)");
        var f = SyntheticSpectrum.Frequencies(1e6, 1, 10);
        var (re, im) = SyntheticSpectrum.Impedance(circuit, f, [50, 2000, 5e-9]);
        var fit = ImpedanceFit.Fit(circuit, f, re, im, new FitOptions());

        var arc = Assert.Single(EffectiveCapacitance.FromFit(fit));

        Assert.Equal("C1", arc.Element);
        Assert.Equal(5e-9, arc.CapacitanceF, 5e-15);
        Assert.Equal(fit.StandardError("C1"), arc.StdErrF);
        Assert.Equal(CapacitanceOrigin.GrainBoundary, arc.Origin);
    }

    [Fact]
    public void Brug_BadExponent_ThrowsNamingRange()
    {
        var e = Assert.Throws<ArgumentException>(() => EffectiveCapacitance.Brug(1, 1e-9, 1.5));
        Assert.Contains("(0, 1]", e.Message, StringComparison.Ordinal);
    }
}
