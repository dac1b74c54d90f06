using System.Globalization;
using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary>Circuit parsing, fits and messages do not change under a decimal-comma culture.</summary>
public sealed class ImpedanceCultureTests
{
    private static string Run()
    {
        var circuit = EquivalentCircuit.Parse("R0-p(R1,CPE1)-CPE2");
        var f = SyntheticSpectrum.Frequencies(1e6, 0.1, 5);
        var (re, im) = SyntheticSpectrum.Impedance(circuit, f, SyntheticSpectrum.PelletValues, noise: 0.01);
        var fit = ImpedanceFit.Fit(circuit, f, re, im, new FitOptions());
        var parse = Assert.Throws<ArgumentException>(() => EquivalentCircuit.Parse("R0-p(R1,C2"));
        var bounds = Assert.Throws<ArgumentException>(() => ImpedanceFit.Fit(circuit, f, re, im, new FitOptions
        {
            InitialValues = SyntheticSpectrum.PelletValues,
            Bounds = new Dictionary<string, ParameterBounds> { ["CPE1.n"] = new(0.5, 1.5) },
        }));
        return string.Join("|", fit.Values.Concat(fit.StandardErrors).Select(v => v.ToString("R", CultureInfo.InvariantCulture))
            .Append(parse.Message).Append(bounds.Message));
    }

    [Fact]
    public void FitAndParse_UnderGerman_SameValuesAndMessages()
    {
        var invariant = TestCulture.Run(CultureInfo.InvariantCulture, Run);
        var german = TestCulture.Run(TestCulture.German, Run);

        Assert.Equal(invariant, german);
        Assert.Contains("bounds of CPE1.n must satisfy 0 <= lower < upper <= 1, got [0.5, 1.5]", german, StringComparison.Ordinal);
    }
}
