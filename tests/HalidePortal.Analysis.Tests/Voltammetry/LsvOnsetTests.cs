using HalidePortal.Analysis.Voltammetry;

namespace HalidePortal.Analysis.Tests.Voltammetry;

/// <summary>
/// Onsets of synthetic sweeps recorded vs Li-In: a flat baseline c plus an exponential rise
/// I = c + (I_th - c) exp((E - E_on) / b) against Li/Li+, so the current reaches I_th exactly at E_on = 3.98 V (LZACFO's
/// published onset, DOMAIN.md), and the tangent to the exponential at E_t meets I = c at E_t - b (closed form).
/// Grid 1 mV from 3.0 to 4.3 V vs Li/Li+. Tolerances: 0.5 mV for linear interpolation on the 1 mV grid, 1 mV for the
/// smoothed tangent, 10 mV where noise of +-0.5 uA moves the crossing (slope 0.18 mA/V at the threshold).
/// </summary>
public sealed class LsvOnsetTests
{
    private const double OnsetV = 3.98;
    private const double BaselineMA = 0.001;
    private const double ThresholdMA = 0.01;
    private const double RiseV = 0.05;

    private static double Current(double eVsLi) => BaselineMA + (ThresholdMA - BaselineMA) * Math.Exp((eVsLi - OnsetV) / RiseV);

    /// <summary>Potentials vs Li-In (as the potentiostat records them) and currents.</summary>
    private static (double[] VsLiIn, double[] CurrentMA) Sweep(double fromV = 3.0, double toV = 4.3, double stepV = 0.001)
    {
        int n = (int)Math.Round((toV - fromV) / stepV) + 1;
        double[] vsLi = [.. Enumerable.Range(0, n).Select(i => fromV + i * stepV)];
        return ([.. vsLi.Select(e => e - 0.62)], [.. vsLi.Select(Current)]);
    }

