using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Neware BTSDA CSV exports, English or Chinese headers, UTF-8 or GB18030/GB2312 text: the flat record table
/// ("DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,Current(A),Voltage(V),Capacity(Ah),...",
/// BTS 7 "Record ID,...,Cycle ID,Step ID,Current(mA)...", Chinese "数据序号,循环序号,工步号,工步类型,时间,总时间,电流(mA),
/// 电压(V),容量(mAh),...") and the nested "regular" export: three header rows (cycle, step, record; the step row
/// starts with one empty field, the record row with two) and data rows indented the same way, each record row
/// belonging to the cycle and step rows above it.
/// </summary>
/// <remarks>
/// <para>Columns: Time (s, the test clock "Cumulative Time"/"Total Time"/总时间; seconds since the first "Date"
/// when the export has none), StepTime (s), Voltage (V), Current (mA; Neware writes discharge negative, the sign
/// is set from the step type when there is one), Capacity (mAh, the step capacity), ChargeCapacity and
/// DischargeCapacity (mAh, reset every step as BTSDA shows them: "Chg. Cap."/"DChg. Cap." when exported, otherwise
/// the step capacity on charge or discharge steps), energies (mWh) likewise, Cycle ("Cycle Index"), Step (the
/// running step count: "Step Number" in nested exports, "Step Index"/"Step ID" in flat ones), UnixTime (s,
/// from "Date"/"Realtime"), temperatures (C; a "T1(?)" whose degree sign was lost is read as C) and every other
/// numeric column as Other. Durations are "h:mm:ss[.fff]" with hours past 24, or "Nd h:mm:ss".</para>
/// <para>Metadata: startTime (first Date), activeMaterialMassMg (capacity over specific capacity, from the row with
/// the largest capacity, when the export has "Spec. Cap.(mAh/g)"/比容量), instrument.</para>
/// </remarks>
public sealed class NewareCsvParser : IInstrumentParser
{
    public string Format => "neware-csv";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 3);
        return lines.Count > 0 && (IsFlatHeader(lines[0]) || (lines.Count >= 3 && IsNestedHeader(lines)));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        if (!lines.TryRead(out var first) || first.Trim().Length == 0)
        {
            throw new InstrumentFileException(fileName, "empty file: expected a Neware header row", 1);
        }
        if (IsFlatHeader(first))
        {
            return ParseFlat(lines, first, fileName);
        }
        if (lines.TryRead(out var second) && lines.TryRead(out var third) && IsNestedHeader([first, second, third]))
        {
            return ParseNested(lines, first, second, third, fileName);
        }
        throw new InstrumentFileException(fileName,
            "expected a Neware header: a record row (DataPoint, Cycle Index, Voltage...) or cycle/step/record rows", lines.Number);
    });

    private ParsedMeasurement ParseFlat(NumberedLines lines, string header, string fileName)
    {
        char delimiter = DelimitedText.DetectDelimiter(header);
        var table = new CyclingTable(fileName, DelimitedText.Split(header, delimiter), h => Rule(h, nested: false));
        CyclingText.ReadRows(lines, table, delimiter);
        int stepType = table.IndexOf(r => r.Name == "StepType");
        sbyte[]? direction = stepType >= 0 ? table.Texts(stepType).Select(Direction).ToArray() : null;
        return Finish(table, direction, [], fileName);
    }

    private ParsedMeasurement ParseNested(NumberedLines lines, string cycleHeader, string stepHeader, string recordHeader, string fileName)
    {
        char delimiter = DelimitedText.DetectDelimiter(recordHeader);
        var cycleFields = DelimitedText.Split(cycleHeader, delimiter);
        var stepFields = DelimitedText.Split(stepHeader, delimiter);
        var recordFields = DelimitedText.Split(recordHeader, delimiter);
        int cycleAt = 0;
        int stepNumberAt = stepFields.FindIndex(f => Key(f) is "step number" or "工步数" or "工步序号");
        int stepIndexAt = stepFields.FindIndex(f => Key(f) is "step index" or "工步号" or "step id");
        int stepTypeAt = stepFields.FindIndex(f => Key(f) is "step type" or "工步类型" or "状态");
        if (stepTypeAt < 0 || (stepNumberAt < 0 && stepIndexAt < 0))
        {
            throw new InstrumentFileException(fileName, "the step header row names no step type or step number", 2);
        }

        var table = new CyclingTable(fileName, recordFields.Skip(2).ToList(), h => Rule(h, nested: true));
        var cycle = new List<double>();
        var step = new List<double>();
        var stepIndex = new List<double>();
        var direction = new List<sbyte>();
        double currentCycle = double.NaN, currentStep = double.NaN, currentStepIndex = double.NaN;
        sbyte currentDirection = 0;
        while (lines.TryRead(out var line))
        {
            if (line.Length == 0 || CyclingText.IsBlankRow(line, delimiter))
            {
                continue;
            }
            var fields = DelimitedText.Split(line, delimiter);
            if (fields[0].Length > 0)
            {
                currentCycle = Number(fields, cycleAt, fileName, lines.Number, cycleFields[cycleAt]);
                // The first cycle row may carry its first step row on the same line, after the cycle fields.
                if (fields.Count <= cycleFields.Count || fields[cycleFields.Count].Length == 0)
                {
                    continue;
                }
                fields = ["", .. fields.Skip(cycleFields.Count)];
            }
            if (fields.Count > 1 && fields[1].Length > 0)
            {
                currentStep = Number(fields, stepNumberAt >= 0 ? stepNumberAt : stepIndexAt, fileName, lines.Number, "Step Number");
                currentStepIndex = stepIndexAt >= 0 ? Number(fields, stepIndexAt, fileName, lines.Number, "Step Index") : double.NaN;
                currentDirection = stepTypeAt < fields.Count ? Direction(fields[stepTypeAt]) : (sbyte)0;
            }
            else
            {
                table.Add(fields.GetRange(2, fields.Count - 2), lines.Number);
                cycle.Add(currentCycle);
                step.Add(currentStep);
                stepIndex.Add(currentStepIndex);
                direction.Add(currentDirection);
            }
        }
        table.Complete(lines.Number);
        var extra = new List<SeriesColumn>
        {
            new("Cycle", "", Quantity.CycleNumber, [.. cycle]),
            new("Step", "", Quantity.StepNumber, [.. step]),
        };
        if (stepIndexAt >= 0 && stepNumberAt >= 0)
        {
            extra.Add(new SeriesColumn("StepIndex", "", Quantity.Other, [.. stepIndex]));
        }
        return Finish(table, [.. direction], extra, fileName);
    }

    private ParsedMeasurement Finish(CyclingTable table, sbyte[]? direction, List<SeriesColumn> extra, string fileName)
    {
        int time = table.IndexOf(Quantity.TimeS);
        int clock = table.IndexOf(r => r.Kind == CellKind.Timestamp);
        int current = table.IndexOf(Quantity.CurrentMA);
        int voltage = table.IndexOf(Quantity.VoltageV);
        int capacity = table.IndexOf(Quantity.CapacityMAh);
        int energy = table.IndexOf(r => r.Name == "Energy");
        if (current < 0 || voltage < 0)
        {
            throw new InstrumentFileException(fileName, "the Neware header names no current or voltage column", 1);
        }

        var replaced = new Dictionary<int, double[]>();
        var exclude = new HashSet<int>();
        var added = new List<SeriesColumn>();
        if (time < 0 && clock >= 0)
        {
            var stamps = table.Values(clock);
            double start = table.FirstValue(clock) ?? 0;
            added.Add(new SeriesColumn("Time", "s", Quantity.TimeS, stamps.Select(s => s - start).ToArray()));
            table.Warnings.Add("no test time column: time is counted from the first Date");
        }
        if (direction is not null)
        {
            replaced[current] = CyclingText.SignCurrent(table.Values(current), direction);
            if (capacity >= 0 && table.IndexOf(Quantity.ChargeCapacityMAh) < 0 && table.IndexOf(Quantity.DischargeCapacityMAh) < 0)
            {
                var (charge, discharge) = CyclingText.SplitCapacity(table.Values(capacity), direction);
                added.Add(new SeriesColumn("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, charge));
                added.Add(new SeriesColumn("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, discharge));
            }
            if (energy >= 0 && table.IndexOf(r => r.Name is "ChargeEnergy" or "DischargeEnergy") < 0)
            {
                var (charge, discharge) = CyclingText.SplitCapacity(table.Values(energy), direction);
                added.Add(new SeriesColumn("ChargeEnergy", "mWh", Quantity.EnergyMWh, charge));
                added.Add(new SeriesColumn("DischargeEnergy", "mWh", Quantity.EnergyMWh, discharge));
                exclude.Add(energy);
            }
        }
        var columns = table.Columns(exclude, replaced);
        if (table.IndexOf(r => r.Name is "ChargeEnergy" or "DischargeEnergy") >= 0)
        {
            // Beside exported charge/discharge energies, the unsplit step energy would count twice as energy.
            int at = columns.FindIndex(c => c.Name == "Energy");
            if (at >= 0)
            {
                columns[at] = columns[at] with { Quantity = Quantity.Other };
            }
        }
        columns.InsertRange(0, added.Where(c => c.Quantity == Quantity.TimeS));
        columns.AddRange(added.Where(c => c.Quantity != Quantity.TimeS));
        columns.AddRange(extra);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Instrument] = "Neware" };
        CyclingText.AddStartTime(metadata, table, clock);
        int specific = table.IndexOf(r => r.Name == "SpecificCapacity");
        if (capacity >= 0 && specific >= 0 && ActiveMassMg(table.Values(capacity), table.Values(specific)) is { } mass)
        {
            metadata[MetadataKeys.ActiveMaterialMassMg] = mass.ToString("G4", CultureInfo.InvariantCulture);
        }
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(columns),
            Metadata = metadata,
            Warnings = table.Warnings,
        };
    }

    /// <summary>mg from mAh over mAh/g at the row with the largest capacity (the most significant digits).</summary>
    private static double? ActiveMassMg(double[] capacityMAh, double[] specificMAhPerG)
    {
        int best = -1;
        for (int i = 0; i < capacityMAh.Length; i++)
        {
            if (specificMAhPerG[i] > 0 && capacityMAh[i] > 0 && (best < 0 || capacityMAh[i] > capacityMAh[best]))
            {
                best = i;
            }
        }
        return best < 0 ? null : capacityMAh[best] / specificMAhPerG[best] * 1000;
    }

    private static double Number(List<string> fields, int at, string fileName, long line, string column)
    {
        if (at >= fields.Count || !DelimitedText.TryParseNumber(fields[at], false, out double value))
        {
            throw new InstrumentFileException(fileName, $"\"{(at < fields.Count ? fields[at] : "")}\" in column \"{column}\" is not a number", line);
        }
        return value;
    }

    private static sbyte Direction(string stepType)
    {
        if (stepType.Contains("DChg", StringComparison.OrdinalIgnoreCase) || stepType.Contains("放电", StringComparison.Ordinal)
            || stepType.Contains("Discharge", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }
        return stepType.Contains("Chg", StringComparison.OrdinalIgnoreCase) || stepType.Contains("充电", StringComparison.Ordinal)
            || stepType.Contains("Charge", StringComparison.OrdinalIgnoreCase)
            ? (sbyte)1
            : (sbyte)0;
    }

    private static string Key(string header) => CyclingText.Key(HeaderUnits.Split(Ascii(header)).Name);

    /// <summary>Chinese exports may write full-width brackets: "电流（mA）".</summary>
    private static string Ascii(string header) => header.Replace('（', '(').Replace('）', ')').Trim();

    private static bool IsFlatHeader(string line)
    {
        var keys = DelimitedText.Split(line, DelimitedText.DetectDelimiter(line)).Select(Key).ToHashSet(StringComparer.Ordinal);
        return keys.Overlaps(["datapoint", "data point", "record id", "record index", "数据序号", "记录序号"])
            && keys.Overlaps(["cycle index", "cycle id", "cycle", "循环序号", "循环号", "循环"])
            && keys.Overlaps(["voltage", "电压"])
            && !keys.Contains("test time");
    }

    private static bool IsNestedHeader(IReadOnlyList<string> lines)
    {
        string first = Key(lines[0].Split(',')[0]);
        return first is "cycle index" or "cycle id" or "循环序号" or "循环号"
            && lines[1].StartsWith(',') && !lines[1].StartsWith(",,", StringComparison.Ordinal)
            && lines[2].StartsWith(",,", StringComparison.Ordinal)
            && (lines[2].Contains("Voltage", StringComparison.OrdinalIgnoreCase) || lines[2].Contains("电压", StringComparison.Ordinal));
    }

    private static ColumnRule Rule(string header, bool nested)
    {
        var (name, unit) = HeaderUnits.Split(Ascii(header));
        string key = CyclingText.Key(name);
        return key switch
        {
            "datapoint" or "data point" or "record id" or "record index" or "数据序号" or "记录序号" => new ColumnRule("DataPoint", "", Quantity.Other),
            "cycle index" or "cycle id" or "cycle" or "循环序号" or "循环号" or "循环" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
            "step index" or "step id" or "工步号" or "工步序号" or "步次" when !nested => new ColumnRule("Step", "", Quantity.StepNumber),
            "step type" or "工步类型" or "状态" => ColumnRule.Text("StepType"),
            "time" or "step time" or "时间" or "相对时间" => ColumnRule.Canonical("StepTime", Quantity.TimeS, unit.Contains(':', StringComparison.Ordinal) ? "" : unit, "s", CellKind.Duration) with { Quantity = Quantity.Other },
            "cumulative time" or "total time" or "test time" or "总时间" or "累计时间" => ColumnRule.Canonical("Time", Quantity.TimeS, unit.Contains(':', StringComparison.Ordinal) ? "" : unit, "s", CellKind.Duration),
            "current" or "电流" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "mA"),
            "voltage" or "电压" => ColumnRule.Canonical("Voltage", Quantity.VoltageV, unit, "V"),
            "capacity" or "容量" => ColumnRule.Canonical("Capacity", Quantity.CapacityMAh, unit, "mAh"),
            "chg. cap." or "capacitance chg" or "充电容量" => ColumnRule.Canonical("ChargeCapacity", Quantity.ChargeCapacityMAh, unit, "mAh"),
            "dchg. cap." or "capacitance dchg" or "放电容量" => ColumnRule.Canonical("DischargeCapacity", Quantity.DischargeCapacityMAh, unit, "mAh"),
            "spec. cap." or "capacity density" or "比容量" => new ColumnRule("SpecificCapacity", unit, Quantity.Other),
            "energy" or "能量" => ColumnRule.Canonical("Energy", Quantity.EnergyMWh, unit, "mWh"),
            "chg. energy" or "engy chg" or "充电能量" => ColumnRule.Canonical("ChargeEnergy", Quantity.EnergyMWh, unit, "mWh"),
            "dchg. energy" or "engy dchg" or "放电能量" => ColumnRule.Canonical("DischargeEnergy", Quantity.EnergyMWh, unit, "mWh"),
            "date" or "realtime" or "日期" or "绝对时间" or "系统时间" => ColumnRule.Clock(),
            _ when IsTemperature(key, unit) => new ColumnRule(name.Trim(), "C", Quantity.TemperatureC),
            _ => ColumnRule.Other(Ascii(header)),
        };
    }

    private static bool IsTemperature(string key, string unit) =>
        unit is "℃" or "°C" or "C" or "degC" || key.Contains("温度", StringComparison.Ordinal)
        || (unit == "?" && key.Length >= 2 && key[0] == 't' && char.IsAsciiDigit(key[1]));
}
