using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// BaSyTec Battery Test System result files (.txt): header lines starting "~" ("~Resultfile from Basytec Battery
/// Test System", "~Start of Test: 19.06.2023 17:56:53", "~Testchannel: ..."), the last of them the column header
/// ("~Time[s]&#9;DataSet&#9;t-Step[s]&#9;...&#9;U[V]&#9;I[A]&#9;...&#9;Cyc-Count&#9;Count&#9;State"), then tab-separated
/// rows, decimal point or comma.
/// </summary>
/// <remarks>
/// <para>Columns: Time[s] → time (s), U[V] → Voltage (V), I[A] → Current (mA, BaSyTec writes charge positive,
/// kept), Ah-Cyc-Charge and Ah-Cyc-Discharge → ChargeCapacity and DischargeCapacity (mAh, counted per cycle as
/// BaSyTec shows them, discharge made positive), Wh-Cyc-Charge/Discharge → ChargeEnergy/DischargeEnergy (mWh,
/// likewise), Ah[Ah] → Capacity (mAh, the running net charge), Cyc-Count → Cycle, Line → Step (the test-plan line),
/// T1[°C] (degree sign often mangled) → temperature (C); the Command word column (Pause, Charge, Discharge...) is
/// dropped; others as Other.</para>
/// <para>Metadata: startTime ("Start of Test", day first), channel ("Testchannel"), testName, instrument.</para>
/// </remarks>
public sealed class BasytecTextParser : IInstrumentParser
{
    private const int MaxHeaderLines = 100;

    public string Format => "basytec-text";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, MaxHeaderLines);
        return lines.Count > 0 && lines[0].StartsWith('~')
            && (lines[0].Contains("Basytec", StringComparison.OrdinalIgnoreCase) || lines.Any(IsColumnHeader));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Instrument] = "BaSyTec" };
        string? header = null;
        while (lines.TryRead(out var line))
        {
            if (!line.StartsWith('~'))
            {
                lines.PushBack(line);
                break;
            }
            if (IsColumnHeader(line))
            {
                header = line[1..];
                continue;
            }
            ReadHeaderLine(line[1..], metadata);
        }
        if (header is null)
        {
            throw new InstrumentFileException(fileName,
                lines.Number == 0 ? "empty file" : "no \"~Time[s] ... U[V] ... I[A]\" column header line", lines.Number);
        }
        var table = new CyclingTable(fileName, DelimitedText.Split(header, '\t'), Rule);
        CyclingText.ReadRows(lines, table, '\t');
        var replaced = new Dictionary<int, double[]>();
        foreach (int column in new[] { table.IndexOf(Quantity.DischargeCapacityMAh), table.IndexOf(r => r.Name == "DischargeEnergy") })
        {
            if (column >= 0)
            {
                replaced[column] = table.Values(column).Select(Math.Abs).ToArray();
            }
        }
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(table.Columns(replaced: replaced)),
            Metadata = metadata,
            Warnings = table.Warnings,
        };
    });

    private static bool IsColumnHeader(string line) =>
        line.StartsWith("~Time[", StringComparison.Ordinal) && line.Contains("U[V]", StringComparison.Ordinal)
        && line.Contains("\tI[", StringComparison.Ordinal);

    private static void ReadHeaderLine(string line, Dictionary<string, string> metadata)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return;
        }
        string key = line[..colon].Trim();
        string value = line[(colon + 1)..].Trim();
        switch (key)
        {
            case "Start of Test" when ClockText.TryParseTimestamp(value, dayFirst: true, out var start):
                metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(ClockText.ToUnixSeconds(start));
                break;
            case "Testchannel" when value.Length > 0:
                metadata[MetadataKeys.Channel] = value;
                break;
            case "Name of Test" when value.Length > 0:
                metadata["testName"] = value;
                break;
            default:
                break;
        }
    }

    private static ColumnRule Rule(string header)
    {
        var (name, unit) = HeaderUnits.Split(header);
        string n = name.Trim();
        return n switch
        {
            "Time" => ColumnRule.Canonical("Time", Quantity.TimeS, unit, "s"),
            "t-Step" => ColumnRule.Canonical("StepTime", Quantity.TimeS, unit, "s") with { Quantity = Quantity.Other },
            "U" => ColumnRule.Canonical("Voltage", Quantity.VoltageV, unit, "V"),
            "I" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "A"),
            "Ah" => ColumnRule.Canonical("Capacity", Quantity.CapacityMAh, unit, "Ah"),
            "Ah-Cyc-Charge" => ColumnRule.Canonical("ChargeCapacity", Quantity.ChargeCapacityMAh, unit, "Ah"),
            "Ah-Cyc-Discharge" => ColumnRule.Canonical("DischargeCapacity", Quantity.DischargeCapacityMAh, unit, "Ah"),
            "Wh-Cyc-Charge" => ColumnRule.Canonical("ChargeEnergy", Quantity.EnergyMWh, unit, "Wh"),
            "Wh-Cyc-Discharge" => ColumnRule.Canonical("DischargeEnergy", Quantity.EnergyMWh, unit, "Wh"),
            "Cyc-Count" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
            "Line" => new ColumnRule("Step", "", Quantity.StepNumber),
            "Command" => ColumnRule.Text("Command"),
            _ when n.Length >= 2 && n[0] == 'T' && char.IsAsciiDigit(n[1]) && unit.EndsWith('C') => new ColumnRule(n, "C", Quantity.TemperatureC),
            _ when n.StartsWith("Ah-", StringComparison.Ordinal) && unit.Length == 0 => new ColumnRule(n, "Ah", Quantity.Other),
            _ when n.StartsWith("Wh-", StringComparison.Ordinal) && unit.Length == 0 => new ColumnRule(n, "Wh", Quantity.Other),
            _ => ColumnRule.Other(header),
        };
    }
}
