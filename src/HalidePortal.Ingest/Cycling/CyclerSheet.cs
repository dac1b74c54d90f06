using System.Globalization;
using HalidePortal.Ingest.Spreadsheets;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>How a cycler column's cells turn into numbers.</summary>
internal enum CellMeaning
{
    /// <summary>A number in the header's unit.</summary>
    Number,
    /// <summary>A duration: seconds (or the header's unit), "[d-]hh:mm:ss[.fff]" text, or a time-formatted cell (days).</summary>
    Duration,
    /// <summary>A wall-clock date: serial days or "yyyy-MM-dd HH:mm:ss" text, output as seconds since 1970 (instrument local time).</summary>
    WallClock,
    /// <summary>Neware step type text ("CC Chg", "Rest", "恒流放电"), output as the Neware step code.</summary>
    NewareStepType,
}

/// <summary>What a known header becomes: output name, quantity, and how to read it (<see cref="ConvertAs"/> gives the
/// unit conversion of <see cref="Quantity.Other"/> columns such as step time).</summary>
internal sealed record CyclerTarget(string Name, Quantity Quantity, CellMeaning Meaning = CellMeaning.Number,
    Quantity ConvertAs = Quantity.Other);

/// <summary>
/// Turns the rows of a cycler export sheet (one header row, then one record per row) into canonical columns. Known
/// headers are matched by a key that ignores case, spaces, underscores, dots and hyphens ("Charge_Capacity(Ah)",
/// "Chg. Cap.(Ah)"), and their units are converted; other columns are kept as <see cref="Quantity.Other"/> with their
/// unit when they hold numbers, and dropped with a warning when they hold text.
/// </summary>
internal sealed class CyclerSheet
{
    private readonly List<Plan> _plans = [];
    private readonly string _fileName;
    private readonly List<string> _warnings;

    private sealed class Plan(int source, string name, string unit, Quantity quantity, CellMeaning meaning, double factor, bool known)
    {
        public int Source { get; } = source;
        public string Name { get; } = name;
        public string Unit { get; } = unit;
        public Quantity Quantity { get; } = quantity;
        public CellMeaning Meaning { get; } = meaning;
        public double Factor { get; } = factor;
        public bool Known { get; } = known;
        public List<double> Values { get; } = [];
        public bool AnyNumber { get; set; }
    }

