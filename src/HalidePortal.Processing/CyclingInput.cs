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
    /// <summary>
    /// Time, voltage and current by quantity; cycle and step indices, charge/discharge/signed capacity counters and
    /// charge/discharge energy counters (told apart by column name) when present. EC-Lab's "cycle number" counts from 0;
    /// it is shifted to count from 1 like Neware's. Without a current column (EC-Lab GCPL files store only "dq"), the
    /// current is dq / dt, or the change of the signed capacity counter over dt.
    /// </summary>
    /// <exception cref="ArgumentException">No time or voltage column, or no current and nothing to derive it from.</exception>
    public static CyclingInput From(ParsedMeasurement measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var notes = new List<string>();
        var time = Required(measurement, Quantity.TimeS, "time");
        var voltage = Required(measurement, Quantity.VoltageV, "voltage");
        var signed = measurement.Find(Quantity.CapacityMAh)?.Values;
        var current = measurement.Find(Quantity.CurrentMA)?.Values ?? DeriveCurrent(measurement, time, signed, notes);

        var cycle = measurement.Find(Quantity.CycleNumber)?.Values;
        if (cycle is not null && measurement.Format.StartsWith("biologic", StringComparison.Ordinal))
        {
            cycle = cycle.Select(c => c + 1).ToArray();
        }
        var energies = measurement.Columns.Where(c => c.Quantity == Quantity.EnergyMWh).ToList();
        var series = new CyclingSeries
        {
            TimeS = time,
            VoltageV = voltage,
            CurrentMA = current,
            CycleIndex = cycle,
            StepIndex = measurement.Find(Quantity.StepNumber)?.Values,
            ChargeCapacityMAh = measurement.Find(Quantity.ChargeCapacityMAh)?.Values,
            DischargeCapacityMAh = measurement.Find(Quantity.DischargeCapacityMAh)?.Values,
            SignedCapacityMAh = signed,
            DischargeEnergyMWh = energies.Find(c => Names(c, "discharge"))?.Values,
            ChargeEnergyMWh = energies.Find(c => Names(c, "charge") && !Names(c, "discharge"))?.Values,
        };
        return new CyclingInput(series, ActiveMass(measurement.Metadata, notes), notes);
    }

    private static bool Names(SeriesColumn column, string word) => column.Name.Contains(word, StringComparison.OrdinalIgnoreCase);

    private static double[] Required(ParsedMeasurement measurement, Quantity quantity, string what) =>
        measurement.Find(quantity)?.Values ?? throw new ArgumentException($"the file has no {what} column");

    /// <summary>EC-Lab fills the mass field with 0.001 mg when nobody entered one; no real electrode is that light.</summary>
    private const double PlaceholderMassMg = 0.001;

    private static double? ActiveMass(IReadOnlyDictionary<string, string> metadata, List<string> notes)
    {
        foreach (var key in (string[])[MetadataKeys.ActiveMaterialMassMg])
        {
            if (metadata.TryGetValue(key, out var text)
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
        }
        return null;
    }

    /// <summary>I = 3600 dq / dt (mA from mAh per s) from EC-Lab's per-point charge, else from the signed counter's
    /// change (a reset to zero counts as the new value); rows with no time step keep the previous current.</summary>
    private static double[] DeriveCurrent(ParsedMeasurement measurement, double[] time, double[]? signed, List<string> notes)
    {
        var dq = measurement.Columns.FirstOrDefault(c =>
            string.Equals(c.Name, "dq", StringComparison.Ordinal) && string.Equals(c.Unit, "mAh", StringComparison.Ordinal))?.Values;
        if (dq is null && signed is null)
        {
            throw new ArgumentException("the file has no current column and no charge column to derive it from");
        }
        var current = new double[time.Length];
        for (int i = 1; i < time.Length; i++)
        {
            double dt = time[i] - time[i - 1];
            double step = dq is not null ? dq[i] : Change(signed!, i);
            current[i] = dt > 0 && double.IsFinite(step) ? 3600 * step / dt : current[i - 1];
        }
        notes.Add(dq is not null
            ? "Current derived from dq / dt (the file stores no current column)."
            : "Current derived from the change of the capacity counter over time (the file stores no current column).");
        return current;
    }

    /// <summary>Within a half cycle the counter's magnitude only grows; a smaller magnitude means it was reset to zero.</summary>
    private static double Change(double[] q, int i) => Math.Abs(q[i]) < Math.Abs(q[i - 1]) ? q[i] : q[i] - q[i - 1];
}
