using System.IO.Compression;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest.Tests;

/// <summary>
/// Neware .ndax files from public repositories (see TestData/PROVENANCE.md). Row counts and capacities are the values
/// the independent Python reader NewareNDA (d-cogswell/NewareNDA) reports for the same files.
/// </summary>
public sealed class NewareNdaxParserTests
{
    private static readonly NewareNdaxParser Parser = new();

    private static ParsedMeasurement ParseFile(string name) => NewareTestFiles.Parse(Parser, name);

    private static double[] Values(ParsedMeasurement m, Quantity q) => NewareTestFiles.Values(m, q);

    private static void AssertAllColumnsSameLength(ParsedMeasurement m)
    {
        foreach (var c in m.Columns)
        {
            Assert.Equal(m.RowCount, c.Values.Length);
        }
    }

    [Fact]
    public void Parse_Bts85Version14_Gives699677RowsAndReferenceDischargeCapacities()
    {
        var m = ParseFile("newarenda__BTS85-36-6-5-110-20240424.ndax");

        Assert.Equal("neware-ndax", m.Format);
        Assert.Equal(Technique.Cycling, m.Technique);
        Assert.Equal(699_677, m.RowCount);
        AssertAllColumnsSameLength(m);
        Assert.Equal("14", m.Metadata["ndcVersion"]);
        Assert.Equal("36-0-45", m.Metadata["channel"]);
        Assert.Equal("2024-05-06T08:58:57", m.Metadata["startTime"]);

        // Maximum discharge capacity per cycle, first three cycles (NewareNDA reference, tolerance 0.0005 mAh).
        var cycle = Values(m, Quantity.CycleNumber);
        var discharge = Values(m, Quantity.DischargeCapacityMAh);
        var maxByCycle = new SortedDictionary<double, double>();
        for (int i = 0; i < m.RowCount; i++)
        {
            maxByCycle[cycle[i]] = Math.Max(maxByCycle.GetValueOrDefault(cycle[i]), discharge[i]);
        }
        var firstThree = maxByCycle.Values.Take(3).ToArray();
        Assert.Equal(1.0260, firstThree[0], 0.0005);
        Assert.Equal(1.0312, firstThree[1], 0.0005);
        Assert.Equal(1.0361, firstThree[2], 0.0005);
    }

    [Fact]
    public void Parse_Bts85Version14_TimeIsMonotoneAndCurrentInMilliamps()
    {
        var m = ParseFile("newarenda__BTS85-36-6-5-110-20240424.ndax");
        var time = Values(m, Quantity.TimeS);
        for (int i = 1; i < time.Length; i++)
        {
            Assert.True(time[i] >= time[i - 1], $"time goes back at row {i}");
        }
        // The test runs at 2.66 mA between 1.4 and 3.4 V (PROVENANCE.md).
        var current = Values(m, Quantity.CurrentMA);
        Assert.Equal(2.66, current.Max(), 0.05);
        var voltage = Values(m, Quantity.VoltageV);
        Assert.InRange(voltage.Min(), 1.3, 2.1);
        Assert.InRange(voltage.Max(), 3.3, 3.5);
    }

    [Fact]
    public void Parse_NavaniVersion5_Gives1464Rows()
    {
        var m = ParseFile("navani__test.ndax");

        Assert.Equal(1464, m.RowCount);
        AssertAllColumnsSameLength(m);
        Assert.Equal("5", m.Metadata["ndcVersion"]);
        var voltage = Values(m, Quantity.VoltageV);
        Assert.Equal(3.4666, voltage[0], 1e-9);
        // CCCV cycling between 1.5 and 4.4 V.
        Assert.InRange(voltage.Max(), 4.3, 4.45);
        Assert.Equal(1, Values(m, Quantity.CycleNumber)[0]);
        Assert.Empty(m.Warnings);
    }

    [Fact]
    public void Parse_TestTwoVersion17_Gives108563Rows()
    {
        var m = ParseFile("newarenda__test_2.ndax");

        Assert.Equal(108_563, m.RowCount);
        AssertAllColumnsSameLength(m);
        Assert.Equal("17", m.Metadata["ndcVersion"]);
        Assert.True(Values(m, Quantity.CycleNumber).Max() > 1);
    }

    [Fact]
    public void Parse_Unit27Version14WithTwoAux_Gives301RowsAndTwoTemperatures()
    {
        var m = ParseFile("newarenda__123456789012_Unit27_Example_Data_File.ndax");

        Assert.Equal(301, m.RowCount);
        AssertAllColumnsSameLength(m);
        var temperatures = m.Columns.Where(c => c.Quantity == Quantity.TemperatureC).ToList();
        Assert.Equal(2, temperatures.Count);
        Assert.All(temperatures, t => Assert.InRange(t.Values[0], 20, 30));
        Assert.Equal("123456789012", m.Metadata["barcode"]);
        // A single rest step (step type 4).
        Assert.All(Values(m, Quantity.StepNumber), s => Assert.Equal(1, s));
        Assert.All(m.Columns.Single(c => c.Name == "StepType").Values, s => Assert.Equal(4, s));
    }

