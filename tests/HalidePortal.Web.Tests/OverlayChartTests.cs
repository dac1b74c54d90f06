using HalidePortal.Domain.Measurements;
using HalidePortal.Web.Components.Charts;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

/// <summary>The cycling trace builders and CSV of the overlays; expected values are worked by hand from the inputs.</summary>
public sealed class OverlayChartTests
{
    private static CycleView Cycle(int n, double charge, double discharge, double? ce) =>
        new(n, charge, discharge, null, null, ce, null, null, null, null, null, null);

    // An opening lone charge (cycle 1, no discharge), then three full cycles.
    private static readonly CycleView[] Cycles =
    [
        Cycle(1, 1.40, 0, null),
        Cycle(2, 1.30, 1.20, 0.923),
        Cycle(3, 1.25, 1.00, 0.80),
        Cycle(4, 1.20, 0.90, 0.75),
    ];

    [Fact]
    public void Scale_PerGram_IsThousandOverActiveMass()
    {
        Assert.Equal(1000 / 6.382, CyclingCharts.Scale(CapacityBasis.PerGram, 6.382, 0.785, out var missing));
        Assert.Null(missing);
        Assert.Equal(1 / 0.785, CyclingCharts.Scale(CapacityBasis.PerArea, null, 0.785, out _));
        Assert.Equal(1, CyclingCharts.Scale(CapacityBasis.Absolute, null, null, out _));
    }

    [Fact]
    public void Scale_PerGramWithoutMass_SaysWhatIsMissing()
    {
        Assert.Null(CyclingCharts.Scale(CapacityBasis.PerGram, null, 0.785, out var missing));
        Assert.Contains("active mass", missing, StringComparison.Ordinal);
        Assert.Null(CyclingCharts.Scale(CapacityBasis.PerArea, 5, null, out missing));
        Assert.Contains("area", missing, StringComparison.Ordinal);
    }

