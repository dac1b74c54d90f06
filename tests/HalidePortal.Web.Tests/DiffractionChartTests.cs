using HalidePortal.Analysis.Diffraction;
using HalidePortal.Domain.Analyses;
using HalidePortal.Web.Components.Charts;

namespace HalidePortal.Web.Tests;

/// <summary>
/// The XRD chart builder. Reference given at Cu K-alpha1 1.5406 A, drawn on a Mo K-alpha1 (0.7093 A) pattern of 5-25 deg:
/// 16.1909 deg is d = 5.47000 A, at Mo 2 asin(0.7093 / 10.94) = 7.4348 deg; 28.2351 deg is d = 3.15811 A, at Mo 12.8956 deg;
/// 80 deg is d = 1.19833 A, at Mo 34.42 deg, outside the measured range. Sticks hang from -0.12 to -0.02 of the strongest count (1000).
/// </summary>
public sealed class DiffractionChartTests
{
    private static DiffractionRecord Pattern(double wavelength = 0.7093, bool snip = false) => new(
        50, snip ? SnipCrystallinity.Method : "whole-pattern-fit", new Dictionary<string, double>(), wavelength, null, CountsPerSecond: true,
        [new DiffractionPeakRecord(12.9, 0.2, 900, 200, 40), new DiffractionPeakRecord(7.4, 0.2, 500, 100, 35)], 5,
        [5.0, 7.4, 10, 12.9, 25], [100, 500, 200, 1000, 100], [90, 480, 210, 990, 95], [50, 50, 50, 50, 50], [80, 80, 80, 80, 80],
        0.1, 5, "Converged", []);

    private static readonly ReferencePattern Pasted = ReferencePatternText.Parse("16.1909 50 110\n28.2351 100 300\n80 10", "LZC card", "test card 00-000");

    [Fact]
    public void Traces_NoReference_DataModelBaselinesAndPeaksByTwoTheta()
    {
        var traces = DiffractionChart.Traces(Pattern(), null);

        Assert.Equal(["data", "model", "background + halo (under the peaks)", "background", "peaks"], traces.Select(t => t.Name));
        Assert.Equal([7.4, 12.9], traces[4].X);
        Assert.Equal([500.0, 1000], traces[4].Y);
        Assert.Equal("Intensity (counts/s)", DiffractionChart.YTitle(Pattern()));
        Assert.Equal("SNIP baseline (under the peaks)", DiffractionChart.Traces(Pattern(snip: true), null)[2].Name);
    }

    [Fact]
    public void ReferenceSticks_CuReferenceOnMoPattern_MovedThroughDAndScaledByIntensity()
    {
        var sticks = DiffractionChart.Traces(Pattern(), Pasted)[^1];

        Assert.Equal("LZC card", sticks.Name);
        Assert.Equal(6, sticks.X.Count);
        Assert.Equal(7.4348, sticks.X[0], 1e-4);
        Assert.Equal(12.8956, sticks.X[3], 1e-4);
        // Bottom -120, top of a 100 % stick -20, a 50 % stick halfway.
        Assert.Equal([-120.0, -70, -120, -120, -20, -120], sticks.Y.Select(y => Math.Round(y, 9)));
        Assert.Equal("hkl 110<br>2θ 7.435°<br>I 50", sticks.HoverTexts![0]);
        Assert.Equal(sticks.X.Count, sticks.HoverTexts.Count);
        Assert.Equal("hkl 300<br>2θ 12.896°<br>I 100", sticks.HoverTexts[4]);
    }

    [Fact]
    public void ReferenceSticks_BuiltIn_HkLFromIndicesAndEqualHeights()
    {
        var sticks = DiffractionChart.ReferenceSticks(Pattern(wavelength: Scherrer.CuKAlpha1Angstrom), ReferencePattern.Li2ZrCl6);

        Assert.All(sticks.X, x => Assert.InRange(x, 5, 25));
        Assert.Contains("hkl 110<br>2θ 16.191°<br>I 100", sticks.HoverTexts!);
        Assert.All(sticks.Y.Where((_, i) => i % 3 == 1), y => Assert.Equal(-20, y, 1e-9));
    }

    [Fact]
    public void ReferenceCaption_NamesSourceAndConversion()
    {
        Assert.Equal(
            "Sticks below the pattern: LZC card (given at λ 1.5406 Å, drawn at this measurement's 0.7093 Å through d; heights from its intensities). Source: test card 00-000.",
            DiffractionChart.ReferenceCaption(Pasted, 0.7093));
        Assert.Contains("(at λ 1.5406 Å; positions only, equal heights)", DiffractionChart.ReferenceCaption(ReferencePattern.Li2ZrCl6, 1.5406), StringComparison.Ordinal);
    }
}
