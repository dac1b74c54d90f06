using System.Globalization;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Maccor text exports (MIMS "Export Data", file extension = channel number such as .001, or .txt/.csv): a few
/// preamble lines ("Today's Date ... Date of Test: ... Filename: ... Procedure: ...", or a key/value block "Name:",
/// "Channel:", "Procedure", "Started"...), then a column header row starting "Rec#&#9;Cyc#" or "Rec&#9;Cycle P&#9;Cycle C",
/// tab separated (comma in the CSV variant), decimal point or decimal comma.
/// </summary>
/// <remarks>
/// <para>Units as the header names them: Amps/mAmps/"Current [A]"/"Current" (A when unnamed), Amp-hr/mAmp-hr/
/// "Cap. [Ah]"/"Capacity" (Ah), Watt-hr/mWatt-hr/"Ener. [Wh]"/"Energy" (Wh), Volts/"Voltage [V]". Exports with the
/// milli unit set (mAmps) write "Volts" in mV; such voltages (above 100) are divided by 1000 with a warning.
/// Test time: "Test (Min)", "Test (Sec)", "Test Time (sec)", or "TestTime" written "3d 18:47:22.59" or as a plain
/// number whose unit the export does not state (minutes in the files seen): it is judged from the span of the
/// "DPt Time" clock (seconds, minutes or hours, whichever matches), minutes when there is no clock.</para>
/// <para>Columns: time (s), StepTime (s, Other), Voltage (V), Current (mA, positive on charge: Maccor writes
/// |I| in older exports and negative discharge in newer ones, so the sign is set from the state), ChargeCapacity
/// and DischargeCapacity (mAh: the step capacity, which Maccor resets every step, on rows whose state "State"/"Md"
/// is C or D; 0 elsewhere), ChargeEnergy and DischargeEnergy (mWh, the same way), Cycle ("Cyc#", or "Cycle C"
/// when the export has both "Cycle P" and "Cycle C"; Maccor counts from 0), Step, ES, UnixTime (s, from
/// "DPt Time"), temperatures and every other numeric column as Other. Without a state column the capacity and
/// energy stay unsplit (Capacity, Energy) and the current keeps its written sign.</para>
/// <para>Metadata: startTime (first DPt Time, else "Started"/"Date of Test"), channel ("Channel:" or the numeric
/// extension of the recorded file name), procedure, instrument. Slashed dates are month first unless the file uses
/// decimal commas (then day first).</para>
/// </remarks>
public sealed class MaccorTextParser : IInstrumentParser
{
    private const int MaxPreambleLines = 40;

