using System.Globalization;
using HalidePortal.Analysis.Diffraction;
using HalidePortal.Ingest;
using HalidePortal.Processing;

namespace HalidePortal.Analysis.Tests.Diffraction;

/// <summary>
/// The analysis on real powder patterns read by the Ingest parsers (TestData copied from the Ingest tests). Strongest
/// reflections computed here from published cells by Bragg's law: anglesite PbSO4 (Pnma, a = 8.482, b = 5.398,
/// c = 6.959 A; Miyake et al. 1978, Am. Mineral. 63, 506), 1/d^2 = h^2/a^2 + k^2/b^2 + l^2/c^2; rutile TiO2
/// (a = 4.5937 A), d(110) = a / sqrt 2. Tolerance 0.05 deg: sample height and an unresolved K-alpha doublet (the GSAS
/// file states no wavelengths) shift real peaks by a few hundredths. The fits are capped at 40 iterations to keep the
/// suite quick; the peaks are placed long before.
/// </summary>
public sealed class FixturePatternTests
{
    private static (double[] X, double[] Y, DiffractionOptions Options) Read(string file)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", file));
        var m = InstrumentFormats.Parse(stream, file);
        var input = DiffractionInput.From(m);
        return (input.TwoThetaDeg, input.Intensity, DiffractionInput.WithWavelengths(new DiffractionOptions { MaxIterations = 40 }, m.Metadata));
    }

    private static double BraggTwoTheta(double d, double lambda) => 2 * Math.Asin(lambda / (2 * d)) * 180 / Math.PI;

    [Fact]
    public void Fit_AnglesitePbSO4_StrongestPeaksAt211And210And011()
    {
        var (x, y, options) = Read("gsas2_PBSO4.XRA");
        var fit = PowderPatternFit.Fit(x, y, options);

        double D(int h, int k, int l) => 1 / Math.Sqrt(h * h / (8.482 * 8.482) + k * k / (5.398 * 5.398) + l * l / (6.959 * 6.959));
        var strongest = fit.Peaks.Take(3).Select(p => p.TwoThetaDeg).Order().ToArray();
        Assert.Equal(BraggTwoTheta(D(0, 1, 1), 1.5406), strongest[0], 0.05);
        Assert.Equal(BraggTwoTheta(D(2, 1, 0), 1.5406), strongest[1], 0.05);
        Assert.Equal(BraggTwoTheta(D(2, 1, 1), 1.5406), strongest[2], 0.05);
        Assert.Equal(BraggTwoTheta(D(2, 1, 1), 1.5406), fit.Peaks[0].TwoThetaDeg, 0.05);
        Assert.True(fit.Crystallinity.Percent > 80, $"crystalline reference powder, got {fit.Crystallinity.Percent:F1} %");
    }

    [Fact]
    public void Fit_RutileTiO2_StrongestPeakAt110ForTheFilesWavelength()
    {
        var (x, y, options) = Read("pyScattData_TiO2-1-12h-BET.ras");
        Assert.Equal(1.540593, options.WavelengthAngstrom, 1e-9);
        Assert.NotNull(options.Alpha2WavelengthAngstrom);

        var fit = PowderPatternFit.Fit(x, y, options);

        Assert.Equal(BraggTwoTheta(4.5937 / Math.Sqrt(2), 1.540593), fit.Peaks[0].TwoThetaDeg, 0.08);
        Assert.All(fit.Peaks, p => Assert.NotNull(p.CrystalliteSizeNm));
    }

    [Theory]
    [InlineData("pyScattData_TiO2-1-3h.ras", 27.44)]
    [InlineData("chameleon_brukerraw_test.RAW", 30.17)]
    [InlineData("xrdtools_test_scan.xrdml", 22.56)]
    public void BothMethods_RealPatterns_FinishAndAgreeOnTheStrongestPeak(string file, double strongestDeg)
    {
        var (x, y, options) = Read(file);

        var fit = PowderPatternFit.Fit(x, y, options);
        var snip = SnipCrystallinity.Estimate(x, y, options);

        Assert.InRange(fit.Crystallinity.Percent, 0, 100);
        Assert.InRange(snip.Crystallinity.Percent, 0, 100);
        Assert.Equal(strongestDeg, fit.Peaks[0].TwoThetaDeg, 0.1);
        Assert.Equal(strongestDeg, snip.Peaks[0].TwoThetaDeg, 0.1);
    }
}
