namespace HalidePortal.Domain.Analyses;

/// <summary>Which analysis a run computed from a measurement's stored series.</summary>
public enum AnalysisKind
{
    ImpedanceFit = 1,
    KramersKronig = 2,
    Drt = 3,
    LsvOnset = 4,
    Diffraction = 5,
    Gitt = 6,
    Msd = 7,
}

/// <summary>Where an analysis run is; runs never change once Done or Failed (a re-run is a new version).</summary>
public enum AnalysisState
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>
/// One computation of one analysis on one measurement, with the settings it used, the algorithm's version and its
/// result. Re-running with other settings adds a version; earlier versions stay, so results can be compared and a
/// published number traced to exactly how it was computed. Lives and dies with its measurement.
/// </summary>
public sealed class AnalysisRun : ITeamOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public Guid MeasurementId { get; set; }
    public AnalysisKind Kind { get; set; }
    /// <summary>1, 2, ... per measurement and kind, in the order the runs were asked for.</summary>
    public int Version { get; set; }
    public AnalysisState State { get; set; }
    /// <summary>0-100 while running, for progress bars.</summary>
    public int Progress { get; set; }
    /// <summary>Why the run failed, in words a user can act on.</summary>
    public string? Error { get; set; }
    /// <summary>The settings as JSON (the kind's settings record); what a re-run starts from.</summary>
    public required string SettingsJson { get; set; }
    /// <summary>The kind's result record as JSON; null until Done.</summary>
    public string? ResultJson { get; set; }
    /// <summary>The algorithm that produced the result, e.g. "cnls-lm/2".</summary>
    public string? AlgorithmVersion { get; set; }
    /// <summary>Who asked for it; null when the worker queued it on its own after an upload.</summary>
    public string? RequestedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public double? DurationMs { get; set; }
}
