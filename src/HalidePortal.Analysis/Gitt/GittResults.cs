namespace HalidePortal.Analysis.Gitt;

/// <summary>How the transient voltage change during a pulse (dEt, without the IR step) is measured.</summary>
public enum GittTransientMethod
{
    /// <summary>
    /// OLS E = a + b sqrt(t - t0) over the pulse's fit window; dEt = b sqrt(tau), IR = a - E0. Follows the
    /// semi-infinite diffusion solution the Weppner-Huggins equation rests on and is not biased by the sampling interval
    /// (the default).
    /// </summary>
    SqrtTimeFit = 0,

    /// <summary>
    /// dEt = E(last pulse row) - E(first pulse row), IR = E(first pulse row) - E0. Model-free, but the first row already
    /// holds b sqrt(dt) of transient, so dEt is short by that much (D too high when the sampling is coarse).
    /// </summary>
    FirstToLastPoint = 1,
}

/// <summary>
/// Inputs of a GITT analysis beyond the three series. Mass-based D needs MassMg, MolarMassGPerMol, MolarVolumeCm3PerMol
/// and AreaCm2 together; length-based D needs DiffusionLengthCm. Either, both or neither may be given.
/// </summary>
public sealed record GittOptions
{
    /// <summary>|I| above this (A) is a pulse; null: <see cref="PulseShareOfMaxCurrent"/> of the largest |I| in the run.</summary>
    public double? CurrentThresholdA { get; init; }

    /// <summary>Share of the largest |I| above which a row belongs to a pulse, when no absolute threshold is given.</summary>
    public double PulseShareOfMaxCurrent { get; init; } = 0.05;

    public GittTransientMethod TransientMethod { get; init; } = GittTransientMethod.SqrtTimeFit;

    /// <summary>
    /// Start of the sqrt(t) fit window as a share of tau: rows with t - t0 &lt; share tau are left out (double-layer
    /// charging right after the step is not diffusion).
    /// </summary>
    public double FitFromShareOfPulse { get; init; } = 0.1;

    /// <summary>End of the sqrt(t) fit window as a share of tau.</summary>
    public double FitToShareOfPulse { get; init; } = 1.0;

    /// <summary>Active material mass m_B in mg.</summary>
    public double? MassMg { get; init; }

    /// <summary>Molar mass M_B of the active material in g/mol.</summary>
    public double? MolarMassGPerMol { get; init; }

    /// <summary>Molar volume V_M of the active material in cm3/mol.</summary>
    public double? MolarVolumeCm3PerMol { get; init; }

    /// <summary>Electrode/electrolyte contact area S in cm2.</summary>
    public double? AreaCm2 { get; init; }

    /// <summary>Diffusion length L in cm (e.g. the particle radius).</summary>
    public double? DiffusionLengthCm { get; init; }

    /// <summary>A pulse is valid when tau D / L^2 is at most this (the Weppner-Huggins condition tau &lt;&lt; L^2 / D).</summary>
    public double MaxValidityRatio { get; init; } = 0.1;
}

/// <summary>
/// One current pulse and the rest after it. Index counts every pulse found from 1, so a pulse left out (see the result's
/// notes) leaves a gap; FirstRow..LastRow are its rows and RestLastRow the last row of the rest after it. Times in s, voltages in V, charge in mAh (positive = charge, the sign of the
/// current), D in cm2/s. T0S is when the current switched on (the row before the pulse's first row, since a row's
/// interval ends at it); TauS the pulse length. E0V the voltage before the pulse (end of the previous rest), SteadyStateV
/// (Es) the voltage at the end of the rest after it; DeltaEsV = Es - E0; DeltaEtV the transient change during the pulse
/// without the IR step; IrDropV the step at switch-on. SqrtSlopeVPerSqrtS and SqrtFitRSquared describe E against
/// sqrt(t - t0) (null for <see cref="GittTransientMethod.FirstToLastPoint"/> or too few rows). DiffusionMassCm2PerS (the
/// m_B V_M / (M_B S) form) and DiffusionLengthCm2PerS (the L form) are null when their inputs were not given.
/// ValidityRatio = tau D / L^2, the Weppner-Huggins condition tau &lt;&lt; L^2 / D; with D from either form and its own L this
/// is (4 / pi) (dEs / dEt)^2, so it is known without L (infinite when dEt is 0). Valid is false when it exceeds the limit.
/// CumulativeChargeMAh is the charge passed from the start of the run to the end of this pulse; StateOfCharge rescales it
/// to 0..1 over the range reached (start of the run and every pulse end); SpecificCapacityMAhPerG is it per gram of
/// active mass (null without a mass). MeanVoltageV is the time-averaged voltage during the pulse.
/// </summary>
public sealed record GittPulse(
    int Index,
    int FirstRow,
    int LastRow,
    int RestLastRow,
    double T0S,
    double TauS,
    double CurrentA,
    double E0V,
    double SteadyStateV,
    double DeltaEsV,
    double DeltaEtV,
    double IrDropV,
    double? SqrtSlopeVPerSqrtS,
    double? SqrtFitRSquared,
    double? DiffusionMassCm2PerS,
    double? DiffusionLengthCm2PerS,
    double ValidityRatio,
    bool Valid,
    double CumulativeChargeMAh,
    double StateOfCharge,
    double? SpecificCapacityMAhPerG,
    double MeanVoltageV);

/// <summary>
/// Every pulse that had a rest before and after it, in order. CurrentThresholdA is the |I| that separated pulses from
/// rests; MassLengthCm is m_B V_M / (M_B S), the length the mass form stands for (null without those inputs). Notes say
/// what was left out.
/// </summary>
public sealed record GittResult(
    IReadOnlyList<GittPulse> Pulses,
    double CurrentThresholdA,
    GittTransientMethod TransientMethod,
    double? MassLengthCm,
    IReadOnlyList<string> Notes)
{
    /// <summary>Version of the pulse detection and D calculation, stored with saved results.</summary>
    public string AlgorithmVersion => GittAnalysis.AlgorithmVersion;
}
