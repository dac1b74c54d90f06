namespace HalidePortal.Domain.Measurements;

/// <summary>What kind of experiment a measurement holds (mirrors the parsers' technique).</summary>
public enum MeasurementTechnique
{
    Unknown = 0,
    Cycling = 1,
    Impedance = 2,
    Diffraction = 3,
    Voltammetry = 4,
    /// <summary>Simulation output (an MD mean squared displacement table).</summary>
    Simulation = 5,
}

/// <summary>Where an uploaded file is on its way from raw bytes to stored, summarised series.</summary>
public enum MeasurementState
{
    Queued = 0,
    Parsing = 1,
    Analysing = 2,
    Done = 3,
    Failed = 4,
}

/// <summary>
/// One uploaded instrument file attached to a sample, pellet or cell: the raw file (addressed by SHA-256, kept
/// unchanged), what the parser found, what the user supplied, and the processing state. Series live in bulk
/// tables (series chunks, cycle summaries), not as entities.
/// </summary>
public sealed class Measurement : TeamRecord
{
    public required string FileName { get; set; }
    /// <summary>Lower-case hex SHA-256 of the raw bytes; the raw store's key.</summary>
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }

    public Guid SampleId { get; set; }
    public Guid? PelletId { get; set; }
    public Guid? CellId { get; set; }

    public MeasurementState State { get; set; }
    /// <summary>0-100 within the current state, for progress bars.</summary>
    public int Progress { get; set; }
    /// <summary>Why parsing or analysis failed, naming the file and the line or byte where it applies.</summary>
    public string? Error { get; set; }

    /// <summary>Parser's format name, e.g. "biologic-mpr"; null until parsed.</summary>
    public string? Format { get; set; }
    public MeasurementTechnique Technique { get; set; }
    public int RowCount { get; set; }
    /// <summary>What the file's header states (technique, start time, active mass, channel, ...).</summary>
    public Dictionary<string, string> FileMetadata { get; set; } = [];
    /// <summary>Things the parser skipped or guessed, shown to the user.</summary>
    public List<string> Warnings { get; set; } = [];

    /// <summary>Supplied at upload when the file lacks it (impedance runs rarely record the temperature).</summary>
    public double? TemperatureC { get; set; }
    /// <summary>Supplied or taken from the cell or the file; used for mAh/g.</summary>
    public double? ActiveMassMg { get; set; }
    /// <summary>Nominal specific capacity for C-rates, mAh/g.</summary>
    public double? NominalMahPerG { get; set; }
    /// <summary>Cycle that retention is relative to; null = first cycle of the last constant-rate block.</summary>
    public int? ReferenceCycle { get; set; }
    /// <summary>Coulombic efficiency as charge/discharge (anode) instead of discharge/charge (cathode).</summary>
    public bool AnodeConvention { get; set; }

    /// <summary>The technique's summary beyond per-cycle rows (rate steps, retention, notes, algorithm version), as JSON.</summary>
    public string? SummaryJson { get; set; }

    public Guid? UploadedById { get; set; }
    public string? UploadedBy { get; set; }
    public DateTimeOffset? ParsedAt { get; set; }
}

/// <summary>A stored column of a measurement: name, unit and canonical quantity; values live in series chunks.</summary>
public sealed class MeasurementColumn
{
    public Guid MeasurementId { get; set; }
    public int Index { get; set; }
    public Guid TeamId { get; set; }
    public required string Name { get; set; }
    public required string Unit { get; set; }
    /// <summary>The parser's canonical quantity name (e.g. "VoltageV"), "Other" for the rest.</summary>
    public required string Quantity { get; set; }
    public double? Min { get; set; }
    public double? Max { get; set; }
}

/// <summary>Per-cycle numbers of a cycling measurement, one row per cycle (written in bulk).</summary>
public sealed class CycleSummary
{
    public Guid MeasurementId { get; set; }
    public int Cycle { get; set; }
    public Guid TeamId { get; set; }
    public double ChargeMah { get; set; }
    public double DischargeMah { get; set; }
    public double? ChargeMahPerG { get; set; }
    public double? DischargeMahPerG { get; set; }
    public double? CoulombicEfficiency { get; set; }
    public double? ChargeEnergyMWh { get; set; }
    public double? DischargeEnergyMWh { get; set; }
    public double? MeanChargeVoltageV { get; set; }
    public double? MeanDischargeVoltageV { get; set; }
    public double? CRate { get; set; }
    public double? RetentionPercent { get; set; }
}

/// <summary>
/// Up to <see cref="Length"/> consecutive values of one column (a PostgreSQL double precision[]), written with
/// binary COPY; a million-row file is a few hundred rows here, and a zoomed plot reads only the chunks it shows.
/// </summary>
public sealed class SeriesChunk
{
    public const int Length = 65536;

    public Guid MeasurementId { get; set; }
    public int ColumnIndex { get; set; }
    public int ChunkIndex { get; set; }
    public Guid TeamId { get; set; }
    public required double[] Values { get; set; }
}

/// <summary>
/// The charge or discharge branch of one cycle, thinned for plotting (capacity since the branch began against
/// voltage), and its dQ/dV computed from the full-resolution branch; written in bulk with the cycle summaries.
/// </summary>
public sealed class CycleCurve
{
    public Guid MeasurementId { get; set; }
    public int Cycle { get; set; }
    /// <summary>"charge" or "discharge".</summary>
    public required string Kind { get; set; }
    public Guid TeamId { get; set; }
    public required double[] CapacityMAh { get; set; }
    public required double[] VoltageV { get; set; }
    public required double[] DqDvVoltageV { get; set; }
    public required double[] DqDvMAhPerV { get; set; }
}
