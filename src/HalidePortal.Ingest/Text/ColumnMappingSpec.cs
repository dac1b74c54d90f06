using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HalidePortal.Ingest.Text;

/// <summary>What one source column of a mapped file becomes.</summary>
/// <param name="Index">0-based position of the column in the row.</param>
/// <param name="Header">The header field as the file writes it ("column N" without a header row).</param>
/// <param name="Quantity">Canonical quantity; <see cref="Quantity.Other"/> keeps the column as found; null ignores it.</param>
/// <param name="Unit">The unit the file's values are in (one of <see cref="MappableQuantity.Units"/>; free text for Other).</param>
public sealed record MappedColumn(int Index, string Header, Quantity? Quantity, string? Unit = null);

/// <summary>
/// How to read a delimited text file no parser knows: where its header is, how it is split, which technique it
/// holds, and for every column of the header what it becomes. Saved per team (as JSON) and applied again to files
/// whose header has the same <see cref="Signature"/>.
/// </summary>
public sealed record ColumnMappingSpec
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>1-based line of the header row in the file the mapping was made on; 0 for a file without one.</summary>
    public int HeaderLine { get; init; }
    public char Delimiter { get; init; } = ',';
    public bool DecimalComma { get; init; }
    public Technique Technique { get; init; }
    /// <summary>Every column of the header, in order (ignored ones with a null quantity).</summary>
    public IReadOnlyList<MappedColumn> Columns { get; init; } = [];

    /// <summary>The header signature (<see cref="DelimitedPreview.SignatureOf"/>) of the files this mapping reads.</summary>
    [JsonIgnore]
    public string Signature => DelimitedPreview.SignatureOf(Columns.OrderBy(c => c.Index).Select(c => c.Header));

    /// <summary>A mapping of a previewed file, every column ignored until chosen.</summary>
    public static ColumnMappingSpec For(DelimitedPreview preview, Technique technique = Technique.Unknown)
    {
        ArgumentNullException.ThrowIfNull(preview);
        return new ColumnMappingSpec
        {
            HeaderLine = preview.HeaderLine,
            Delimiter = preview.Delimiter,
            DecimalComma = preview.DecimalComma,
            Technique = technique,
            Columns = preview.Header.Select((h, i) => new MappedColumn(i, h, null)).ToList(),
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a mapping written by <see cref="ToJson"/>.</summary>
    public static ColumnMappingSpec FromJson(string json) =>
        JsonSerializer.Deserialize<ColumnMappingSpec>(json, JsonOptions) ?? throw new JsonException("the column mapping is null");

    /// <summary>
    /// What is wrong with the mapping, per column index (-1 for the mapping as a whole): a unit foreign to its
    /// quantity, two columns for one quantity, no column mapped at all, columns out of order.
    /// </summary>
    public IReadOnlyList<(int Column, string Message)> Problems()
    {
        var problems = new List<(int, string)>();
        if (Delimiter is not ('\t' or ';' or ',' or ' ' or '|'))
        {
            problems.Add((-1, "the delimiter must be a tab, ';', ',', '|' or a space"));
        }
        if (Columns.Count == 0 || Columns.All(c => c.Quantity is null))
        {
            problems.Add((-1, "map at least one column to a quantity"));
        }
        for (int i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Index != i)
            {
                problems.Add((-1, "the columns must be listed in file order, one for each header field"));
                break;
            }
        }
        var seen = new HashSet<Quantity>();
        foreach (var column in Columns)
        {
            if (column.Quantity is not { } quantity)
            {
                continue;
            }
            string label = Describe(column);
            if (quantity != Quantity.Other && !seen.Add(quantity))
            {
                problems.Add((column.Index, $"{label}: another column is already mapped to {MappableQuantities.LabelOf(quantity)}"));
                continue;
            }
            if (MappableQuantities.Of(quantity) is not { } mappable)
            {
                problems.Add((column.Index, $"{label}: {quantity} cannot be chosen in a mapping"));
            }
            else if (MappableQuantities.FactorOf(quantity, column.Unit ?? "") is null)
            {
                problems.Add((column.Index, $"{label}: \"{column.Unit}\" is not a unit of {mappable.Label.ToLowerInvariant()} "
                    + $"(expected {string.Join(", ", mappable.Units)})"));
            }
        }
        return problems;
    }

    /// <summary>"column 3 \"Voltage(V)\"", for messages.</summary>
    public static string Describe(MappedColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return string.Create(CultureInfo.InvariantCulture, $"column {column.Index + 1} \"{column.Header}\"");
    }
}

/// <summary>A quantity the mapping form offers, with the units a file may state it in (first = canonical).</summary>
/// <param name="Units">Empty: the column has no unit (counters) or, for Other, any unit as written.</param>
public sealed record MappableQuantity(Quantity Quantity, string Label, IReadOnlyList<string> Units);

