using System.Globalization;
using HalidePortal.Analysis.Series;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using HalidePortal.Web.Components.Charts;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>
/// What to overlay: measurements of the caller's team, a kind (capacity, efficiency, rate, profiles, dqdv, nyquist,
/// arrhenius, lsv, xrd), the capacity basis (perGram, perArea, mAh, firstCycle), the cycles of V-Q profiles and dQ/dV, and an
/// optional x window [X0, X1] whose detail is wanted (a zoomed chart).
/// </summary>
public sealed record OverlayRequest(IReadOnlyList<Guid> Ids, string Kind, string? Basis = null, IReadOnlyList<int>? Cycles = null,
    double? X0 = null, double? X1 = null);

/// <summary>One line or set of markers of an overlay, already reduced; <see cref="StoredPoints"/> is how many it had before.</summary>
public sealed record OverlayTrace(Guid MeasurementId, string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers, int StoredPoints);

/// <summary>Why a chosen measurement adds nothing (or less) to the overlay.</summary>
public sealed record OverlayNote(Guid MeasurementId, string Text);

/// <summary>An overlay ready to draw: axis titles with units, traces of at most <see cref="MaxPoints"/> points, and notes.</summary>
public sealed record OverlayView(string Kind, string XTitle, string YTitle, bool EqualAxes, int MaxPoints, double? X0, double? X1,
    IReadOnlyList<OverlayTrace> Traces, IReadOnlyList<OverlayNote> Notes);

/// <summary>A finished measurement of the team as the overlay picker lists it.</summary>
public sealed record OverlayChoice(Guid Id, string FileName, string Technique, string? Format, string SampleCode, string? Part, DateTimeOffset UploadedAt)
{
    /// <summary>"LZC-2026-001 cell C1 · run.mpr": the legend name of its traces.</summary>
    public string Label => $"{SampleCode}{(Part is null ? "" : " " + Part)} · {FileName}";
}

/// <summary>
/// Overlays of any measurements of the team, across samples, pellets, cells, instruments and formats: each kind is read
/// through the same services the measurement and cell pages use and drawn by the same chart builders, then reduced on
/// the server (largest triangle three buckets) so no trace sent to a browser exceeds <see cref="MaxPoints"/>. A
/// measurement that cannot take part (another technique, no active mass, not analysed, not in the team) gives a note.
/// </summary>
public sealed class OverlayService(PortalDb portalDb, MeasurementService measurements, AnalysisService analyses)
{
    public const int MaxPoints = 2000;
    public const int MaxMeasurements = 24;
    public static readonly IReadOnlyList<string> Kinds = ["capacity", "efficiency", "rate", "profiles", "dqdv", "nyquist", "arrhenius", "lsv", "xrd"];

    private sealed record Target(OverlayChoice Choice, MeasurementTechnique Technique, double? ActiveMassMg, double? AreaCm2, Guid SampleId, Guid? PelletId);

    // What an Arrhenius overlay has drawn so far: each pellet's series once, each sample's simulation once.
    private sealed class ArrheniusDrawn
    {
        public Dictionary<Guid, PelletSeriesView> Pellets { get; } = [];
        public HashSet<Guid> SimulatedSamples { get; } = [];
    }

    /// <summary>The team's processed measurements, newest first, optionally of one technique ("Cycling", "Impedance", ...).</summary>
    public async Task<IReadOnlyList<OverlayChoice>> ChoicesAsync(TeamScope scope, string? technique = null, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var query = db.Measurements.AsNoTracking().Where(m => m.State == MeasurementState.Done);
        if (!string.IsNullOrWhiteSpace(technique))
        {
            if (!Enum.TryParse<MeasurementTechnique>(technique, ignoreCase: true, out var t))
            {
                throw new RecordValidationException("technique", $"expected one of {string.Join(", ", Enum.GetNames<MeasurementTechnique>())}");
            }
            query = query.Where(m => m.Technique == t);
        }
        var rows = await Project(db, query.OrderByDescending(m => m.CreatedAt).Take(500)).ToListAsync(ct);
        return rows.OrderByDescending(r => r.UploadedAt).Select(r => ToTarget(r).Choice).ToList();
    }

    /// <summary>The technique a kind of overlay draws: nyquist and arrhenius impedance, lsv voltammetry, xrd diffraction, the rest cycling.</summary>
    internal static MeasurementTechnique TechniqueOf(string? kind) => kind switch
    {
        "nyquist" or "arrhenius" => MeasurementTechnique.Impedance,
        "lsv" => MeasurementTechnique.Voltammetry,
        "xrd" => MeasurementTechnique.Diffraction,
        _ => MeasurementTechnique.Cycling,
    };

