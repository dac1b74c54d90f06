using HalidePortal.Analysis.Diffraction;
using HalidePortal.TestSupport;

namespace HalidePortal.Analysis.Tests.Diffraction;

/// <summary>
/// Pasted reference lists. Known answers by hand (Bragg, lambda = 2 d sin theta), Cu K-alpha1 1.5406 A to Mo K-alpha1 0.7093 A:
/// 16.1909 deg: d = 1.5406 / (2 sin 8.09545 deg) = 5.47000 A, at Mo 2 asin(0.7093 / 10.94) = 7.4348 deg;
/// 28.2351 deg: d = 3.15811 A, at Mo 12.8956 deg; 44.0 deg: d = 2.05629 A, at Mo 19.8630 deg.
/// Mo 60 deg: d = 0.7093 / (2 sin 30 deg) = 0.7093 A, and 1.5406 / (2 * 0.7093) = 1.086 &gt; 1: no Cu reflection.
/// Tolerance 1e-4 deg and 1e-5 A (the hand values carry 5-6 figures).
/// </summary>
public sealed class ReferencePatternTextTests
{
    private const double Mo = 0.7093;

    private static ReferencePattern Parse(string text, double wavelength = Scherrer.CuKAlpha1Angstrom) =>
        ReferencePatternText.Parse(text, "test phase", "test source", wavelength);

    private static void Close(double[] expected, IEnumerable<double> actual, double tolerance)
    {
        var values = actual.ToList();
        Assert.Equal(expected.Length, values.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], values[i], tolerance);
        }
    }

    private static ReferencePatternFormatException Bad(string text) =>
        Assert.Throws<ReferencePatternFormatException>(() => Parse(text));

    [Fact]
    public void Parse_CuPositionsToMo_KeepsDAndMovesTwoTheta()
    {
        var cu = Parse("16.1909 50\n28.2351 100\n44.0 25\n");

        var mo = cu.AtWavelength(Mo);

        Close([5.47000, 3.15811, 2.05629], cu.Reflections.Select(r => r.DAngstrom), 1e-5);
        Close([7.4348, 12.8956, 19.8630], mo.Reflections.Select(r => r.TwoThetaDeg), 1e-4);
        Assert.Equal(cu.Reflections.Select(r => r.DAngstrom), mo.Reflections.Select(r => r.DAngstrom));
        Assert.Equal(Mo, mo.WavelengthAngstrom);
    }

    [Fact]
    public void Parse_MoPositionsToCu_DropsTheUnreachableReflection()
    {
        var mo = Parse("20 80\n60 100", Mo);

        var cu = mo.AtWavelength(Scherrer.CuKAlpha1Angstrom);

        var only = Assert.Single(cu.Reflections);
        Assert.Equal(2.042348, only.DAngstrom, 1e-5);
        Assert.Equal(44.3162, only.TwoThetaDeg, 1e-4);
        Assert.Equal(80, only.RelativeIntensity, 1e-12);
    }

    [Fact]
    public void Parse_IntensitiesNormalisedToStrongest_SortedByTwoTheta()
    {
        var pattern = Parse("30 400\n15 100\n45 0");

        Assert.Equal([15.0, 30, 45], pattern.Reflections.Select(r => r.TwoThetaDeg));
        Assert.Equal([25.0, 100, 0], pattern.Reflections.Select(r => r.RelativeIntensity));
        Assert.True(pattern.IntensitiesKnown);
        Assert.Equal(("test phase", "test source", Scherrer.CuKAlpha1Angstrom), (pattern.Name, pattern.Source, pattern.WavelengthAngstrom));
    }

    [Theory]
    [InlineData("16.19 100 110")]
    [InlineData("16.19,100,110")]
    [InlineData("16.19;100;110")]
    [InlineData("16.19\t100\t110")]
    [InlineData("  16.19 ,  100 , 110 ")]
    [InlineData("16.19;100;110;")]
    public void Parse_EverySeparator_ReadsTheSameLine(string line)
    {
        var r = Assert.Single(Parse(line).Reflections);

        Assert.Equal((16.19, 100.0, "110"), (r.TwoThetaDeg, r.RelativeIntensity, r.Label));
        Assert.Equal("110", r.Indices);
    }

    [Fact]
    public void Parse_CommentsHeaderAndLabels_AreSkippedOrKept()
    {
        const string text = """
            # Li2ZrCl6, P-3m1, Cu K-alpha1
            ; exported from a card
            2theta  intensity  hkl

            16.191  100  1 1 0
            28.235  60   (3 0 0)   # strongest of the 300 family
            32.800  20
            """;

        var pattern = Parse(text);

        Assert.Equal(["1 1 0", "(3 0 0)", null], pattern.Reflections.Select(r => r.Label));
        Assert.Equal([16.191, 28.235, 32.8], pattern.Reflections.Select(r => r.TwoThetaDeg));
    }

    [Fact]
    public void Parse_GermanCulture_SameNumbers()
    {
        var pattern = TestCulture.Run(TestCulture.German, () => Parse("16.191 100\n1.5e1 50"));

        Assert.Equal([15.0, 16.191], pattern.Reflections.Select(r => r.TwoThetaDeg));
    }

    [Fact]
    public void Parse_TextAfterData_FailsNamingLineAndContent()
    {
        var e = Bad("# header comment\n2theta intensity\n16.19 100\n28.2 50\n\n32.8 20\nabc\n");

        Assert.Equal(7, e.LineNumber);
        Assert.Equal("line 7: expected two numbers (2θ in degrees, intensity), got 'abc'", e.Message);
    }

    [Fact]
    public void Parse_OneNumberOnly_FailsNamingLine()
    {
        var e = Bad("16.19 100\n28.2");

        Assert.Equal(2, e.LineNumber);
        Assert.Contains("expected two numbers", e.Message, StringComparison.Ordinal);
        Assert.Contains("'28.2'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("16.19 100\n190 20", 2, "2θ must lie between 0 and 180°, got 190")]
    [InlineData("0 100", 1, "2θ must lie between 0 and 180°, got 0")]
    [InlineData("-5 100", 1, "2θ must lie between 0 and 180°, got -5")]
    [InlineData("16.19 100\n\n28.2 -3", 3, "intensity must be 0 or more, got -3")]
    [InlineData("16.19 NaN", 1, "expected two numbers")]
    public void Parse_ValueOutOfRange_FailsNamingLine(string text, int line, string problem)
    {
        var e = Bad(text);

        Assert.Equal(line, e.LineNumber);
        Assert.StartsWith($"line {line}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DecimalCommaInSemicolonLine_FailsRatherThanMisreads()
    {
        var e = Bad("16,19;100");

        Assert.Equal(1, e.LineNumber);
        Assert.Contains("decimal commas", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    [InlineData("2theta intensity")]
    public void Parse_NoReflections_FailsWithoutLine(string text)
    {
        var e = Bad(text);

        Assert.Null(e.LineNumber);
        Assert.StartsWith("no reflections found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AllIntensitiesZero_Fails()
    {
        Assert.Contains("every intensity is 0", Bad("16.19 0\n28.2 0").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwoHeaderLines_SecondIsAnError()
    {
        Assert.Equal(2, Bad("2theta intensity\nangle height\n16.19 100").LineNumber);
    }
}
