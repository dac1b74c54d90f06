using System.Globalization;
using HalidePortal.Ingest.Spreadsheets;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// LAND / LANHE (LANDdt, LandMonitor) Excel exports of the record table: either one sheet whose header row (after a
/// few lines of test information) holds Index, TestTime, Current/mA, Capacity/mAh, Voltage/V..., or the older layout
/// of sheets Record, Record1, Record2... where only the first carries the header. English and Chinese headers
/// (序号, 循环号, 工步号, 测试时间, 电流/mA, 容量/mAh, 电压/V, 能量/mWh, 系统时间) are read; units follow a slash.
/// </summary>
/// <remarks>
/// <para>Columns: DataPoint, Cycle, Step, Time (s, test time, from seconds or "d-hh:mm:ss"), StepTime (s), Voltage (V),
/// Current (mA, negative on discharge as LAND signs it), Capacity (mAh, as the software shows it: per step),
/// ChargeCapacity / DischargeCapacity and Energy / ChargeEnergy / DischargeEnergy when exported, UnixTime (s since
/// 1970 of the system time, instrument local clock), then other numeric columns as found (SpeCap in mAh/g...).
/// Rows without numbers in Voltage and Current (repeated headers, step labels) are skipped.</para>
/// <para>Metadata: instrument ("LAND"), startTime (first system time), sheets (the sheets read).</para>
/// </remarks>
public sealed class LandXlsxParser : IInstrumentParser
{
    public const string FormatName = "land-xlsx";

    internal static readonly Dictionary<string, CyclerTarget> KnownColumns = new(StringComparer.Ordinal)
    {
        ["index"] = new("DataPoint", Quantity.Other),
        ["record"] = new("DataPoint", Quantity.Other),
        ["序号"] = new("DataPoint", Quantity.Other),
        ["数据序号"] = new("DataPoint", Quantity.Other),
        ["记录序号"] = new("DataPoint", Quantity.Other),
        ["cycle"] = new("Cycle", Quantity.CycleNumber),
        ["cycleindex"] = new("Cycle", Quantity.CycleNumber),
        ["循环"] = new("Cycle", Quantity.CycleNumber),
        ["循环号"] = new("Cycle", Quantity.CycleNumber),
        ["循环序号"] = new("Cycle", Quantity.CycleNumber),
        ["step"] = new("Step", Quantity.StepNumber),
        ["stepindex"] = new("Step", Quantity.StepNumber),
        ["工步"] = new("Step", Quantity.StepNumber),
        ["工步号"] = new("Step", Quantity.StepNumber),
        ["工步序号"] = new("Step", Quantity.StepNumber),
        ["time"] = new("Time", Quantity.TimeS, CellMeaning.Duration),
        ["testtime"] = new("Time", Quantity.TimeS, CellMeaning.Duration),
        ["totaltime"] = new("Time", Quantity.TimeS, CellMeaning.Duration),
        ["测试时间"] = new("Time", Quantity.TimeS, CellMeaning.Duration),
        ["总时间"] = new("Time", Quantity.TimeS, CellMeaning.Duration),
        ["steptime"] = new("StepTime", Quantity.Other, CellMeaning.Duration, Quantity.TimeS),
        ["工步时间"] = new("StepTime", Quantity.Other, CellMeaning.Duration, Quantity.TimeS),
        ["步骤时间"] = new("StepTime", Quantity.Other, CellMeaning.Duration, Quantity.TimeS),
        ["voltage"] = new("Voltage", Quantity.VoltageV),
        ["电压"] = new("Voltage", Quantity.VoltageV),
        ["current"] = new("Current", Quantity.CurrentMA),
        ["电流"] = new("Current", Quantity.CurrentMA),
        ["capacity"] = new("Capacity", Quantity.CapacityMAh),
        ["容量"] = new("Capacity", Quantity.CapacityMAh),
        ["chargecapacity"] = new("ChargeCapacity", Quantity.ChargeCapacityMAh),
        ["充电容量"] = new("ChargeCapacity", Quantity.ChargeCapacityMAh),
        ["dischargecapacity"] = new("DischargeCapacity", Quantity.DischargeCapacityMAh),
        ["放电容量"] = new("DischargeCapacity", Quantity.DischargeCapacityMAh),
        ["energy"] = new("Energy", Quantity.EnergyMWh),
        ["能量"] = new("Energy", Quantity.EnergyMWh),
        ["chargeenergy"] = new("ChargeEnergy", Quantity.EnergyMWh),
        ["充电能量"] = new("ChargeEnergy", Quantity.EnergyMWh),
        ["dischargeenergy"] = new("DischargeEnergy", Quantity.EnergyMWh),
        ["放电能量"] = new("DischargeEnergy", Quantity.EnergyMWh),
        ["systime"] = new("UnixTime", Quantity.Other, CellMeaning.WallClock),
        ["systemtime"] = new("UnixTime", Quantity.Other, CellMeaning.WallClock),
        ["realtime"] = new("UnixTime", Quantity.Other, CellMeaning.WallClock),
        ["系统时间"] = new("UnixTime", Quantity.Other, CellMeaning.WallClock),
        ["绝对时间"] = new("UnixTime", Quantity.Other, CellMeaning.WallClock),
    };

