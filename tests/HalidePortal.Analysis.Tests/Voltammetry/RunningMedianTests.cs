using HalidePortal.Analysis.Voltammetry;

namespace HalidePortal.Analysis.Tests.Voltammetry;

/// <summary>Running median against hand-worked windows (exact).</summary>
public sealed class RunningMedianTests
{
    [Fact]
    public void Filter_TwoPointSpike_Removed()
    {
        double[] current = [1, 2, 3, 50, 90, 6, 7, 8];
        // Windows of 5, shrunk at the ends: [1], [1,2,3], [1,2,3,50,90], [2,3,50,90,6], [3,50,90,6,7], [50,90,6,7,8], [6,7,8], [8].
        Assert.Equal([1, 2, 3, 6, 7, 8, 7, 8], RunningMedian.Filter(current, 2));
    }

    [Fact]
    public void Filter_MonotonicSweep_Unchanged()
    {
        double[] rising = [.. Enumerable.Range(0, 20).Select(i => Math.Exp(i / 5.0))];
        Assert.Equal(rising, RunningMedian.Filter(rising, 3));
    }

    [Fact]
    public void Filter_ZeroHalfWidth_Copies()
    {
        Assert.Equal([3.0, 1, 2], RunningMedian.Filter([3, 1, 2], 0));
    }
}
