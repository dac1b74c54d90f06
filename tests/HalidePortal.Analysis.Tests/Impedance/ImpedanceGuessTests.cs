using System.Globalization;
using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

public sealed class ImpedanceGuessTests
{
    private static readonly double[] PelletFrequencies = SyntheticSpectrum.Frequencies(1e6, 0.1, 10);

    // The guess reads an ideal ZARC apex, so for CPE1.n = 0.9 it is near exact for R1 and for the spike's n;
    // tolerances: R1 within x1.5, CPE1.Q within x3, CPE2.Q within x1.5, the exponents within 0.05.
    // R0 (20 Ohm under a 38 kOhm arc) is not visible in the data and not checked.
    [Fact]
    public void Initial_PelletSpectrum_NearTruth()
    {
        var circuit = EquivalentCircuit.Parse(SyntheticSpectrum.PelletCircuit);
        var (re, im) = SyntheticSpectrum.Impedance(circuit, PelletFrequencies, SyntheticSpectrum.PelletValues);

        var guess = ImpedanceGuess.Initial(circuit, PelletFrequencies, re, im);

        Assert.InRange(guess[1] / 3e5, 1 / 1.5, 1.5);
        Assert.InRange(guess[2] / 2e-11, 1 / 3.0, 3);
        Assert.Equal(0.9, guess[3], 0.05);
        Assert.InRange(guess[4] / 1e-6, 1 / 1.5, 1.5);
        Assert.Equal(0.8, guess[5], 0.05);
        Assert.True(guess[0] > 0);
    }

    public static TheoryData<string, double[], double> Circuits => new()
    {
        { SyntheticSpectrum.PelletCircuit, SyntheticSpectrum.PelletValues, 0.0 },
        { SyntheticSpectrum.PelletCircuit, SyntheticSpectrum.PelletValues, 0.01 },
        // Grain interior (apex ~16 kHz) and grain boundary (~16 Hz) arcs before the electrode spike.
        { "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3", [10, 1e4, 3.2e-9, 0.9, 5e4, 4e-7, 0.85, 1e-5, 0.8], 0.0 },
        { "R0-p(R1,C1)", [50, 2000, 1e-8], 0.0 },
        { "R0-Zarc1-CPE2", [30, 8000, 1e-4, 0.8, 5e-6, 0.75], 0.0 },
    };

    // Fits started from the guess alone: noise-free within 1e-6 relative; with 1 % noise within 3 standard errors.
    [Theory]
    [MemberData(nameof(Circuits))]
    public void Fit_WithoutInitialValues_StartsFromGuessAndRecovers(string text, double[] truth, double noise)
    {
        var circuit = EquivalentCircuit.Parse(text);
        var f = SyntheticSpectrum.Frequencies(1e6, 0.01, 10);
        var (re, im) = SyntheticSpectrum.Impedance(circuit, f, truth, noise);

        var fit = ImpedanceFit.Fit(circuit, f, re, im, new FitOptions());

        Assert.True(fit.Converged, fit.Exit.ToString());
        for (var k = 0; k < truth.Length; k++)
        {
            var tolerance = noise > 0 ? 3 * fit.StandardErrors[k] : 1e-6 * truth[k];
            Assert.True(
                Math.Abs(fit.Values[k] - truth[k]) <= tolerance,
                string.Create(CultureInfo.InvariantCulture, $"{circuit.Parameters[k].Name}: {fit.Values[k]} +- {fit.StandardErrors[k]} vs {truth[k]} (starts {fit.Starts})"));
        }
    }

    // EISFitpython's 140 C pellet values: the bulk arc (R1 1.46e5) is a shoulder above the grain-boundary arc
    // (R2 2.0e6), so the spectrum shows one apex for two arc terms. Two arrangements; the gap between the smallest Z'
    // and the apex's arc start puts the hidden bulk arc first: R1 below R2, at a higher frequency (R Q smaller).
    [Fact]
    public void Candidates_BulkArcHiddenInShoulder_HiddenArcFirst()
    {
        var circuit = EquivalentCircuit.Parse("p(R1,CPE1)-p(R2,CPE2)-CPE3");
        var f = SyntheticSpectrum.Frequencies(1e6, 0.03, 6);
        var (re, im) = SyntheticSpectrum.Impedance(circuit, f, [1.462e5, 6.515e-11, 0.8382, 2.012e6, 1.546e-10, 0.7872, 1.382e-6, 0.5442]);

        var candidates = ImpedanceGuess.Candidates(circuit, f, re, im);

        Assert.Equal(2, candidates.Count);
        Assert.True(candidates[0][0] < candidates[0][3], "hidden arc first");
        Assert.True(candidates[1][0] >= candidates[1][3], "apex first");
        Assert.Equal(candidates[0], ImpedanceGuess.Initial(circuit, f, re, im));
    }

    // With more apexes than arc terms the term takes the largest arc: a 1e4 Ohm arc at ~16 kHz and a 5e4 Ohm arc at
    // ~16 Hz, one p(R,CPE): R1 starts at the larger (guess within x1.5 of 5e4).
    [Fact]
    public void Candidates_MoreApexesThanTerms_TakesLargestArc()
    {
        var twoArcs = EquivalentCircuit.Parse("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
        var f = SyntheticSpectrum.Frequencies(1e6, 0.01, 10);
        var (re, im) = SyntheticSpectrum.Impedance(twoArcs, f, [10, 1e4, 3.2e-9, 0.9, 5e4, 4e-7, 0.85, 1e-5, 0.8]);

        var candidates = ImpedanceGuess.Candidates(EquivalentCircuit.Parse("R0-p(R1,CPE1)-CPE2"), f, re, im);

        var only = Assert.Single(candidates);
        Assert.InRange(only[1] / 5e4, 1 / 1.5, 1.5);
    }

    [Fact]
    public void Initial_MismatchedLengths_Throws()
    {
        var circuit = EquivalentCircuit.Parse("R0-p(R1,C1)");

        var error = Assert.Throws<ArgumentException>(() => ImpedanceGuess.Initial(circuit, [1, 2, 3], [1, 2], [1, 2, 3]));

        Assert.Contains("must have the same length of at least 2, got 3, 2 and 3", error.Message, StringComparison.Ordinal);
    }
}
