using System.Globalization;
using HalidePortal.Analysis.Cycling;
using HalidePortal.Ingest;

namespace HalidePortal.Processing;

/// <summary>
/// Turns a parsed cycler file into the analysis input (Ingest and Analysis do not know each other; the CLI and the
/// worker both need this).
/// </summary>
/// <param name="Series">The columns the analysis reads.</param>
/// <param name="ActiveMassMg">Active mass the file states, if any.</param>
/// <param name="Notes">What was derived rather than read.</param>
public sealed record CyclingInput(CyclingSeries Series, double? ActiveMassMg, IReadOnlyList<string> Notes)
{
    /// <summary>The whole file as one block; see <see cref="CyclingBlockReader"/> for what is read and derived.</summary>
    /// <exception cref="ArgumentException">No time or voltage column, or no current and nothing to derive it from.</exception>
    public static CyclingInput From(ParsedMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        return From(measurement.Format, [.. measurement.Columns.Select(c => new SeriesColumnInfo(c.Name, c.Unit, c.Quantity))],
            [.. measurement.Columns.Select(c => c.Values)], measurement.Metadata);
    }

    /// <summary>The same from stored columns (the worker reads them back from the database), values in column order.</summary>
    /// <exception cref="ArgumentException">No time or voltage column, or no current and nothing to derive it from.</exception>
    public static CyclingInput From(
        string format, IReadOnlyList<SeriesColumnInfo> columns, IReadOnlyList<double[]> values, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(values);
        var reader = CyclingBlockReader.For(format, columns);
        var series = reader.Convert([.. values.Select(v => new ArraySegment<double>(v))]);
        var notes = reader.Notes.ToList();
        var mass = CyclingBlockReader.ActiveMass(metadata, notes);
        return new CyclingInput(series, mass, notes);
    }
}

/// <summary>
/// Picks the columns the cycling analysis reads out of a parsed file's blocks: time, voltage and current by quantity;
/// cycle and step indices, charge/discharge/signed capacity counters and charge/discharge energy counters (told apart
/// by column name) when present. EC-Lab's "cycle number" counts from 0; it is shifted to count from 1 like Neware's.
/// Without a current column (EC-Lab GCPL files store only "dq"), the current is dq / dt, or the change of the signed
/// capacity counter over dt, carried across block boundaries.
/// </summary>
public sealed class CyclingBlockReader
{
    private readonly int time, voltage, current, cycle, step, charge, discharge, signed, chargeEnergy, dischargeEnergy, dq;
    private readonly bool shiftCycles;
    private readonly bool reuse;
    private readonly double[]?[] recycled = new double[]?[10];
    private readonly List<string> notes = [];
    private bool started;
    private double previousTime, previousStep, previousCurrent;

    private CyclingBlockReader(string format, IReadOnlyList<SeriesColumnInfo> columns, bool reuse)
    {
        this.reuse = reuse;
        int Find(Quantity quantity) => IndexOf(columns, c => c.Quantity == quantity);
        time = Find(Quantity.TimeS);
        voltage = Find(Quantity.VoltageV);
        if (time < 0)
        {
            throw new ArgumentException("the file has no time column");
        }
        if (voltage < 0)
        {
            throw new ArgumentException("the file has no voltage column");
        }
        current = Find(Quantity.CurrentMA);
        cycle = Find(Quantity.CycleNumber);
        step = Find(Quantity.StepNumber);
        charge = Find(Quantity.ChargeCapacityMAh);
        discharge = Find(Quantity.DischargeCapacityMAh);
        signed = Find(Quantity.CapacityMAh);
        dischargeEnergy = IndexOf(columns, c => c.Quantity == Quantity.EnergyMWh && Names(c, "discharge"));
        chargeEnergy = IndexOf(columns, c => c.Quantity == Quantity.EnergyMWh && Names(c, "charge") && !Names(c, "discharge"));
        dq = IndexOf(columns, c => string.Equals(c.Name, "dq", StringComparison.Ordinal) && string.Equals(c.Unit, "mAh", StringComparison.Ordinal));
        shiftCycles = format.StartsWith("biologic", StringComparison.Ordinal);
        if (current < 0)
        {
            if (dq < 0 && signed < 0)
            {
                throw new ArgumentException("the file has no current column and no charge column to derive it from");
            }
            notes.Add(dq >= 0
                ? "Current derived from dq / dt (the file stores no current column)."
                : "Current derived from the change of the capacity counter over time (the file stores no current column).");
        }
    }

    /// <summary>What was derived rather than read.</summary>
    public IReadOnlyList<string> Notes => notes;

