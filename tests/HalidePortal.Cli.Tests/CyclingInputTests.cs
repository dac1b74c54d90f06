using HalidePortal.Processing;
using HalidePortal.Ingest;

namespace HalidePortal.Cli.Tests;

/// <summary>The mapping from a parsed file to the cycling analysis input.</summary>
public sealed class CyclingInputTests
{
    private static ParsedMeasurement Measurement(string format, IReadOnlyDictionary<string, string> metadata, params SeriesColumn[] columns) =>
        new() { Format = format, Technique = Technique.Cycling, Columns = columns, Metadata = metadata };

    private static SeriesColumn Column(string name, string unit, Quantity quantity, params double[] values) => new(name, unit, quantity, values);

    [Fact]
    public void From_BioLogicWithoutCurrent_DerivesCurrentFromDqAndShiftsCycles()
    {
        var m = Measurement("biologic-mpr", new Dictionary<string, string> { ["activeMaterialMassMg"] = "4.97" },
            Column("time", "s", Quantity.TimeS, 0, 10, 20, 20),
            Column("Ewe", "V", Quantity.VoltageV, 3.0, 3.1, 3.2, 3.2),
            Column("dq", "mAh", Quantity.Other, 0, 0.001, -0.002, 0),
            Column("cycle number", "", Quantity.CycleNumber, 0, 0, 1, 1),
            Column("Energy charge", "mWh", Quantity.EnergyMWh, 0, 1, 2, 2),
            Column("Energy discharge", "mWh", Quantity.EnergyMWh, 0, 0, 3, 3));

        var input = CyclingInput.From(m);

        // I = 3600 dq / dt: 0.001 mAh in 10 s is 0.36 mA; a row without a time step keeps the previous current.
        Assert.Equal([0, 0.36, -0.72, -0.72], input.Series.CurrentMA.Select(i => Math.Round(i, 12)));
        Assert.Equal([1, 1, 2, 2], input.Series.CycleIndex!);
        Assert.Equal([0, 1, 2, 2], input.Series.ChargeEnergyMWh!);
        Assert.Equal([0, 0, 3, 3], input.Series.DischargeEnergyMWh!);
        Assert.Equal(4.97, input.ActiveMassMg);
        Assert.Contains("Current derived from dq / dt (the file stores no current column).", input.Notes);
    }

    [Fact]
    public void From_NewareMassKeyAndPlaceholderMass()
    {
        SeriesColumn[] columns =
        [
            Column("Time", "s", Quantity.TimeS, 0, 1),
            Column("Voltage", "V", Quantity.VoltageV, 3, 3),
            Column("Current", "mA", Quantity.CurrentMA, 1, 1),
            Column("Cycle", "", Quantity.CycleNumber, 1, 1),
        ];
        var neware = CyclingInput.From(Measurement("neware-ndax", new Dictionary<string, string> { ["activeMaterialMassMg"] = "5.91" }, columns));
        var placeholder = CyclingInput.From(Measurement("biologic-mpr", new Dictionary<string, string> { ["activeMaterialMassMg"] = "0.001" }, columns));

        Assert.Equal(5.91, neware.ActiveMassMg);
        Assert.Equal([1, 1], neware.Series.CycleIndex!);
        Assert.Null(placeholder.ActiveMassMg);
        Assert.Contains("The file's active mass 0.001 mg looks like a placeholder and was not used.", placeholder.Notes);
    }

    [Fact]
    public void From_NoCurrentNoCharge_ThrowsNamingWhat()
    {
        var m = Measurement("biologic-mpr", new Dictionary<string, string>(),
            Column("time", "s", Quantity.TimeS, 0, 1), Column("Ewe", "V", Quantity.VoltageV, 3, 3));

        var error = Assert.Throws<ArgumentException>(() => CyclingInput.From(m));

        Assert.Equal("the file has no current column and no charge column to derive it from", error.Message);
    }
}

/// <summary>Reading the analysis columns block by block gives what reading them whole gives.</summary>
public sealed class CyclingBlockReaderTests
{
    private static readonly SeriesColumnInfo[] Columns =
    [
        new("time", "s", Quantity.TimeS), new("Ewe", "V", Quantity.VoltageV), new("dq", "mAh", Quantity.Other),
        new("cycle number", "", Quantity.CycleNumber), new("Q charge/discharge", "mAh", Quantity.CapacityMAh),
    ];

