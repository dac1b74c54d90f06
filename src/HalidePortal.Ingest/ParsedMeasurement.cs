namespace HalidePortal.Ingest;

/// <summary>What kind of experiment a file holds.</summary>
public enum Technique
{
    Unknown = 0,
    Cycling = 1,
    Impedance = 2,
    Diffraction = 3,
    Voltammetry = 4,
    /// <summary>Output of a simulation (molecular dynamics), e.g. a mean squared displacement against time.</summary>
    Simulation = 5,
}

/// <summary>
/// Canonical quantities with fixed units, so every parser's output means the same thing:
/// time s, voltage V, current mA, capacity mAh, energy mWh, frequency Hz, impedance Ohm (real, and
/// imaginary with the sign as measured, usually negative for capacitive arcs), temperature C, 2-theta deg,
/// intensity counts; cycle and step numbers as the instrument software shows them.
/// </summary>
public enum Quantity
{
    Other = 0,
    TimeS,
    VoltageV,
    CurrentMA,
    ChargeCapacityMAh,
    DischargeCapacityMAh,
    CapacityMAh,
    EnergyMWh,
    CycleNumber,
    StepNumber,
    FrequencyHz,
    ZRealOhm,
    ZImagOhm,
    TemperatureC,
    TwoThetaDeg,
    IntensityCounts,
    /// <summary>Counts per second, for diffraction files that state their intensity so.</summary>
    IntensityCps,
    /// <summary>Impedance modulus |Z| in Ohm.</summary>
    ZModOhm,
    /// <summary>Impedance phase in degrees, sign as measured.</summary>
    PhaseDeg,
    /// <summary>
    /// Which sweep (1-based) a row of a multi-sweep impedance or voltammetry file belongs to; for diffraction, which
    /// range or repeated scan.
    /// </summary>
    SweepNumber,
    /// <summary>Mean squared displacement of the mobile ion (Li) in A^2, against TimeS.</summary>
    MsdA2,
}

/// <summary>Metadata keys every parser uses for the same fact, values written in invariant culture.</summary>
public static class MetadataKeys
{
    /// <summary>Technique as the instrument names it (e.g. "Galvanostatic Cycling with Potential Limitation", "PEIS").</summary>
    public const string Technique = "technique";
    /// <summary>Start of the run, instrument-local ISO 8601 without offset.</summary>
    public const string StartTime = "startTime";
    public const string ActiveMaterialMassMg = "activeMaterialMassMg";
    public const string ElectrodeAreaCm2 = "electrodeAreaCm2";
    public const string Channel = "channel";
    public const string TemperatureC = "temperatureC";
    /// <summary>X-ray wavelength in Angstrom (K-alpha1 when the file gives several).</summary>
    public const string WavelengthAngstrom = "wavelengthAngstrom";
    public const string WavelengthAlpha2Angstrom = "wavelengthAlpha2Angstrom";
    public const string CountingTimeS = "countingTimeS";
    /// <summary>"counts" or "cps".</summary>
    public const string IntensityUnit = "intensityUnit";
    /// <summary>Sign convention of the imaginary impedance column as found: "-Im" or "Im".</summary>
    public const string ImaginarySign = "imaginarySign";
    public const string Instrument = "instrument";
    /// <summary>X-ray tube anode (target) element, e.g. "Cu", "Mo", "Ag".</summary>
    public const string Anode = "anode";
    /// <summary>Intensity ratio K-alpha2 / K-alpha1 the file states (0 when a monochromator removed K-alpha2).</summary>
    public const string Alpha2Ratio = "alpha2Ratio";
    /// <summary>Sample or test name as the file states it (title line, test identifier).</summary>
    public const string SampleName = "sampleName";
    /// <summary>Pellet (sample) thickness between the electrodes in mm, for sigma = L / (R A).</summary>
    public const string SampleThicknessMm = "sampleThicknessMm";
    /// <summary>Pellet (sample) diameter in mm; the electrode area follows as pi d^2 / 4.</summary>
    public const string SampleDiameterMm = "sampleDiameterMm";
    /// <summary>Potential scan rate of a voltammetry run in mV/s.</summary>
    public const string ScanRateMVPerS = "scanRateMVPerS";
    /// <summary>"cycles" when each row summarises one cycle (per-cycle summary files) instead of one sample.</summary>
    public const string Rows = "rows";
    /// <summary>Number of Li ions in the simulation cell, for Nernst-Einstein.</summary>
    public const string IonsPerCell = "ionsPerCell";
    /// <summary>Volume of the simulation cell in A^3.</summary>
    public const string CellVolumeA3 = "cellVolumeA3";
    /// <summary>Name of the team's column mapping a "mapped-text" measurement was read with.</summary>
    public const string ColumnMapping = "columnMapping";
}

/// <summary>One column of a measurement, values in the canonical unit of its quantity (or as found, for Other).</summary>
public sealed record SeriesColumn(string Name, string Unit, Quantity Quantity, double[] Values);

/// <summary>
/// A parsed instrument file: columns of equal length plus the metadata the file states (technique, active
/// mass, area, start time, channel, ...). Keys of <see cref="Metadata"/> are camelCase and documented per parser.
/// </summary>
public sealed class ParsedMeasurement
{
    public required string Format { get; init; }
    public required Technique Technique { get; init; }
    public required IReadOnlyList<SeriesColumn> Columns { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Things the parser skipped or guessed (unknown column ids...), for the user to see; never fatal.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Values.Length;

    public SeriesColumn? Find(Quantity quantity) => Columns.FirstOrDefault(c => c.Quantity == quantity);
}

/// <summary>A file that cannot be read as the format it claims, with where and what was expected.</summary>
public sealed class InstrumentFileException(string fileName, string message, long? position = null)
    : Exception(position is { } p ? $"{fileName}: {message} (at byte/line {p})" : $"{fileName}: {message}")
{
    public string FileName { get; } = fileName;
    public long? Position { get; } = position;
}

/// <summary>One instrument format: recognises its files by content and turns them into a <see cref="ParsedMeasurement"/>.</summary>
public interface IInstrumentParser
{
    /// <summary>Short format name, e.g. "biologic-mpr", "neware-ndax".</summary>
    string Format { get; }

    /// <summary>True when the first bytes (at least 4 KiB when the file has them) look like this format.</summary>
    bool CanRead(ReadOnlySpan<byte> head, string? fileName);

    /// <summary>Reads the whole file; the stream may be non-seekable.</summary>
    ParsedMeasurement Parse(Stream stream, string fileName);
}