    /// <summary>A reader for a file with these columns.</summary>
    /// <param name="format">The parser's format name (EC-Lab cycle numbers are shifted).</param>
    /// <param name="columns">The file's columns.</param>
    /// <param name="reuseArrays">
    /// When true, each <see cref="Convert"/> may overwrite the arrays the previous one returned (when the blocks are as
    /// long): for a caller that is done with a block before asking for the next, so a long file leaves no garbage.
    /// </param>
    /// <exception cref="ArgumentException">No time or voltage column, or no current and nothing to derive it from.</exception>
    public static CyclingBlockReader For(string format, IReadOnlyList<SeriesColumnInfo> columns, bool reuseArrays = false)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(columns);
        return new CyclingBlockReader(format, columns, reuseArrays);
    }

    /// <summary>The analysis columns of the next block (blocks in file order).</summary>
    public CyclingSeries Convert(IReadOnlyList<ArraySegment<double>> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        int rows = block.Count == 0 ? 0 : block[0].Count;
        // One slot per analysis column, in the order of CyclingSeries' properties.
        double[]? Copy(int index, int slot)
        {
            if (index < 0)
            {
                return null;
            }
            var values = Array(slot, rows);
            block[index].AsSpan().CopyTo(values);
            return values;
        }
        var timeS = Copy(time, 0)!;
        var cycleIndex = Copy(cycle, 3);
        if (cycleIndex is not null && shiftCycles)
        {
            for (int i = 0; i < cycleIndex.Length; i++)
            {
                cycleIndex[i] += 1;
            }
        }
        return new CyclingSeries
        {
            TimeS = timeS,
            VoltageV = Copy(voltage, 1)!,
            CurrentMA = Copy(current, 2) ?? DeriveCurrent(timeS, dq >= 0 ? block[dq] : block[signed], dq >= 0, Array(2, rows)),
            CycleIndex = cycleIndex,
            StepIndex = Copy(step, 4),
            ChargeCapacityMAh = Copy(charge, 5),
            DischargeCapacityMAh = Copy(discharge, 6),
            SignedCapacityMAh = Copy(signed, 7),
            ChargeEnergyMWh = Copy(chargeEnergy, 8),
            DischargeEnergyMWh = Copy(dischargeEnergy, 9),
        };
    }

    private double[] Array(int slot, int rows)
    {
        if (reuse && recycled[slot] is { } kept && kept.Length == rows)
        {
            return kept;
        }
        var made = new double[rows];
        if (reuse)
        {
            recycled[slot] = made;
        }
        return made;
    }

    /// <summary>EC-Lab fills the mass field with 0.001 mg when nobody entered one; no real electrode is that light.</summary>
    private const double PlaceholderMassMg = 0.001;

    /// <summary>The active mass the file's metadata states, unless it is EC-Lab's placeholder (then a note says so).</summary>
    public static double? ActiveMass(IReadOnlyDictionary<string, string> metadata, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(notes);
        if (metadata.TryGetValue(MetadataKeys.ActiveMaterialMassMg, out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var mg)
            && mg > 0 && double.IsFinite(mg))
        {
            if (mg <= PlaceholderMassMg * 1.0001)
            {
                notes.Add($"The file's active mass {text} mg looks like a placeholder and was not used.");
                return null;
            }
            return mg;
        }
        return null;
    }

    /// <summary>I = 3600 dq / dt (mA from mAh per s) from EC-Lab's per-point charge, else from the signed counter's
    /// change (a reset to zero counts as the new value); rows with no time step keep the previous current; the first
    /// row of the file has 0.</summary>
    private double[] DeriveCurrent(double[] timeS, ArraySegment<double> charge, bool perPoint, double[] result)
    {
        for (int i = 0; i < timeS.Length; i++)
        {
            double q = charge[i];
            if (started)
            {
                double dt = timeS[i] - previousTime;
                // Within a half cycle the counter's magnitude only grows; a smaller magnitude means it was reset to zero.
                double passed = perPoint ? q : Math.Abs(q) < Math.Abs(previousStep) ? q : q - previousStep;
                result[i] = dt > 0 && double.IsFinite(passed) ? 3600 * passed / dt : previousCurrent;
            }
            else
            {
                result[i] = 0;
            }
            started = true;
            previousTime = timeS[i];
            previousStep = q;
            previousCurrent = result[i];
        }
        return result;
    }

    private static bool Names(SeriesColumnInfo column, string word) => column.Name.Contains(word, StringComparison.OrdinalIgnoreCase);

    private static int IndexOf(IReadOnlyList<SeriesColumnInfo> columns, Func<SeriesColumnInfo, bool> match)
    {
        for (int i = 0; i < columns.Count; i++)
        {
            if (match(columns[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
