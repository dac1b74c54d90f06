using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Battery Data Hub / batterydata (DOE/NREL) CSV tables, units as name suffixes: "raw" time series ("Cycle_Index,
/// Step,Time_s,Amphr,Watthr,Current_A,Voltage_V,Cell_Temperature_C,...,Datenum_d,...,Charge_Capacity_Ah,...,
/// Frequency_Hz,Z_Imag_Ohm,...,Cycle_Label,Segment_Label,...") and per-cycle "summary" tables ("Cycle_Index,
/// Cycle_Label,Time_s,Time_d,Datenum_d,...,Q_chg,q_chg,Q_dis,q_dis,CE,E_chg,..."). NaN marks missing values.
/// </summary>
/// <remarks>
/// <para>Raw columns: Time_s → time (s), Voltage_V (V), Current_A → Current (mA, charge positive as written),
/// Charge_Capacity_Ah and Discharge_Capacity_Ah (mAh), Charge_Energy_Wh and Discharge_Energy_Wh (mWh), Amphr →
/// Capacity (mAh, net), Cycle_Index → Cycle, Step, temperatures (C), Frequency_Hz, Z_Real_Ohm, Z_Imag_Ohm (sign as
/// written: positive at high frequency, inductive), Z_Mag_Ohm, Z_Phase_Degree for the impedance segments,
/// Datenum_d (MATLAB days) → UnixTime (s); the label word columns are dropped.</para>
/// <para>Summary tables are read as one row per cycle (metadata rows = "cycles"): Cycle, time (s, "Time_s" at the
/// start of the cycle), ChargeCapacity ("Q_chg") and DischargeCapacity ("Q_dis") in mAh from Ah, energies
/// ("E_chg", "E_dis") in mWh from Wh; the normalised and derived figures (q_chg, CE, EE, V_avg...) as Other.</para>
/// </remarks>
public sealed class BatteryDataCsvParser : IInstrumentParser
{
    public string Format => "batterydata-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 1);
        return lines.Count > 0 && (IsRaw(lines[0]) || IsSummary(lines[0]));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        if (!lines.TryRead(out var header) || header.Trim().Length == 0)
        {
            throw new InstrumentFileException(fileName, "empty file: expected a batterydata header row", 1);
        }
        bool summary = IsSummary(header);
        if (!summary && !IsRaw(header))
        {
            throw new InstrumentFileException(fileName, "expected a batterydata raw or summary header row (Cycle_Index, Time_s, ...)", 1);
        }
        var table = new CyclingTable(fileName, DelimitedText.Split(header, ','), summary ? SummaryRule : RawRule);
        CyclingText.ReadRows(lines, table, ',');
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = "batterydata" };
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

    private static bool IsRaw(string line) =>
        line.StartsWith("Cycle_Index,", StringComparison.Ordinal) && line.Contains(",Time_s,", StringComparison.Ordinal)
        && line.Contains(",Voltage_V", StringComparison.Ordinal) && line.Contains(",Current_A", StringComparison.Ordinal);

    private static bool IsSummary(string line) =>
        line.StartsWith("Cycle_Index,", StringComparison.Ordinal) && line.Contains(",Q_chg,", StringComparison.Ordinal)
        && line.Contains(",Q_dis,", StringComparison.Ordinal);

    private static ColumnRule RawRule(string header) => header.Trim() switch
    {
        "Cycle_Index" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
        "Step" => new ColumnRule("Step", "", Quantity.StepNumber),
        "Time_s" => new ColumnRule("Time", "s", Quantity.TimeS),
        "Amphr" => new ColumnRule("Capacity", "mAh", Quantity.CapacityMAh, 1000),
        "Watthr" => new ColumnRule("Energy", "Wh", Quantity.Other),
        "Current_A" => new ColumnRule("Current", "mA", Quantity.CurrentMA, 1000),
        "Voltage_V" => new ColumnRule("Voltage", "V", Quantity.VoltageV),
        "Cell_Temperature_C" => new ColumnRule("Cell_Temperature", "C", Quantity.TemperatureC),
        "Temp2" => new ColumnRule("Temp2", "C", Quantity.TemperatureC),
        "Datenum_d" => ColumnRule.Clock(),
        "Charge_Capacity_Ah" => new ColumnRule("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, 1000),
        "Discharge_Capacity_Ah" => new ColumnRule("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, 1000),
        "Charge_Energy_Wh" => new ColumnRule("ChargeEnergy", "mWh", Quantity.EnergyMWh, 1000),
        "Discharge_Energy_Wh" => new ColumnRule("DischargeEnergy", "mWh", Quantity.EnergyMWh, 1000),
        "Frequency_Hz" => new ColumnRule("Frequency", "Hz", Quantity.FrequencyHz),
        "Z_Real_Ohm" => new ColumnRule("Z_Real", "Ohm", Quantity.ZRealOhm),
        "Z_Imag_Ohm" => new ColumnRule("Z_Imag", "Ohm", Quantity.ZImagOhm),
        "Z_Mag_Ohm" => new ColumnRule("Z_Mag", "Ohm", Quantity.ZModOhm),
        "Z_Phase_Degree" => new ColumnRule("Z_Phase", "deg", Quantity.PhaseDeg),
        _ => SuffixRule(header.Trim()),
    };

    private static ColumnRule SummaryRule(string header) => header.Trim() switch
    {
        "Cycle_Index" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
        "Time_s" => new ColumnRule("Time", "s", Quantity.TimeS),
        "Datenum_d" => ColumnRule.Clock(),
        "Q_chg" => new ColumnRule("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, 1000),
        "Q_dis" => new ColumnRule("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, 1000),
        "E_chg" => new ColumnRule("ChargeEnergy", "mWh", Quantity.EnergyMWh, 1000),
        "E_dis" => new ColumnRule("DischargeEnergy", "mWh", Quantity.EnergyMWh, 1000),
        _ => SuffixRule(header.Trim()),
    };

    /// <summary>"Power_W", "Differential_Capacity_Ah_V": the unit is the suffix after the name.</summary>
    private static ColumnRule SuffixRule(string header)
    {
        foreach (string unit in (string[])["Ah_V", "V_Ah", "Ah", "Wh", "Ohm", "Hz", "Degree", "W", "V", "A", "C", "s", "d"])
        {
            if (header.EndsWith("_" + unit, StringComparison.Ordinal) && header.Length > unit.Length + 1)
            {
                return new ColumnRule(header[..^(unit.Length + 1)], unit.Replace('_', '/'), Quantity.Other);
            }
        }
        return new ColumnRule(header, "", Quantity.Other);
    }
}