    public string Format => "maccor-text";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, MaxPreambleLines);
        return lines.Any(IsHeaderRow);
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) => CyclingText.Guard(stream, fileName, lines =>
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [MetadataKeys.Instrument] = "Maccor" };
        string? header = null;
        while (lines.Number < MaxPreambleLines && lines.TryRead(out var line))
        {
            if (IsHeaderRow(line))
            {
                header = line;
                break;
            }
            ReadPreamble(line, metadata);
        }
        if (header is null)
        {
            throw new InstrumentFileException(fileName,
                lines.Number == 0 ? "empty file" : "no Maccor column header row (\"Rec#  Cyc#  Step ...\") in the first lines", lines.Number);
        }

        char delimiter = DelimitedText.DetectDelimiter(header);
        var table = new CyclingTable(fileName, DelimitedText.Split(header, delimiter), Rule);
        CyclingText.ReadRows(lines, table, delimiter);
        var warnings = table.Warnings;

        int time = table.IndexOf(Quantity.TimeS);
        int stepTime = table.IndexOf(r => r.Name == "StepTime");
        int clock = table.IndexOf(r => r.Kind == CellKind.Timestamp);
        int voltage = table.IndexOf(Quantity.VoltageV);
        int current = table.IndexOf(Quantity.CurrentMA);
        int capacity = table.IndexOf(Quantity.CapacityMAh);
        int energy = table.IndexOf(r => r.Name == "Energy");
        int state = table.IndexOfHeader(h => CyclingText.Key(h) is "state" or "md");
        if (time < 0 || voltage < 0 || current < 0)
        {
            throw new InstrumentFileException(fileName, "the Maccor header lacks a test time, current or voltage column", 1);
        }

        var replaced = new Dictionary<int, double[]>();
        double timeFactor = TimeFactor(table, time, clock, warnings);
        if (timeFactor != 1)
        {
            replaced[time] = Scale(table.Values(time), timeFactor);
            if (stepTime >= 0 && table.HeldNumbers(stepTime) && table.Headers[stepTime].IndexOf('(', StringComparison.Ordinal) < 0)
            {
                replaced[stepTime] = Scale(table.Values(stepTime), timeFactor);
            }
        }
        var volts = table.Values(voltage);
        if (CyclingText.Key(table.Headers[current]).StartsWith("mamp", StringComparison.Ordinal) && volts.Any(v => Math.Abs(v) > 100))
        {
            replaced[voltage] = Scale(volts, 1e-3);
            warnings.Add("this export writes voltages in mV under \"Volts\" (it uses the mA/mAh unit set); they were divided by 1000");
        }

        var columns = new List<SeriesColumn>();
        var split = new HashSet<int>();
        if (state >= 0 && table.IsText(state))
        {
            var direction = table.Texts(state).Select(Direction).ToArray();
            replaced[current] = CyclingText.SignCurrent(table.Values(current), direction);
            if (capacity >= 0)
            {
                var (charge, discharge) = CyclingText.SplitCapacity(table.Values(capacity), direction);
                columns.Add(new SeriesColumn("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, charge));
                columns.Add(new SeriesColumn("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, discharge));
                split.Add(capacity);
            }
            if (energy >= 0)
            {
                var (charge, discharge) = CyclingText.SplitCapacity(table.Values(energy), direction);
                columns.Add(new SeriesColumn("ChargeEnergy", "mWh", Quantity.EnergyMWh, charge));
                columns.Add(new SeriesColumn("DischargeEnergy", "mWh", Quantity.EnergyMWh, discharge));
                split.Add(energy);
            }
        }
        else
        {
            warnings.Add("no state column (C/D/R): capacity and energy are left unsplit and the current keeps its written sign");
        }

        var output = table.Columns(split, replaced);
        output.AddRange(columns);
        // The first data point's clock has the time of day the preamble's "Date of Test" often lacks.
        if (clock >= 0 && table.FirstValue(clock) is { } first)
        {
            metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(first);
        }
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = CyclingText.Tidy(output),
            Metadata = metadata,
            Warnings = warnings,
        };
    });

    private static bool IsHeaderRow(string line)
    {
        char delimiter = DelimitedText.DetectDelimiter(line);
        var fields = DelimitedText.Split(line, delimiter);
        return fields.Count >= 5 && fields[0] is "Rec#" or "Rec" && fields[1].StartsWith("Cyc", StringComparison.Ordinal);
    }

    private static sbyte Direction(string state) => state switch
    {
        "C" => 1,
        "D" => -1,
        _ => 0,
    };

    /// <summary>Seconds per stored unit of a test time column: 1 when the header or a clock format fixed it.</summary>
    private static double TimeFactor(CyclingTable table, int time, int clock, List<string> warnings)
    {
        if (!table.HeldNumbers(time) || table.Headers[time].IndexOf('(', StringComparison.Ordinal) >= 0)
        {
            return 1;
        }
        var t = table.Values(time);
        if (clock >= 0)
        {
            var c = table.Values(clock);
            double timeSpan = t.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max() - t.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Min();
            double clockSpan = c.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max() - c.Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Min();
            if (timeSpan > 0 && clockSpan > 0)
            {
                double ratio = clockSpan / timeSpan;
                return new[] { 1.0, 60.0, 3600.0 }.MinBy(f => Math.Abs(Math.Log(ratio / f)));
            }
        }
        warnings.Add("the test time column states no unit and the file has no clock to judge it by; minutes assumed");
        return 60;
    }

    private static double[] Scale(double[] values, double factor)
    {
        var scaled = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            scaled[i] = values[i] * factor;
        }
        return scaled;
    }

    private static void ReadPreamble(string line, Dictionary<string, string> metadata)
    {
        char delimiter = line.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var fields = DelimitedText.Split(line, delimiter);
        for (int i = 0; i < fields.Count; i++)
        {
            string field = fields[i];
            string next = i + 1 < fields.Count ? fields[i + 1] : "";
            if (field.EndsWith("Date of Test:", StringComparison.Ordinal) || field is "Started")
            {
                if (ClockText.TryParseTimestamp(next, dayFirst: false, out var start))
                {
                    metadata[MetadataKeys.StartTime] = ClockText.FormatUnixSeconds(ClockText.ToUnixSeconds(start));
                }
            }
            else if (field is "Channel:" or "Channel" && next.Length > 0)
            {
                metadata[MetadataKeys.Channel] = next;
            }
            else if (field is "Procedure" && next.Length > 0)
            {
                metadata["procedure"] = next;
            }
            else if (field is "Filename:" && next.Length > 0)
            {
                ReadFileName(next, metadata);
            }
        }
    }

    /// <summary>"C:\...\name.001 Procedure: proc.000..." — the channel is the numeric extension.</summary>
    private static void ReadFileName(string text, Dictionary<string, string> metadata)
    {
        int procedure = text.IndexOf(" Procedure:", StringComparison.Ordinal);
        string path = procedure >= 0 ? text[..procedure].Trim() : text.Trim();
        if (procedure >= 0)
        {
            metadata["procedure"] = text[(procedure + " Procedure:".Length)..].Trim();
        }
        int dot = path.LastIndexOf('.');
        if (dot >= 0 && int.TryParse(path.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int channel)
            && !metadata.ContainsKey(MetadataKeys.Channel))
        {
            metadata[MetadataKeys.Channel] = channel.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static ColumnRule Rule(string header)
    {
        var (name, unit) = HeaderUnits.Split(header);
        string key = CyclingText.Key(name).TrimEnd('#');
        return key switch
        {
            "rec" => new ColumnRule("Rec", "", Quantity.Other),
            "cyc" or "cycle c" => new ColumnRule("Cycle", "", Quantity.CycleNumber),
            "cycle p" => new ColumnRule("Cycle P", "", Quantity.Other),
            "step" when unit.Length == 0 => new ColumnRule("Step", "", Quantity.StepNumber),
            "test" or "testtime" or "test time" => ColumnRule.Canonical("Time", Quantity.TimeS, unit, "s", CellKind.Duration),
            "step" or "steptime" or "step time" => ColumnRule.Canonical("StepTime", Quantity.TimeS, unit, "s", CellKind.Duration) with { Quantity = Quantity.Other },
            "amp-hr" or "capacity" or "cap." => ColumnRule.Canonical("Capacity", Quantity.CapacityMAh, unit, "Ah"),
            "mamp-hr" => ColumnRule.Canonical("Capacity", Quantity.CapacityMAh, unit, "mAh"),
            "watt-hr" or "energy" or "ener." => ColumnRule.Canonical("Energy", Quantity.EnergyMWh, unit, "Wh"),
            "mwatt-hr" => ColumnRule.Canonical("Energy", Quantity.EnergyMWh, unit, "mWh"),
            "amps" or "current" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "A"),
            "mamps" => ColumnRule.Canonical("Current", Quantity.CurrentMA, unit, "mA"),
            "volts" or "voltage" => ColumnRule.Canonical("Voltage", Quantity.VoltageV, unit, "V"),
            "state" or "md" => ColumnRule.Text("State"),
            "es" => new ColumnRule("ES", "", Quantity.Other),
            "dpt time" => ColumnRule.Clock(),
            _ when key.StartsWith("temp", StringComparison.Ordinal) => ColumnRule.Canonical(name.Trim(), Quantity.TemperatureC, unit, "C"),
            _ when key.EndsWith("/ohms", StringComparison.Ordinal) => new ColumnRule(name.Trim()[..^5], "Ohm", Quantity.Other),
            _ => ColumnRule.Other(header),
        };
    }
}
