using HalidePortal.Analysis.Diffraction;

namespace HalidePortal.Analysis.Tests.Diffraction;

/// <summary>
/// D = K lambda / (beta cos theta) by hand: 2-theta 30 deg, FWHM 0.2 deg, Cu K-alpha1 1.5406 A, K 0.9:
/// beta = 0.2 pi / 180 = 3.490659e-3 rad, cos 15 deg = 0.9659258, D = 1.38654 / 3.371717e-3 A = 41.1227 nm.
/// With 0.1 deg instrumental width in quadrature beta = sqrt(0.03) deg: 47.4844 nm; linearly beta = 0.1 deg: 82.2453 nm.
/// </summary>
public sealed class ScherrerTests
{
    [Fact]
    public void SizeNm_HandComputation_Agrees()
    {
        Assert.Equal(41.1227, Scherrer.SizeNm(30, 0.2)!.Value, 1e-4);
        Assert.Equal(47.4844, Scherrer.SizeNm(30, 0.2, instrumentalFwhmDeg: 0.1)!.Value, 1e-4);
        Assert.Equal(82.2453, Scherrer.SizeNm(30, 0.2, instrumentalFwhmDeg: 0.1, correction: BroadeningCorrection.Linear)!.Value, 1e-4);
    }

    [Fact]
    public void SizeNm_PeakNoBroaderThanInstrument_Null()
    {
        Assert.Null(Scherrer.SizeNm(30, 0.1, instrumentalFwhmDeg: 0.1));
        Assert.Throws<ArgumentException>(() => Scherrer.SizeNm(30, -0.1));
    }

    [Fact]
    public void Alpha2Position_CuDoubletAt30Deg_MatchesBragg()
    {
        // sin(theta2) = 1.54439 / 1.5406 sin 15 deg -> 2 theta2 = 30.07554 deg.
        Assert.Equal(30.07554, PeakShapes.Alpha2Position(30, 1.5406, 1.54439), 1e-5);
    }

    [Fact]
    public void PseudoVoigtArea_NumericIntegral_Agrees()
    {
        // Trapezoids over +-2000 FWHM (Lorentzian tail beyond: 2/pi / (2 * 2000) of its area, 1.6e-4).
        var sum = 0.0;
        const double step = 0.001;
        for (var x = -200.0; x < 200; x += step)
        {
            sum += step * 0.5 * (PeakShapes.PseudoVoigt(x, 0, 3, 0.1, 0.4) + PeakShapes.PseudoVoigt(x + step, 0, 3, 0.1, 0.4));
        }
        Assert.Equal(PeakShapes.PseudoVoigtArea(3, 0.1, 0.4), sum, 2e-4 * sum);
    }
}