/// <summary>The quantities a column can be mapped to, their units, and guesses from a header's text.</summary>
public static class MappableQuantities
{
    public static IReadOnlyList<MappableQuantity> All { get; } =
    [
        new(Quantity.TimeS, "Time", ["s", "ms", "min", "h", "d"]),
        new(Quantity.VoltageV, "Voltage", ["V", "mV", "uV"]),
        new(Quantity.CurrentMA, "Current", ["mA", "A", "uA", "nA"]),
        new(Quantity.ChargeCapacityMAh, "Charge capacity", ["mAh", "Ah", "uAh", "As", "mAs"]),
        new(Quantity.DischargeCapacityMAh, "Discharge capacity", ["mAh", "Ah", "uAh", "As", "mAs"]),
        new(Quantity.CapacityMAh, "Capacity", ["mAh", "Ah", "uAh", "As", "mAs"]),
        new(Quantity.EnergyMWh, "Energy", ["mWh", "Wh", "uWh", "kWh", "J"]),
        new(Quantity.CycleNumber, "Cycle", []),
        new(Quantity.StepNumber, "Step", []),
        new(Quantity.FrequencyHz, "Frequency", ["Hz", "kHz", "MHz", "mHz"]),
        new(Quantity.ZRealOhm, "Re Z", ["Ohm", "kOhm", "MOhm", "mOhm"]),
        new(Quantity.ZImagOhm, "Im Z", ["Ohm", "kOhm", "MOhm", "mOhm"]),
        new(Quantity.ZModOhm, "|Z|", ["Ohm", "kOhm", "MOhm", "mOhm"]),
        new(Quantity.PhaseDeg, "Phase", ["deg", "rad"]),
        new(Quantity.TemperatureC, "Temperature", ["C"]),
        new(Quantity.TwoThetaDeg, "2-theta", ["deg"]),
        // One choice for intensity: the unit picks counts or counts per second.
        new(Quantity.IntensityCounts, "Intensity", ["counts", "cps"]),
        new(Quantity.Other, "Other", []),
    ];

    public static MappableQuantity? Of(Quantity quantity) => All.FirstOrDefault(q => q.Quantity == quantity);

    public static string LabelOf(Quantity quantity) => Of(quantity)?.Label.ToLowerInvariant() ?? quantity.ToString();

    /// <summary>
    /// Factor from <paramref name="unit"/> to the quantity's canonical unit; 1 for counters, intensities and Other;
    /// null when the unit is not one of the quantity's. An empty unit means the canonical one.
    /// </summary>
    public static double? FactorOf(Quantity quantity, string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return quantity switch
        {
            Quantity.Other or Quantity.CycleNumber or Quantity.StepNumber => 1,
            Quantity.IntensityCounts => unit.Trim().ToLowerInvariant() is "" or "counts" or "cts" or "cps" or "counts/s" ? 1 : null,
            _ => HeaderUnits.FactorToCanonical(quantity, unit),
        };
    }