    public async Task<OverlayView> BuildAsync(TeamScope scope, OverlayRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string kind = (request.Kind ?? "").Trim().ToLowerInvariant();
        if (!Kinds.Contains(kind))
        {
            throw new RecordValidationException("kind", $"expected one of {string.Join(", ", Kinds)}");
        }
        var basis = ParseBasis(request.Basis, kind);
        var ids = (request.Ids ?? []).Distinct().ToList();
        if (ids.Count > MaxMeasurements)
        {
            throw new RecordValidationException("ids", $"at most {MaxMeasurements} measurements per overlay");
        }
        if (request.X0 is { } a && request.X1 is { } b && !(double.IsFinite(a) && double.IsFinite(b)))
        {
            throw new RecordValidationException("x0", "expected a finite window");
        }
        var cycles = (request.Cycles is { Count: > 0 } c ? c : [1, 10, 100]).Distinct().Take(12).ToList();

        Dictionary<Guid, Target> targets;
        await using (var db = await portalDb.OpenAsync(scope, ct))
        {
            targets = (await Project(db, db.Measurements.AsNoTracking().Where(m => ids.Contains(m.Id))).ToListAsync(ct))
                .Select(ToTarget).ToDictionary(t => t.Choice.Id);
        }

        var traces = new List<(Guid Id, ChartTrace Trace)>();
        var patterns = new List<(Guid Id, string Name, DiffractionRecord Record)>();
        var notes = new List<OverlayNote>();
        var arrhenius = new ArrheniusDrawn();
        foreach (var id in ids)
        {
            if (!targets.TryGetValue(id, out var target))
            {
                notes.Add(new OverlayNote(id, "no such measurement in this team"));
                continue;
            }
            string? note = await AddAsync(scope, kind, basis, cycles, target, traces, patterns, arrhenius, ct);
            if (note is not null)
            {
                notes.Add(new OverlayNote(id, $"{target.Choice.FileName}: {note}"));
            }
        }

        // Patterns are stacked in the order chosen, all at the first one's wavelength.
        double? wavelength = patterns.Count > 0 ? patterns[0].Record.WavelengthAngstrom : null;
        if (wavelength is { } lambda)
        {
            var stacked = DiffractionStack.Traces(patterns.Select(p => (p.Name, p.Record)), lambda, normalise: true, stack: true);
            traces.AddRange(patterns.Zip(stacked, (p, s) => (p.Id, s)));
        }
        var (xTitle, yTitle) = Titles(kind, basis, wavelength);
        var reduced = traces.Select(t =>
        {
            var (x, y) = SeriesDecimation.Reduce(t.Trace.X, t.Trace.Y, MaxPoints, request.X0, request.X1);
            return new OverlayTrace(t.Id, t.Trace.Name, x, y, t.Trace.Markers, t.Trace.X.Count);
        }).ToList();
        return new OverlayView(kind, xTitle, yTitle, kind == "nyquist", MaxPoints, request.X0, request.X1, reduced, notes);
    }

