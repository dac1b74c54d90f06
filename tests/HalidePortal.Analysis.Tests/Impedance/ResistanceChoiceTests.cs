using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

public sealed class ResistanceChoiceTests
{
    [Theory]
    [InlineData("R0-p(R1,CPE1)-CPE2", "R1", "R1")]
    [InlineData("R0-p(R1,CPE1)-CPE2", " R0 + R1 ", "R0,R1")]
    [InlineData("R0-p(R1,CPE1)-CPE2", "intercept", "R0,R1")]
    [InlineData("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3", "intercept", "R0,R1,R2")]
    [InlineData("R0-p(R1,C1)-p(R2-Wo1,C2)", "intercept", "R0,R1,R2")]
    [InlineData("R0-Zarc1-W2", "INTERCEPT", "R0,Zarc1.R")]
    public void Parameters_Choice_NamesSummed(string circuit, string choice, string expected)
    {
        Assert.Equal(expected.Split(','), ResistanceChoice.Parameters(EquivalentCircuit.Parse(circuit), choice));
    }

    [Theory]
    [InlineData("R9", "term 1")]
    [InlineData("R0+CPE1.Q", "term 2")]
    [InlineData("R1+R1", "named once")]
    [InlineData("", "expected a resistance")]
    public void Parameters_BadChoice_ThrowsNamingWhatWasExpected(string choice, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => ResistanceChoice.Parameters(EquivalentCircuit.Parse("R0-p(R1,CPE1)-CPE2"), choice));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("R0, R1", e.Message, StringComparison.Ordinal);
    }

    // EISFitpython's 140 C fit: s(R1) = 1.250e4, s(R2) = 1.658e4 Ohm, correlation -0.922, so
    // s(R1 + R2) = sqrt(1.250e4^2 + 1.658e4^2 - 2 0.922 1.250e4 1.658e4) = 7.0e3 Ohm, far below the 2.1e4 of a
    // sum in quadrature. Tolerance 10 % (the published correlation has three digits and cancels most of the sum).
    [Fact]
    public void Evaluate_SumOfCorrelatedResistances_UsesCovariance()
    {
        var (f, re, im) = PublishedSpectrum.Load("EISFitpython_s04147-140deg.txt");
        var fit = ImpedanceFit.Fit(EquivalentCircuit.Parse("p(R1,CPE1)-p(R2,CPE2)-CPE3"), f, re, im, new FitOptions());
        var expected = Math.Sqrt(1.250e4 * 1.250e4 + 1.658e4 * 1.658e4 - 2 * 0.922 * 1.250e4 * 1.658e4);

        var total = ResistanceChoice.Evaluate(fit, "R1+R2");

        Assert.Equal(fit["R1"] + fit["R2"], total.ResistanceOhm);
        Assert.Equal(expected, total.StdErrOhm, expected * 0.1);
        Assert.Equal(total.ResistanceOhm, ResistanceChoice.Evaluate(fit, "intercept").ResistanceOhm);
    }
}
