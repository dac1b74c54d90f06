using HalidePortal.Ingest.Impedance;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Which <see cref="Technique"/> an EC-Lab file holds, from the technique it names (the .mpr settings module's
/// short name such as "PEIS", "CV", "LSV", or the .mpt header's full name such as "Linear Sweep Voltammetry"), and
/// the sweep numbers that let several sweeps in one file be told apart. A frequency column alone is weak evidence:
/// Modulo Bat and GCPL files carry one that is zero outside occasional impedance steps.
/// </summary>
internal static class BioLogicTechniques
{
    private static readonly string[] ImpedanceNames = ["PEIS", "GEIS", "SPEIS", "SGEIS", "PEISW", "GEISW"];
    private static readonly string[] VoltammetryNames = ["CV", "CVA", "LSV", "SV"];
    private static readonly string[] OtherNames = ["GCPL", "OCV", "MP", "CA", "CP", "WAIT", "ZIR", "coV", "coC", "MB", "GITT", "PITT", "CPLIMIT", "CALIMIT"];

    public static Technique Classify(string? technique, IReadOnlyList<SeriesColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (FromHeader(technique, columns.Select(c => c.Quantity).ToList()) is { } known)
        {
            return known;
        }
        // Unnamed or unfamiliar technique: impedance only when most rows carry a frequency.
        var frequency = columns.FirstOrDefault(c => c.Quantity == Quantity.FrequencyHz)?.Values;
        return frequency is { Length: > 0 } && frequency.Count(f => f > 0) * 2 > frequency.Length ? Technique.Impedance : Technique.Cycling;
    }

    /// <summary>
    /// What <see cref="Classify"/> will say, from the technique's name and the columns' quantities alone (known before
    /// the first row, so a reader can stream); null when it depends on the rows (an unfamiliar name with a frequency column).
    /// </summary>
    public static Technique? FromHeader(string? technique, IReadOnlyList<Quantity> quantities)
    {
        ArgumentNullException.ThrowIfNull(quantities);
        string name = technique?.Trim() ?? "";
        bool hasFrequency = quantities.Contains(Quantity.FrequencyHz);
        if (Array.IndexOf(ImpedanceNames, name) >= 0 || name.Contains("Impedance Spectroscopy", StringComparison.OrdinalIgnoreCase))
        {
            return hasFrequency ? Technique.Impedance : Technique.Cycling;
        }
        if (Array.IndexOf(VoltammetryNames, name) >= 0 || name.Contains("Voltammetry", StringComparison.OrdinalIgnoreCase))
        {
            return Technique.Voltammetry;
        }
        if (Array.IndexOf(OtherNames, name) >= 0 || !hasFrequency)
        {
            return Technique.Cycling;
        }
        return null;
    }

    /// <summary>
    /// Adds the sweep column for impedance and voltammetry: the "cycle number" when it changes within the file,
    /// otherwise (impedance) a new sweep where the frequency steps back up, or (voltammetry) sweep 1 throughout.
    /// For impedance also records that EC-Lab stores -Im(Z) (already turned into Im(Z) as measured).
    /// </summary>
    public static void AddSweeps(Technique technique, List<SeriesColumn> columns, Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(metadata);
        if (technique is not (Technique.Impedance or Technique.Voltammetry) || columns.Exists(c => c.Quantity == Quantity.SweepNumber))
        {
            return;
        }
        int rows = columns.Count == 0 ? 0 : columns[0].Values.Length;
        var cycle = columns.Find(c => c.Quantity == Quantity.CycleNumber)?.Values;
        double[] sweep;
        if (cycle is not null && cycle.Distinct().Skip(1).Any())
        {
            sweep = [.. cycle];
        }
        else if (technique == Technique.Impedance)
        {
            sweep = ImpedanceSweeps.FromFrequencyResets(columns.First(c => c.Quantity == Quantity.FrequencyHz).Values);
        }
        else
        {
            sweep = new double[rows];
            Array.Fill(sweep, 1.0);
        }
        columns.Add(new SeriesColumn("sweep", "", Quantity.SweepNumber, sweep));
        if (technique == Technique.Impedance && columns.Exists(c => c.Quantity == Quantity.ZImagOhm))
        {
            metadata[MetadataKeys.ImaginarySign] = "-Im";
        }
    }

    /// <summary>A whole BioLogic file's result: its technique from the header and columns, sweeps added where they apply.</summary>
    internal static StreamedOrWhole Whole(string format, List<SeriesColumn> columns, Dictionary<string, string> metadata,
        IReadOnlyList<string> warnings)
    {
        var technique = Classify(metadata.GetValueOrDefault("technique"), columns);
        AddSweeps(technique, columns, metadata);
        return new StreamedOrWhole(null, new ParsedMeasurement
        {
            Format = format,
            Technique = technique,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        });
    }
}