    // Adds the measurement's traces for the kind; returns why it adds none (or fewer than asked), or null.
    private async Task<string?> AddAsync(TeamScope scope, string kind, CapacityBasis basis, IReadOnlyList<int> cycles, Target target,
        List<(Guid, ChartTrace)> traces, List<(Guid Id, string Name, DiffractionRecord Record)> patterns, ArrheniusDrawn arrhenius, CancellationToken ct)
    {
        var id = target.Choice.Id;
        string label = target.Choice.Label;
        var needed = TechniqueOf(kind);
        if (target.Technique != needed)
        {
            return $"a {target.Technique.ToString().ToLowerInvariant()} file, not {needed.ToString().ToLowerInvariant()}";
        }
        double scale = 1;
        if (kind is "capacity" or "rate" or "profiles" or "dqdv")
        {
            if (CyclingCharts.Scale(basis, target.ActiveMassMg, target.AreaCm2, out var missing) is not { } s)
            {
                return missing;
            }
            scale = s;
        }
        switch (kind)
        {
            case "capacity" or "efficiency" or "rate":
            {
                var rows = await measurements.CyclesAsync(scope, id, ct);
                if (rows.Count == 0)
                {
                    return "no cycle summary";
                }
                var (x, y) = kind switch
                {
                    "capacity" => CyclingCharts.DischargeCapacity(rows, basis, scale),
                    "efficiency" => CyclingCharts.Efficiency(rows),
                    _ => CyclingCharts.RateCapability((await measurements.CyclingInfoAsync(scope, id, ct))?.RateSteps ?? [], rows, scale),
                };
                if (x.Count == 0)
                {
                    return kind == "rate" ? "no constant-rate blocks with a C-rate (set the nominal capacity)" : "no cycle with a value to plot";
                }
                traces.Add((id, new ChartTrace(label, x, y, Markers: true)));
                return null;
            }
            case "profiles" or "dqdv":
            {
                var curves = await measurements.CurvesAsync(scope, id, cycles, ct);
                var drawn = kind == "profiles" ? CyclingCharts.Profiles(curves, scale, label + ", ") : CyclingCharts.DqDv(curves, scale, label + ", ");
                traces.AddRange(drawn.Select(t => (id, t)));
                var missingCycles = cycles.Where(n => curves.All(cv => cv.Cycle != n)).ToList();
                return missingCycles.Count == 0 ? null : "no cycle " + string.Join(", ", missingCycles.Select(n => n.ToString(CultureInfo.InvariantCulture)));
            }
            case "nyquist":
            {
                var columns = await measurements.ColumnsAsync(scope, id, ct);
                int re = columns.FirstOrDefault(c => c.Quantity == "ZRealOhm")?.Index ?? -1, im = columns.FirstOrDefault(c => c.Quantity == "ZImagOhm")?.Index ?? -1;
                if (re < 0 || im < 0)
                {
                    return "no Re(Z) and Im(Z) columns";
                }
                var z = await measurements.ColumnValuesAsync(scope, id, re, ct);
                var zi = await measurements.ColumnValuesAsync(scope, id, im, ct);
                traces.Add((id, new ChartTrace(label, z, zi.Select(v => -v).ToList(), Markers: true)));
                if (await analyses.LatestResultAsync<ImpedanceFitRecord>(scope, id, AnalysisKind.ImpedanceFit, ct) is not { } fit)
                {
                    return "no finished fit; data only";
                }
                traces.Add((id, NyquistChart.Model($"{label}, fit {fit.Circuit}", fit)));
                return null;
            }
            case "arrhenius":
                return await AddArrheniusAsync(scope, target, traces, arrhenius, ct);
            case "lsv":
            {
                if (await analyses.LatestResultAsync<LsvOnsetRecord>(scope, id, AnalysisKind.LsvOnset, ct) is not { } lsv)
                {
                    return "no finished onset analysis";
                }
                traces.Add((id, LsvChart.Sweep(lsv, label)));
                traces.AddRange(LsvChart.Onsets(lsv, label + ", ").Select(t => (id, t)));
                return null;
            }
            default:
            {
                if (await analyses.LatestDiffractionAsync(scope, id, ct) is not { } xrd)
                {
                    return "no finished XRD analysis";
                }
                patterns.Add((id, label, xrd));
                return null;
            }
        }
    }

    // A spectrum brings in its pellet's whole temperature series, drawn as the pellet page draws it (total resistance,
    // ln(σT)); a second spectrum of a drawn pellet adds nothing but a note of its own problem, if it has one.
    private async Task<string?> AddArrheniusAsync(TeamScope scope, Target target, List<(Guid, ChartTrace)> traces, ArrheniusDrawn drawn, CancellationToken ct)
    {
        if (target.PelletId is not { } pelletId)
        {
            return "not on a pellet, so no temperature series: attach it to the pellet it was measured on";
        }
        var id = target.Choice.Id;
        string pellet = $"{target.Choice.SampleCode} {target.Choice.Part}";
        bool first = !drawn.Pellets.TryGetValue(pelletId, out var series);
        if (series is null)
        {
            series = await analyses.PelletSeriesAsync(scope, pelletId, null, null, ct);
            drawn.Pellets[pelletId] = series;
        }
        // Its own point's reason (not fitted yet, fit failed, no temperature) says why it is not among the pellet's points.
        string? own = series.Points.FirstOrDefault(p => p.MeasurementId == id)?.Problem;
        if (series.Chosen is not { } fit)
        {
            var usable = series.Points.Where(p => p.ConductivitySPerCm is > 0 && p.TemperatureC is not null).ToList();
            int temperatures = usable.Select(p => p.TemperatureC).Distinct().Count();
            string why = series.Problem
                ?? (temperatures < usable.Count ? $"{pellet} has two spectra at one temperature; the Arrhenius fit needs one each"
                : $"{pellet} has {temperatures.ToString(CultureInfo.InvariantCulture)} fitted temperature{(temperatures == 1 ? "" : "s")}; an Arrhenius fit needs 2");
            return own is null ? why : $"{own}; {why}";
        }
        if (first)
        {
            traces.AddRange(ArrheniusChart.Overlay(pellet, fit).Select(t => (id, t)));
            if (series.Simulated is { } simulated && drawn.SimulatedSamples.Add(target.SampleId))
            {
                traces.AddRange(ArrheniusChart.Overlay($"{target.Choice.SampleCode} (simulated)", simulated).Select(t => (id, t)));
            }
        }
        // Mixed circuits still give a fit, which the pellet page flags; so does the overlay, once per pellet.
        string? warning = first ? series.Problem : null;
        return own is null ? warning : $"{own}; {pellet}'s other temperatures are drawn" + (warning is null ? "" : $"; {warning}");
    }

