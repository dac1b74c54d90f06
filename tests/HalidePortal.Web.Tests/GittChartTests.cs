using HalidePortal.Domain.Analyses;
using HalidePortal.Web.Components.Charts;

namespace HalidePortal.Web.Tests;

public sealed class GittChartTests
{
    private static readonly GittRecord Record = new("fit", 0.01, 10, 5,
    [
        new GittPulseRecord(1, 0.1, 3.71, 60, 0.010, 0.020, 1e-11, 2e-11, 0.01, true),
        new GittPulseRecord(2, 0.2, 3.72, 60, 0.010, 0.020, 1e-10, null, 0.02, true),
        new GittPulseRecord(3, 0.3, 3.73, 60, 0.010, 0.020, 1e-9, 3e-9, 2.0, false),
    ], []);

    [Fact]
    public void Traces_ByStateOfCharge_FormsAndValidityApart()
    {
        var traces = GittChart.Traces(Record, GittAxis.StateOfCharge);

        Assert.Equal(["D, mass form, valid", "D, radius form, valid", "D, mass form, not valid", "D, radius form, not valid"], traces.Select(t => t.Name));
        Assert.Equal([0.1, 0.2], traces[0].X);
        Assert.Equal([1e-11, 1e-10], traces[0].Y);
        Assert.Equal([0.1], traces[1].X);
        Assert.Equal("State of charge (0–1)", GittChart.XTitle(GittAxis.StateOfCharge));
    }

    [Fact]
    public void Traces_ByVoltage_XIsThePulsesMeanVoltage()
    {
        var traces = GittChart.Traces(Record, GittAxis.Voltage);

        Assert.Equal([3.71, 3.72], traces[0].X);
        Assert.Equal([3.73], traces[2].X);
        Assert.Equal("Mean cell voltage during the pulse (V)", GittChart.XTitle(GittAxis.Voltage));
    }
}
