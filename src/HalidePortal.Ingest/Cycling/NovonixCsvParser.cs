using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Novonix HPC/UHPC CSV exports: "[Summary]" key: value lines (Channel, Cell, Mass (g), Capacity (Ah), Area (cm2),
/// Started, Version), a "[Protocol]" block, then "[Data]" with one comma-separated header row ("Date and Time,Cycle
/// Number,Step Type,Run Time (h),Step Time (h),Current (A),Potential (V),Capacity (Ah),...") and data rows; some
/// versions quote every whole line. Also the per-cycle summary beep writes beside it (",Cycle,AverageChargeVoltage,
/// ...,Qc,...,Qd,..."), read as one row per cycle.
/// </summary>
/// <remarks>
/// <para>Data columns: time (s, from "Run Time (h)"), StepTime (s), Voltage (V), Current (mA, positive on charge),
/// ChargeCapacity and DischargeCapacity (mAh: the step capacity "Capacity (Ah)", which Novonix resets every step,
/// on charge or discharge steps, 0 elsewhere), ChargeEnergy and DischargeEnergy (mWh, the same way), Cycle ("Cycle
/// Number"), Step ("Step Number"), StepType (Novonix code: 0 open circuit, 1 CC charge, 2 CC discharge, 7/8 CC and CV
/// part of CC-CV charge, 9/10 of CC-CV discharge), UnixTime (s, "Date and Time"), temperatures (C), others as Other.
/// Direction comes from the step type (a step 1 with negative current counts as discharge, as some firmware writes).</para>
/// <para>Summary files: Cycle, ChargeCapacity ("Qc") and DischargeCapacity ("Qd") in mAh, ChargeEnergy/
/// DischargeEnergy ("Ec"/"Ed") in mWh, read as Ah and Wh as Novonix writes them; the other figures (CE, voltages,
/// slippage...) as Other; metadata rows = "cycles".</para>
/// <para>Metadata: startTime ("Started"), channel, activeMaterialMassMg ("Mass (g)", the mass the user entered for
/// specific capacity), electrodeAreaCm2 ("Area (cm2)"), nominalCapacityMAh, softwareVersion, instrument.</para>
/// </remarks>
public sealed class NovonixCsvParser : IInstrumentParser
{
    public string Format => "novonix-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 3);
        return lines.Count > 1 && ((lines[0].Trim() == "[Summary]" && lines[1].Contains("Novonix", StringComparison.OrdinalIgnoreCase))
            || IsSummaryHeader(lines[0]));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        if (!lines.TryRead(out var first) || first.Trim().Length == 0)
        {
            throw new InstrumentFileException(fileName, "empty file: expected \"[Summary]\"", 1);
        }
        if (IsSummaryHeader(first))
        {
            return ParseSummary(lines, first, fileName);
        }
        if (first.Trim() != "[Summary]")
        {
            throw new InstrumentFileException(fileName, "expected a Novonix file starting \"[Summary]\"", 1);
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Instrument] = "Novonix" };
        string? header = null;
        bool inSummary = true;
        while (lines.TryRead(out var line))
        {
            string trimmed = line.Trim();
            if (trimmed == "[End Summary]")
            {
                inSummary = false;
            }
            else if (trimmed == "[Data]")
            {
                while (lines.TryRead(out var next))
                {
                    if (next.Trim().Length > 0)
                    {
                        header = DelimitedText.UnwrapWholeRow(next, ',');
                        break;
                    }
                }
                break;
            }
            else if (inSummary)
            {
                ReadSummaryLine(trimmed, metadata);
            }
        }
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InstrumentFileException(fileName, "no \"[Data]\" section with a column header row", lines.Number);
        }
        var table = new CyclingTable(fileName, DelimitedText.Split(header, ','), Rule);
        CyclingText.ReadRows(lines, table, ',');

        int current = table.IndexOf(Quantity.CurrentMA);
        int capacity = table.IndexOf(Quantity.CapacityMAh);
        int energy = table.IndexOf(r => r.Name == "Energy");
        int stepType = table.IndexOf(r => r.Name == "StepType");
        if (current < 0 || table.IndexOf(Quantity.VoltageV) < 0 || stepType < 0)
        {
            throw new InstrumentFileException(fileName, "the [Data] header lacks Current, Potential or Step Type", 1);
        }
        var currents = table.Values(current);
        var types = table.Values(stepType);
        var direction = new sbyte[currents.Length];
        for (int i = 0; i < direction.Length; i++)
        {
            direction[i] = types[i] switch
            {
                2 or 9 or 10 => -1,
                1 when currents[i] < 0 => -1,
                1 or 7 or 8 => 1,
                _ => 0,
            };
        }
        var replaced = new Dictionary<int, double[]> { [current] = CyclingText.SignCurrent(currents, direction) };
        var exclude = new HashSet<int>();
        var added = new List<SeriesColumn>();
        if (capacity >= 0)
        {
            var (charge, discharge) = CyclingText.SplitCapacity(table.Values(capacity), direction);
            added.Add(new SeriesColumn("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, charge));
            added.Add(new SeriesColumn("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, discharge));
            exclude.Add(capacity);
        }
        if (energy >= 0)
        {
            var (charge, discharge) = CyclingText.SplitCapacity(table.Values(energy), direction);
            added.Add(new SeriesColumn("ChargeEnergy", "mWh", Quantity.EnergyMWh, charge));
            added.Add(new SeriesColumn("DischargeEnergy", "mWh", Quantity.EnergyMWh, discharge));
            exclude.Add(energy);
        }
        var columns = table.Columns(exclude, replaced);
        columns.AddRange(added);
        CyclingText.AddStartTime(metadata, table, table.IndexOf(r => r.Kind == CellKind.Timestamp));
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(columns),
            Metadata = metadata,
            Warnings = table.Warnings,
        };
    });

    private ParsedMeasurement ParseSummary(NumberedLines lines, string header, string fileName)
    {
        var table = new CyclingTable(fileName, DelimitedText.Split(header, ','), SummaryRule);
        CyclingText.ReadRows(lines, table, ',');
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(table.Columns()),
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [MetadataKeys.Instrument] = "Novonix",
                [MetadataKeys.Rows] = "cycles",
            },
            Warnings = table.Warnings,
        };
    }

    private static bool IsSummaryHeader(string line) =>
        line.StartsWith(",Cycle,AverageChargeVoltage,", StringComparison.Ordinal) && line.Contains(",Qc,", StringComparison.Ordinal);

    private static void ReadSummaryLine(string line, Dictionary<string, string> metadata)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return;
        }
        string key = line[..colon].Trim();
        string value = line[(colon + 1)..].Trim();
        if (value.Length == 0)
        {
            return;
        }
        switch (key)
        {
            case "Channel":
                metadata[MetadataKeys.Channel] = value;
                break;
            case "Started" when ClockText.TryParseTimestamp(value, false, out var start):
                metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(ClockText.ToUnixSeconds(start));
                break;
            case "Mass (g)":
                PutNumber(metadata, MetadataKeys.ActiveMaterialMassMg, value, 1000);
                break;
            case "Area (cm2)":
                PutNumber(metadata, MetadataKeys.ElectrodeAreaCm2, value, 1);
                break;
            case "Capacity (Ah)":
                PutNumber(metadata, "nominalCapacityMAh", value, 1000);
                break;
            case "Version":
                metadata["softwareVersion"] = value;
                break;
            default:
                break;
        }
    }

    private static void PutNumber(Dictionary<string, string> metadata, string key, string text, double factor)
    {
        if (DelimitedText.TryParseNumber(text, false, out double value))
        {
            metadata[key] = (value * factor).ToString("R", CultureInfo.InvariantCulture);
        }
    }

    private static ColumnRule Rule(string header)
    {
        var (name, unit) = HeaderUnits.Split(header);
        return CyclingText.Key(name) switch
        {
            "date and time" => ColumnRule.Clock(),
            "cycle number" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
            "step type" => new ColumnRule("StepType", "", Quantity.Other),
            "step number" => new ColumnRule("Step", "", Quantity.StepNumber),
            "run time" => ColumnRule.Canonical("Time", Quantity.TimeS, unit, "h"),
            "step time" => ColumnRule.Canonical("StepTime", Quantity.TimeS, unit, "h") with { Quantity = Quantity.Other },
            "current" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "A"),
            "potential" => ColumnRule.Canonical("Voltage", Quantity.VoltageV, unit, "V"),
            "capacity" => ColumnRule.Canonical("Capacity", Quantity.CapacityMAh, unit, "Ah"),
            "energy" => ColumnRule.Canonical("Energy", Quantity.EnergyMWh, unit, "Wh"),
            "temperature" or "circuit temperature" => ColumnRule.Canonical(name.Trim(), Quantity.TemperatureC, unit, "C"),
            _ => ColumnRule.Other(header),
        };
    }

    private static ColumnRule SummaryRule(string header) => header.Trim() switch
    {
        "" => new ColumnRule("Row", "", Quantity.Other),
        "Cycle" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
        "Qc" => new ColumnRule("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, 1000),
        "Qd" => new ColumnRule("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, 1000),
        "Ec" => new ColumnRule("ChargeEnergy", "mWh", Quantity.EnergyMWh, 1000),
        "Ed" => new ColumnRule("DischargeEnergy", "mWh", Quantity.EnergyMWh, 1000),
        _ => ColumnRule.Other(header),
    };
}
