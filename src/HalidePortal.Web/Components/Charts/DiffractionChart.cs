using System.Globalization;
using HalidePortal.Analysis.Diffraction;
using HalidePortal.Domain.Analyses;

namespace HalidePortal.Web.Components.Charts;

/// <summary>
/// The powder pattern of one XRD analysis version: data, model, both baselines (so the areas behind the crystallinity
/// can be judged), a marker at each peak, and optionally a reference pattern as sticks hanging below zero, moved to the
/// measurement's wavelength through d (2theta' = 2 asin(lambda / 2d)) and scaled by the reference intensities.
/// </summary>
public static class DiffractionChart
{
    public const string XTitle = "2θ (°)";

    /// <summary>Top and bottom of the sticks as fractions of the strongest measured intensity (below zero, under the pattern).</summary>
    public const double StickTop = -0.02, StickBottom = -0.12;

    public static string YTitle(DiffractionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return $"Intensity ({Unit(record)})";
    }

    public static string Unit(DiffractionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.CountsPerSecond ? "counts/s" : "counts";
    }

    public static List<ChartTrace> Traces(DiffractionRecord record, ReferencePattern? reference)
    {
        ArgumentNullException.ThrowIfNull(record);
        var traces = new List<ChartTrace>();
        if (record.TwoThetaDeg.Count == 0)
        {
            return traces;
        }
        var x = record.TwoThetaDeg;
        var snip = record.Method == SnipCrystallinity.Method;
        traces.Add(new ChartTrace("data", x, record.Intensity));
        if (record.Model.Count > 0)
        {
            traces.Add(new ChartTrace("model", x, record.Model));
        }
        traces.Add(new ChartTrace(snip ? "SNIP baseline (under the peaks)" : "background + halo (under the peaks)", x, record.HaloBaseline));
        traces.Add(new ChartTrace(snip ? "polynomial background" : "background", x, record.Background));
        if (record.Peaks.Count > 0)
        {
            // A marker on the curve at each peak position (the nearest stored point's intensity).
            var order = record.Peaks.OrderBy(p => p.TwoThetaDeg).ToList();
            traces.Add(new ChartTrace("peaks", [.. order.Select(p => p.TwoThetaDeg)], [.. order.Select(p => record.Intensity[NearestIndex(x, p.TwoThetaDeg)])], Markers: true));
        }
        if (reference is not null)
        {
            traces.Add(ReferenceSticks(record, reference));
        }
        return traces;
    }

    /// <summary>
    /// The reference reflections at the measurement's wavelength within the measured 2theta range, as one comb-shaped trace
    /// (along the bottom line, up to each stick's top and back): height = (StickTop - StickBottom) max(I) I_rel / 100.
    /// Each point's hover text gives the stick's hkl (or label), 2theta and relative intensity.
    /// </summary>
    public static ChartTrace ReferenceSticks(DiffractionRecord record, ReferencePattern reference)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(reference);
        double max = record.Intensity.Max(), start = record.TwoThetaDeg.Min(), end = record.TwoThetaDeg.Max();
        double bottom = StickBottom * max, top = StickTop * max;
        var reflections = reference.AtWavelength(record.WavelengthAngstrom).Reflections
            .Where(s => s.TwoThetaDeg >= start && s.TwoThetaDeg <= end).OrderBy(s => s.TwoThetaDeg).ToList();
        var xs = new List<double>();
        var ys = new List<double>();
        var hover = new List<string>();
        foreach (var s in reflections)
        {
            xs.AddRange([s.TwoThetaDeg, s.TwoThetaDeg, s.TwoThetaDeg]);
            ys.AddRange([bottom, bottom + (top - bottom) * s.RelativeIntensity / 100, bottom]);
            var text = string.Create(CultureInfo.InvariantCulture, $"hkl {s.Indices ?? "–"}<br>2θ {s.TwoThetaDeg:0.000}°<br>I {s.RelativeIntensity:0.#}");
            hover.AddRange([text, text, text]);
        }
        return new ChartTrace(reference.Name, xs, ys) { HoverTexts = hover };
    }

    /// <summary>The line under the chart: which reference, from where, and the wavelength conversion when there was one.</summary>
    public static string ReferenceCaption(ReferencePattern reference, double measurementWavelengthAngstrom)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var source = string.IsNullOrWhiteSpace(reference.Source) ? "no source given" : reference.Source;
        var heights = reference.IntensitiesKnown ? "heights from its intensities" : "positions only, equal heights";
        var conversion = Math.Abs(reference.WavelengthAngstrom - measurementWavelengthAngstrom) < 1e-4
            ? string.Create(CultureInfo.InvariantCulture, $"at λ {measurementWavelengthAngstrom:0.#####} Å")
            : string.Create(CultureInfo.InvariantCulture, $"given at λ {reference.WavelengthAngstrom:0.#####} Å, drawn at this measurement's {measurementWavelengthAngstrom:0.#####} Å through d");
        return $"Sticks below the pattern: {reference.Name} ({conversion}; {heights}). Source: {source}.";
    }

    private static int NearestIndex(IReadOnlyList<double> x, double value)
    {
        int best = 0;
        for (int i = 1; i < x.Count; i++)
        {
            if (Math.Abs(x[i] - value) < Math.Abs(x[best] - value))
            {
                best = i;
            }
        }
        return best;
    }
}