    private static double[][] Values(int rows)
    {
        var random = new Random(7);
        var time = new double[rows];
        var voltage = new double[rows];
        var dq = new double[rows];
        var cycle = new double[rows];
        var signed = new double[rows];
        for (int i = 1; i < rows; i++)
        {
            // Some rows repeat the time stamp: the current must carry over from the previous row, also across blocks.
            time[i] = time[i - 1] + (random.Next(5) == 0 ? 0 : random.NextDouble() * 10);
            voltage[i] = 3 + random.NextDouble();
            dq[i] = (random.NextDouble() - 0.4) * 1e-3;
            cycle[i] = i / 50;
            signed[i] = i % 37 == 0 ? 0 : signed[i - 1] + dq[i];
        }
        return [time, voltage, dq, cycle, signed];
    }

    [Theory]
    [InlineData("biologic-mpr", 2, true)]
    [InlineData("biologic-mpr", 5, false)]
    [InlineData("neware-ndax", 37, true)]
    public void Convert_InBlocks_SameAsWhole(string format, int blockRows, bool withDq)
    {
        var values = Values(200);
        var columns = withDq ? Columns : Columns.Where(c => c.Name != "dq").ToArray();
        var kept = withDq ? values : values.Where((_, k) => k != 2).ToArray();

        var whole = CyclingBlockReader.For(format, columns).Convert(kept.Select(v => new ArraySegment<double>(v)).ToList());
        var reader = CyclingBlockReader.For(format, columns);
        var parts = new List<HalidePortal.Analysis.Cycling.CyclingSeries>();
        for (int start = 0; start < 200; start += blockRows)
        {
            int length = Math.Min(blockRows, 200 - start);
            parts.Add(reader.Convert(kept.Select(v => new ArraySegment<double>(v, start, length)).ToList()));
        }

        Assert.Equal(whole.CurrentMA, parts.SelectMany(p => p.CurrentMA));
        Assert.Equal(whole.CycleIndex!, parts.SelectMany(p => p.CycleIndex!));
        Assert.Equal(whole.SignedCapacityMAh!, parts.SelectMany(p => p.SignedCapacityMAh!));
        Assert.Equal(format.StartsWith("biologic", StringComparison.Ordinal) ? 1 : 0, whole.CycleIndex![0]);
        Assert.Single(reader.Notes);
    }

    [Fact]
    public void Convert_ReusingArrays_OverwritesThePreviousBlockOfTheSameLength()
    {
        var values = Values(30);
        var reader = CyclingBlockReader.For("biologic-mpr", Columns, reuseArrays: true);
        var fresh = CyclingBlockReader.For("biologic-mpr", Columns);

        var first = reader.Convert(values.Select(v => new ArraySegment<double>(v, 0, 10)).ToList());
        fresh.Convert(values.Select(v => new ArraySegment<double>(v, 0, 10)).ToList());
        var second = reader.Convert(values.Select(v => new ArraySegment<double>(v, 10, 10)).ToList());
        var expected = fresh.Convert(values.Select(v => new ArraySegment<double>(v, 10, 10)).ToList());
        var shorter = reader.Convert(values.Select(v => new ArraySegment<double>(v, 20, 5)).ToList());

        Assert.Same(first.TimeS, second.TimeS);
        Assert.Same(first.CurrentMA, second.CurrentMA);
        Assert.Equal(expected.CurrentMA, second.CurrentMA);
        Assert.Equal(expected.CycleIndex!, second.CycleIndex!);
        Assert.NotSame(second.TimeS, shorter.TimeS);
        Assert.Equal(values[0][20..25], shorter.TimeS);
    }

    [Fact]
    public void For_NoVoltage_ThrowsNamingWhat()
    {
        var error = Assert.Throws<ArgumentException>(() => CyclingBlockReader.For("x", [new SeriesColumnInfo("t", "s", Quantity.TimeS)]));

        Assert.Equal("the file has no voltage column", error.Message);
    }
}
