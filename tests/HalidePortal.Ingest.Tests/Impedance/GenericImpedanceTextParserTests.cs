using System.Text;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Impedance;

namespace HalidePortal.Ingest.Tests.Impedance;

/// <summary>Small files of our own in the layouts the generic reader is for (header names, signs, decimal commas).</summary>
public sealed class GenericImpedanceTextParserTests
{
    private static readonly GenericImpedanceTextParser Parser = new();

    private static ParsedMeasurement ParseText(string text, string name = "own.txt") => TestFiles.Parse(Parser, Encoding.UTF8.GetBytes(text), name);

    [Fact]
    public void Parse_NovaExportWithMinusZ2AndDecimalCommas_ImagAsMeasured()
    {
        const string nova = "Index;Frequency (Hz);Z' (Ω);-Z'' (Ω);Z (Ω);-Phase (°);Time (s)\n"
            + "1;100000;10,5;2,5;10,7935;13,3925;0,51\n"
            + "2;10000;12,0;8,0;14,4222;33,6901;1,02\n"
            + "3;1000;20,0;15,0;25,0;36,8699;2,10\n";

        Assert.True(Parser.CanRead(Encoding.UTF8.GetBytes(nova), "nova.txt"));
        var m = ParseText(nova);

        Assert.Equal(3, m.RowCount);
        Assert.Equal("-Im", m.Metadata[MetadataKeys.ImaginarySign]);
        Assert.Equal([-2.5, -8.0, -15.0], m.Find(Quantity.ZImagOhm)!.Values);
        Assert.Equal(10.5, m.Find(Quantity.ZRealOhm)!.Values[0]);
        Assert.Equal(-13.3925, m.Find(Quantity.PhaseDeg)!.Values[0], 10);
        Assert.Equal(25.0, m.Find(Quantity.ZModOhm)!.Values[^1]);
        Assert.Equal(2.10, m.Find(Quantity.TimeS)!.Values[^1], 10);
        Assert.Contains(m.Columns, c => c.Name == "Index" && c.Quantity == Quantity.Other);
    }

    [Fact]
    public void Parse_UnsignedHeaderMostlyPositive_ReadAsMinusImWithWarning()
    {
        var m = ParseText("f,Zre,Zim\n1000,10,1\n100,12,4\n10,15,6\n1,20,9\n");

        Assert.Equal("-Im", m.Metadata[MetadataKeys.ImaginarySign]);
        Assert.Equal(-9, m.Find(Quantity.ZImagOhm)!.Values[^1]);
        Assert.Single(m.Warnings);
    }

    [Fact]
    public void Parse_HeaderlessMostlyPositive_NegatedLikeAHeaderlessMinusImFile()
    {
        var m = ParseText("1000\t10\t1\n100\t12\t4\n10\t15\t6\n");

        Assert.Equal("-Im", m.Metadata[MetadataKeys.ImaginarySign]);
        Assert.Equal([-1.0, -4.0, -6.0], m.Find(Quantity.ZImagOhm)!.Values);
    }

    [Fact]
    public void Parse_ModulusAndPhaseOnly_ComputesParts()
    {
        var m = ParseText("freq/Hz\t|Z|/Ohm\tPhase(Z)/deg\n1000\t2\t-90\n100\t2\t0\n");

        Assert.Equal(0, m.Find(Quantity.ZRealOhm)!.Values[0], 12);
        Assert.Equal(-2, m.Find(Quantity.ZImagOhm)!.Values[0], 12);
        Assert.Equal(2, m.Find(Quantity.ZRealOhm)!.Values[1], 12);
        Assert.Contains(m.Warnings, w => w.Contains("|Z| and phase", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TwoSweepsOneAfterTheOther_SweepNumbersFromFrequencyReset()
    {
        var m = ParseText("freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm\n1e5,10,1\n1e3,12,3\n10,20,8\n1e5,11,1\n1e3,13,3\n10,21,8\n", "two.csv");

        Assert.Equal([1.0, 1, 1, 2, 2, 2], m.Find(Quantity.SweepNumber)!.Values);
        Assert.Equal("-Im", m.Metadata[MetadataKeys.ImaginarySign]);
    }

    [Fact]
    public void Parse_UnitsInKiloOhm_ConvertedToOhm()
    {
        var m = ParseText("Frequency [kHz];Z' [kOhm];Z'' [kOhm]\n1;1,5;-0,2\n0,1;2,5;-0,9\n");

        Assert.Equal(1000, m.Find(Quantity.FrequencyHz)!.Values[0]);
        Assert.Equal(1500, m.Find(Quantity.ZRealOhm)!.Values[0], 9);
        Assert.Equal(-900, m.Find(Quantity.ZImagOhm)!.Values[^1], 9);
        Assert.Equal("Im", m.Metadata[MetadataKeys.ImaginarySign]);
    }

    [Theory]
    [InlineData("2theta\tintensity\n10.00\t120\n10.02\t130\n10.04\t128\n")]
    [InlineData("10.00 120 11\n10.02 130 11.4\n10.04 128 11.3\n10.06 131 11.4\n")]
    [InlineData("Time(s),Voltage(V),Current(A)\n0,3.5,0.1\n1,3.6,0.1\n")]
    [InlineData("Sample notes: pellet pressed at 370 MPa\n")]
    public void CanRead_OtherTables_False(string text)
    {
        Assert.False(Parser.CanRead(Encoding.UTF8.GetBytes(text), "other.txt"));
    }

    [Fact]
    public void Parse_HeaderlessRowOfFourNumbers_Throws()
    {
        var ex = Assert.Throws<InstrumentFileException>(() => ParseText("1000,10,1,5\n"));
        Assert.Equal(1, ex.Position);
    }
}
