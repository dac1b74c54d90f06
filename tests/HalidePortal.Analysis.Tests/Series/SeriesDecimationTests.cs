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
}