    private static void Near(double expected, double? actual, double tolerance)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(actual!.Value - expected) <= tolerance, $"expected {expected:R}, got {actual.Value:R}");
    }

    [Fact]
    public void ToLiReference_DefaultOffset_Adds062V()
    {
        Assert.Equal([3.62, 4.0], LsvOnset.ToLiReference([3.0, 3.38]), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([3.5], LsvOnset.ToLiReference([3.0], offsetV: 0.5), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void ByCurrentThreshold_CleanExponential_OnsetAtKnownPotential()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);

        var onset = LsvOnset.ByCurrentThreshold(e, current, ThresholdMA);

        Near(OnsetV, onset.OnsetV, 5e-4);
        Assert.Equal(3, onset.Consecutive);
        Assert.Equal(e.Length - 1, onset.SweepEndIndex);
        Assert.Equal(new LineSegment(e[0], ThresholdMA, e[^1], ThresholdMA), onset.ThresholdLine);
    }

    [Fact]
    public void ByCurrentDensityThreshold_ThresholdTimesArea_SameOnsetAsAbsolute()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);
        const double area = 0.785;

        var onset = LsvOnset.ByCurrentDensityThreshold(e, current, area, ThresholdMA / area);

        Near(OnsetV, onset.OnsetV, 5e-4);
        Near(ThresholdMA, onset.ThresholdMA, 1e-15);
    }

    [Fact]
    public void ByCurrentThreshold_NoiseAndSpikes_ConsecutivePointsIgnoreSpikes()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);
        var random = new Random(20260101);
        for (int i = 0; i < current.Length; i++)
        {
            current[i] += (random.NextDouble() - 0.5) * 0.001;
        }
        int spike1 = 500, spike2 = 700; // 3.5 V and 3.7 V: one single-point and one two-point spike
        current[spike1] = 0.05;
        current[spike2] = current[spike2 + 1] = 0.05;

        var robust = LsvOnset.ByCurrentThreshold(e, current, ThresholdMA, consecutive: 3);
        var naive = LsvOnset.ByCurrentThreshold(e, current, ThresholdMA, consecutive: 1);

        Near(OnsetV, robust.OnsetV, 0.01);
        Assert.Equal(spike1, naive.FirstIndex);
    }

    [Fact]
    public void ByCurrentThreshold_NeverReached_NullOnset()
    {
        var (vsLiIn, current) = Sweep(toV: 3.9);

        var onset = LsvOnset.ByCurrentThreshold(LsvOnset.ToLiReference(vsLiIn), current, ThresholdMA);

        Assert.Null(onset.OnsetV);
        Assert.Null(onset.FirstIndex);
    }

    [Fact]
    public void ByTangent_CleanExponential_MeetsBaselineOneRiseWidthBeforeTangentPoint()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);

        var onset = LsvOnset.ByTangent(e, current, baselineFromV: 3.0, baselineToV: 3.6, smoothingHalfWidth: 5);

        // The exponential is steepest at the end; the last centre with a full smoothing window is 5 points before it.
        Near(e[^6], onset.TangentAtV, 1e-12);
        Near(onset.TangentAtV - RiseV, onset.OnsetV, 1e-3);
        Near(BaselineMA, onset.BaselineInterceptMA + onset.BaselineSlopeMAPerV * 3.3, 1e-6);
        Assert.Equal(601, onset.BaselinePoints);
        Assert.NotNull(onset.Tangent);
        Near(onset.OnsetV!.Value, onset.Tangent!.X1, 1e-12);
        Near(onset.TangentAtV, onset.Tangent.X2, 1e-12);
        Near(onset.OnsetV.Value, onset.Baseline.X2, 1e-12);
        Near(3.0, onset.Baseline.X1, 1e-9);
    }

    [Fact]
    public void ByTangent_NoisyWithSpikes_StaysWithinAMillivoltOfClean()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);
        var clean = LsvOnset.ByTangent(e, current, 3.0, 3.6);
        var random = new Random(7);
        for (int i = 0; i < current.Length; i++)
        {
            current[i] += (random.NextDouble() - 0.5) * 0.001;
        }
        current[700] = 0.05;

        var noisy = LsvOnset.ByTangent(e, current, 3.0, 3.6);

        Near(clean.OnsetV!.Value, noisy.OnsetV, 1e-3);
    }

    [Fact]
    public void ByTangent_NoisyResistor_NullOnset()
    {
        // An ohmic sweep, I = E / 10 kOhm with +-0.5 uA noise: every window has the baseline's slope give or take the
        // noise, so some window is a little steeper; that is no oxidation.
        var random = new Random(11);
        double[] e = [.. Enumerable.Range(0, 1301).Select(i => 3.0 + 0.001 * i)];
        double[] current = [.. e.Select(v => v / 10 + (random.NextDouble() - 0.5) * 0.001)];

        var onset = LsvOnset.ByTangent(e, current, 3.0, 3.39);

        Assert.Null(onset.OnsetV);
        Assert.Null(onset.Tangent);
    }

    [Fact]
    public void ByTangent_NoisyFlatSweep_NullOnset()
    {
        var random = new Random(5);
        double[] e = [.. Enumerable.Range(0, 1301).Select(i => 3.0 + 0.001 * i)];
        double[] current = [.. e.Select(_ => 0.001 + (random.NextDouble() - 0.5) * 0.001)];

        Assert.Null(LsvOnset.ByTangent(e, current, 3.0, 3.39).OnsetV);
    }

    [Fact]
    public void ByTangent_FlatSweep_NullOnset()
    {
        double[] e = [.. Enumerable.Range(0, 200).Select(i => 3.0 + 0.005 * i)];
        double[] current = [.. e.Select(v => 0.001 + 0.0001 * (v - 3.0))];

        var onset = LsvOnset.ByTangent(e, current, 3.0, 3.5);

        Assert.Null(onset.OnsetV);
        Assert.Null(onset.Tangent);
    }

    [Fact]
    public void ByCurrentThreshold_ForwardThenReturnSweep_UsesForwardSweepOnly()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);
        // The return sweep carries a large cathodic-side artefact that must not be searched.
        double[] eBoth = [.. e, .. e.Reverse().Skip(1)];
        double[] iBoth = [.. current, .. current.Reverse().Skip(1).Select(i => i + 1.0)];

        var onset = LsvOnset.ByCurrentThreshold(eBoth, iBoth, ThresholdMA);
        var tangent = LsvOnset.ByTangent(eBoth, iBoth, 3.0, 3.6);

        Assert.Equal(e.Length - 1, onset.SweepEndIndex);
        Near(OnsetV, onset.OnsetV, 5e-4);
        Assert.Equal(e.Length - 1, tangent.SweepEndIndex);
    }

    [Fact]
    public void ByCurrentThreshold_PotentialJitterBelowTolerance_Tolerated()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);
        var random = new Random(3);
        for (int i = 0; i < e.Length; i++)
        {
            e[i] += (random.NextDouble() - 0.5) * 0.004; // +-2 mV read-back jitter, so some steps go backwards
        }

        var onset = LsvOnset.ByCurrentThreshold(e, current, ThresholdMA);

        Assert.True(onset.SweepEndIndex > e.Length - 10);
        Near(OnsetV, onset.OnsetV, 5e-3);
    }

    [Fact]
    public void ByCurrentThreshold_DecreasingPotential_RefusedAsNotAnodic()
    {
        var (vsLiIn, current) = Sweep();
        double[] falling = [.. vsLiIn.Reverse()];

        var ex = Assert.Throws<ArgumentException>(() => LsvOnset.ByCurrentThreshold(falling, current, ThresholdMA));

        Assert.Equal("potentialV", ex.ParamName);
        Assert.Contains("anodic sweep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByTangent_EmptyBaselineWindow_Refused()
    {
        var (vsLiIn, current) = Sweep();
        var e = LsvOnset.ToLiReference(vsLiIn);

        var ex = Assert.Throws<ArgumentException>(() => LsvOnset.ByTangent(e, current, 1.0, 2.0));

        Assert.Contains("baseline window", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByCurrentThreshold_BadInput_Refused()
    {
        Assert.Throws<ArgumentException>(() => LsvOnset.ByCurrentThreshold([3.0, 3.1], [0.0], 0.01));
        Assert.Throws<ArgumentException>(() => LsvOnset.ByCurrentThreshold([3.0, 3.1], [0.0, 0.1], 0));
        Assert.Throws<ArgumentException>(() => LsvOnset.ByCurrentThreshold([3.0, double.NaN], [0.0, 0.1], 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => LsvOnset.ByCurrentThreshold([3.0, 3.1], [0.0, 0.1], 0.01, 0));
        Assert.Throws<ArgumentException>(() => LsvOnset.ByCurrentDensityThreshold([3.0, 3.1], [0.0, 0.1], 0, 0.01));
    }
}
