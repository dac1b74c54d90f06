using System.Globalization;
using System.Text.Json;
using HalidePortal.Analysis.Conductivity;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Data;
using HalidePortal.Data.Analyses;
using HalidePortal.Data.Jobs;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>One analysis run as pages and the API show it; Result is the kind's record as JSON.</summary>
public sealed record AnalysisRunView(
    Guid Id, Guid MeasurementId, string Kind, int Version, string State, int Progress, string? Error, string SettingsJson,
    string? ResultJson, string? AlgorithmVersion, string? RequestedBy, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, double? DurationMs)
{
    public bool IsFinal => State is nameof(AnalysisState.Done) or nameof(AnalysisState.Failed);

    public T? Result<T>() where T : class => ResultJson is null ? null : JsonSerializer.Deserialize<T>(ResultJson, AnalysisService.Json);

    public T? Settings<T>() where T : class => JsonSerializer.Deserialize<T>(SettingsJson, AnalysisService.Json);
}

/// <summary>A request for a new analysis version: the kind ("ImpedanceFit", ...) and its settings object.</summary>
public sealed record AnalysisRequest(string Kind, JsonElement? Settings);

/// <summary>One spectrum of a pellet's temperature series and the resistance and conductivity taken from its fit.</summary>
public sealed record SeriesPointView(
    Guid MeasurementId, string FileName, double? TemperatureC, string? Circuit, int? FitVersion, string? FitState,
    double? ResistanceOhm, double? ResistanceStdErrOhm, double? ConductivitySPerCm, string? Problem);

/// <summary>An Arrhenius fit of one resistance of the series (a single element, or the total).</summary>
public sealed record ArrheniusView(
    string Element, string Form, double ActivationEnergyEv, double? ActivationEnergyStdErrEv, double RSquared,
    double Conductivity25CSPerCm, double Conductivity30CSPerCm, int Points,
    IReadOnlyList<double> ThousandOverT, IReadOnlyList<double> Y, IReadOnlyList<double> LineThousandOverT, IReadOnlyList<double> LineY);

/// <summary>A pellet's temperature series: the points for the chosen element, and the Arrhenius fit of every element the circuits share.</summary>
public sealed record PelletSeriesView(
    string Element, string Form, IReadOnlyList<string> Elements, IReadOnlyList<string> Circuits, IReadOnlyList<SeriesPointView> Points,
    ArrheniusView? Chosen, IReadOnlyList<ArrheniusView> ByElement, string? Problem)
{
    /// <summary>Arrhenius fit of the sample's simulated conductivities (MD mean squared displacements), to draw beside the measured one.</summary>
    public ArrheniusView? Simulated { get; init; }

    /// <summary>
    /// What each shared resistor stands for ("bulk", "grain boundary", "electrode interface"), read off the effective
    /// capacitance of its R-CPE pair when every fit of the series agrees; a resistor without a clear origin is absent.
    /// </summary>
    public IReadOnlyDictionary<string, string> Origins { get; init; } = new Dictionary<string, string>();

    /// <summary>An element as the page names it: "R1 (bulk)", "total (intercept)", or the text itself (a sum such as R0+R1).</summary>
    public string Describe(string element) =>
        element == ResistanceChoice.Intercept ? "total (intercept)"
        : Origins.TryGetValue(element, out var origin) ? $"{element} ({origin})"
        : element;
}

/// <summary>A number a sample is known by, with where it comes from (a link to the pellet or measurement that shows it).</summary>
public sealed record HeadlineView(string Quantity, string Value, string Detail, string Href);

/// <summary>A diffraction measurement of the team with a finished analysis, for overlays.</summary>
public sealed record PatternChoice(Guid MeasurementId, string FileName, DateTimeOffset UploadedAt);

