using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Arbin MITS Pro CSV exports: one header row of raw table names ("Data_Point,Test_Time,DateTime,Step_Time,
/// Step_Index,Cycle_Index,Current,Voltage,Charge_Capacity,...", units A, V, Ah, Wh, s) or of display names with units
/// ("Data Point,Date Time,Test Time (s),...,Current (A),Charge Capacity (Ah),..."), comma separated; also tables that
/// tools re-saved with extra columns (navani/datalab, BDF "Test Time / s": the first column of each quantity wins,
/// later copies are kept as Other).
/// </summary>
/// <remarks>
/// <para>Columns: Test_Time → time (s), Voltage (V), Current (mA; Arbin writes charge positive, kept),
/// Charge_Capacity and Discharge_Capacity (mAh, both positive, counted from the start of each cycle as the Arbin
/// software shows them), Charge_Energy and Discharge_Energy (mWh), Cycle_Index, Step_Index, temperatures (C), and
/// every other numeric column as Other with its unit. DateTime becomes UnixTime (s): Unix seconds as Arbin stores
/// them, Excel days or a "MM/dd/yyyy HH:mm:ss.fff" text, read as wall clock. Word columns (a "state" letter) are
/// dropped, True/False become 1/0, columns with no value at all are left out.</para>
/// <para>Metadata: startTime (first DateTime; for Unix seconds this is UTC). The one-row "_Metadata.csv" sidecar
/// that beep writes beside the data (",Test_ID,Device_ID,IV_Ch_ID,...") is recognised and refused with a message
/// naming the data file to upload instead.</para>
/// </remarks>
public sealed class ArbinCsvParser : IInstrumentParser
{
    public string Format => "arbin-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 2);
        return lines.Count > 0 && (IsDataHeader(lines[0]) || IsMetadataSidecar(lines[0]));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        if (!lines.TryRead(out var header) || header.Trim().Length == 0)
        {
            throw new InstrumentFileException(fileName, "empty file: expected an Arbin CSV header row", 1);
        }
        if (IsMetadataSidecar(header))
        {
            string data = fileName.Replace("_Metadata", "", StringComparison.OrdinalIgnoreCase);
            throw new InstrumentFileException(fileName,
                $"this is the Arbin metadata sidecar (test id, channel, schedule of one run), not data; upload the data CSV beside it (\"{data}\")", 1);
        }
        if (!IsDataHeader(header))
        {
            throw new InstrumentFileException(fileName, "expected an Arbin header row with Test_Time, Cycle_Index, Current and Voltage", 1);
        }
        char delimiter = DelimitedText.DetectDelimiter(header);
        var table = new CyclingTable(fileName, DelimitedText.Split(header, delimiter), Rule);
        CyclingText.ReadRows(lines, table, delimiter);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Instrument] = "Arbin" };
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

    private static bool IsDataHeader(string line)
    {
        string key = CyclingText.Key(line);
        return key.Contains("test time", StringComparison.Ordinal) && key.Contains("cycle index", StringComparison.Ordinal)
            && key.Contains("voltage", StringComparison.Ordinal)
            && (key.Contains("data point", StringComparison.Ordinal) || key.Contains("step index", StringComparison.Ordinal));
    }

    private static bool IsMetadataSidecar(string line)
    {
        string key = CyclingText.Key(line);
        return key.StartsWith(",test id,", StringComparison.Ordinal) && key.Contains("iv ch id", StringComparison.Ordinal);
    }

    /// <summary>Raw Arbin names carry no unit: A, V, Ah, Wh, s, C.</summary>
    internal static ColumnRule Rule(string header)
    {
        if (header.Trim() == "mAh/g")
        {
            return new ColumnRule("Specific Capacity", "mAh/g", Quantity.Other);
        }
        var (name, unit) = HeaderUnits.Split(header);
        string key = CyclingText.Key(name);
        return key switch
        {
            "test time" => ColumnRule.Canonical("Test_Time", Quantity.TimeS, unit, "s"),
            "step time" => ColumnRule.Canonical("Step_Time", Quantity.TimeS, unit, "s") with { Quantity = Quantity.Other },
            "datetime" or "date time" => ColumnRule.Clock(),
            "cycle index" => new ColumnRule("Cycle_Index", "", Quantity.CycleNumber),
            "step index" => new ColumnRule("Step_Index", "", Quantity.StepNumber),
            "current" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "A"),
            "voltage" => ColumnRule.Canonical("Voltage", Quantity.VoltageV, unit, "V"),
            "charge capacity" => ColumnRule.Canonical("Charge_Capacity", Quantity.ChargeCapacityMAh, unit, "Ah"),
            "discharge capacity" => ColumnRule.Canonical("Discharge_Capacity", Quantity.DischargeCapacityMAh, unit, "Ah"),
            "charge energy" => ColumnRule.Canonical("Charge_Energy", Quantity.EnergyMWh, unit, "Wh"),
            "discharge energy" => ColumnRule.Canonical("Discharge_Energy", Quantity.EnergyMWh, unit, "Wh"),
            "capacity" when unit.Length > 0 => ColumnRule.Canonical("Capacity", Quantity.CapacityMAh, unit, "Ah"),
            "internal resistance" => new ColumnRule("Internal_Resistance", unit.Length > 0 ? unit : "Ohm", Quantity.Other),
            _ when key.StartsWith("temperature", StringComparison.Ordinal) || key.StartsWith("aux temperature", StringComparison.Ordinal)
                => ColumnRule.Canonical(name.Trim(), Quantity.TemperatureC, unit, "C"),
            _ => ColumnRule.Other(header),
        };
    }
}