    public CyclerSheet(XlsxRow header, IReadOnlyDictionary<string, CyclerTarget> known, string fileName,
        List<string> warnings, Func<string, (string Name, string Unit)>? splitHeader = null)
    {
        _fileName = fileName;
        _warnings = warnings;
        splitHeader ??= HeaderUnits.Split;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Cells.Length; i++)
        {
            string text = header[i].AsText().Trim();
            if (text.Length == 0)
            {
                continue;
            }
            var (name, unit) = splitHeader(text);
            if (known.TryGetValue(Key(name), out var target) && taken.Add(target.Name))
            {
                _plans.Add(PlanKnown(i, text, unit, target));
            }
            else
            {
                string other = taken.Add(text) ? text : string.Create(CultureInfo.InvariantCulture, $"{text} ({i + 1})");
                var quantity = HeaderUnits.FactorToCanonical(Quantity.TemperatureC, unit) is not null && unit.Length > 0
                    ? Quantity.TemperatureC : Quantity.Other;
                _plans.Add(new Plan(i, other, unit, quantity, CellMeaning.Number, 1, known: false));
            }
        }
    }

    public int RowCount { get; private set; }

    public bool Has(Quantity quantity) => _plans.Exists(p => p.Known && p.Quantity == quantity);

    public bool HasNamed(string name) => _plans.Exists(p => p.Known && p.Name == name);

    /// <summary>The key headers are matched by: lower case without spaces, underscores, dots or hyphens.</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 128)];
        int n = 0;
        foreach (char c in name.AsSpan(0, Math.Min(name.Length, 128)))
        {
            if (c is not (' ' or '_' or '.' or '-' or '\u3000'))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }
        return new string(buffer[..n]);
    }

    private Plan PlanKnown(int index, string header, string unit, CyclerTarget target)
    {
        var convert = target.Quantity != Quantity.Other ? target.Quantity : target.ConvertAs;
        string canonical = CanonicalUnit(convert);
        double factor = 1;
        // Durations may name their text layout ("Time(h:min:s.ms)") instead of a unit.
        bool layoutOnly = target.Meaning == CellMeaning.Duration && unit.Contains(':', StringComparison.Ordinal);
        if (convert != Quantity.Other && !layoutOnly && target.Meaning is CellMeaning.Number or CellMeaning.Duration)
        {
            if (HeaderUnits.FactorToCanonical(convert, unit) is { } f)
            {
                factor = f;
            }
            else
            {
                _warnings.Add($"column '{header}': unit '{unit}' is not one of {convert}'s; kept as found");
                return new Plan(index, header, unit, Quantity.Other, CellMeaning.Number, 1, known: false);
            }
        }
        string outUnit = target.Meaning switch
        {
            CellMeaning.WallClock => "s",
            CellMeaning.NewareStepType => "",
            _ => convert == Quantity.Other ? unit : canonical,
        };
        return new Plan(index, target.Name, outUnit, target.Quantity, target.Meaning, factor, known: true);
    }

    private static string CanonicalUnit(Quantity q) => q switch
    {
        Quantity.TimeS => "s",
        Quantity.VoltageV => "V",
        Quantity.CurrentMA => "mA",
        Quantity.CapacityMAh or Quantity.ChargeCapacityMAh or Quantity.DischargeCapacityMAh => "mAh",
        Quantity.EnergyMWh => "mWh",
        Quantity.TemperatureC => "C",
        _ => "",
    };

    /// <summary>Adds one record row; <paramref name="position"/> is its row number for error messages.</summary>
    public void Add(XlsxRow row, int position)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var plan in _plans)
        {
            var cell = row[plan.Source];
            double value;
            if (cell.IsEmpty)
            {
                value = double.NaN;
            }
            else if (TryRead(cell, plan.Meaning, out value))
            {
                value *= plan.Factor;
                plan.AnyNumber = true;
            }
            else if (plan.Known)
            {
                throw new InstrumentFileException(_fileName,
                    $"column '{plan.Name}' holds '{cell.AsText()}', which is not a {Describe(plan.Meaning)}", position);
            }
            else
            {
                value = double.NaN;
            }
            plan.Values.Add(value);
        }
        RowCount++;
    }

    private static string Describe(CellMeaning meaning) => meaning switch
    {
        CellMeaning.Duration => "duration",
        CellMeaning.WallClock => "date and time",
        CellMeaning.NewareStepType => "Neware step type",
        _ => "number",
    };

    /// <summary>Adds a column whose values the caller computed (e.g. cycle numbers of a nested export).</summary>
    public void AddComputed(string name, string unit, Quantity quantity, List<double> values)
    {
        var plan = new Plan(-1, name, unit, quantity, CellMeaning.Number, 1, known: true);
        plan.Values.AddRange(values);
        plan.AnyNumber = true;
        _plans.Add(plan);
    }

    /// <summary>The columns in header order; text-only unknown columns are dropped with a warning.</summary>
    public List<SeriesColumn> Build()
    {
        var columns = new List<SeriesColumn>();
        bool temperatureTaken = false;
        foreach (var plan in _plans)
        {
            if (!plan.Known && !plan.AnyNumber)
            {
                if (plan.Values.Count > 0)
                {
                    _warnings.Add($"column '{plan.Name}' holds no numbers; left out");
                }
                continue;
            }
            var quantity = plan.Quantity;
            if (quantity == Quantity.TemperatureC)
            {
                // The first temperature column is the cell temperature; further ones stay as found.
                quantity = temperatureTaken ? Quantity.Other : Quantity.TemperatureC;
                temperatureTaken = true;
            }
            columns.Add(new SeriesColumn(plan.Name, quantity == Quantity.TemperatureC ? "C" : plan.Unit, quantity, [.. plan.Values]));
        }
        return columns;
    }

    private static bool TryRead(XlsxCell cell, CellMeaning meaning, out double value)
    {
        switch (meaning)
        {
            case CellMeaning.Duration:
                if (cell.Kind == XlsxCellKind.Number && cell.IsDate)
                {
                    value = cell.Number * 86400;
                    return true;
                }
                if (cell.TryGetNumber(out value))
                {
                    return true;
                }
                return TryParseDuration(cell.AsText(), out value);
            case CellMeaning.WallClock:
                if (cell.Kind == XlsxCellKind.Number)
                {
                    value = SerialDaysToUnixSeconds(cell.Number);
                    return !double.IsNaN(value);
                }
                return TryParseWallClock(cell.AsText(), out value);
            case CellMeaning.NewareStepType:
                if (cell.Kind == XlsxCellKind.Number)
                {
                    value = cell.Number;
                    return true;
                }
                value = NewareStepCode(cell.AsText());
                return true;
            default:
                return cell.TryGetNumber(out value);
        }
    }

    /// <summary>Excel serial days (1900 date system) as seconds since 1970, the clock read as UTC like the other parsers.</summary>
    public static double SerialDaysToUnixSeconds(double days) =>
        days is > -657435 and < 2958466 ? (days - 25569) * 86400 : double.NaN;

    /// <summary>Serial days as an ISO 8601 local time without offset (for metadata), or null when out of range.</summary>
    public static string? SerialDaysToIso(double days) =>
        days is > 0 and < 2958466
            ? DateTime.FromOADate(days).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : null;

    private static readonly string[] WallClockFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "MM/dd/yyyy HH:mm:ss", "M/d/yyyy h:mm:ss tt",
    ];

    public static bool TryParseWallClock(string text, out double unixSeconds)
    {
        if (DateTime.TryParseExact(text.Trim(), WallClockFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AllowWhiteSpaces, out var t))
        {
            unixSeconds = (DateTime.SpecifyKind(t, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
            return true;
        }
        unixSeconds = double.NaN;
        return false;
    }

    /// <summary>"hh:mm:ss", "h:mm:ss.fff", "d-hh:mm:ss", "d.hh:mm:ss" or "d day(s), hh:mm:ss" as seconds.</summary>
    public static bool TryParseDuration(string text, out double seconds)
    {
        seconds = double.NaN;
        var s = text.AsSpan().Trim();
        double days = 0;
        int comma = s.IndexOf(',');
        if (comma > 0 && s[..comma].IndexOf("day", StringComparison.OrdinalIgnoreCase) > 0)
        {
            var dayPart = s[..comma].Trim();
            int space = dayPart.IndexOf(' ');
            if (space <= 0 || !double.TryParse(dayPart[..space], NumberStyles.Integer, CultureInfo.InvariantCulture, out days))
            {
                return false;
            }
            s = s[(comma + 1)..].Trim();
        }
        int firstColon = s.IndexOf(':');
        if (firstColon < 0)
        {
            return false;
        }
        int daySep = s[..firstColon].IndexOfAny('-', '.');
        if (daySep > 0)
        {
            if (!double.TryParse(s[..daySep], NumberStyles.Integer, CultureInfo.InvariantCulture, out days))
            {
                return false;
            }
            s = s[(daySep + 1)..];
        }
        double total = 0;
        int parts = 0;
        foreach (var range in s.Split(':'))
        {
            if (++parts > 3 || !double.TryParse(s[range], NumberStyles.Float, CultureInfo.InvariantCulture, out double part) || part < 0)
            {
                return false;
            }
            total = (total * 60) + part;
        }
        // "mm:ss.f" for short steps, "hh:mm:ss" otherwise.
        seconds = (days * 86400) + total;
        return parts is 2 or 3;
    }

    /// <summary>Neware step codes as the .nda/.ndax parsers give them (1 CC_Chg, 2 CC_DChg, 3 CV_Chg, 4 Rest,
    /// 7 CCCV_Chg, 20 CCCV_DChg); NaN for a type these files do not name.</summary>
    public static double NewareStepCode(string text)
    {
        string key = Key(text);
        return key switch
        {
            "ccchg" or "恒流充电" => 1,
            "ccdchg" or "恒流放电" => 2,
            "cvchg" or "恒压充电" => 3,
            "rest" or "搁置" or "静置" => 4,
            "cccvchg" or "恒流恒压充电" => 7,
            "cccvdchg" or "恒流恒压放电" => 20,
            _ => double.NaN,
        };
    }
}