/// <summary>
/// Analysis runs of measurements (list, request a new version) and what is computed from them on the fly: a pellet's
/// conductivity series and its Arrhenius fits. Results are computed by the worker; nothing numerical runs here but
/// the Arrhenius regression, which is instant.
/// </summary>
public sealed class AnalysisService(PortalDb portalDb, IMeasurementQueue queue, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The resistance that gives the conductivity when nobody chose one: the low-frequency real-axis intercept of the
    /// arcs (every resistance before the electrode spike), i.e. the total ionic resistance.
    /// </summary>
    public const string TotalElement = ResistanceChoice.Intercept;

    public async Task<IReadOnlyList<AnalysisRunView>> RunsAsync(TeamScope scope, Guid measurementId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await RequireMeasurementAsync(db, measurementId, ct);
        var rows = await db.AnalysisRuns.AsNoTracking().Where(r => r.MeasurementId == measurementId)
            .OrderBy(r => r.Kind).ThenByDescending(r => r.Version).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<AnalysisRunView> GetRunAsync(TeamScope scope, Guid runId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var run = await db.AnalysisRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct)
            ?? throw new RecordNotFoundException("analysis run", runId);
        await RequireMeasurementAsync(db, run.MeasurementId, ct);
        return View(run);
    }

    /// <summary>The team's diffraction measurements with a finished XRD analysis, newest first (for stacked overlays).</summary>
    public async Task<IReadOnlyList<PatternChoice>> DiffractionPatternsAsync(TeamScope scope, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        return await db.Measurements.AsNoTracking()
            .Where(m => m.Technique == MeasurementTechnique.Diffraction
                && db.AnalysisRuns.Any(r => r.MeasurementId == m.Id && r.Kind == AnalysisKind.Diffraction && r.State == AnalysisState.Done))
            .OrderByDescending(m => m.CreatedAt).Take(200)
            .Select(m => new PatternChoice(m.Id, m.FileName, m.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>The latest finished XRD analysis of a measurement (pattern as analysed, wavelength), or null.</summary>
    public Task<DiffractionRecord?> LatestDiffractionAsync(TeamScope scope, Guid measurementId, CancellationToken ct = default) =>
        LatestResultAsync<DiffractionRecord>(scope, measurementId, AnalysisKind.Diffraction, ct);

    /// <summary>The result of the newest finished version of one kind of analysis of a measurement, or null when none has finished.</summary>
    public async Task<T?> LatestResultAsync<T>(TeamScope scope, Guid measurementId, AnalysisKind kind, CancellationToken ct = default) where T : class
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await RequireMeasurementAsync(db, measurementId, ct);
        var json = await db.AnalysisRuns.AsNoTracking()
            .Where(r => r.MeasurementId == measurementId && r.Kind == kind && r.State == AnalysisState.Done)
            .OrderByDescending(r => r.Version).Select(r => r.ResultJson).FirstOrDefaultAsync(ct);
        return json is null ? null : JsonSerializer.Deserialize<T>(json, Json);
    }

    /// <summary>Queues a new version of an analysis with the given settings; checked here so a bad circuit is refused at once.</summary>
    public async Task<AnalysisRunView> RequestAsync(TeamScope scope, Guid measurementId, AnalysisRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        scope.RequireEditor();
        if (!Enum.TryParse<AnalysisKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            throw new RecordValidationException("kind", $"expected one of {string.Join(", ", Enum.GetNames<AnalysisKind>())}");
        }
        var settingsJson = ValidateSettings(kind, request.Settings);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var m = await RequireMeasurementAsync(db, measurementId, ct);
        if (m.State != MeasurementState.Done)
        {
            throw new RecordValidationException("measurement", $"{m.FileName} is {m.State}; analyses run on a processed file");
        }
        var run = await AnalysisRuns.AddQueuedAsync(db, measurementId, kind, settingsJson, scope.UserName, clock.GetUtcNow(), ct);
        queue.EnqueueAnalysis(run.Id);
        return View(run);
    }

    /// <summary>Fits every spectrum of a pellet again with one circuit (a new version each), so the series is comparable.</summary>
    public async Task<IReadOnlyList<AnalysisRunView>> RefitPelletAsync(TeamScope scope, Guid pelletId, ImpedanceFitSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        var json = ValidateSettings(AnalysisKind.ImpedanceFit, JsonSerializer.SerializeToElement(settings, Json));
        await using var db = await portalDb.OpenAsync(scope, ct);
        if (!await db.Pellets.AnyAsync(p => p.Id == pelletId, ct))
        {
            throw new RecordNotFoundException("pellet", pelletId);
        }
        var ids = await db.Measurements.Where(m => m.PelletId == pelletId && m.Technique == MeasurementTechnique.Impedance && m.State == MeasurementState.Done)
            .OrderBy(m => m.TemperatureC).Select(m => m.Id).ToListAsync(ct);
        var runs = new List<AnalysisRunView>();
        foreach (var id in ids)
        {
            var run = await AnalysisRuns.AddQueuedAsync(db, id, AnalysisKind.ImpedanceFit, json, scope.UserName, clock.GetUtcNow(), ct);
            queue.EnqueueAnalysis(run.Id);
            runs.Add(View(run));
        }
        return runs;
    }

    /// <summary>
    /// Settings for re-fitting a whole series. With a circuit, each spectrum also starts from the neighbouring
    /// temperature's new result when that fits better (the worker fits a pellet's spectra one at a time, in order);
    /// without one, every spectrum chooses its circuit afresh.
    /// </summary>
    public static ImpedanceFitSettings SeriesRefitSettings(string? circuit) =>
        string.IsNullOrWhiteSpace(circuit) ? new ImpedanceFitSettings(null, StartFromNeighbour: false) : new ImpedanceFitSettings(circuit.Trim(), StartFromNeighbour: true);

    /// <summary>
    /// The pellet's impedance spectra with their latest finished fit: sigma = L / (R A) from the pellet's thickness and
    /// area and the resistance of <paramref name="element"/> ("total" = all resistors, "R1", "R0+R1"), and Arrhenius
    /// fits (ln(sigma T) or ln(sigma) against 1000/T) of that element and of each resistor every fit shares.
    /// </summary>
    public async Task<PelletSeriesView> PelletSeriesAsync(TeamScope scope, Guid pelletId, string? element, string? form, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var pellet = await db.Pellets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pelletId, ct)
            ?? throw new RecordNotFoundException("pellet", pelletId);
        var arrheniusForm = (form ?? "sigmaT") switch
        {
            "sigmaT" => ArrheniusForm.SigmaT,
            "sigma" => ArrheniusForm.Sigma,
            _ => throw new RecordValidationException("form", "expected sigmaT or sigma"),
        };
        var spectra = await db.Measurements.AsNoTracking()
            .Where(m => m.PelletId == pelletId && m.Technique == MeasurementTechnique.Impedance)
            .Select(m => new
            {
                m.Id, m.FileName, m.TemperatureC,
                Fit = db.AnalysisRuns.Where(r => r.MeasurementId == m.Id && r.Kind == AnalysisKind.ImpedanceFit)
                    .OrderByDescending(r => r.Version).Select(r => new { r.Version, r.State, r.ResultJson }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var fits = spectra
            .Select(s => (s.Id, s.FileName, s.TemperatureC, Version: s.Fit?.Version, State: s.Fit?.State.ToString(),
                Record: s.Fit is { State: AnalysisState.Done, ResultJson: { } j } ? JsonSerializer.Deserialize<ImpedanceFitRecord>(j, Json) : null))
            .OrderBy(s => s.TemperatureC ?? double.MaxValue).ToList();

        var circuits = fits.Where(f => f.Record is not null).Select(f => f.Record!.Circuit).Distinct(StringComparer.Ordinal).ToList();
        var shared = fits.Where(f => f.Record is not null)
            .Select(f => Resistors(f.Record!).ToHashSet(StringComparer.Ordinal))
            .Aggregate((HashSet<string>?)null, (a, b) => a is null ? b : [.. a.Intersect(b, StringComparer.Ordinal)]) ?? [];
        var elements = new List<string> { TotalElement };
        elements.AddRange(shared.Order(StringComparer.Ordinal));
        string chosen = string.IsNullOrWhiteSpace(element) ? TotalElement : element.Replace(" ", "", StringComparison.Ordinal);
        double? areaCm2 = pellet.EffectiveAreaCm2;
        double thicknessCm = pellet.ThicknessMm / 10;
        string? problem = areaCm2 is null || thicknessCm <= 0
            ? "The pellet has no thickness or area; enter them on the sample page to get conductivities." : null;

        List<SeriesPointView> Points(string name) => fits.Select(f =>
        {
            string? why = f.Record is null ? (f.State is null ? "not fitted" : $"fit {f.State}")
                : f.TemperatureC is null ? "no temperature: enter it on the measurement's Settings tab" : null;
            (double R, double? Se)? r = null;
            if (f.Record is not null)
            {
                r = Resistance(f.Record, name, out var missing);
                why ??= missing;
            }
            double? sigma = r is { } rr && problem is null && rr.R > 0 ? thicknessCm / (rr.R * areaCm2!.Value) : null;
            return new SeriesPointView(f.Id, f.FileName, f.TemperatureC, f.Record?.Circuit, f.Version, f.State, r?.R, r?.Se, sigma, why);
        }).ToList();

        ArrheniusView? Fit(string name, IReadOnlyList<SeriesPointView> points)
        {
            var usable = points.Where(p => p.ConductivitySPerCm is > 0 && p.TemperatureC is not null).ToList();
            if (usable.Count < 2 || usable.Select(p => p.TemperatureC).Distinct().Count() < usable.Count)
            {
                return null;
            }
            var result = ArrheniusFit.Fit([.. usable.Select(p => p.TemperatureC!.Value)], [.. usable.Select(p => p.ConductivitySPerCm!.Value)], arrheniusForm);
            var line = result.Line(2);
            return new ArrheniusView(name, arrheniusForm == ArrheniusForm.SigmaT ? "sigmaT" : "sigma", result.ActivationEnergyEv,
                result.ActivationEnergyStdErrEv, result.RSquared, result.SigmaAt(25), result.SigmaAt(30), usable.Count,
                [.. result.InverseTemperature.Select(x => 1000 * x)], result.Y, line.ThousandOverT, line.Y);
        }

        var points = Points(chosen);
        var byElement = elements.Select(e => Fit(e, e == chosen ? points : Points(e))).OfType<ArrheniusView>().ToList();
        if (circuits.Count > 1)
        {
            problem ??= $"The spectra were fitted with {circuits.Count} different circuits ({string.Join(", ", circuits)}); re-fit the series with one.";
        }
        // Simulated conductivities of the same sample (uploaded MSD tables), as points of their own Arrhenius line.
        var simulated = (await db.Measurements.AsNoTracking()
                .Where(m => m.SampleId == pellet.SampleId && m.Technique == MeasurementTechnique.Simulation)
                .Select(m => new
                {
                    m.Id, m.FileName, m.TemperatureC,
                    Json = db.AnalysisRuns.Where(r => r.MeasurementId == m.Id && r.Kind == AnalysisKind.Msd && r.State == AnalysisState.Done)
                        .OrderByDescending(r => r.Version).Select(r => r.ResultJson).FirstOrDefault(),
                })
                .ToListAsync(ct))
            .Select(m => (m, Record: m.Json is null ? null : JsonSerializer.Deserialize<MsdRecord>(m.Json, Json)))
            .Where(x => x.Record?.ConductivitySPerCm is > 0 && x.m.TemperatureC is not null)
            .Select(x => new SeriesPointView(x.m.Id, x.m.FileName, x.m.TemperatureC, null, null, null, null, null, x.Record!.ConductivitySPerCm, null))
            .ToList();
        return new PelletSeriesView(chosen, arrheniusForm == ArrheniusForm.SigmaT ? "sigmaT" : "sigma", elements, circuits, points,
            Fit(chosen, points), byElement, problem) { Simulated = Fit("simulation", simulated), Origins = Origins(fits.Select(f => f.Record), shared) };
    }

    /// <summary>
    /// The sample's headline numbers with links to their evidence: sigma at 30 C and Ea from the pellet with the most
    /// fitted temperatures, the oxidation onset from the latest LSV analysis, the crystallinity from the latest XRD one.
    /// </summary>
    public async Task<IReadOnlyList<HeadlineView>> HeadlinesAsync(TeamScope scope, Guid sampleId, CancellationToken ct = default)
    {
        List<(Guid Id, string Label)> pellets;
        List<(Guid MeasurementId, string FileName, AnalysisKind Kind, string? ResultJson)> latest;
        double? modulus;
        await using (var db = await portalDb.OpenAsync(scope, ct))
        {
            var sample = await db.Samples.AsNoTracking().Where(s => s.Id == sampleId).Select(s => new { s.YoungsModulusGPa }).SingleOrDefaultAsync(ct)
                ?? throw new RecordNotFoundException("sample", sampleId);
            modulus = sample.YoungsModulusGPa;
            pellets = (await db.Pellets.AsNoTracking().Where(p => p.SampleId == sampleId).OrderBy(p => p.Label)
                .Select(p => new { p.Id, p.Label }).ToListAsync(ct)).Select(p => (p.Id, p.Label)).ToList();
            var kinds = new[] { AnalysisKind.LsvOnset, AnalysisKind.Diffraction };
            latest = (await db.AnalysisRuns.AsNoTracking()
                .Where(r => kinds.Contains(r.Kind) && r.State == AnalysisState.Done)
                .Join(db.Measurements.Where(m => m.SampleId == sampleId), r => r.MeasurementId, m => m.Id, (r, m) => new { r.MeasurementId, m.FileName, r.Kind, r.ResultJson, r.CompletedAt })
                .OrderByDescending(r => r.CompletedAt).ToListAsync(ct))
                .Select(r => (r.MeasurementId, r.FileName, r.Kind, r.ResultJson)).ToList();
        }
        var headlines = new List<HeadlineView>();
        PelletSeriesView? bestSeries = null;
        (Guid Id, string Label) bestPellet = default;
        foreach (var pellet in pellets)
        {
            var series = await PelletSeriesAsync(scope, pellet.Id, null, null, ct);
            if (series.Chosen is { } a && (bestSeries?.Chosen is null || a.Points > bestSeries.Chosen.Points))
            {
                (bestSeries, bestPellet) = (series, pellet);
            }
        }
        if (bestSeries?.Chosen is { } best)
        {
            bool extrapolated = 1000 / (30 + ArrheniusFit.ZeroCelsiusK) is var x && (x > best.ThousandOverT.Max() + 1e-9 || x < best.ThousandOverT.Min() - 1e-9);
            string from = $"pellet {bestPellet.Label}, total (intercept) resistance, {best.Points} temperatures{(extrapolated ? ", extrapolated to 30 °C" : "")}";
            headlines.Add(new HeadlineView("σ at 30 °C", Fmt(best.Conductivity30CSPerCm * 1000, "G3") + " mS/cm", from, $"/pellets/{bestPellet.Id}"));
            headlines.Add(new HeadlineView("Ea", Fmt(best.ActivationEnergyEv, "0.000") + (best.ActivationEnergyStdErrEv is { } se ? " ± " + Fmt(se, "0.000") : "") + " eV",
                from + (best.Form == "sigmaT" ? ", ln(σT)" : ", ln(σ)"), $"/pellets/{bestPellet.Id}"));
        }
        foreach (var (measurementId, fileName, kind, json) in latest.DistinctBy(r => r.Kind))
        {
            if (kind == AnalysisKind.LsvOnset && json is not null && JsonSerializer.Deserialize<LsvOnsetRecord>(json, Json) is { } lsv
                && (lsv.OnsetThresholdV ?? lsv.OnsetTangentV) is { } onset)
            {
                string how = lsv.OnsetThresholdV is not null ? $"threshold {lsv.ThresholdText}" : "tangent";
                headlines.Add(new HeadlineView("Oxidation onset", Fmt(onset, "0.00") + " V vs Li/Li⁺", $"{fileName}, {how}", MeasurementService.UrlOf(measurementId)));
            }
            if (kind == AnalysisKind.Diffraction && json is not null && JsonSerializer.Deserialize<DiffractionRecord>(json, Json) is { } xrd)
            {
                string method = xrd.Method == "snip" ? "SNIP baselines" : "whole-pattern fit";
                headlines.Add(new HeadlineView("Crystallinity", Fmt(xrd.CrystallinityPercent, "0.0") + " %", $"{fileName}, {method}", MeasurementService.UrlOf(measurementId)));
            }
        }
        if (modulus is { } e)
        {
            headlines.Add(new HeadlineView("Young's modulus", Fmt(e, "0.0") + " GPa", "entered on the sample", $"/samples/{sampleId}/edit"));
        }
        return headlines;
    }

    private static string Fmt(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    // A resistor's origin when every fit that assigns its capacitance gives the same one.
    private static Dictionary<string, string> Origins(IEnumerable<ImpedanceFitRecord?> records, IEnumerable<string> resistors)
    {
        var fitted = records.OfType<ImpedanceFitRecord>().ToList();
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resistor in resistors)
        {
            var seen = fitted.SelectMany(r => r.Capacitances.Where(c => c.Resistor == resistor && c.Origin != "unassigned").Select(c => c.Origin))
                .Distinct(StringComparer.Ordinal).ToList();
            if (seen.Count == 1)
            {
                origins[resistor] = seen[0];
            }
        }
        return origins;
    }

    private static IEnumerable<string> Resistors(ImpedanceFitRecord record) =>
        record.Parameters.Where(p => p.Unit == "Ohm").Select(p => p.Name);

    /// <summary>
    /// The resistance of an element, a sum ("R0+R1") or the intercept (<see cref="ResistanceChoice"/>), with its
    /// standard error from the stored covariance.
    /// </summary>
    internal static (double R, double? Se)? Resistance(ImpedanceFitRecord record, string element, out string? missing)
    {
        missing = null;
        IReadOnlyList<string> names;
        try
        {
            names = ResistanceChoice.Parameters(EquivalentCircuit.Parse(record.Circuit), element);
        }
        catch (ArgumentException)
        {
            missing = $"{record.Circuit} has no {element}";
            return null;
        }
        var index = names.Select(n => record.Parameters.ToList().FindIndex(p => p.Name == n)).ToList();
        double r = index.Sum(i => record.Parameters[i].Value);
        double? variance = record.Covariance is { } c ? index.Sum(a => index.Sum(b => c[a][b])) : null;
        return (r, variance is > 0 ? Math.Sqrt(variance.Value) : null);
    }

    private static string ValidateSettings(AnalysisKind kind, JsonElement? settings)
    {
        string text = settings is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } s ? s.GetRawText() : "{}";
        try
        {
            switch (kind)
            {
                case AnalysisKind.ImpedanceFit:
                    var fit = JsonSerializer.Deserialize<ImpedanceFitSettings>(text, Json) ?? new ImpedanceFitSettings();
                    if (fit.Circuit is { } c)
                    {
                        try
                        {
                            var circuit = EquivalentCircuit.Parse(c);
                            foreach (var name in (fit.Fixed?.Keys ?? []).Concat(fit.InitialValues?.Keys ?? []))
                            {
                                if (circuit.IndexOf(name) < 0)
                                {
                                    throw new RecordValidationException("settings.fixed", $"{circuit.Text} has no parameter {name}");
                                }
                            }
                        }
                        catch (ArgumentException e)
                        {
                            throw new RecordValidationException("settings.circuit", e.Message);
                        }
                    }
                    if (fit.Weighting is not ("modulus" or "unit" or "proportional"))
                    {
                        throw new RecordValidationException("settings.weighting", "expected modulus, unit or proportional");
                    }
                    return JsonSerializer.Serialize(fit, Json);
                case AnalysisKind.KramersKronig:
                    var kk = JsonSerializer.Deserialize<KramersKronigSettings>(text, Json) ?? new KramersKronigSettings();
                    if (kk.SeriesCapacitance is not ("auto" or "include" or "exclude"))
                    {
                        throw new RecordValidationException("settings.seriesCapacitance", "expected auto, include or exclude");
                    }
                    if (!(kk.MuCritical is > 0 and < 1))
                    {
                        throw new RecordValidationException("settings.muCritical", "expected a number between 0 and 1 (0.85 usual)");
                    }
                    return JsonSerializer.Serialize(kk, Json);
                case AnalysisKind.Drt:
                    var drt = JsonSerializer.Deserialize<DrtSettings>(text, Json) ?? new DrtSettings();
                    if (drt.Derivative is not (1 or 2))
                    {
                        throw new RecordValidationException("settings.derivative", "expected 1 or 2");
                    }
                    if (drt.Lambda is { } l && !(l > 0 && double.IsFinite(l)))
                    {
                        throw new RecordValidationException("settings.lambda", "expected a regularisation parameter above 0, or none for cross-validation");
                    }
                    return JsonSerializer.Serialize(drt, Json);
                case AnalysisKind.Msd:
                    var msd = JsonSerializer.Deserialize<MsdSettings>(text, Json) ?? new MsdSettings();
                    if (msd.IonsPerCell is <= 0 || msd.CellVolumeA3 is <= 0 || !(msd.HavenRatio > 0))
                    {
                        throw new RecordValidationException("settings", "expected a Li count and a cell volume (A^3) above 0 and a Haven ratio above 0");
                    }
                    return JsonSerializer.Serialize(msd, Json);
                case AnalysisKind.Diffraction:
                    var xrd = JsonSerializer.Deserialize<DiffractionSettings>(text, Json) ?? new DiffractionSettings();
                    if (xrd.Method is not ("fit" or "snip"))
                    {
                        throw new RecordValidationException("settings.method", "expected fit or snip");
                    }
                    if (xrd.WavelengthAngstrom is { } lambda && !(lambda is > 0 and < 10))
                    {
                        throw new RecordValidationException("settings.wavelengthAngstrom", "expected a wavelength above 0 and below 10 Å, or none for the file's");
                    }
                    if (!(xrd.ShapeFactor is > 0 and <= 2))
                    {
                        throw new RecordValidationException("settings.shapeFactor", "expected a Scherrer K above 0 and at most 2 (0.9 is usual)");
                    }
                    if (!(xrd.InstrumentalFwhmDeg is >= 0 and < 5))
                    {
                        throw new RecordValidationException("settings.instrumentalFwhmDeg", "expected an instrumental FWHM from 0 to below 5°");
                    }
                    return JsonSerializer.Serialize(xrd, Json);
                case AnalysisKind.LsvOnset:
                    var lsv = JsonSerializer.Deserialize<LsvOnsetSettings>(text, Json) ?? new LsvOnsetSettings();
                    ValidateLsv(lsv);
                    return JsonSerializer.Serialize(lsv, Json);
                case AnalysisKind.Gitt:
                    var gitt = JsonSerializer.Deserialize<GittSettings>(text, Json) ?? new GittSettings();
                    ValidateGitt(gitt);
                    return JsonSerializer.Serialize(gitt, Json);
                default:
                    using (JsonDocument.Parse(text))
                    {
                        return text;
                    }
            }
        }
        catch (JsonException e)
        {
            throw new RecordValidationException("settings", $"not the {kind} settings: {e.Message}");
        }
    }

    // The worker also refuses a density without any area (the file may state one); here only what is wrong on its face.
    private static void ValidateLsv(LsvOnsetSettings lsv)
    {
        if (!double.IsFinite(lsv.ReferenceOffsetV))
        {
            throw new RecordValidationException("settings.referenceOffsetV", "expected a finite potential in V");
        }
        if (lsv.ThresholdUa is not null && lsv.ThresholdUaPerCm2 is not null)
        {
            throw new RecordValidationException("settings.thresholdUa", "give a threshold in µA or in µA/cm², not both");
        }
        foreach (var (field, value) in new[] { ("thresholdUa", lsv.ThresholdUa), ("thresholdUaPerCm2", lsv.ThresholdUaPerCm2), ("areaCm2", lsv.AreaCm2) })
        {
            if (value is { } v && !(double.IsFinite(v) && v > 0))
            {
                throw new RecordValidationException("settings." + field, "expected a number above 0");
            }
        }
        if (lsv.AreaCm2 is not null && lsv.ThresholdUaPerCm2 is null)
        {
            throw new RecordValidationException("settings.areaCm2", "an area is used only with a threshold in µA/cm²");
        }
        if (lsv.Consecutive < 1)
        {
            throw new RecordValidationException("settings.consecutive", "expected a whole number from 1");
        }
        if (lsv.BaselineFromV is null != lsv.BaselineToV is null)
        {
            throw new RecordValidationException("settings.baselineToV", "give both ends of the baseline window, or neither");
        }
        if (lsv.BaselineFromV is { } from && lsv.BaselineToV is { } to && !(double.IsFinite(from) && double.IsFinite(to) && from < to))
        {
            throw new RecordValidationException("settings.baselineToV", "expected a finite window with from < to, V vs Li/Li⁺");
        }
    }

    private static void ValidateGitt(GittSettings gitt)
    {
        var numbers = new[]
        {
            ("massMg", gitt.MassMg), ("molarMassGPerMol", gitt.MolarMassGPerMol), ("molarVolumeCm3PerMol", gitt.MolarVolumeCm3PerMol),
            ("areaCm2", gitt.AreaCm2), ("radiusUm", gitt.RadiusUm),
        };
        foreach (var (field, value) in numbers)
        {
            if (value is { } v && !(double.IsFinite(v) && v > 0))
            {
                throw new RecordValidationException("settings." + field, "expected a number above 0");
            }
        }
        bool anyMass = gitt.MolarMassGPerMol is not null || gitt.MolarVolumeCm3PerMol is not null || gitt.AreaCm2 is not null;
        if (anyMass && (gitt.MolarMassGPerMol is null || gitt.MolarVolumeCm3PerMol is null || gitt.AreaCm2 is null))
        {
            throw new RecordValidationException("settings.molarMassGPerMol", "the mass form needs molar mass, molar volume and area together");
        }
        if (!anyMass && gitt.RadiusUm is null)
        {
            throw new RecordValidationException("settings.radiusUm", "give a particle radius, or molar mass, molar volume and area, for D");
        }
        if (gitt.Transient is not ("fit" or "ends"))
        {
            throw new RecordValidationException("settings.transient", "expected fit or ends");
        }
    }

    private static async Task<Measurement> RequireMeasurementAsync(PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.Measurements.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new RecordNotFoundException("measurement", id);

    private static AnalysisRunView View(AnalysisRun r) => new(r.Id, r.MeasurementId, r.Kind.ToString(), r.Version, r.State.ToString(), r.Progress,
        r.Error, r.SettingsJson, r.ResultJson, r.AlgorithmVersion, r.RequestedBy, r.CreatedAt, r.CompletedAt, r.DurationMs);
}
