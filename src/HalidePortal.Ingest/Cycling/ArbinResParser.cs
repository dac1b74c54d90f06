using System.Globalization;
using HalidePortal.Ingest.Databases;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Arbin MITS Pro .res files: MS Access (Jet 4) databases whose Channel_Normal_Table holds one row per record
/// (Data_Point, Test_Time, Step_Time, DateTime, Step_Index, Cycle_Index, Current in A, Voltage in V,
/// Charge/Discharge_Capacity in Ah, Charge/Discharge_Energy in Wh, dV/dt, Internal_Resistance, AC_Impedance,
/// ACI_Phase_Angle) and Global_Table the test (name, channel, start time, schedule, creator). Read with
/// <see cref="JetDatabase"/>; no Access driver or mdbtools needed.
/// </summary>
/// <remarks>
/// <para>Columns, in Data_Point order: DataPoint, Time (s, test time), StepTime (s), UnixTime (s since 1970 of
/// DateTime, instrument local clock), Step, Cycle, Voltage (V), Current (mA, negative on discharge), ChargeCapacity
/// and DischargeCapacity (mAh), ChargeEnergy and DischargeEnergy (mWh, both <see cref="Quantity.EnergyMWh"/>),
/// dV/dt (V/s), InternalResistance (Ohm), ACImpedance (Ohm), ACIPhaseAngle (deg).</para>
/// <para>Metadata: instrument ("Arbin"), channel (Channel_Index), channelNumber, startTime (Start_DateTime,
/// instrument local time), testName, scheduleFile, creator, comments, softwareVersion, testId.</para>
/// </remarks>
public sealed class ArbinResParser : IInstrumentParser
{
    public const string FormatName = "arbin-res";
    private const string DataTable = "Channel_Normal_Table";

    private sealed record Output(string Source, string Name, string Unit, Quantity Quantity, double Factor, bool OleDate = false);

