using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// PEC SBT test exports (.csv): a preamble of "Key:,value" lines (Test:, TestRegime Name:, Start Time:, ...), then
/// a header row "Test,Cell,Rack,Shelf,Position,Cell ID,Step,Instruction Name,Cycle,Total Time (Hours in
/// hh:mm:ss.xxx),...,Voltage (V),Current (A),Charge Capacity (mAh),Discharge Capacity (mAh),..." and comma-separated
/// rows.
/// </summary>
/// <remarks>
/// <para>Columns: Total Time → time (s), Step Time (Seconds) → StepTime (s), Voltage (V), Current (mA, as PEC
/// writes it), Charge Capacity and Discharge Capacity (mAh), Charge Energy and Discharge Energy (mWh), Cycle, Step,
/// temperatures (C), Real Time → UnixTime (s, "MM/dd/yyyy HH:mm:ss"); word columns (Rack, Cell ID, Instruction Name)
/// are dropped, other numbers kept as Other with their units.</para>
/// <para>Metadata: startTime ("Start Time"), testName ("TestRegime Name"), testId ("Test"), instrument.</para>
/// </remarks>
public sealed class PecCsvParser : IInstrumentParser
{
    private const int MaxPreambleLines = 200;

    public string Format => "pec-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 64);
        return lines.Any(IsHeader) || (lines.Count > 2 && lines[0].StartsWith("Request Year:,", StringComparison.Ordinal)
            && lines[1].StartsWith("Test:,", StringComparison.Ordinal) && lines.Any(l => l.StartsWith("TestRegime Name:,", StringComparison.Ordinal)));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Instrument] = "PEC" };
        string? header = null;
        while (lines.Number < MaxPreambleLines && lines.TryRead(out var line))
        {
            if (IsHeader(line))
            {
                header = line;
                break;
            }
            var fields = DelimitedText.Split(line, ',');
            if (fields.Count < 2 || fields[1].Length == 0)
            {
                continue;
            }
            switch (fields[0])
            {
                case "Start Time:" when ClockText.TryParseTimestamp(fields[1], false, out var start):
                    metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(ClockText.ToUnixSeconds(start));
                    break;
                case "TestRegime Name:":
                    metadata["testName"] = fields[1];
                    break;
                case "Test:":
                    metadata["testId"] = fields[1];
                    break;
                default:
                    break;
            }
        }
        if (header is null)
        {
            throw new InstrumentFileException(fileName,
                lines.Number == 0 ? "empty file" : "no PEC column header row (\"Test,Cell,Rack,Shelf,Position,...\")", lines.Number);
        }
        var table = new CyclingTable(fileName, DelimitedText.Split(header, ','), Rule);
        CyclingText.ReadRows(lines, table, ',');
        CyclingText.AddStartTime(metadata, table, table.IndexOf(r => r.Name == "UnixTime"));
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(table.Columns()),
            Metadata = metadata,
            Warnings = table.Warnings,
        };
    });

    private static bool IsHeader(string line) =>
        line.StartsWith("Test,Cell,Rack,Shelf,Position,", StringComparison.Ordinal) && line.Contains("Voltage", StringComparison.Ordinal);

    private static ColumnRule Rule(string header)
    {
        var (name, unit) = HeaderUnits.Split(header);
        string clockUnit = unit.Contains(':', StringComparison.Ordinal) ? "" : unit;
        return name.Trim() switch
        {
            "Step" => new ColumnRule("Step", "", Quantity.StepNumber),
            "Cycle" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
            "Total Time" => ColumnRule.Canonical("Time", Quantity.TimeS, clockUnit, "s", CellKind.Duration),
            "Step Time" => ColumnRule.Canonical("StepTime", Quantity.TimeS, clockUnit, "s", CellKind.Duration) with { Quantity = Quantity.Other },
            "Load On Time" or "Cycle Charge Time" or "Cycle Discharge Time"
                => ColumnRule.Canonical(name.Trim(), Quantity.TimeS, clockUnit, "s", CellKind.Duration) with { Quantity = Quantity.Other },
            "Real Time" => ColumnRule.Clock(),
            "Position Start Time" => ColumnRule.Clock("Position Start Time"),
            "Voltage" => ColumnRule.Canonical("Voltage", Quantity.VoltageV, unit, "V"),
            "Current" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "A"),
            "Charge Capacity" => ColumnRule.Canonical("ChargeCapacity", Quantity.ChargeCapacityMAh, unit, "mAh"),
            "Discharge Capacity" => ColumnRule.Canonical("DischargeCapacity", Quantity.DischargeCapacityMAh, unit, "mAh"),
            "Charge Energy" => ColumnRule.Canonical("ChargeEnergy", Quantity.EnergyMWh, unit, "mWh"),
            "Discharge Energy" => ColumnRule.Canonical("DischargeEnergy", Quantity.EnergyMWh, unit, "mWh"),
            "Temp" or "Station Temperature" => ColumnRule.Canonical(name.Trim(), Quantity.TemperatureC, unit, "C"),
            _ => ColumnRule.Other(header),
        };
    }
}
