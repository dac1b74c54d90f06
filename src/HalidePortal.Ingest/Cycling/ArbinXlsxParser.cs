using System.Globalization;
using System.Text.RegularExpressions;
using HalidePortal.Ingest.Spreadsheets;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Arbin MITS Pro / Data Watcher Excel exports: a Global_Info sheet (channel, start time, schedule, creator,
/// software version) and the records in Channel_&lt;channel&gt;_&lt;part&gt; sheets (a long test spills into _2, _3...;
/// they are joined in part order). Headers carry units: Test_Time(s), Current(A), Charge_Capacity(Ah), Charge_Energy(Wh).
/// </summary>
/// <remarks>
/// <para>Columns: DataPoint, Time (s, test time), StepTime (s), UnixTime (s since 1970 of Date_Time, instrument local
/// clock), Step, Cycle, Voltage (V), Current (mA, negative on discharge), ChargeCapacity and DischargeCapacity (mAh),
/// ChargeEnergy and DischargeEnergy (mWh, both <see cref="Quantity.EnergyMWh"/>), then every other numeric column as
/// found (Internal Resistance in Ohm, dV/dt in V/s, Aux_Temperature_1 in C as <see cref="Quantity.TemperatureC"/>).</para>
/// <para>Metadata: instrument ("Arbin"), channel, startTime, testName, scheduleFile, creator, softwareVersion,
/// scheduleVersion, itemId, comments (each when Global_Info states it).</para>
/// </remarks>
public sealed partial class ArbinXlsxParser : IInstrumentParser
{
    public const string FormatName = "arbin-xlsx";

    internal static readonly Dictionary<string, CyclerTarget> KnownColumns = new(StringComparer.Ordinal)
    {
        ["datapoint"] = new("DataPoint", Quantity.Other),
        ["testtime"] = new("Time", Quantity.TimeS, CellMeaning.Duration),
        ["steptime"] = new("StepTime", Quantity.Other, CellMeaning.Duration, Quantity.TimeS),
        ["datetime"] = new("UnixTime", Quantity.Other, CellMeaning.WallClock),
        ["stepindex"] = new("Step", Quantity.StepNumber),
        ["cycleindex"] = new("Cycle", Quantity.CycleNumber),
        ["voltage"] = new("Voltage", Quantity.VoltageV),
        ["current"] = new("Current", Quantity.CurrentMA),
        ["chargecapacity"] = new("ChargeCapacity", Quantity.ChargeCapacityMAh),
        ["dischargecapacity"] = new("DischargeCapacity", Quantity.DischargeCapacityMAh),
        ["chargeenergy"] = new("ChargeEnergy", Quantity.EnergyMWh),
        ["dischargeenergy"] = new("DischargeEnergy", Quantity.EnergyMWh),
    };

    private static readonly Dictionary<string, string> GlobalInfoKeys = new(StringComparer.Ordinal)
    {
        ["channel"] = MetadataKeys.Channel,
        ["startdatetime"] = MetadataKeys.StartTime,
        ["schedulefilename"] = "scheduleFile",
        ["creator"] = "creator",
        ["comments"] = "comments",
        ["softwareversion"] = "softwareVersion",
        ["scheduleversion"] = "scheduleVersion",
        ["itemid"] = "itemId",
    };

    public string Format => FormatName;

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        XlsxWorkbook.LooksLikeWorkbook(head, fileName)
        && XlsxWorkbook.SheetNamesFromHead(head) is { } names
        && names.Any(IsChannelSheet);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var book = XlsxWorkbook.Open(stream, fileName);
        return Read(book);
    }

    [GeneratedRegex(@"^Channel_?(\d+)(?:_(\d+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChannelSheetRegex();

    internal static bool IsChannelSheet(string name) => ChannelSheetRegex().IsMatch(name);

    internal static bool Recognises(XlsxWorkbook book) => book.SheetNames.Any(IsChannelSheet);

    internal static ParsedMeasurement Read(XlsxWorkbook book)
    {
        string fileName = book.FileName;
        var warnings = new List<string>();
        var parts = book.SheetNames
            .Select(name => (Name: name, Match: ChannelSheetRegex().Match(name)))
            .Where(s => s.Match.Success)
            .Select(s => (s.Name, Channel: Number(s.Match.Groups[1].Value), Part: s.Match.Groups[2].Success ? Number(s.Match.Groups[2].Value) : 1))
            .OrderBy(s => s.Channel).ThenBy(s => s.Part)
            .ToList();
        if (parts.Count == 0)
        {
            throw new InstrumentFileException(fileName,
                $"not an Arbin Excel export: no Channel_* sheet (sheets: {string.Join(", ", book.SheetNames)})");
        }
        long channel = parts[0].Channel;
        if (parts.Exists(p => p.Channel != channel))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"the workbook holds several channels; only channel {channel} was read"));
            parts.RemoveAll(p => p.Channel != channel);
        }

        CyclerSheet? table = null;
        string[]? headerTexts = null;
        foreach (var part in parts)
        {
            bool seenHeader = false;
            foreach (var row in book.ReadRows(part.Name))
            {
                if (row.IsBlank)
                {
                    continue;
                }
                if (!seenHeader)
                {
                    seenHeader = true;
                    var texts = Array.ConvertAll(row.Cells, c => c.AsText().Trim());
                    if (table is null)
                    {
                        table = new CyclerSheet(row, KnownColumns, fileName, warnings);
                        headerTexts = texts;
                        if (!table.Has(Quantity.VoltageV) || !table.Has(Quantity.CurrentMA))
                        {
                            throw new InstrumentFileException(fileName,
                                $"sheet '{part.Name}' has no Voltage and Current columns in its first row", row.Number);
                        }
                    }
                    else if (!texts.SequenceEqual(headerTexts!, StringComparer.Ordinal))
                    {
                        throw new InstrumentFileException(fileName,
                            $"sheet '{part.Name}' has other columns than '{parts[0].Name}'", row.Number);
                    }
                    continue;
                }
                table!.Add(row, row.Number);
            }
        }
        if (table is null)
        {
            throw new InstrumentFileException(fileName, $"sheet '{parts[0].Name}' is empty");
        }

        var metadata = new Dictionary<string, string>
        {
            [MetadataKeys.Instrument] = "Arbin",
            [MetadataKeys.Channel] = channel.ToString(CultureInfo.InvariantCulture),
        };
        if (book.HasSheet("Global_Info"))
        {
            ReadGlobalInfo(book, metadata);
        }

        return new ParsedMeasurement
        {
            Format = FormatName,
            Technique = Technique.Cycling,
            Columns = table.Build(),
            Metadata = metadata,
            Warnings = warnings,
        };
    }

    /// <summary>Global_Info: a title row, the test name under it, then a row of labels with their values below.</summary>
    private static void ReadGlobalInfo(XlsxWorkbook book, Dictionary<string, string> metadata)
    {
        XlsxRow? labels = null;
        bool titleSeen = false;
        foreach (var row in book.ReadRows("Global_Info"))
        {
            if (labels is not null)
            {
                for (int i = 0; i < labels.Cells.Length; i++)
                {
                    if (GlobalInfoKeys.TryGetValue(CyclerSheet.Key(labels[i].AsText()), out var key) && !row[i].IsEmpty)
                    {
                        string? value = key == MetadataKeys.StartTime && row[i].Kind == XlsxCellKind.Number
                            ? CyclerSheet.SerialDaysToIso(row[i].Number)
                            : row[i].AsText().Trim();
                        if (!string.IsNullOrEmpty(value))
                        {
                            metadata[key] = value;
                        }
                    }
                }
                return;
            }
            var keys = Array.ConvertAll(row.Cells, c => CyclerSheet.Key(c.AsText()));
            if (keys.Contains("channel") && keys.Contains("startdatetime"))
            {
                labels = row;
            }
            else if (keys.Contains("testreport"))
            {
                titleSeen = true;
            }
            else if (titleSeen && !metadata.ContainsKey("testName")
                && Array.Find(row.Cells, c => c.Kind == XlsxCellKind.Text && !string.IsNullOrWhiteSpace(c.Text)) is { Text: { } name })
            {
                metadata["testName"] = name.Trim();
            }
        }
    }

    private static long Number(string digits) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : long.MaxValue;
}
