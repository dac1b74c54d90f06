using HalidePortal.Ingest.Spreadsheets;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Neware BTSDA Excel exports. Flat: a record sheet ("record", "Detail_*", "记录层") with one header row (DataPoint,
/// Cycle Index, Step Index, Step Type, Time, Total Time, Current(A), Voltage(V), Capacity(Ah), Chg. Cap.(Ah),
/// DChg. Cap.(Ah), Energy(Wh), Date...; BTSDA 7 names: Record ID, Cycle ID, Step ID, Time(h:min:s.ms), Current(mA),
/// Capacitance_Chg(mAh), Engy_DChg(mWh), Realtime; Chinese: 数据序号, 循环号, 工步号, 工步类型, 电流(A), 电压(V)...).
/// Nested ("regular" export): three header rows for cycle, step and record levels, each level indented by one column,
/// then cycle rows, their step rows and their records in that order; cycle and step numbers come from the parent rows.
/// </summary>
/// <remarks>
/// <para>Columns: DataPoint, Cycle, Step, StepType (Neware code: 1 CC_Chg, 2 CC_DChg, 3 CV_Chg, 4 Rest, 7 CCCV_Chg,
/// 20 CCCV_DChg; NaN for others), StepTime (s), Time (s, total time), Voltage (V), Current (mA), Capacity,
/// ChargeCapacity, DischargeCapacity (mAh), Energy, ChargeEnergy, DischargeEnergy (mWh), UnixTime (s since 1970 of
/// the record date, instrument local clock), then other numeric columns as found (Power in W, Spec. Cap. in mAh/g...).</para>
/// <para>Metadata: instrument ("Neware"), layout ("flat" or "nested"), sheet, startTime (first record date).</para>
/// </remarks>
public sealed class NewareXlsxParser : IInstrumentParser
{
    public const string FormatName = "neware-xlsx";

    internal static readonly Dictionary<string, CyclerTarget> KnownColumns = BuildKnown();

    private static Dictionary<string, CyclerTarget> BuildKnown()
    {
        var map = new Dictionary<string, CyclerTarget>(StringComparer.Ordinal);
        void Add(CyclerTarget target, params string[] keys)
        {
            foreach (var k in keys)
            {
                map[k] = target;
            }
        }
        Add(new("DataPoint", Quantity.Other), "datapoint", "recordid", "recordindex", "数据序号", "记录序号", "序号");
        Add(new("Cycle", Quantity.CycleNumber), "cycleindex", "cycleid", "cycle", "循环号", "循环序号");
        Add(new("Step", Quantity.StepNumber), "stepindex", "stepid", "工步号", "工步序号");
        Add(new("StepType", Quantity.Other, CellMeaning.NewareStepType), "steptype", "工步类型", "状态");
        Add(new("StepTime", Quantity.Other, CellMeaning.Duration, Quantity.TimeS), "time", "steptime", "relativetime", "时间", "工步时间", "相对时间");
        Add(new("Time", Quantity.TimeS, CellMeaning.Duration), "totaltime", "cumulativetime", "testtime", "总时间", "累计时间", "测试时间");
        Add(new("Voltage", Quantity.VoltageV), "voltage", "电压");
        Add(new("Current", Quantity.CurrentMA), "current", "cur", "电流");
        Add(new("Capacity", Quantity.CapacityMAh), "capacity", "capacitance", "容量");
        Add(new("ChargeCapacity", Quantity.ChargeCapacityMAh), "chgcap", "chargecapacity", "capacitancechg", "充电容量");
        Add(new("DischargeCapacity", Quantity.DischargeCapacityMAh), "dchgcap", "dischargecapacity", "capacitancedchg", "放电容量");
        Add(new("Energy", Quantity.EnergyMWh), "energy", "能量");
        Add(new("ChargeEnergy", Quantity.EnergyMWh), "chgenergy", "engychg", "chargeenergy", "充电能量");
        Add(new("DischargeEnergy", Quantity.EnergyMWh), "dchgenergy", "engydchg", "dischargeenergy", "放电能量");
        Add(new("UnixTime", Quantity.Other, CellMeaning.WallClock), "date", "realtime", "日期", "绝对时间", "系统时间");
        return map;
    }

    public string Format => FormatName;

    /// <summary>Certain from the first bytes when the sheet names are BTSDA's (record with step/cycle/test sheets, or
    /// Detail_* sheets); other layouts are recognised by their headers through <see cref="CyclerWorkbookParser"/>.</summary>
    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        XlsxWorkbook.LooksLikeWorkbook(head, fileName)
        && XlsxWorkbook.SheetNamesFromHead(head) is { } names
        && (names.Any(n => n.StartsWith("Detail_", StringComparison.OrdinalIgnoreCase))
            || (names.Contains("record", StringComparer.Ordinal)
                && names.Any(n => n is "step" or "cycle" or "test" or "unit")));

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var book = XlsxWorkbook.Open(stream, fileName);
        return Read(book);
    }

    /// <summary>The record sheet when the workbook names one, else every sheet in order.</summary>
    internal static List<string> DataSheets(XlsxWorkbook book)
    {
        var named = book.SheetNames.Where(n => string.Equals(n, "record", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("Detail", StringComparison.OrdinalIgnoreCase)
            || n.Contains("记录", StringComparison.Ordinal)).ToList();
        return named.Count > 0 ? named : [.. book.SheetNames];
    }

    internal static ParsedMeasurement Read(XlsxWorkbook book)
    {
        string fileName = book.FileName;
        foreach (var sheet in DataSheets(book))
        {
            if (TryReadSheet(book, sheet) is { } measurement)
            {
                return measurement;
            }
        }
        throw new InstrumentFileException(fileName,
            $"not a Neware export: no sheet has a record header with Voltage and Current (sheets: {string.Join(", ", book.SheetNames)})");
    }

    private static ParsedMeasurement? TryReadSheet(XlsxWorkbook book, string sheet)
    {
        string fileName = book.FileName;
        var warnings = new List<string>();
        CyclerSheet? table = null;
        XlsxRow? previous = null, beforePrevious = null;
        int recordIndent = 0;
        bool nested = false;
        int stepIndexAt = -1, stepTypeAt = -1;
        double cycle = double.NaN, step = double.NaN, stepType = double.NaN;
        List<double>? cycles = null, steps = null, stepTypes = null;
        int looked = 0;

        foreach (var row in book.ReadRows(sheet))
        {
            if (row.IsBlank)
            {
                continue;
            }
            if (table is null)
            {
                if (++looked > CyclerWorkbookParser.HeaderSearchRows)
                {
                    return null;
                }
                if (CyclerWorkbookParser.IsHeaderRow(row, Text.HeaderUnits.Split))
                {
                    recordIndent = FirstFilled(row);
                    nested = recordIndent > 0 && previous is not null && beforePrevious is not null
                        && FirstFilled(beforePrevious) == 0 && FirstFilled(previous) == recordIndent - 1;
                    // Header cells of an indented level sit after its blank lead columns.
                    table = new CyclerSheet(Unindent(row, recordIndent), KnownColumns, fileName, warnings);
                    if (nested)
                    {
                        var stepKeys = Array.ConvertAll(previous!.Cells, c => CyclerSheet.Key(Text.HeaderUnits.Split(c.AsText()).Name));
                        stepIndexAt = Array.FindIndex(stepKeys, k => KnownColumns.TryGetValue(k, out var t) && t.Name == "Step");
                        stepTypeAt = Array.FindIndex(stepKeys, k => KnownColumns.TryGetValue(k, out var t) && t.Name == "StepType");
                        (cycles, steps, stepTypes) = ([], [], []);
                    }
                }
                (beforePrevious, previous) = (previous, row);
                continue;
            }

            if (nested)
            {
                int lead = FirstFilled(row);
                if (lead == 0)
                {
                    cycle = row[0].TryGetNumber(out double c) ? c : double.NaN;
                    continue;
                }
                if (lead == recordIndent - 1)
                {
                    step = stepIndexAt >= 0 && row[stepIndexAt].TryGetNumber(out double s) ? s : double.NaN;
                    stepType = stepTypeAt >= 0 ? CyclerSheet.NewareStepCode(row[stepTypeAt].AsText()) : double.NaN;
                    continue;
                }
                cycles!.Add(cycle);
                steps!.Add(step);
                stepTypes!.Add(stepType);
                table.Add(Unindent(row, recordIndent), row.Number);
            }
            else
            {
                table.Add(row, row.Number);
            }
        }
        if (table is null)
        {
            return null;
        }
        if (nested)
        {
            if (!table.Has(Quantity.CycleNumber))
            {
                table.AddComputed("Cycle", "", Quantity.CycleNumber, cycles!);
            }
            if (!table.Has(Quantity.StepNumber))
            {
                table.AddComputed("Step", "", Quantity.StepNumber, steps!);
            }
            if (!table.HasNamed("StepType"))
            {
                table.AddComputed("StepType", "", Quantity.Other, stepTypes!);
            }
        }

        var columns = table.Build();
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Instrument] = "Neware",
            ["layout"] = nested ? "nested" : "flat",
            ["sheet"] = sheet,
        };
        CyclerWorkbookParser.PutStartTime(columns, metadata);
        return new ParsedMeasurement
        {
            Format = FormatName,
            Technique = Technique.Cycling,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        };
    }

    private static int FirstFilled(XlsxRow row)
    {
        int i = Array.FindIndex(row.Cells, c => !c.IsEmpty);
        return i < 0 ? int.MaxValue : i;
    }

    private static XlsxRow Unindent(XlsxRow row, int indent) =>
        indent == 0 ? row : new XlsxRow(row.Number, row.Cells.Length > indent ? row.Cells[indent..] : []);
}
