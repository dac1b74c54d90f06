using HalidePortal.Analysis.Cycling;

namespace HalidePortal.Analysis.Tests.Cycling;

/// <summary>
/// Summaries of generated constant-current runs (<see cref="SyntheticCell"/>), whose capacities, energies and rates are
/// known in closed form. Tolerances: 1e-9 relative where the arithmetic is exact, 1e-6 where the generator's own energy
/// counter is a numerical integral.
/// </summary>
public sealed class CyclingAnalysisTests
{
    private const double MassMg = 10;
    private const double NominalMAhPerG = 200; // 1 C = 2 mA for 10 mg

    /// <summary>A rate test: 3 cycles at 0.1 C, 3 at 0.5 C, 4 at 1 C; the first cycle's CE is 0.85, the others 0.98-0.99.</summary>
    private static readonly (double DischargeMAh, double Ce, double CurrentMA)[] RateTest =
    [
        (1.90, 0.85, 0.2), (1.88, 0.98, 0.2), (1.87, 0.985, 0.2),
        (1.60, 0.99, 1.0), (1.58, 0.99, 1.0), (1.57, 0.99, 1.0),
        (1.30, 0.99, 2.0), (1.29, 0.99, 2.0), (1.28, 0.99, 2.0), (1.26, 0.99, 2.0),
    ];

    private static readonly CyclingOptions Options = new() { ActiveMassMg = MassMg, NominalMAhPerG = NominalMAhPerG };

    private static void Near(double expected, double? actual, double relative = 1e-9)
    {
        Assert.NotNull(actual);
        Assert.True(Math.Abs(actual!.Value - expected) <= relative * Math.Max(1, Math.Abs(expected)),
            $"expected {expected:R}, got {actual.Value:R}");
    }

