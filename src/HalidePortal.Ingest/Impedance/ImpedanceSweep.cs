namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// One impedance sweep as a circuit fit takes it: frequencies falling (Hz), Z' and signed Z'' (Ohm);
/// ExcludedInductive counts the leading inductive points left out, Sweeps the sweeps the file holds.
/// </summary>
public sealed record ImpedanceSweep(double[] FrequencyHz, double[] ZRealOhm, double[] ZImagOhm, int ExcludedInductive, int Sweeps)
{
    /// <summary>
    /// The first sweep of a parsed impedance file: finite points with f &gt; 0 (at most maxHz), sorted by falling
    /// frequency; with dropInductive, the points with a positive (inductive) Z'' at the high-frequency end are left
    /// out (cable and instrument inductance a circuit without an inductor cannot follow). Null when the file has no
    /// frequency, Z' and Z'' columns.
    /// </summary>
    public static ImpedanceSweep? First(ParsedMeasurement measurement, bool dropInductive, double maxHz = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        var frequency = measurement.Find(Quantity.FrequencyHz)?.Values;
        var real = measurement.Find(Quantity.ZRealOhm)?.Values;
        var imaginary = measurement.Find(Quantity.ZImagOhm)?.Values;
        if (frequency is null || real is null || imaginary is null)
        {
            return null;
        }
        var sweep = measurement.Find(Quantity.SweepNumber)?.Values;
        double first = sweep is { Length: > 0 } ? sweep[0] : 0;
        var rows = Enumerable.Range(0, frequency.Length)
            .Where(i => (sweep is null || sweep[i] == first) && double.IsFinite(frequency[i]) && frequency[i] > 0
                && frequency[i] <= maxHz && double.IsFinite(real[i]) && double.IsFinite(imaginary[i]))
            .OrderByDescending(i => frequency[i])
            .ToList();
        int excluded = 0;
        if (dropInductive)
        {
            while (excluded < rows.Count && imaginary[rows[excluded]] > 0)
            {
                excluded++;
            }
        }
        var kept = rows.Skip(excluded).ToList();
        int sweeps = sweep is null ? 1 : sweep.Distinct().Count();
        return new ImpedanceSweep([.. kept.Select(i => frequency[i])], [.. kept.Select(i => real[i])],
            [.. kept.Select(i => imaginary[i])], excluded, sweeps);
    }
}
