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
