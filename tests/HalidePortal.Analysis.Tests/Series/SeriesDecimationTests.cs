using HalidePortal.Analysis.Series;

namespace HalidePortal.Analysis.Tests.Series;

public sealed class SeriesDecimationTests
{
    [Fact]
    public void MinMax_ShortSeries_ComesBackUnchangedWithoutNonFinite()
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [1, double.NaN, 3, double.PositiveInfinity, 5];

        var (kx, ky) = SeriesDecimation.MinMax(x, y, buckets: 10);

        Assert.Equal([0, 2, 4], kx);
        Assert.Equal([1, 3, 5], ky);
    }

    [Fact]
    public void MinMax_LongSeries_KeepsEverySpikeAndAtMostThreePointsPerBucket()
    {
        const int n = 100_000;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var y = x.Select(v => Math.Sin(v / 5000)).ToArray();
        y[12_345] = 50;   // a spike
        y[67_890] = -50;  // a dip

        var (kx, ky) = SeriesDecimation.MinMax(x, y, buckets: 100);

        Assert.InRange(kx.Length, 100, 300);
        Assert.Contains(12_345.0, kx);
        Assert.Contains(67_890.0, kx);
        Assert.Equal(50, ky.Max());
        Assert.Equal(-50, ky.Min());
        // Row order (time order) is kept, so lines are drawn as measured.
        Assert.True(kx.Zip(kx.Skip(1)).All(p => p.First < p.Second));
        Assert.Equal(0, kx[0]);
    }

    [Fact]
    public void MinMax_NoBuckets_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesDecimation.MinMax([1.0], [1.0], 0));
    }

    // LTTB cases worked by hand from the algorithm in Steinarsson (2013), section 4.2; exact arithmetic, so no tolerance.
    [Fact]
    public void Lttb_FivePointsToThree_KeepsEndsAndTheTallestTriangle()
    {
        // One bucket (points 1-3) between the ends; the next bucket's mean is point 4 = (4, 0); with a = (0, 0) the
        // triangle areas are 2·y, so the spike (3, 5) wins.
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [0, 1, 0, 5, 0];

        var (kx, ky) = SeriesDecimation.Lttb(x, y, threshold: 3);

        Assert.Equal([0, 3, 4], kx);
        Assert.Equal([0, 5, 0], ky);
    }

    [Fact]
    public void Lttb_SixPointsToFour_ChoosesPerBucketAgainstTheNextBucketsMean()
    {
        // every = (6 − 2) / (4 − 2) = 2. Bucket 1 = points 1, 2; next mean (3.5, 2); areas 8.5 / 2 and 0.5 / 2 → (1, 3).
        // Bucket 2 = points 3, 4; a = (1, 3); next mean = the last point (5, 0); areas 6 / 2 and 13 / 2 → (4, 4).
        double[] x = [0, 1, 2, 3, 4, 5];
        double[] y = [0, 3, 1, 0, 4, 0];

        var (kx, ky) = SeriesDecimation.Lttb(x, y, threshold: 4);

        Assert.Equal([0, 1, 4, 5], kx);
        Assert.Equal([0, 3, 4, 0], ky);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    public void Lttb_ThresholdAtLeastLength_ReturnsTheInput(int threshold)
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [2, 1, 4, 3, 5];

        var (kx, ky) = SeriesDecimation.Lttb(x, y, threshold);

        Assert.Equal(x, kx);
        Assert.Equal(y, ky);
    }

    [Fact]
    public void Lttb_NonFinitePoints_AreDroppedBeforeReducing()
    {
        double[] x = [0, 1, double.NaN, 2, 3, 4, 5];
        double[] y = [0, 1, 7, double.PositiveInfinity, 0, 5, 0];

        var (kx, ky) = SeriesDecimation.Lttb(x, y, threshold: 3);

        // Finite points: (0,0) (1,1) (3,0) (4,5) (5,0); as the five-point case, the spike at x = 4 is kept.
        Assert.Equal([0, 4, 5], kx);
        Assert.Equal([0, 5, 0], ky);
        Assert.All(ky, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Lttb_LongSeries_HasExactlyThresholdPointsInOrderWithTheEnds()
    {
        var x = Enumerable.Range(0, 100_000).Select(i => (double)i).ToArray();
        var y = x.Select(v => Math.Sin(v / 700)).ToArray();
        y[54_321] = 40;

        var (kx, ky) = SeriesDecimation.Lttb(x, y, threshold: 2000);

        Assert.Equal(2000, kx.Length);
        Assert.Equal(0, kx[0]);
        Assert.Equal(99_999, kx[^1]);
        Assert.Contains(54_321.0, kx);
        Assert.True(kx.Zip(kx.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void Lttb_ThresholdBelowTwo_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeriesDecimation.Lttb([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], 1));
    }

    [Fact]
    public void Window_SortedX_SlicesToTheRangeWithOneNeighbourEachSide()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6];
        double[] y = [10, 11, 12, 13, 14, 15, 16];

        var (kx, ky) = SeriesDecimation.Window(x, y, 2.5, 4);

        Assert.Equal([2, 3, 4, 5], kx);
        Assert.Equal([12, 13, 14, 15], ky);
    }

    [Fact]
    public void Window_BetweenTwoPoints_KeepsTheBracketingPair()
    {
        var (kx, _) = SeriesDecimation.Window([0.0, 1, 2, 3], [0.0, 1, 2, 3], 1.2, 1.8);

        Assert.Equal([1, 2], kx);
    }

    [Fact]
    public void Window_OutsideTheData_IsEmpty()
    {
        var (kx, ky) = SeriesDecimation.Window([0.0, 1, 2], [0.0, 1, 2], 5, 9);

        Assert.Empty(kx);
        Assert.Empty(ky);
    }

    [Fact]
    public void Window_UnsortedX_FiltersPointByPointKeepingOrder()
    {
        // A loop (Nyquist-like): x goes out and comes back.
        double[] x = [0, 2, 4, 6, 4, 2, 0];
        double[] y = [0, 1, 2, 3, 4, 5, 6];

        var (kx, ky) = SeriesDecimation.Window(x, y, 3, 5);

        Assert.Equal([2, 4, 6, 4, 2], kx);
        Assert.Equal([1, 2, 3, 4, 5], ky);
    }

    [Fact]
    public void Reduce_Window_ReturnsTheDetailOfTheVisibleRange()
    {
        var x = Enumerable.Range(0, 100_000).Select(i => i / 10.0).ToArray();
        var y = x.Select(Math.Sin).ToArray();

        var (all, _) = SeriesDecimation.Reduce(x, y, 1000);
        var (zoomed, _) = SeriesDecimation.Reduce(x, y, 1000, 100, 120);

        Assert.Equal(1000, all.Length);
        // 20 units of x are 201 stored points: all of them come back (plus the neighbours), not a 1000-point thinning of the whole.
        Assert.Equal(203, zoomed.Length);
        Assert.Equal(99.9, zoomed[0], 9);
        Assert.Equal(120.1, zoomed[^1], 9);
    }
}
