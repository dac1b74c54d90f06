using System.Globalization;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Components.Charts;

/// <summary>What a capacity is divided by: the cathode's active mass, the cell's area, nothing, or the first cycle's capacity.</summary>
public enum CapacityBasis
{
    PerGram,
    PerArea,
    Absolute,
    FirstCycle,
}

/// <summary>
/// Cycling traces shared by the cell's cycling panel and the overlays: discharge capacity and coulombic efficiency per
/// cycle, rate capability, V-Q profiles and dQ/dV of chosen cycles, with capacities per gram of active material, per
/// cm² of cell, in mAh, or as % of the first cycle.
/// </summary>
public static class CyclingCharts
{
    public const string CycleTitle = "Cycle";
    public const string EfficiencyTitle = "Coulombic efficiency (%)";
    public const string VoltageTitle = "Voltage (V)";

    public static string CapacityUnit(CapacityBasis basis) => basis switch
    {
        CapacityBasis.PerGram => "mAh/g",
        CapacityBasis.PerArea => "mAh/cm²",
        CapacityBasis.FirstCycle => "% of first cycle",
        _ => "mAh",
    };

    /// <summary>dQ/dV's unit on a basis: mAh/(g·V), mAh/(cm²·V) or mAh/V.</summary>
    public static string DqDvUnit(CapacityBasis basis) => basis switch
    {
        CapacityBasis.PerGram => "mAh/(g·V)",
        CapacityBasis.PerArea => "mAh/(cm²·V)",
        _ => "mAh/V",
    };

    /// <summary>
    /// The factor from mAh to the basis (1000 / active mass in mg, 1 / area in cm², or 1), or null with what is missing.
    /// <see cref="CapacityBasis.FirstCycle"/> divides by a capacity, not by a constant, and takes 1 here.
    /// </summary>
    public static double? Scale(CapacityBasis basis, double? activeMassMg, double? areaCm2, out string? missing)
    {
        missing = null;
        switch (basis)
        {
            case CapacityBasis.PerGram when activeMassMg is not > 0:
                missing = "no active mass: enter it in the measurement's settings or the cell's loading";
                return null;
            case CapacityBasis.PerGram:
                return 1000 / activeMassMg!.Value;
            case CapacityBasis.PerArea when areaCm2 is not > 0:
                missing = "no area: per cm² needs the file attached to a cell with an area";
                return null;
            case CapacityBasis.PerArea:
                return 1 / areaCm2!.Value;
            default:
                return 1;
        }
    }

    /// <summary>
    /// Discharge capacity per cycle times <paramref name="scale"/>; with <see cref="CapacityBasis.FirstCycle"/>, in % of the
    /// first cycle that has a discharge. A cycle without a discharge (an opening lone charge) is left out, not drawn at zero.
    /// </summary>
    public static (List<double> Cycle, List<double> Capacity) DischargeCapacity(IReadOnlyList<CycleView> cycles, CapacityBasis basis, double scale)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        var kept = cycles.Where(c => c.DischargeMah > 0).ToList();
        double first = kept.Count > 0 ? kept[0].DischargeMah : 1;
        double factor = basis == CapacityBasis.FirstCycle ? 100 / first : scale;
        return (kept.Select(c => (double)c.Cycle).ToList(), kept.Select(c => c.DischargeMah * factor).ToList());
    }

    /// <summary>Coulombic efficiency in % per cycle, where the summary has one.</summary>
    public static (List<double> Cycle, List<double> Percent) Efficiency(IReadOnlyList<CycleView> cycles)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        var kept = cycles.Where(c => c.CoulombicEfficiency is not null).ToList();
        return (kept.Select(c => (double)c.Cycle).ToList(), kept.Select(c => c.CoulombicEfficiency!.Value * 100).ToList());
    }

    /// <summary>Mean discharge capacity (times <paramref name="scale"/>) of each constant-rate block with a stated C-rate, against the C-rate.</summary>
    public static (List<double> CRate, List<double> Capacity) RateCapability(IReadOnlyList<RateStepInfo> steps, IReadOnlyList<CycleView> cycles, double scale)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(cycles);
        var rates = new List<double>();
        var means = new List<double>();
        foreach (var step in steps.Where(s => s.CRate is > 0))
        {
            var rows = cycles.Where(c => c.Cycle >= step.FirstCycle && c.Cycle <= step.LastCycle && c.DischargeMah > 0).ToList();
            if (rows.Count > 0)
            {
                rates.Add(step.CRate!.Value);
                means.Add(rows.Average(r => r.DischargeMah) * scale);
            }
        }
        return (rates, means);
    }

    /// <summary>Voltage against capacity (times <paramref name="scale"/>) of each branch, named "cycle 2 discharge" after <paramref name="prefix"/>.</summary>
    public static List<ChartTrace> Profiles(IEnumerable<CurveView> curves, double scale, string prefix = "") =>
        curves.Select(c => new ChartTrace(prefix + CurveName(c), c.CapacityMAh.Select(q => q * scale).ToList(), c.VoltageV)).ToList();

    /// <summary>dQ/dV (times <paramref name="scale"/>) against voltage of each branch that has one.</summary>
    public static List<ChartTrace> DqDv(IEnumerable<CurveView> curves, double scale, string prefix = "") =>
        curves.Where(c => c.DqDvVoltageV.Length > 0)
            .Select(c => new ChartTrace(prefix + CurveName(c), c.DqDvVoltageV, c.DqDvMAhPerV.Select(d => d * scale).ToList())).ToList();

    private static string CurveName(CurveView c) => "cycle " + c.Cycle.ToString(CultureInfo.InvariantCulture) + " " + c.Kind;
}

