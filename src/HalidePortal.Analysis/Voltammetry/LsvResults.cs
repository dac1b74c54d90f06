namespace HalidePortal.Analysis.Voltammetry;

/// <summary>A straight segment to draw over the curve, from (X1, Y1) to (X2, Y2): potential in V, current in mA.</summary>
public sealed record LineSegment(double X1, double Y1, double X2, double Y2);

/// <summary>
/// Onset by current threshold: OnsetV is where the current first crosses ThresholdMA at the start of Consecutive points
/// at or above it (linear interpolation from the point before), null when the sweep never gets there. FirstIndex is
/// the first of those points. SweepEndIndex is the last point of the anodic sweep that was searched (rows after the
/// vertex are ignored). ThresholdLine spans the sweep's potential range at the threshold. Potentials on the reference
/// they were given on.
/// </summary>
public sealed record ThresholdOnset(
    double? OnsetV,
    int? FirstIndex,
    double ThresholdMA,
    int Consecutive,
    int SweepEndIndex,
    LineSegment ThresholdLine);

/// <summary>
/// Onset by tangent intersection. The baseline I = BaselineInterceptMA + BaselineSlopeMAPerV E is fitted over the
/// pre-onset window; the tangent has the steepest smoothed slope after that window, TangentSlopeMAPerV, through
/// (TangentAtV, TangentCurrentMA). OnsetV is where the two lines meet; null (and Tangent null) when nothing after the
/// window rises clearly faster than the baseline (see <see cref="LsvOnset.ByTangent"/>) or the lines meet outside the sweep. Baseline is drawn from the window's start
/// to the onset (or the window's end); Tangent from the onset to the tangent point.
/// </summary>
public sealed record TangentOnset(
    double? OnsetV,
    double BaselineInterceptMA,
    double BaselineSlopeMAPerV,
    int BaselinePoints,
    double TangentAtV,
    double TangentCurrentMA,
    double TangentSlopeMAPerV,
    int SweepEndIndex,
    LineSegment Baseline,
    LineSegment? Tangent);
