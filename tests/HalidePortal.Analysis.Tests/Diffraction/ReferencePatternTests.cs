using HalidePortal.Analysis.Diffraction;

namespace HalidePortal.Analysis.Tests.Diffraction;

/// <summary>
/// Li2ZrCl6 (a = 10.94, c = 5.93 A) by hand with Cu K-alpha1 1.5406 A:
/// (110): 1/d^2 = 4/3 * 3 / 10.94^2 = 0.0334212, d = 5.47000 A, 2theta = 2 asin(1.5406 / 10.94) = 16.1909 deg;
/// (001): d = 5.93 A, 2theta = 2 asin(1.5406 / 11.86) = 14.9275 deg;
/// (300): 1/d^2 = 4/3 * 9 / 10.94^2 = 0.1002636, d = 3.15811 A, 2theta = 28.2351 deg.
/// </summary>
public sealed class ReferencePatternTests
{
    private static ReferenceReflection Find(ReferencePattern pattern, int h, int k, int l) =>
        pattern.Reflections.Single(r => r.H == h && r.K == k && r.L == l);

    [Fact]
    public void Li2ZrCl6_ReflectionPositions_MatchHandComputation()
    {
        var lzc = ReferencePattern.Li2ZrCl6;

        Assert.Equal(16.1909, Find(lzc, 1, 1, 0).TwoThetaDeg, 1e-3);
        Assert.Equal(5.47, Find(lzc, 1, 1, 0).DAngstrom, 1e-5);
        Assert.Equal(14.9275, Find(lzc, 0, 0, 1).TwoThetaDeg, 1e-3);
        Assert.Equal(28.2351, Find(lzc, 3, 0, 0).TwoThetaDeg, 1e-3);
        Assert.False(lzc.IntensitiesKnown);
        Assert.All(lzc.Reflections, r => Assert.Equal(100, r.RelativeIntensity));
        Assert.All(lzc.Reflections, r => Assert.InRange(r.TwoThetaDeg, 0, 60));
        Assert.Equal(lzc.Reflections.OrderBy(r => r.TwoThetaDeg).Select(r => r.TwoThetaDeg), lzc.Reflections.Select(r => r.TwoThetaDeg));
    }

    [Fact]
    public void AtWavelength_MoKAlpha_KeepsDSpacing()
    {
        // Mo K-alpha1 0.70932 A: (110) at 2 asin(0.70932 / 10.94) = 7.4350 deg.
        var mo = ReferencePattern.Li2ZrCl6.AtWavelength(0.70932);

        Assert.Equal(7.4350, Find(mo, 1, 1, 0).TwoThetaDeg, 1e-3);
        Assert.Equal(5.47, Find(mo, 1, 1, 0).DAngstrom, 1e-5);
        Assert.Equal(0.70932, mo.WavelengthAngstrom);
    }

    [Fact]
    public void AtWavelength_LongerThan2d_DropsReflections()
    {
        // 12 A > 2 d for every reflection except (100) (d = 9.4743 A: 2 d = 18.95 A).
        var longWave = ReferencePattern.Li2ZrCl6.AtWavelength(12);

        var only = Assert.Single(longWave.Reflections);
        Assert.Equal((1, 0, 0), (only.H, only.K, only.L));
        Assert.Throws<ArgumentException>(() => ReferencePattern.Li2ZrCl6.AtWavelength(0));
    }
}