/// <summary>Nyquist traces: −Im(Z) against Re(Z), the points a fit used and those it left out, and the fitted model.</summary>
public static class NyquistChart
{
    public const string XTitle = "Re(Z) (Ω)";
    public const string YTitle = "-Im(Z) (Ω)";

    /// <summary>The measured points: those the fit used, and the high-frequency ones it left out (inductive, or Re Z &lt; 0), apart.</summary>
    public static List<ChartTrace> Data(ImpedanceFitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var (re, im) = (record.DataZRealOhm, record.DataZImagOhm);
        int skip = record.ExcludedInductive;
        var traces = new List<ChartTrace> { new("data", re.Skip(skip).ToList(), im.Skip(skip).Select(v => -v).ToList(), Markers: true) };
        if (skip > 0)
        {
            traces.Add(new ChartTrace("left out (inductive or Re(Z) < 0)", re.Take(skip).ToList(), im.Take(skip).Select(v => -v).ToList(), Markers: true));
        }
        return traces;
    }

    /// <summary>The fitted model's curve.</summary>
    public static ChartTrace Model(string name, ImpedanceFitRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ChartTrace(name, record.ModelZRealOhm, record.ModelZImagOhm.Select(v => -v).ToList());
    }
}

/// <summary>
/// Arrhenius traces shared by the pellet page and the overlays: ln(σT) (or ln(σ)) against 1000/T, the conductivities
/// as markers and the fitted line, with Ea and its standard error as the pellet page states them.
/// </summary>
public static class ArrheniusChart
{
    public const string XTitle = "1000/T (1/K)";

    /// <summary>The y axis of a form ("sigmaT" or "sigma"): a logarithm of a quantity over its unit.</summary>
    public static string YTitle(string form) => form == "sigma" ? "ln(σ / (S cm⁻¹))" : "ln(σT / (S K cm⁻¹))";

    /// <summary>"0.856 ± 0.012 eV", or "0.856 eV" without a standard error.</summary>
    public static string Ea(ArrheniusView fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Ev(fit.ActivationEnergyEv) + (fit.ActivationEnergyStdErrEv is { } se ? " ± " + Ev(se) : "") + " eV";
    }

    public static ChartTrace Points(string name, ArrheniusView fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return new ChartTrace(name, fit.ThousandOverT, fit.Y, Markers: true);
    }

    public static ChartTrace Line(string name, ArrheniusView fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return new ChartTrace(name, fit.LineThousandOverT, fit.LineY);
    }

