using HalidePortal.Analysis.Gitt;

namespace HalidePortal.Analysis.Tests.Gitt;

/// <summary>
/// GITT on runs built from the sqrt(t) solution with known D (<see cref="SyntheticGitt"/>). Tolerances: 1e-6 relative
/// where the model is exact (the sqrt(t) fit and Es reached to 1e-7 V); 5 % with 50 uV voltage noise (Es read from one
/// row: 0.5 % on dEs, 1 % on D, plus the fit's scatter); the first-to-last method against its closed-form bias.
/// Material for the mass form (an NCM90-like cathode): m 5 mg, M 96.5 g/mol, V_M 20.7 cm3/mol, S chosen so that
/// m V_M / (M S) = L = 10 um.
/// </summary>
public sealed class GittAnalysisTests
{
    private const double MassMg = 5, MolarMass = 96.5, MolarVolume = 20.7;
    private static readonly double AreaCm2 = MassMg / 1000 * MolarVolume / (MolarMass * SyntheticGitt.LengthCm);

    private static GittResult Analyse(SyntheticGitt run, GittOptions? options = null) =>
        GittAnalysis.Analyse(run.Time, run.Voltage, run.Current, options ?? new GittOptions { DiffusionLengthCm = SyntheticGitt.LengthCm });

    private static void Relative(double expected, double? actual, double tolerance)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(actual!.Value / expected - 1) <= tolerance, $"expected {expected:R}, got {actual.Value:R}");
    }

    [Fact]
    public void Analyse_EightPulsesFromSqrtSolution_RecoversEachD()
    {
        double[] d = SyntheticGitt.Diffusion(8);
        var result = Analyse(SyntheticGitt.Build(d));

        Assert.Equal(8, result.Pulses.Count);
        Assert.Empty(result.Notes);
        for (int k = 0; k < 8; k++)
        {
            var p = result.Pulses[k];
            Assert.Equal(k + 1, p.Index);
            Assert.Equal(SyntheticGitt.TauS, p.TauS, 9);
            Assert.Equal(SyntheticGitt.DeltaEsV, p.DeltaEsV, 6);
            Assert.Equal(SyntheticGitt.IrV, p.IrDropV, 6);
            Relative(SyntheticGitt.Slope(d[k]), p.SqrtSlopeVPerSqrtS, 1e-9);
            Relative(SyntheticGitt.Slope(d[k]) * Math.Sqrt(SyntheticGitt.TauS), p.DeltaEtV, 1e-9);
            Relative(d[k], p.DiffusionLengthCm2PerS, 1e-4);
            Assert.Null(p.DiffusionMassCm2PerS);
            Assert.Equal(1, p.SqrtFitRSquared!.Value, 9);
            Assert.Equal(SyntheticGitt.CurrentA, p.CurrentA, 12);
        }
    }

    [Fact]
    public void Analyse_ValidityRatio_IsTauDOverLSquared()
    {
        // tau D / L^2 = 60 s x 1e-9 / 1e-6 = 0.06 at the fastest pulse: valid; 600 s makes it 0.6: flagged.
        double[] d = [1e-11, 1e-9];
        var shortPulses = Analyse(SyntheticGitt.Build(d));
        var longPulses = Analyse(SyntheticGitt.Build(d, tauS: 600));

        Relative(60 * 1e-9 / 1e-6, shortPulses.Pulses[1].ValidityRatio, 1e-4);
        Assert.True(shortPulses.Pulses[1].Valid);
        Relative(600 * 1e-9 / 1e-6, longPulses.Pulses[1].ValidityRatio, 1e-4);
        Assert.False(longPulses.Pulses[1].Valid);
        Assert.True(longPulses.Pulses[0].Valid);
        Relative(1e-9, longPulses.Pulses[1].DiffusionLengthCm2PerS, 1e-4);
    }

    [Fact]
    public void Analyse_MassFormWithMatchingLength_AgreesWithLengthForm()
    {
        var options = new GittOptions
        {
            MassMg = MassMg, MolarMassGPerMol = MolarMass, MolarVolumeCm3PerMol = MolarVolume, AreaCm2 = AreaCm2,
            DiffusionLengthCm = SyntheticGitt.LengthCm,
        };
        var result = Analyse(SyntheticGitt.Build(SyntheticGitt.Diffusion(4)), options);

        Assert.Equal(SyntheticGitt.LengthCm, result.MassLengthCm!.Value, 15);
        foreach (var p in result.Pulses)
        {
            Relative(p.DiffusionLengthCm2PerS!.Value, p.DiffusionMassCm2PerS, 1e-12);
        }
    }

    [Fact]
    public void Analyse_NoisyVoltage_RecoversDWithinFivePercent()
    {
        double[] d = SyntheticGitt.Diffusion(5);
        var result = Analyse(SyntheticGitt.Build(d, noiseV: 50e-6));

        Assert.Equal(5, result.Pulses.Count);
        for (int k = 0; k < 5; k++)
        {
            Relative(d[k], result.Pulses[k].DiffusionLengthCm2PerS, 0.05);
        }
    }

    [Fact]
    public void Analyse_FirstToLastPoint_HasTheClosedFormSamplingBias()
    {
        // The first pulse row (1 s in) already holds S sqrt(1 s): dEt = S (sqrt(tau) - 1), so D' = D tau / (sqrt(tau) - 1)^2.
        double[] d = [1e-10];
        var result = Analyse(SyntheticGitt.Build(d), new GittOptions
        {
            DiffusionLengthCm = SyntheticGitt.LengthCm, TransientMethod = GittTransientMethod.FirstToLastPoint,
        });

        var p = Assert.Single(result.Pulses);
        double root = Math.Sqrt(SyntheticGitt.TauS);
        Relative(1e-10 * SyntheticGitt.TauS / ((root - 1) * (root - 1)), p.DiffusionLengthCm2PerS, 1e-4);
        Assert.Equal(SyntheticGitt.IrV + SyntheticGitt.Slope(1e-10), p.IrDropV, 9);
        Assert.Null(p.SqrtSlopeVPerSqrtS);
    }

    [Fact]
    public void Analyse_Charge_CountsPulsesAndGivesMahPerGram()
    {
        // Each pulse passes I tau = 1e-4 A x 60 s = 6e-3 C = 1/600 mAh; 5 mg of active mass.
        var result = Analyse(SyntheticGitt.Build(SyntheticGitt.Diffusion(4)), new GittOptions { MassMg = MassMg });

        for (int k = 0; k < 4; k++)
        {
            var p = result.Pulses[k];
            Assert.Equal((k + 1) / 600.0, p.CumulativeChargeMAh, 12);
            Assert.Equal((k + 1) / 600.0 / 0.005, p.SpecificCapacityMAhPerG!.Value, 9);
            Assert.Equal((k + 1) / 4.0, p.StateOfCharge, 12);
            Assert.Null(p.DiffusionLengthCm2PerS);
            Assert.True(p.MeanVoltageV > p.E0V && p.MeanVoltageV < p.E0V + SyntheticGitt.IrV + p.DeltaEtV);
        }
    }

    [Fact]
    public void Analyse_TrailingPulseWithoutRest_IsLeftOutWithANote()
    {
        var result = Analyse(SyntheticGitt.Build(SyntheticGitt.Diffusion(3), trailingPulse: true));

        Assert.Equal(3, result.Pulses.Count);
        Assert.Contains(result.Notes, n => n.Contains("Pulse 4", StringComparison.Ordinal) && n.Contains("no rest after", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyse_LeadingPulseWithoutRest_IsLeftOutAndLeavesAGapInTheIndex()
    {
        var run = SyntheticGitt.Build(SyntheticGitt.Diffusion(2));
        run.Time.InsertRange(0, [-3, -2, -1]);
        run.Voltage.InsertRange(0, [3.6, 3.6, 3.6]);
        run.Current.InsertRange(0, [SyntheticGitt.CurrentA, SyntheticGitt.CurrentA, SyntheticGitt.CurrentA]);

        var result = Analyse(run);

        Assert.Equal([2, 3], result.Pulses.Select(p => p.Index));
        Assert.Contains(result.Notes, n => n.StartsWith("Pulse 1 ", StringComparison.Ordinal) && n.Contains("no rest before", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyse_NoCurrent_ThrowsNamingThePulses()
    {
        double[] t = [0, 1, 2, 3], e = [3.7, 3.7, 3.7, 3.7], i = [0, 0, 0, 0];

        var error = Assert.Throws<ArgumentException>(() => GittAnalysis.Analyse(t, e, i));
        Assert.Contains("pulses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_OnlyARestThenAPulse_ThrowsNoPulseWithBothRests()
    {
        double[] t = [0, 1, 2, 3], e = [3.7, 3.7, 3.8, 3.81], i = [0, 0, 1e-4, 1e-4];

        var error = Assert.Throws<ArgumentException>(() => GittAnalysis.Analyse(t, e, i));
        Assert.Contains("rest before and after", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_MismatchedLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => GittAnalysis.Analyse([0, 1, 2], [3.7, 3.7], [0, 1e-4, 0]));
        Assert.Contains("equal length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_TimeGoingBack_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => GittAnalysis.Analyse([0, 2, 1], [3.7, 3.8, 3.7], [0, 1e-4, 0]));
        Assert.Contains("row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyse_PartOfTheMassForm_Throws()
    {
        var run = SyntheticGitt.Build([1e-10]);
        Assert.Throws<ArgumentException>(() => Analyse(run, new GittOptions { MassMg = 5, AreaCm2 = 1 }));
    }

    [Fact]
    public void WeppnerHuggins_HandValue()
    {
        // 4 (1e-3)^2 / (pi 100) (0.01 / 0.05)^2 = 4e-6 x 0.04 / 314.159... = 5.0930e-10.
        Relative(5.0929581789e-10, GittAnalysis.WeppnerHuggins(1e-3, 100, 0.01, 0.05), 1e-10);
    }
}