    [Fact]
    public void DischargeCapacity_LeavesOutCyclesWithoutDischargeAndScales()
    {
        var (x, y) = CyclingCharts.DischargeCapacity(Cycles, CapacityBasis.PerGram, 1000 / 5.0);

        Assert.Equal([2.0, 3, 4], x);
        Assert.Equal([240.0, 200, 180], y.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void DischargeCapacity_FirstCycle_IsPercentOfTheFirstDischarge()
    {
        var (_, y) = CyclingCharts.DischargeCapacity(Cycles, CapacityBasis.FirstCycle, 1);

        Assert.Equal([100.0, 83.333333333, 75], y.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Efficiency_IsPercentWhereTheSummaryHasOne()
    {
        var (x, y) = CyclingCharts.Efficiency(Cycles);

        Assert.Equal([2.0, 3, 4], x);
        Assert.Equal([92.3, 80, 75], y.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void RateCapability_MeanDischargePerRateBlock()
    {
        RateStepInfo[] steps = [new(0.1, 0.5, 1, 2), new(0.5, 2.5, 3, 4), new(null, 1, 5, 5)];

        var (rate, capacity) = CyclingCharts.RateCapability(steps, Cycles, 1);

        // Block 1 has only cycle 2 with a discharge; the block without a C-rate is left out.
        Assert.Equal([0.1, 0.5], rate);
        Assert.Equal([1.2, 0.95], capacity.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Profiles_AndDqDv_NamedPerCycleAfterThePrefixAndScaled()
    {
        CurveView[] curves =
        [
            new(2, "discharge", [0, 0.5, 1.0], [4.2, 3.8, 3.0], [3.0, 3.8], [1.0, 2.0]),
            new(2, "charge", [0, 1.0], [3.0, 4.2], [], []),
        ];

        var profiles = CyclingCharts.Profiles(curves, 200, "LZC cell C1 · a.mpr, ");
        var dqdv = CyclingCharts.DqDv(curves, 200);

        Assert.Equal(["LZC cell C1 · a.mpr, cycle 2 discharge", "LZC cell C1 · a.mpr, cycle 2 charge"], profiles.Select(t => t.Name));
        Assert.Equal([0.0, 100, 200], profiles[0].X);
        Assert.Equal([4.2, 3.8, 3.0], profiles[0].Y);
        var only = Assert.Single(dqdv);
        Assert.Equal("cycle 2 discharge", only.Name);
        Assert.Equal([200.0, 400], only.Y);
    }

    [Fact]
    public void Titles_EveryKindHasUnitsOnBothAxes()
    {
        foreach (var kind in OverlayService.Kinds)
        {
            var (x, y) = OverlayService.Titles(kind, CapacityBasis.PerGram, 1.5406);
            // A cycle number is a count: the one axis without a unit.
            Assert.Matches(@"^Cycle$|\(.+\)", x);
            Assert.Matches(@"\(.+\)", y);
        }
        Assert.Equal(("Cycle", "Discharge capacity (% of first cycle)"), OverlayService.Titles("capacity", CapacityBasis.FirstCycle));
        Assert.Equal("dQ/dV (mAh/(cm²·V))", OverlayService.Titles("dqdv", CapacityBasis.PerArea).Y);
    }

    [Fact]
    public void Arrhenius_PointsNamedWithTemperaturesLineWithEa_AxesAsOnThePelletPage()
    {
        var fit = new ArrheniusView("intercept", "sigmaT", 0.85634, 0.01207, 0.998, 1e-9, 2e-9, 3,
            [2.41, 2.26, 2.11], [-1.0, -3.0, -5.0], [2.41, 2.11], [-1.0, -5.0]);

        var traces = ArrheniusChart.Overlay("LZC-2026-001 pellet P1", fit);

        Assert.Equal(["LZC-2026-001 pellet P1 · 3 temperatures", "LZC-2026-001 pellet P1 fit · Ea 0.856 ± 0.012 eV"], traces.Select(t => t.Name));
        Assert.True(traces[0].Markers);
        Assert.Equal(fit.ThousandOverT, traces[0].X);
        Assert.Equal(fit.Y, traces[0].Y);
        Assert.False(traces[1].Markers);
        Assert.Equal(fit.LineThousandOverT, traces[1].X);
        Assert.Equal("0.856 eV", ArrheniusChart.Ea(fit with { ActivationEnergyStdErrEv = null }));
        // The pellet page's axes: 1/K on x, the logarithm of σT over its unit on y.
        Assert.Equal(("1000/T (1/K)", "ln(σT / (S K cm⁻¹))"), OverlayService.Titles("arrhenius", CapacityBasis.PerGram));
        Assert.Equal("ln(σ / (S cm⁻¹))", ArrheniusChart.YTitle("sigma"));
    }

    [Fact]
    public void ParseBasis_FirstCycleOutsideCapacity_IsRefused()
    {
        Assert.Equal(CapacityBasis.PerGram, OverlayService.ParseBasis(null, "profiles"));
        Assert.Equal(CapacityBasis.Absolute, OverlayService.ParseBasis("mAh", "capacity"));
        Assert.Throws<RecordValidationException>(() => OverlayService.ParseBasis("firstCycle", "profiles"));
        Assert.Throws<RecordValidationException>(() => OverlayService.ParseBasis("per kilo", "capacity"));
    }

    [Fact]
    public void Csv_OneRowPerPointWithTitledColumnsAndQuotedNames()
    {
        var id = Guid.Parse("00000000-0000-0000-0000-000000000001");
        var view = new OverlayView("capacity", "Cycle", "Discharge capacity (mAh/g)", false, 2000, null, null,
            [new OverlayTrace(id, "LZC \"best\", C1", [1, 2], [150.5, 1e-3], true, 2)], []);

        var csv = OverlayCsv.Write(view);

        Assert.Equal(
            "measurement_id,trace,\"Cycle\",\"Discharge capacity (mAh/g)\"\r\n" +
            "00000000-0000-0000-0000-000000000001,\"LZC \"\"best\"\", C1\",1,150.5\r\n" +
            "00000000-0000-0000-0000-000000000001,\"LZC \"\"best\"\", C1\",2,0.001\r\n", csv);
        Assert.Equal("overlay-capacity.csv", OverlayCsv.FileName(view));
    }

    [Fact]
    public void DiffractionStack_NormalisedAndStackedAtOneWavelength()
    {
        var cu = Pattern(1.5406, [20, 30], [50, 100]);
        var same = Pattern(1.5406, [20, 30], [10, 40]);

        var traces = DiffractionStack.Traces([("a", cu), ("b", same)], 1.5406, normalise: true, stack: true);

        Assert.Equal([0.5, 1.0], traces[0].Y);
        Assert.Equal([1.1 + 0.25, 1.1 + 1.0], traces[1].Y.Select(v => Math.Round(v, 12)));
        // Mo Kα (0.7093 Å) shown at Cu Kα: sin θ' = (1.5406 / 0.7093) sin θ.
        double expected = 360 / Math.PI * Math.Asin(1.5406 / 0.7093 * Math.Sin(10 * Math.PI / 360));
        Assert.Equal(expected, DiffractionStack.AtWavelength(10, 0.7093, 1.5406), 12);
        Assert.True(double.IsNaN(DiffractionStack.AtWavelength(100, 0.7093, 1.5406)));
    }

    private static HalidePortal.Domain.Analyses.DiffractionRecord Pattern(double wavelength, double[] twoTheta, double[] intensity) =>
        new(50, "snip", new Dictionary<string, double>(), wavelength, null, false, [], twoTheta.Length, twoTheta, intensity, [], [], [], null, null, null, []);
}