    public string Format => FormatName;

    /// <summary>From the first bytes only the older layout is certain (every sheet a Record sheet); the single-sheet
    /// layout is recognised by its headers through <see cref="CyclerWorkbookParser"/>.</summary>
    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        XlsxWorkbook.LooksLikeWorkbook(head, fileName)
        && XlsxWorkbook.SheetNamesFromHead(head) is { Count: > 0 } names
        && names.All(n => n.StartsWith("Record", StringComparison.Ordinal));

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var book = XlsxWorkbook.Open(stream, fileName);
        return Read(book);
    }

    /// <summary>LAND writes units after a slash ("Voltage/V", "SpeCap/mAh/g", "time /s"): split at the first one.</summary>
    internal static (string Name, string Unit) SplitHeader(string header)
    {
        int slash = header.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (header[..slash].Trim(), header[(slash + 1)..].Trim()) : Text.HeaderUnits.Split(header);
    }

    /// <summary>Record sheets in order when the workbook has them, else every sheet.</summary>
    internal static List<string> DataSheets(XlsxWorkbook book)
    {
        var records = book.SheetNames.Where(n => n.Contains("Record", StringComparison.OrdinalIgnoreCase)
            || n.Contains("记录", StringComparison.Ordinal)).ToList();
        return records.Count > 0 ? records : [.. book.SheetNames];
    }

    internal static ParsedMeasurement Read(XlsxWorkbook book)
    {
        string fileName = book.FileName;
        var warnings = new List<string>();
        CyclerSheet? table = null;
        string[]? headerKeys = null;
        var sheetsRead = new List<string>();
        int skipped = 0;
        foreach (var sheet in DataSheets(book))
        {
            bool continuation = table is not null;
            int voltageAt = -1, currentAt = -1;
            if (table is not null)
            {
                (voltageAt, currentAt) = (Array.IndexOf(headerKeys!, "voltage"), Array.IndexOf(headerKeys!, "current"));
            }
            int looked = 0;
            foreach (var row in book.ReadRows(sheet))
            {
                if (row.IsBlank)
                {
                    continue;
                }
                if (table is null)
                {
                    // The header row follows some lines of test information.
                    if (++looked > CyclerWorkbookParser.HeaderSearchRows)
                    {
                        break;
                    }
                    if (CyclerWorkbookParser.IsHeaderRow(row, SplitHeader))
                    {
                        table = new CyclerSheet(row, KnownColumns, fileName, warnings, SplitHeader);
                        headerKeys = KeysOf(row);
                        voltageAt = Array.IndexOf(headerKeys, "voltage");
                        currentAt = Array.IndexOf(headerKeys, "current");
                        sheetsRead.Add(sheet);
                    }
                    continue;
                }
                if (continuation)
                {
                    continuation = false;
                    sheetsRead.Add(sheet);
                    if (KeysOf(row).SequenceEqual(headerKeys!))
                    {
                        continue;
                    }
                }
                if (!row[voltageAt].TryGetNumber(out _) && !row[currentAt].TryGetNumber(out _))
                {
                    skipped++;
                    continue;
                }
                table.Add(row, row.Number);
            }
        }
        if (table is null)
        {
            throw new InstrumentFileException(fileName,
                $"not a LAND export: no sheet has a header row with Voltage and Current (sheets: {string.Join(", ", book.SheetNames)})");
        }
        if (skipped > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{skipped} rows without voltage and current skipped"));
        }

        var columns = table.Build();
        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Instrument] = "LAND",
            ["sheets"] = string.Join(",", sheetsRead),
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

    /// <summary>Header keys with LAND's aliases folded, so voltage and current are found whatever language.</summary>
    private static string[] KeysOf(XlsxRow row) => Array.ConvertAll(row.Cells, c =>
    {
        string key = CyclerSheet.Key(SplitHeader(c.AsText()).Name);
        return KnownColumns.TryGetValue(key, out var t) && t.Quantity is Quantity.VoltageV or Quantity.CurrentMA
            ? (t.Quantity == Quantity.VoltageV ? "voltage" : "current")
            : key;
    });
}
