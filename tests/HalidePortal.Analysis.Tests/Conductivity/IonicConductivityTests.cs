using HalidePortal.Analysis.Conductivity;

namespace HalidePortal.Analysis.Tests.Conductivity;

/// <summary>sigma = L / (R A) worked by hand; tolerance 1e-12 relative (the arithmetic is exact up to rounding).</summary>
public sealed class IonicConductivityTests
{
    private static void Near(double expected, double? actual, double relative = 1e-12)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(actual!.Value - expected) <= relative * Math.Abs(expected),
            $"expected {expected:R}, got {actual.Value:R}");
    }

    [Fact]
    public void FromDiameter_082MmThick10MmPellet2500Ohm_SigmaByHand()
    {
        // L = 0.082 cm, A = pi * 0.5^2 = 0.785398... cm2, sigma = 0.082 / (2500 * 0.785398...) = 4.1762e-5 S/cm.
        double expected = 0.082 / (2500 * (Math.PI * 0.25));

        var result = IonicConductivity.FromDiameter(0.82, 10, 2500);

        Near(expected, result.SigmaSPerCm);
        Assert.InRange(result.SigmaSPerCm, 4.176e-5, 4.177e-5);
        Near(0.082, result.ThicknessCm);
        Near(Math.PI * 0.25, result.AreaCm2);
        Assert.Null(result.StdErrSPerCm);
    }

    [Fact]
    public void FromArea_SameAreaAsDiameter_SameSigma()
    {
        var byDiameter = IonicConductivity.FromDiameter(0.82, 10, 2500);

        var byArea = IonicConductivity.FromArea(0.82, Math.PI * 0.25, 2500);

        Near(byDiameter.SigmaSPerCm, byArea.SigmaSPerCm);
    }

    [Fact]
    public void FromDiameter_ResistanceWithStdErr_RelativeErrorCarriesOver()
    {
        // 2 % on R gives 2 % on sigma to first order.
        var result = IonicConductivity.FromDiameter(0.82, 10, 2500, resistanceStdErrOhm: 50);

        Near(0.02 * result.SigmaSPerCm, result.StdErrSPerCm);
    }

    [Theory]
    [InlineData(0, 10, 2500, "thicknessMm")]
    [InlineData(0.82, -1, 2500, "diameterMm")]
    [InlineData(0.82, 10, 0, "resistanceOhm")]
    [InlineData(double.NaN, 10, 2500, "thicknessMm")]
    public void FromDiameter_NonPositiveOrNonFinite_ThrowsNamingTheArgument(double l, double d, double r, string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => IonicConductivity.FromDiameter(l, d, r));
        Assert.Equal(name, ex.ParamName);
        Assert.Contains("Expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromArea_NegativeStdErr_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => IonicConductivity.FromArea(0.82, 0.785, 2500, -1));
        Assert.Equal("resistanceStdErrOhm", ex.ParamName);
    }
}
