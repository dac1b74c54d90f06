using HalidePortal.Domain.Samples;

namespace HalidePortal.Domain.Tests;

public sealed class SampleGeometryTests
{
    [Fact]
    public void EffectiveArea_RoundPellet_IsPiDSquaredOverFour()
    {
        // 10.00 mm diameter -> pi (1.000 cm)^2 / 4 = 0.785398 cm2 (exact to 1e-9).
        var pellet = new Pellet { Label = "P1", ThicknessMm = 0.8, DiameterMm = 10.0 };

        Assert.Equal(Math.PI / 4, pellet.EffectiveAreaCm2!.Value, 1e-9);
    }

    [Fact]
    public void EffectiveArea_GivenArea_WinsOverDiameter()
    {
        var pellet = new Pellet { Label = "P1", ThicknessMm = 0.8, DiameterMm = 10.0, AreaCm2 = 0.5 };

        Assert.Equal(0.5, pellet.EffectiveAreaCm2);
    }

    [Fact]
    public void EffectiveArea_NoGeometry_IsUnknown()
    {
        Assert.Null(new Pellet { Label = "P1", ThicknessMm = 0.8 }.EffectiveAreaCm2);
    }

    [Fact]
    public void ActiveMass_StandardLoading_IsLoadingTimesArea()
    {
        // DOMAIN.md standard loading 8.13 mg/cm2 on a 10 mm cell (0.785 cm2): 6.382 mg.
        var cell = new Cell { Label = "C1", ActiveMassLoadingMgPerCm2 = 8.13, AreaCm2 = 0.785 };

        Assert.Equal(6.38205, cell.ActiveMassMg!.Value, 1e-9);
        Assert.Null(new Cell { Label = "C2", AreaCm2 = 0.785 }.ActiveMassMg);
    }
}