    /// <summary>The quantity and unit a header's text suggests ("Voltage(V)" → Voltage in V); null quantity when nothing fits.</summary>
    public static (Quantity? Quantity, string Unit) Guess(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var (name, unit) = HeaderUnits.Split(header);
        string n = name.ToLowerInvariant();
        // Underscored units ("Voltage_V", "Time_s") as battery-data exports write them.
        int underscore = name.LastIndexOf('_');
        string suffix = underscore > 0 && unit.Length == 0 ? name[(underscore + 1)..] : "";
        Quantity? quantity = n switch
        {
            _ when n.Contains("discharge", StringComparison.Ordinal) && n.Contains("cap", StringComparison.Ordinal) => Quantity.DischargeCapacityMAh,
            _ when n.Contains("charge", StringComparison.Ordinal) && n.Contains("cap", StringComparison.Ordinal) => Quantity.ChargeCapacityMAh,
            _ when n.Contains("cap", StringComparison.Ordinal) || n.Contains("kapazit", StringComparison.Ordinal) || n.Contains("ladung", StringComparison.Ordinal)
                || n.Contains("容量", StringComparison.Ordinal) || n is "q" or "amphr" => Quantity.CapacityMAh,
            _ when n.Contains("energ", StringComparison.Ordinal) || n.Contains("能量", StringComparison.Ordinal) || n == "watthr" => Quantity.EnergyMWh,
            _ when n.Contains("freq", StringComparison.Ordinal) => Quantity.FrequencyHz,
            _ when n.Contains("phase", StringComparison.Ordinal) => Quantity.PhaseDeg,
            _ when n is "z" or "zmod" or "mod(z)" || n.Contains("|z|", StringComparison.Ordinal) || n.Contains("z_mag", StringComparison.Ordinal) => Quantity.ZModOhm,
            _ when n.StartsWith("-im", StringComparison.Ordinal) || n.StartsWith("im", StringComparison.Ordinal) || n.Contains("z''", StringComparison.Ordinal)
                || n.Contains("z\"", StringComparison.Ordinal) || n.Contains("zimag", StringComparison.Ordinal) || n.Contains("z_imag", StringComparison.Ordinal) => Quantity.ZImagOhm,
            _ when n.StartsWith("re", StringComparison.Ordinal) && n.Contains('z', StringComparison.Ordinal) || n.Contains("z'", StringComparison.Ordinal)
                || n.Contains("zreal", StringComparison.Ordinal) || n.Contains("z_real", StringComparison.Ordinal) => Quantity.ZRealOhm,
            _ when n.Contains("2theta", StringComparison.Ordinal) || n.Contains("2-theta", StringComparison.Ordinal) || n.Contains("two theta", StringComparison.Ordinal)
                || n is "angle" or "2θ" => Quantity.TwoThetaDeg,
            _ when n.Contains("intens", StringComparison.Ordinal) || n is "counts" or "cps" => Quantity.IntensityCounts,
            _ when n.Contains("temp", StringComparison.Ordinal) || n.Contains("温度", StringComparison.Ordinal) => Quantity.TemperatureC,
            _ when n.Contains("cycle", StringComparison.Ordinal) || n.Contains("zyklus", StringComparison.Ordinal) || n.Contains("循环", StringComparison.Ordinal) => Quantity.CycleNumber,
            _ when (n.Contains("step", StringComparison.Ordinal) && !n.Contains("time", StringComparison.Ordinal)) || n is "工步" or "工步号" => Quantity.StepNumber,
            _ when n.Contains("volt", StringComparison.Ordinal) || n.Contains("potential", StringComparison.Ordinal) || n.StartsWith("ewe", StringComparison.Ordinal)
                || n.Contains("spannung", StringComparison.Ordinal) || n.Contains("电压", StringComparison.Ordinal)
                || n is "e" or "u" or "v" => Quantity.VoltageV,
            _ when n.Contains("current", StringComparison.Ordinal) || n.Contains("strom", StringComparison.Ordinal) || n.Contains("电流", StringComparison.Ordinal)
                || n is "i" or "<i>" => Quantity.CurrentMA,
            _ when n.Contains("time", StringComparison.Ordinal) || n.Contains("zeit", StringComparison.Ordinal) || n.Contains("时间", StringComparison.Ordinal)
                || n is "t" => Quantity.TimeS,
            _ => null,
        };
        if (quantity is not { } q || Of(q) is not { } mappable)
        {
            return (null, unit);
        }
        foreach (var candidate in new[] { unit, suffix })
        {
            if (candidate.Length > 0 && FactorOf(q, candidate) is { } factor)
            {
                // The form's own spelling of the unit when it offers one alike ("ohm" → "Ohm", "°C" → "C").
                string offered = mappable.Units.FirstOrDefault(u => string.Equals(u, candidate, StringComparison.OrdinalIgnoreCase))
                    ?? mappable.Units.FirstOrDefault(u => FactorOf(q, u) == factor) ?? candidate;
                return (q, offered);
            }
        }
        return (q, mappable.Units.Count > 0 ? mappable.Units[0] : unit);
    }

    /// <summary>
    /// <see cref="Guess"/> for every header of a file; a quantity guessed twice is kept for its first column only (the
    /// later ones are left unmapped for the user to decide).
    /// </summary>
    public static IReadOnlyList<(Quantity? Quantity, string Unit)> GuessAll(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var taken = new HashSet<Quantity>();
        var guesses = new List<(Quantity?, string)>(headers.Count);
        foreach (var header in headers)
        {
            var (quantity, unit) = Guess(header);
            guesses.Add(quantity is { } q && q != Quantity.Other && !taken.Add(q) ? (null, unit) : (quantity, unit));
        }
        return guesses;
    }

    /// <summary>The technique a set of mapped quantities suggests: frequency → impedance, 2-theta → diffraction, capacity or cycle → cycling, voltage and current → voltammetry.</summary>
    public static Technique GuessTechnique(IEnumerable<Quantity?> quantities)
    {
        ArgumentNullException.ThrowIfNull(quantities);
        var set = quantities.OfType<Quantity>().ToHashSet();
        if (set.Contains(Quantity.FrequencyHz) || set.Contains(Quantity.ZRealOhm))
        {
            return Technique.Impedance;
        }
        if (set.Contains(Quantity.TwoThetaDeg))
        {
            return Technique.Diffraction;
        }
        if (set.Overlaps([Quantity.CapacityMAh, Quantity.ChargeCapacityMAh, Quantity.DischargeCapacityMAh, Quantity.CycleNumber]))
        {
            return Technique.Cycling;
        }
        return set.Contains(Quantity.VoltageV) && set.Contains(Quantity.CurrentMA) ? Technique.Voltammetry : Technique.Unknown;
    }
}