    /// <summary>
    /// A pellet (or a sample's simulation) among others: its points named with how many temperatures they are, its line
    /// with Ea, so the legend tells series apart without the table of the pellet page.
    /// </summary>
    public static List<ChartTrace> Overlay(string name, ArrheniusView fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        string count = fit.Points.ToString(CultureInfo.InvariantCulture);
        return [Points($"{name} · {count} temperatures", fit), Line($"{name} fit · Ea {Ea(fit)}", fit)];
    }

    private static string Ev(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>The anodic sweep of an LSV against Li/Li⁺ in µA, the threshold, baseline and tangent lines, and both onsets marked.</summary>
public static class LsvChart
{
    public const string XTitle = "Potential (V vs Li/Li⁺)";
    public const string YTitle = "Current (µA)";

    // Currents in µA: onsets are read at a few µA, where mA would be all leading zeros.
    public static ChartTrace Sweep(LsvOnsetRecord record, string name = "sweep")
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ChartTrace(name, record.SweepPotentialV, record.SweepCurrentMA.Select(i => i * 1000).ToList());
    }

    public static List<ChartTrace> Lines(LsvOnsetRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var traces = new List<ChartTrace>();
        foreach (var (name, line) in new[] { ("threshold " + record.ThresholdText, record.ThresholdLine), ("baseline", record.BaselineLine), ("tangent", record.TangentLine) })
        {
            if (line is { Length: 4 })
            {
                traces.Add(new ChartTrace(name, [line[0], line[2]], [line[1] * 1000, line[3] * 1000]));
            }
        }
        return traces;
    }

    /// <summary>One marker per onset found, named with its potential.</summary>
    public static List<ChartTrace> Onsets(LsvOnsetRecord record, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(record);
        var traces = new List<ChartTrace>();
        if (record.OnsetThresholdV is { } t)
        {
            traces.Add(new ChartTrace($"{prefix}onset (threshold) {Volts(t)} V", [t], [record.ThresholdUa], Markers: true));
        }
        if (record.OnsetTangentV is { } g && record.TangentLine is { } line)
        {
            traces.Add(new ChartTrace($"{prefix}onset (tangents) {Volts(g)} V", [g], [line[1] * 1000], Markers: true));
        }
        return traces;
    }

    private static string Volts(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>
/// Powder patterns normalised to their strongest point and stacked, all at one wavelength (2θ converted by Bragg's law,
/// d fixed), so phases and peak shifts can be compared across samples and instruments.
/// </summary>
public static class DiffractionStack
{
    public const double Step = 1.1;

    public static string XTitle(double wavelengthAngstrom) =>
        $"2θ (°, λ = {wavelengthAngstrom.ToString("0.#####", CultureInfo.InvariantCulture)} Å)";

    public static string YTitle(bool normalise, bool stack) =>
        normalise ? (stack ? "Normalised intensity (stacked, +1.1 each)" : "Normalised intensity (1 = strongest)") : "Intensity (counts)";

    public static List<ChartTrace> Traces(IEnumerable<(string Name, DiffractionRecord Record)> patterns, double wavelengthAngstrom, bool normalise, bool stack)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var traces = new List<ChartTrace>();
        int k = 0;
        foreach (var (name, r) in patterns)
        {
            var points = r.TwoThetaDeg.Select((t, i) => (X: AtWavelength(t, r.WavelengthAngstrom, wavelengthAngstrom), Y: r.Intensity[i]))
                .Where(p => double.IsFinite(p.X)).ToList();
            double top = points.Count > 0 ? points.Max(p => p.Y) : 1;
            double scale = normalise && top > 0 ? 1 / top : 1;
            double offset = stack ? k * (normalise ? Step : Step * top) : 0;
            traces.Add(new ChartTrace(name, points.Select(p => p.X).ToList(), points.Select(p => p.Y * scale + offset).ToList()));
            k++;
        }
        return traces;
    }

    /// <summary>Same d-spacing at another wavelength: sin(θ') = (λ' / λ) sin θ; reflections beyond 180° give NaN.</summary>
    public static double AtWavelength(double twoThetaDeg, double fromAngstrom, double toAngstrom)
    {
        double s = toAngstrom / fromAngstrom * Math.Sin(twoThetaDeg * Math.PI / 360);
        return s is > 0 and < 1 ? 360 / Math.PI * Math.Asin(s) : double.NaN;
    }
}
