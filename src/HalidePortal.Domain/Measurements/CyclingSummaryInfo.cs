namespace HalidePortal.Domain.Measurements;

/// <summary>What <see cref="Measurement.SummaryJson"/> holds for a cycling measurement.</summary>
public sealed record CyclingSummaryInfo(
    IReadOnlyList<RateStepInfo> RateSteps, RetentionInfo? Retention, string CycleSource, string Electrode, double? ActiveMassMg,
    IReadOnlyList<string> Notes, string AlgorithmVersion);

public sealed record RateStepInfo(double? CRate, double MeanCurrentMA, int FirstCycle, int LastCycle);

public sealed record RetentionInfo(int ReferenceCycle, double ReferenceCapacityMAh, int LastCycle, double PercentAtLast);
