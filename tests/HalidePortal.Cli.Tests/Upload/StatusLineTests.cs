using System.Globalization;
using HalidePortal.Cli.CommandLine;

namespace HalidePortal.Cli.Tests.Upload;

public sealed class StatusLineTests
{
    [Theory]
    [InlineData(512, 900, "a.mpr  512 / 900 B  57%")]
    [InlineData(1_572_864, 12_897_485, "a.mpr  1.5 / 12.3 MB  12%")]
    [InlineData(3L << 30, 3L << 30, "a.mpr  3.0 / 3.0 GB  100%")]
    [InlineData(0, 0, "a.mpr")]
    public void Transfer_SentOfTotal_InTheTotalsUnit(long sent, long total, string expected)
    {
        Assert.Equal(expected, TestCulture.Run(TestCulture.German, () => StatusLine.Transfer("a.mpr", sent, total)));
    }

    [Fact]
    public void Show_OnTerminal_RedrawsInPlaceThrottledAndClears()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var clock = new ManualClock();
        var line = new StatusLine(writer, enabled: true, clock);

        line.Show("a.mpr  1 / 9 B  11%");
        line.Show("a.mpr  2 / 9 B  22%");                   // under 100 ms later: skipped
        clock.Advance(TimeSpan.FromMilliseconds(100));
        line.Show("a.mpr  9 / 9 B  100%");
        line.Clear();

        Assert.Equal("\ra.mpr  1 / 9 B  11%\ra.mpr  9 / 9 B  100%\r" + new string(' ', 20) + "\r", writer.ToString());
    }

    [Fact]
    public void Show_NotATerminal_WritesNothing()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var line = new StatusLine(writer, enabled: false, new ManualClock());

        line.Show("a.mpr  1 / 9 B  11%", force: true);
        line.Clear();

        Assert.Equal("", writer.ToString());
    }
}
