using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest.Tests;

/// <summary>
/// Neware .nda files from d-cogswell/NewareNDA (BSD-3-Clause, see TestData/PROVENANCE.md); row counts are those the
/// independent Python reader NewareNDA reports for the same files.
/// </summary>
public sealed class NewareNdaParserTests
{
    private static readonly NewareNdaParser Parser = new();

    private static ParsedMeasurement ParseFile(string name) => NewareTestFiles.Parse(Parser, name);

    private static double[] Values(ParsedMeasurement m, Quantity q) => NewareTestFiles.Values(m, q);

    [Fact]
    public void Parse_Version29_Gives439Rows()
    {
        var m = ParseFile("newarenda__new_nda_file.nda");

        Assert.Equal("neware-nda", m.Format);
        Assert.Equal(439, m.RowCount);
        Assert.Equal("29", m.Metadata["ndaVersion"]);
        Assert.All(m.Columns, c => Assert.Equal(439, c.Values.Length));
        // A +/-0.05 mA test on a dummy-like cell with negative voltages.
        Assert.Equal(-0.0911, Values(m, Quantity.VoltageV)[0], 1e-9);
        Assert.Equal(0.0505, Values(m, Quantity.CurrentMA).Max(), 1e-4);
        Assert.Equal(-0.0505, Values(m, Quantity.CurrentMA).Min(), 1e-4);
        Assert.Equal(6, Values(m, Quantity.StepNumber).Max());
    }

    [Fact]
    public void Parse_Version130Bts91_Gives6670RowsWithTemperature()
    {
        var m = ParseFile("newarenda__TestFile.nda");

        Assert.Equal(6670, m.RowCount);
        Assert.Equal("130", m.Metadata["ndaVersion"]);
        Assert.All(m.Columns, c => Assert.Equal(6670, c.Values.Length));
        // A ~5.8 Ah cell cycled CC/CV.
        Assert.InRange(Values(m, Quantity.DischargeCapacityMAh).Max(), 5700, 5900);
        Assert.InRange(Values(m, Quantity.VoltageV).Max(), 4.1, 4.25);
        Assert.InRange(Values(m, Quantity.TemperatureC)[0], 15, 40);
        Assert.True(Values(m, Quantity.CycleNumber).Max() >= 2);
        var time = Values(m, Quantity.TimeS);
        for (int i = 1; i < time.Length; i++)
        {
            Assert.True(time[i] >= time[i - 1], $"time goes back at row {i}");
        }
    }

    [Fact]
    public void Parse_Version130Bts90_Gives15567Rows()
    {
        var m = ParseFile("newarenda__2-1-6_61[07005012].nda");

        Assert.Equal(15_567, m.RowCount);
        // Pulse test at 1.7 A discharge; discharge capacity reported positive.
        Assert.Equal(-1700, Values(m, Quantity.CurrentMA).Min(), 1.0);
        Assert.InRange(Values(m, Quantity.DischargeCapacityMAh).Max(), 299, 301);
        Assert.True(Values(m, Quantity.DischargeCapacityMAh).Min() >= 0);
    }

    [Fact]
    public void Parse_UnderGermanCulture_GivesInvariantMetadata()
    {
        var m = TestCulture.Run(TestCulture.German, () => ParseFile("newarenda__new_nda_file.nda"));
        Assert.Equal("1", m.Metadata["activeMaterialMassMg"]);
    }

    [Fact]
    public void CanRead_NdaHead_IsTrue()
    {
        var head = File.ReadAllBytes(NewareTestFiles.PathOf("newarenda__TestFile.nda"))
            .AsSpan(0, 4096);
        Assert.True(Parser.CanRead(head, "x.nda"));
        Assert.False(Parser.CanRead("PK\u0003\u0004"u8, "x.nda"));
    }

    [Fact]
    public void Parse_NotNeware_ThrowsNamingTheFile()
    {
        using var stream = new MemoryStream(new byte[4096]);
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "zeros.nda"));
        Assert.Equal("zeros.nda", e.FileName);
    }

    [Fact]
    public void Parse_UnknownVersion_ThrowsNamingVersion()
    {
        var data = File.ReadAllBytes(NewareTestFiles.PathOf("newarenda__new_nda_file.nda"));
        data[14] = 77;
        using var stream = new MemoryStream(data);
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "odd.nda"));
        Assert.Contains("version 77", e.Message, StringComparison.Ordinal);
        Assert.Equal(14, e.Position);
    }

    [Fact]
    public void Parse_HeaderOnly_ThrowsNoRecords()
    {
        var data = File.ReadAllBytes(NewareTestFiles.PathOf("newarenda__new_nda_file.nda"))
            .AsSpan(0, 2000).ToArray();
        using var stream = new MemoryStream(data);
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "cut.nda"));
        Assert.Equal("cut.nda", e.FileName);
    }

    [Fact]
    public void Parse_TruncatedVersion130_KeepsWholeRecordsOnly()
    {
        var data = File.ReadAllBytes(NewareTestFiles.PathOf("newarenda__TestFile.nda"));
        using var stream = new MemoryStream(data.AsSpan(0, 1024 + (56 * 100) + 20).ToArray());
        var m = Parser.Parse(stream, "cut.nda");
        Assert.Equal(100, m.RowCount);
    }
}
