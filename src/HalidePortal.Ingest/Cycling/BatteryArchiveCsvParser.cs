using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Battery Archive (batteryarchive.org) CSV downloads, which share one schema whatever the cycler: time series
/// ("Date_Time,Test_Time (s),Cycle_Index,Current (A),Voltage (V),Charge_Capacity (Ah),Discharge_Capacity (Ah),
/// Charge_Energy (Wh),Discharge_Energy (Wh),Environment_Temperature (C),Cell_Temperature (C)") and per-cycle
/// summaries ("Cycle_Index,Start_Time,End_Time,Test_Time (s),Min_Current (A),...,Charge_Capacity (Ah),...").
/// </summary>
/// <remarks>
/// <para>Time series columns: time (s), Voltage (V), Current (mA, charge positive as the archive normalises it),
/// ChargeCapacity and DischargeCapacity (mAh, as the source cycler counted them), ChargeEnergy and DischargeEnergy
/// (mWh), Cycle, temperatures (C), UnixTime (s, from Date_Time). Metadata: startTime, source "batteryarchive".</para>
/// <para>Per-cycle summaries are read as one row per cycle (metadata rows = "cycles"): Cycle, time (s, test time at
/// the end of the cycle), ChargeCapacity and DischargeCapacity (mAh), energies (mWh), the current and voltage
/// extremes as Other (mA, V).</para>
/// </remarks>
public sealed class BatteryArchiveCsvParser : IInstrumentParser
{
    public string Format => "batteryarchive-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 1);
        return lines.Count > 0 && (IsTimeSeries(lines[0]) || IsCycleSummary(lines[0]));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        if (!lines.TryRead(out var header) || header.Trim().Length == 0)
        {
            throw new InstrumentFileException(fileName, "empty file: expected a Battery Archive header row", 1);
        }
        bool summary = IsCycleSummary(header);
        if (!summary && !IsTimeSeries(header))
        {
            throw new InstrumentFileException(fileName, "expected a Battery Archive time-series or cycle-data header row", 1);
        }
        var table = new CyclingTable(fileName, DelimitedText.Split(header, ','), Rule);
        CyclingText.ReadRows(lines, table, ',');
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = "batteryarchive" };
        if (summary)
        {
            metadata[MetadataKeys.Rows] = "cycles";
        }
        CyclingText.AddStartTime(metadata, table, table.IndexOf(r => r.Kind == CellKind.Timestamp));
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(table.Columns()),
            Metadata = metadata,
            Warnings = table.Warnings,
        };
    });

    private static bool IsTimeSeries(string line) =>
        line.StartsWith("Date_Time,Test_Time (s),Cycle_Index,", StringComparison.Ordinal) && line.Contains("Voltage (V)", StringComparison.Ordinal);

    private static bool IsCycleSummary(string line) =>
        line.StartsWith("Cycle_Index,Start_Time,End_Time,Test_Time (s),", StringComparison.Ordinal);

    private static ColumnRule Rule(string header)
    {
        var (name, unit) = HeaderUnits.Split(header);
        return name.Trim() switch
        {
            "Date_Time" => ColumnRule.Clock(),
            "Start_Time" or "End_Time" => ColumnRule.Clock(name.Trim()),
            "Test_Time" => ColumnRule.Canonical("Time", Quantity.TimeS, unit, "s"),
            "Cycle_Index" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
            "Current" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "A"),
            "Voltage" => ColumnRule.Canonical("Voltage", Quantity.VoltageV, unit, "V"),
            "Charge_Capacity" => ColumnRule.Canonical("ChargeCapacity", Quantity.ChargeCapacityMAh, unit, "Ah"),
            "Discharge_Capacity" => ColumnRule.Canonical("DischargeCapacity", Quantity.DischargeCapacityMAh, unit, "Ah"),
            "Charge_Energy" => ColumnRule.Canonical("ChargeEnergy", Quantity.EnergyMWh, unit, "Wh"),
            "Discharge_Energy" => ColumnRule.Canonical("DischargeEnergy", Quantity.EnergyMWh, unit, "Wh"),
            "Environment_Temperature" or "Cell_Temperature" => ColumnRule.Canonical(name.Trim(), Quantity.TemperatureC, unit, "C"),
            "Min_Current" or "Max_Current" => ColumnRule.Canonical(name.Trim(), Quantity.CurrentMA, unit, "A") with { Quantity = Quantity.Other },
            _ => ColumnRule.Other(header),
        };
    }
}
