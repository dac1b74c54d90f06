using HalidePortal.Ingest.Impedance;

namespace HalidePortal.Ingest.Tests.Impedance;

public sealed class ImpedanceSweepTests
{
    private static ParsedMeasurement Read(string name)
    {
        using var stream = File.OpenRead(TestFiles.PathOf(name));
        return InstrumentFormats.Parse(stream, name);
    }

    // impedance.py's exampleData.csv: 66 points from 3.16 mHz up, the 9 highest frequencies inductive (PROVENANCE.md).
    [Fact]
    public void First_AscendingWithInductiveTail_FallingWithoutTail()
    {
        var all = ImpedanceSweep.First(Read("impedancepy_exampleData.csv"), dropInductive: false)!;
        var sweep = ImpedanceSweep.First(Read("impedancepy_exampleData.csv"), dropInductive: true)!;

        Assert.Equal(66, all.FrequencyHz.Length);
        Assert.Equal(57, sweep.FrequencyHz.Length);
        Assert.Equal(9, sweep.ExcludedInductive);
        Assert.True(sweep.FrequencyHz.Zip(sweep.FrequencyHz.Skip(1)).All(p => p.First > p.Second));
        Assert.All(sweep.ZImagOhm, z => Assert.True(z < 0));
    }

    // PyEIS ex1.mpt holds two sweeps of 59 points; the first is taken, cut at 2e4 Hz when asked.
    [Fact]
    public void First_TwoSweeps_FirstOnlyAndCut()
    {
        var measurement = Read("PyEIS_ex1.mpt");

        var sweep = ImpedanceSweep.First(measurement, dropInductive: false)!;
        var cut = ImpedanceSweep.First(measurement, dropInductive: false, maxHz: 2e4)!;

        Assert.Equal(2, sweep.Sweeps);
        Assert.Equal(59, sweep.FrequencyHz.Length);
        Assert.All(cut.FrequencyHz, f => Assert.True(f <= 2e4));
        Assert.True(cut.FrequencyHz.Length < 59);
    }
}