    [Fact]
    public void Summarise_ConstantCurrentRateTest_KnownCapacitiesCeEnergyVoltageAndRate()
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest));

        var summary = CyclingAnalysis.Summarise(series, Options);

        Assert.Equal(CycleSource.Counted, summary.CycleSource);
        Assert.Equal(10, summary.Cycles.Count);
        Assert.Equal(40, summary.Steps.Count);
        for (int k = 0; k < RateTest.Length; k++)
        {
            var (qDis, ce, current) = RateTest[k];
            var cycle = summary.Cycles[k];
            Assert.Equal(k + 1, cycle.Cycle);
            Near(qDis / ce, cycle.ChargeMAh);
            Near(qDis, cycle.DischargeMAh);
            Near(qDis / ce / (MassMg / 1000), cycle.ChargeMAhPerG);
            Near(qDis / (MassMg / 1000), cycle.DischargeMAhPerG);
            Near(ce, cycle.CoulombicEfficiency);
            Near(qDis / ce * SyntheticCell.MeanChargeV, cycle.ChargeEnergyMWh);
            Near(qDis * SyntheticCell.MeanDischargeV, cycle.DischargeEnergyMWh);
            Near(SyntheticCell.MeanChargeV, cycle.MeanChargeVoltageV);
            Near(SyntheticCell.MeanDischargeV, cycle.MeanDischargeVoltageV);
            Near(current, cycle.CurrentMA);
            Near(current / 2.0, cycle.CRate);
        }
    }

    [Fact]
    public void Summarise_RateTest_RateStepsAndRetentionFromLastBlock()
    {
        var summary = CyclingAnalysis.Summarise(SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest)), Options);

        Assert.Equal(
            [new RateStep(0.1, 0.2, 1, 3), new RateStep(0.5, 1.0, 4, 6), new RateStep(1, 2.0, 7, 10)],
            summary.RateSteps.Select(r => r with { MeanCurrentMA = Math.Round(r.MeanCurrentMA, 9) }));
        Assert.NotNull(summary.Retention);
        Assert.Equal(7, summary.Retention!.ReferenceCycle);
        Assert.Equal(10, summary.Retention.LastCycle);
        Near(1.30, summary.Retention.ReferenceCapacityMAh);
        Near(100 * 1.26 / 1.30, summary.Retention.PercentAtLast);
        Near(100, summary.Cycles[6].RetentionPercent);
        Near(100 * 1.90 / 1.30, summary.Cycles[0].RetentionPercent);
    }

    [Fact]
    public void Summarise_ReferenceCycleOption_RetentionRelativeToIt()
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest));

        var summary = CyclingAnalysis.Summarise(series, Options with { ReferenceCycle = 2 });

        Assert.Equal(2, summary.Retention!.ReferenceCycle);
        Near(100 * 1.26 / 1.88, summary.Retention.PercentAtLast);
    }

    [Fact]
    public void Summarise_ReferenceCycleNotInRun_ThrowsNamingCompleteCycles()
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest));

        var error = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(series, Options with { ReferenceCycle = 11 }));

        Assert.Equal("reference cycle 11 is not a complete cycle of this run (complete cycles: 1-10)", error.Message);
    }

    [Fact]
    public void Summarise_StepCountersAndIndices_SameAsIntegratedAndUsesFileCycles()
    {
        var halves = SyntheticCell.ChargeFirst(RateTest).ToList();
        var integrated = CyclingAnalysis.Summarise(SyntheticCell.Build(halves), Options);

        var counted = CyclingAnalysis.Summarise(SyntheticCell.Build(halves, indices: true, stepCounters: true), Options);

        Assert.Equal(CycleSource.FileIndex, counted.CycleSource);
        Assert.Equal(integrated.Cycles.Count, counted.Cycles.Count);
        for (int k = 0; k < integrated.Cycles.Count; k++)
        {
            Near(integrated.Cycles[k].ChargeMAh, counted.Cycles[k].ChargeMAh);
            Near(integrated.Cycles[k].DischargeMAh, counted.Cycles[k].DischargeMAh);
            Near(integrated.Cycles[k].ChargeEnergyMWh, counted.Cycles[k].ChargeEnergyMWh, 1e-6);
            Near(integrated.Cycles[k].DischargeEnergyMWh, counted.Cycles[k].DischargeEnergyMWh, 1e-6);
        }
        Assert.Equal(SyntheticCell.RowsPerHalf + SyntheticCell.RestRows, counted.Steps[1].FirstRow + counted.Steps[1].RowCount);
        Assert.Equal(2, counted.Steps[1].FileStep);
    }

    [Fact]
    public void Summarise_SignedCounterWithoutIndices_CapacitiesFromCounter()
    {
        var halves = SyntheticCell.ChargeFirst(RateTest).ToList();

        var summary = CyclingAnalysis.Summarise(SyntheticCell.Build(halves, signedCounter: true), Options);

        Assert.Equal(CycleSource.Counted, summary.CycleSource);
        Near(RateTest[3].DischargeMAh / RateTest[3].Ce, summary.Cycles[3].ChargeMAh);
        Near(RateTest[3].DischargeMAh, summary.Cycles[3].DischargeMAh);
    }

    [Fact]
    public void Summarise_CycleLongCounter_CountsOnlyWhatEachStepAdds()
    {
        // EC-Lab's "Q charge" runs on through a cycle: a charge split in two steps by a rest must not count twice.
        var series = SyntheticCell.Build(
        [
            (1, new SyntheticCell.Half(true, 1.0, 0.5)),
            (1, new SyntheticCell.Half(true, 0.5, 0.5)),
            (1, new SyntheticCell.Half(false, 1.4, 0.5)),
        ], stepCounters: true);
        const int R = SyntheticCell.RestRows, H = SyntheticCell.RowsPerHalf;
        var charge = series.ChargeCapacityMAh!;
        for (int i = R + H; i < charge.Length; i++)
        {
            // rest 2 holds 1.0, charge 2 climbs on from 1.0 to 1.5, rest 3 and the discharge hold 1.5
            charge[i] = i < 2 * R + H ? 1.0 : i < 2 * R + 2 * H ? 1.0 + charge[i] : 1.5;
        }

        var summary = CyclingAnalysis.Summarise(series, Options);

        Near(1.5, summary.Cycles.Single().ChargeMAh);
        Near(1.4, summary.Cycles.Single().DischargeMAh);
    }

    [Fact]
    public void Summarise_WithoutIndices_StepsFromCurrentSign()
    {
        var summary = CyclingAnalysis.Summarise(SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest)), Options);

        Assert.Equal(
            Enumerable.Range(0, 10).SelectMany(_ => new[] { StepKind.Rest, StepKind.Charge, StepKind.Rest, StepKind.Discharge }),
            summary.Steps.Select(s => s.Kind));
        Assert.All(summary.Steps, s => Assert.Null(s.FileStep));
        // The first row of a half (I already set, no time since the rest) starts its step.
        Assert.Equal(SyntheticCell.RestRows, summary.Steps[1].FirstRow);
        Assert.Equal(SyntheticCell.RowsPerHalf, summary.Steps[1].RowCount);
    }

    [Fact]
    public void Summarise_LoopCounterCycleIndex_CountsCyclesInstead()
    {
        // Neware's raw loop counter can hold two charge/discharge pairs in one "cycle": not a cycle number.
        var halves = SyntheticCell.ChargeFirst(RateTest).Select(h => (h.Item1 <= 2 ? 1 : h.Item1 - 1, h.Item2)).ToList();

        var summary = CyclingAnalysis.Summarise(SyntheticCell.Build(halves, indices: true), Options);

        Assert.Equal(CycleSource.Counted, summary.CycleSource);
        Assert.Equal(10, summary.Cycles.Count);
        Assert.Contains(summary.Notes, n => n.Contains("cycle 1 holds 2 charge and 2 discharge halves", StringComparison.Ordinal));
    }

    [Fact]
    public void Summarise_DischargeFirst_AnodeConventionPairsDischargeThenCharge()
    {
        // A graphite half cell: lithiation (discharge) 0.40 mAh then delithiation (charge) 0.36 mAh, then 0.37 / 0.36.
        var halves = new (int, SyntheticCell.Half)[]
        {
            (1, new(false, 0.40, 0.04)), (1, new(true, 0.36, 0.04)),
            (2, new(false, 0.37, 0.04)), (2, new(true, 0.36, 0.04)),
        };
        var series = SyntheticCell.Build(halves);

        var anode = CyclingAnalysis.Summarise(series, new CyclingOptions { Electrode = ElectrodeConvention.Anode });
        var cathode = CyclingAnalysis.Summarise(series);

        Assert.Equal(2, anode.Cycles.Count);
        Near(0.36 / 0.40, anode.Cycles[0].CoulombicEfficiency);
        Near(0.36 / 0.37, anode.Cycles[1].CoulombicEfficiency);
        Near(100 * 0.36 / 0.36, anode.Retention!.PercentAtLast);
        Assert.Equal(1, anode.Retention.ReferenceCycle);
        // Read as a cathode the same file starts with a lone discharge, then charge-discharge pairs.
        Assert.Equal(3, cathode.Cycles.Count);
        Near(0.40, cathode.Cycles[0].DischargeMAh);
        Assert.Equal(0, cathode.Cycles[0].ChargeMAh);
        Assert.Null(cathode.Cycles[0].CoulombicEfficiency);
        Near(0.37 / 0.36, cathode.Cycles[1].CoulombicEfficiency);
        Assert.False(cathode.Cycles[2].IsComplete);
    }

    [Fact]
    public void Summarise_NoMassNoNominal_NoSpecificCapacityOrRate()
    {
        var summary = CyclingAnalysis.Summarise(SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest)));

        Assert.All(summary.Cycles, c => Assert.Null(c.DischargeMAhPerG));
        Assert.All(summary.Cycles, c => Assert.Null(c.CRate));
        Assert.Equal([1, 4, 7], summary.RateSteps.Select(r => r.FirstCycle));
        Assert.All(summary.RateSteps, r => Assert.Null(r.CRate));
        Assert.Contains("No active mass: no mAh/g and no C-rate.", summary.Notes);
    }

    [Fact]
    public void Summarise_ImpedanceStep_CountsAsRest()
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest.Take(2).ToArray()), indices: true);
        // Replace the first rest with an alternating current of zero mean (as a GEIS step passes).
        for (int i = 0; i < SyntheticCell.RestRows; i++)
        {
            series.CurrentMA[i] = i % 2 == 0 ? 0.3 : -0.3;
        }

        var summary = CyclingAnalysis.Summarise(series, Options);

        Assert.Equal(StepKind.Rest, summary.Steps[0].Kind);
        Assert.Equal(2, summary.Cycles.Count);
    }

    [Fact]
    public void Summarise_MismatchedColumns_ThrowsArgumentException()
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest.Take(1).ToArray()));

        Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(series with { VoltageV = [3.0] }));
        Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(new CyclingSeries { TimeS = [], VoltageV = [], CurrentMA = [] }));
        Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(series, new CyclingOptions { ActiveMassMg = 0 }));
        var nan = (double[])series.CurrentMA.Clone();
        nan[5] = double.NaN;
        var error = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(series with { CurrentMA = nan }));
        Assert.Equal("row 5 has a non-finite time, voltage or current", error.Message);
    }

    [Fact]
    public void VoltageCapacity_Cycle_BranchesRunFromZeroToCapacity()
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest));
        var summary = CyclingAnalysis.Summarise(series, Options);

        var curves = CyclingAnalysis.VoltageCapacity(series, summary, 4);

        var charge = curves.Charge!;
        var discharge = curves.Discharge!;
        Assert.Equal(SyntheticCell.RowsPerHalf, charge.CapacityMAh.Length);
        Near(0, charge.CapacityMAh[0]);
        Near(1.60 / 0.99, charge.CapacityMAh[^1]);
        Near(3.2, charge.VoltageV[0]);
        Near(4.0, charge.VoltageV[^1]);
        Near(1.60, discharge.CapacityMAh[^1]);
        Near(3.95, discharge.VoltageV[0]);
        Assert.Throws<ArgumentException>(() => CyclingAnalysis.VoltageCapacity(series, summary, 11));
    }

    [Fact]
    public void DifferentialCapacity_Plateau_PeakAtPlateauVoltageAndAreaIsCapacity()
    {
        var series = SyntheticCell.Build(SyntheticCell.ChargeFirst(RateTest));
        var curves = CyclingAnalysis.VoltageCapacity(series, CyclingAnalysis.Summarise(series, Options), 1);

        var charge = CyclingAnalysis.DifferentialCapacity(curves.Charge!);
        var discharge = CyclingAnalysis.DifferentialCapacity(curves.Discharge!);
        var raw = CyclingAnalysis.DifferentialCapacity(curves.Charge!, smoothingV: 0);

        // The plateau holds 60 % of the capacity within 20 mV: its centre is the peak (grid step 5 mV).
        double chargePeak = charge.VoltageV[Array.IndexOf(charge.DqDvMAhPerV, charge.DqDvMAhPerV.Max())];
        double dischargePeak = discharge.VoltageV[Array.IndexOf(discharge.DqDvMAhPerV, discharge.DqDvMAhPerV.Min())];
        Assert.InRange(chargePeak, SyntheticCell.PlateauChargeV - 0.005, SyntheticCell.PlateauChargeV + 0.005);
        Assert.InRange(dischargePeak, SyntheticCell.PlateauDischargeV - 0.005, SyntheticCell.PlateauDischargeV + 0.005);
        Assert.True(discharge.DqDvMAhPerV.Max() <= 1e-12);
        // Unsmoothed, the area under dQ/dV is the branch capacity; plateau level 0.6 Q / 0.02 V.
        Near(1.90 / 0.85, raw.DqDvMAhPerV.Sum() * raw.GridStepV);
        Near(0.6 * 1.90 / 0.85 / 0.02, raw.DqDvMAhPerV[Array.IndexOf(raw.VoltageV, raw.VoltageV.First(v => v > 3.705))], 1e-6);
        Assert.Equal(CyclingAnalysis.DifferentialCapacityAlgorithmVersion, charge.AlgorithmVersion);
    }

    [Theory]
    [InlineData(0.098, 0.1)]
    [InlineData(0.52, 0.5)]
    [InlineData(0.31, 0.333)]
    [InlineData(0.175, 0.167)]
    [InlineData(0.0415, 0.0417)]
    [InlineData(1.05, 1)]
    [InlineData(0.7, 0.7)]
    [InlineData(7.34, 7.3)]
    public void Snap_MeasuredRate_NearestStandardOrTwoDigits(double measured, double expected)
    {
        Assert.Equal(expected, RateCapability.Snap(measured));
    }
}