    /// <summary>The axis titles of a kind, each with its unit.</summary>
    public static (string X, string Y) Titles(string kind, CapacityBasis basis, double? wavelengthAngstrom = null)
    {
        string unit = CyclingCharts.CapacityUnit(basis);
        return kind switch
        {
            "capacity" => (CyclingCharts.CycleTitle, $"Discharge capacity ({unit})"),
            "efficiency" => (CyclingCharts.CycleTitle, CyclingCharts.EfficiencyTitle),
            "rate" => ("C-rate (1/h)", $"Mean discharge capacity ({unit})"),
            "profiles" => ($"Capacity ({unit})", CyclingCharts.VoltageTitle),
            "dqdv" => (CyclingCharts.VoltageTitle, $"dQ/dV ({CyclingCharts.DqDvUnit(basis)})"),
            "nyquist" => (NyquistChart.XTitle, NyquistChart.YTitle),
            "arrhenius" => (ArrheniusChart.XTitle, ArrheniusChart.YTitle("sigmaT")),
            "lsv" => (LsvChart.XTitle, LsvChart.YTitle),
            _ => (DiffractionStack.XTitle(wavelengthAngstrom ?? 1.5406), DiffractionStack.YTitle(normalise: true, stack: true)),
        };
    }

    /// <summary>"perGram" (default), "perArea", "mAh" or "firstCycle" (capacity vs cycle only).</summary>
    public static CapacityBasis ParseBasis(string? text, string kind)
    {
        var basis = (text ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "pergram" => CapacityBasis.PerGram,
            "perarea" => CapacityBasis.PerArea,
            "mah" or "absolute" => CapacityBasis.Absolute,
            "firstcycle" => CapacityBasis.FirstCycle,
            _ => throw new RecordValidationException("basis", "expected perGram, perArea, mAh or firstCycle"),
        };
        if (basis == CapacityBasis.FirstCycle && kind != "capacity")
        {
            throw new RecordValidationException("basis", "firstCycle normalises capacity vs cycle only; use perGram, perArea or mAh");
        }
        return basis;
    }

    private sealed record Row(Guid Id, string FileName, MeasurementTechnique Technique, string? Format, string SampleCode, string? CellLabel,
        string? PelletLabel, DateTimeOffset UploadedAt, double? ActiveMassMg, double? LoadingMgPerCm2, double? AreaCm2, Guid SampleId, Guid? PelletId);

    private static IQueryable<Row> Project(HalidePortal.Data.PortalDbContext db, IQueryable<Measurement> query) =>
        from m in query
        join s in db.Samples on m.SampleId equals s.Id
        from c in db.Cells.Where(c => c.Id == m.CellId).DefaultIfEmpty()
        from p in db.Pellets.Where(p => p.Id == m.PelletId).DefaultIfEmpty()
        select new Row(m.Id, m.FileName, m.Technique, m.Format, s.Code, c == null ? null : c.Label, p == null ? null : p.Label, m.CreatedAt,
            m.ActiveMassMg, c == null ? null : c.ActiveMassLoadingMgPerCm2, c == null ? null : (double?)c.AreaCm2, m.SampleId, m.PelletId);

    // The measurement's own active mass (entered, or the cell's when it was uploaded), else the cell's loading × area.
    private static Target ToTarget(Row r) => new(
        new OverlayChoice(r.Id, r.FileName, r.Technique.ToString(), r.Format, r.SampleCode,
            r.CellLabel is not null ? "cell " + r.CellLabel : r.PelletLabel is not null ? "pellet " + r.PelletLabel : null, r.UploadedAt),
        r.Technique, r.ActiveMassMg ?? r.LoadingMgPerCm2 * r.AreaCm2, r.AreaCm2, r.SampleId, r.PelletId);
}

/// <summary>The plotted data of an overlay as CSV: one row per point, the axis titles (with units) as the value columns' headers.</summary>
public static class OverlayCsv
{
    public static string Write(OverlayView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var text = new System.Text.StringBuilder();
        text.Append("measurement_id,trace,").Append(Quote(view.XTitle)).Append(',').Append(Quote(view.YTitle)).Append("\r\n");
        foreach (var trace in view.Traces)
        {
            string head = trace.MeasurementId.ToString("D", CultureInfo.InvariantCulture) + "," + Quote(trace.Name) + ",";
            for (int i = 0; i < trace.X.Count; i++)
            {
                text.Append(head).Append(trace.X[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(trace.Y[i].ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
            }
        }
        return text.ToString();
    }

    /// <summary>A file name such as "overlay-capacity.csv".</summary>
    public static string FileName(OverlayView view) => $"overlay-{view?.Kind}.csv";

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