    private static readonly Output[] Outputs =
    [
        new("Data_Point", "DataPoint", "", Quantity.Other, 1),
        new("Test_Time", "Time", "s", Quantity.TimeS, 1),
        new("Step_Time", "StepTime", "s", Quantity.Other, 1),
        new("DateTime", "UnixTime", "s", Quantity.Other, 1, OleDate: true),
        new("Step_Index", "Step", "", Quantity.StepNumber, 1),
        new("Cycle_Index", "Cycle", "", Quantity.CycleNumber, 1),
        new("Voltage", "Voltage", "V", Quantity.VoltageV, 1),
        new("Current", "Current", "mA", Quantity.CurrentMA, 1e3),
        new("Charge_Capacity", "ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, 1e3),
        new("Discharge_Capacity", "DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, 1e3),
        new("Charge_Energy", "ChargeEnergy", "mWh", Quantity.EnergyMWh, 1e3),
        new("Discharge_Energy", "DischargeEnergy", "mWh", Quantity.EnergyMWh, 1e3),
        new("dV/dt", "dV/dt", "V/s", Quantity.Other, 1),
        new("Internal_Resistance", "InternalResistance", "Ohm", Quantity.Other, 1),
        new("AC_Impedance", "ACImpedance", "Ohm", Quantity.Other, 1),
        new("ACI_Phase_Angle", "ACIPhaseAngle", "deg", Quantity.Other, 1),
    ];

    private static readonly (string Column, string Key)[] GlobalFields =
    [
        ("Test_Name", "testName"),
        ("Schedule_File_Name", "scheduleFile"),
        ("Creator", "creator"),
        ("Comments", "comments"),
        ("Software_Version", "softwareVersion"),
    ];

    public string Format => FormatName;

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) => JetDatabase.LooksLikeJet(head);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            return Read(stream, fileName);
        }
        // Pages are read in table order, not file order: a non-seekable upload is spooled to a temporary file.
        string path = Path.GetTempFileName();
        using var spool = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        stream.CopyTo(spool);
        spool.Position = 0;
        return Read(spool, fileName);
    }

    private static ParsedMeasurement Read(Stream stream, string fileName)
    {
        JetDatabase db;
        try
        {
            db = JetDatabase.Open(stream, fileName);
        }
        catch (EndOfStreamException)
        {
            throw new InstrumentFileException(fileName, "the database is cut short", stream.Length);
        }
        if (!db.Tables.ContainsKey(DataTable))
        {
            throw new InstrumentFileException(fileName,
                $"an Access database without {DataTable}: not an Arbin .res file (tables: {string.Join(", ", db.Tables.Keys.Where(t => !t.StartsWith("MSys", StringComparison.Ordinal)))})");
        }

        var table = db.OpenTable(DataTable);
        var sources = Outputs.Select(o => (Output: o, Column: table.Find(o.Source))).Where(x => x.Column is not null).ToList();
        if (!sources.Exists(s => s.Output.Quantity == Quantity.VoltageV) || !sources.Exists(s => s.Output.Quantity == Quantity.CurrentMA))
        {
            throw new InstrumentFileException(fileName, $"{DataTable} has no Voltage and Current columns");
        }
        var testId = table.Find("Test_ID");
        var values = sources.ConvertAll(_ => new List<double>(Math.Max(0, table.DeclaredRowCount)));
        var testIds = new HashSet<double>();
        table.ForEachRow(row =>
        {
            for (int i = 0; i < sources.Count; i++)
            {
                double v = row.GetDouble(sources[i].Column!);
                values[i].Add(sources[i].Output.OleDate ? OleDaysToUnixSeconds(v) : v * sources[i].Output.Factor);
            }
            if (testId is not null)
            {
                testIds.Add(row.GetDouble(testId));
            }
        });

        var warnings = new List<string>();
        var columns = OrderByDataPoint(sources.ConvertAll(s => s.Output), values, warnings);
        if (columns[0].Values.Length != table.DeclaredRowCount)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{DataTable} states {table.DeclaredRowCount} rows; {columns[0].Values.Length} were read"));
        }

        var metadata = new Dictionary<string, string> { [MetadataKeys.Instrument] = "Arbin" };
        if (testIds.Count > 1)
        {
            warnings.Add("the file holds records of several tests (Test_ID); they are read together");
        }
        else if (testIds.Count == 1)
        {
            metadata["testId"] = testIds.First().ToString(CultureInfo.InvariantCulture);
        }
        if (db.Tables.ContainsKey("Global_Table"))
        {
            ReadGlobal(db.OpenTable("Global_Table"), metadata);
        }
        return new ParsedMeasurement
        {
            Format = FormatName,
            Technique = Technique.Cycling,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        };
    }

    /// <summary>Rows in Data_Point order (pages need not be in insertion order); a repeated Data_Point is kept once.</summary>
    private static List<SeriesColumn> OrderByDataPoint(List<Output> outputs, List<List<double>> values, List<string> warnings)
    {
        int n = values[0].Count;
        int[] order = Enumerable.Range(0, n).ToArray();
        int pointAt = outputs.FindIndex(o => o.Source == "Data_Point");
        if (pointAt >= 0)
        {
            var points = values[pointAt];
            Array.Sort(order, (a, b) => points[a].CompareTo(points[b]) is var c && c != 0 ? c : a.CompareTo(b));
            var kept = new List<int>(n);
            foreach (int i in order)
            {
                if (kept.Count == 0 || points[kept[^1]] != points[i])
                {
                    kept.Add(i);
                }
            }
            if (kept.Count < n)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{n - kept.Count} rows repeat a Data_Point; kept once"));
            }
            order = [.. kept];
        }
        var columns = new List<SeriesColumn>(outputs.Count);
        for (int c = 0; c < outputs.Count; c++)
        {
            var source = values[c];
            var ordered = new double[order.Length];
            for (int i = 0; i < order.Length; i++)
            {
                ordered[i] = source[order[i]];
            }
            columns.Add(new SeriesColumn(outputs[c].Name, outputs[c].Unit, outputs[c].Quantity, ordered));
        }
        return columns;
    }

    private static void ReadGlobal(JetTable global, Dictionary<string, string> metadata)
    {
        bool first = true;
        global.ForEachRow(row =>
        {
            if (!first)
            {
                return;
            }
            first = false;
            foreach (var (column, key) in GlobalFields)
            {
                if (global.Find(column) is { } c && row.GetText(c) is { Length: > 0 } text)
                {
                    metadata[key] = text.Trim();
                }
            }
            if (global.Find("Channel_Index") is { } channel && row.GetDouble(channel) is var index && !double.IsNaN(index))
            {
                metadata[MetadataKeys.Channel] = index.ToString(CultureInfo.InvariantCulture);
            }
            if (global.Find("Channel_Number") is { } number && row.GetDouble(number) is var n && !double.IsNaN(n))
            {
                metadata["channelNumber"] = n.ToString(CultureInfo.InvariantCulture);
            }
            if (global.Find("Start_DateTime") is { } start && CyclerSheet.SerialDaysToIso(row.GetDouble(start)) is { } iso)
            {
                metadata[MetadataKeys.StartTime] = iso;
            }
        });
    }

    /// <summary>OLE automation days (what Access stores) as seconds since 1970, the local clock read as UTC.</summary>
    private static double OleDaysToUnixSeconds(double days) => CyclerSheet.SerialDaysToUnixSeconds(days);
}