    [Fact]
    public void Parse_Version16WithAux_Gives84RowsWithTemperature()
    {
        var m = ParseFile("newarenda__46_1_5_60_ZZZZZZZZTEST_20250924092922.ndax");

        Assert.Equal(84, m.RowCount);
        AssertAllColumnsSameLength(m);
        Assert.Equal("16", m.Metadata["ndcVersion"]);
        Assert.Equal(23.6, Values(m, Quantity.TemperatureC)[0], 1e-9);
        // One CC charge and discharge at 2 A.
        var current = Values(m, Quantity.CurrentMA);
        Assert.Equal(2000, current.Max(), 50.0);
        Assert.Equal(-2000, current.Min(), 50.0);
        var voltage = Values(m, Quantity.VoltageV);
        Assert.InRange(voltage[0], 2.8, 3.0);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, Values(m, Quantity.StepNumber).Distinct().Order().ToArray());
    }

    [Fact]
    public void Parse_CellpyVersion17WithThreeAux_Gives252951Rows()
    {
        var m = ParseFile("cellpy__20260302_IFE_BTS85_2_9_8_1.ndax");

        Assert.Equal(252_951, m.RowCount);
        AssertAllColumnsSameLength(m);
        Assert.Equal("17", m.Metadata["ndcVersion"]);
        Assert.Equal(3, m.Columns.Count(c => c.Name.StartsWith("Aux", StringComparison.Ordinal)));
        Assert.InRange(Values(m, Quantity.TemperatureC)[0], 15, 40);
    }

    [Fact]
    public void Parse_NonSeekableStream_GivesSameRows()
    {
        var bytes = File.ReadAllBytes(NewareTestFiles.PathOf("navani__test.ndax"));
        using var stream = new ForwardOnlyStream(bytes);
        var m = Parser.Parse(stream, "navani__test.ndax");
        Assert.Equal(1464, m.RowCount);
    }

    [Fact]
    public void Parse_UnderGermanCulture_GivesInvariantMetadata()
    {
        var m = TestCulture.Run(TestCulture.German, () => ParseFile("newarenda__BTS85-36-6-5-110-20240424.ndax"));
        Assert.Equal("5.91", m.Metadata["activeMaterialMassMg"]);
        Assert.Equal("2024-05-06T08:58:57", m.Metadata["startTime"]);
    }

    [Fact]
    public void CanRead_NdaxHead_IsTrueAndOtherZipFalse()
    {
        var head = File.ReadAllBytes(NewareTestFiles.PathOf("newarenda__test_2.ndax"))
            .AsSpan(0, 4096);
        Assert.True(Parser.CanRead(head, "x.ndax"));
        Assert.True(Parser.CanRead(head, null));
        Assert.False(Parser.CanRead("hello world"u8, "x.ndax"));
    }

    // ---- bad input ----

    [Fact]
    public void Parse_NotAZip_ThrowsNamingTheFile()
    {
        using var stream = new MemoryStream("this is not a zip archive at all"u8.ToArray());
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "bogus.ndax"));
        Assert.Equal("bogus.ndax", e.FileName);
        Assert.Contains("bogus.ndax", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ZipWithoutDataNdc_ThrowsNamingTheFile()
    {
        using var stream = new MemoryStream(Zip(("Step.xml", "<root/>"u8.ToArray())));
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "empty.ndax"));
        Assert.Equal("empty.ndax", e.FileName);
        Assert.Contains("data.ndc", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedDataNdc_ThrowsNamingTheFileAndPosition()
    {
        var data = ReadEntry("newarenda__test_2.ndax", "data.ndc");
        using var stream = new MemoryStream(Zip(("data.ndc", data[..10_000])));
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "cut.ndax"));
        Assert.Equal("cut.ndax", e.FileName);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Equal(8192, e.Position);
    }

    [Fact]
    public void Parse_TruncatedRunInfo_ThrowsNamingTheFile()
    {
        var data = ReadEntry("newarenda__test_2.ndax", "data.ndc");
        var runInfo = ReadEntry("newarenda__test_2.ndax", "data_runInfo.ndc");
        using var stream = new MemoryStream(Zip(("data.ndc", data), ("data_runInfo.ndc", runInfo[..5000])));
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "cut.ndax"));
        Assert.Contains("data_runInfo.ndc", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderOnlyNdc_ThrowsTruncated()
    {
        using var stream = new MemoryStream(Zip(("data.ndc", new byte[100])));
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "tiny.ndax"));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownNdcVersion_ThrowsNamingFileAndVersion()
    {
        var data = new byte[8192];
        data[0] = 1;
        data[2] = 99;
        using var stream = new MemoryStream(Zip(("data.ndc", data)));
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "future.ndax"));
        Assert.Equal("future.ndax", e.FileName);
        Assert.Contains("version 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CorruptDeflateData_ThrowsNamingTheFile()
    {
        var zip = File.ReadAllBytes(NewareTestFiles.PathOf("navani__test.ndax"));
        // Overwrite the middle of the archive, inside data.ndc's compressed bytes.
        for (int i = 10_000; i < 12_000; i++)
        {
            zip[i] = 0xFF;
        }
        using var stream = new MemoryStream(zip);
        var e = Assert.Throws<InstrumentFileException>(() => Parser.Parse(stream, "corrupt.ndax"));
        Assert.Equal("corrupt.ndax", e.FileName);
    }

    private static byte[] ReadEntry(string file, string entry)
    {
        using var zip = ZipFile.OpenRead(NewareTestFiles.PathOf(file));
        using var s = zip.GetEntry(entry)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Data)[] files)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in files)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(data);
            }
        }
        return ms.ToArray();
    }
}
