using HalidePortal.Analysis.Impedance;

namespace HalidePortal.Analysis.Tests.Impedance;

/// <summary><see cref="ImpedanceSpectrum.FirstSweep"/> on real files (the Ingest fixtures).</summary>
public sealed class ImpedanceSpectrumFileTests
{
    // impedance.py's exampleData.csv: 66 points from 3.16 mHz up, the 9 highest frequencies inductive (PROVENANCE.md).
    [Fact]
    public void FirstSweep_AscendingFileWithInductiveTail_FallingAndTailCounted()
    {
        var spectrum = PublishedSpectrum.FirstSweep(PublishedSpectrum.Read("impedancepy_exampleData.csv"));
        var circuit = EquivalentCircuit.Parse("R0-p(R1,C1)-p(R2-Wo1,C2)");
        var (f, _, im) = spectrum.FittedPoints(circuit);

        Assert.Equal(66, spectrum.Count);
        Assert.Equal(9, spectrum.InductiveTail);
        Assert.Equal(57, f.Length);
        Assert.True(f.Zip(f.Skip(1)).All(p => p.First > p.Second));
        Assert.All(im, z => Assert.True(z < 0));
    }

    // PyEIS ex1.mpt holds two sweeps of 59 points; the first is taken, cut at 2e4 Hz when asked.
    [Fact]
    public void FirstSweep_TwoSweeps_FirstOnlyAndCut()
    {
        var measurement = PublishedSpectrum.Read("PyEIS_ex1.mpt");

        var spectrum = PublishedSpectrum.FirstSweep(measurement);
        var cut = PublishedSpectrum.FirstSweep(measurement, maxHz: 2e4);

        Assert.Equal(2, spectrum.Sweeps);
        Assert.Equal(59, spectrum.Count);
        Assert.All(cut.FrequencyHz, f => Assert.True(f <= 2e4));
        Assert.True(cut.Count < 59);
    }
}
