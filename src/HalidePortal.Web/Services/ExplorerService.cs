using System.Globalization;
using System.Text.Json;
using HalidePortal.Analysis.Conductivity;
using HalidePortal.Analysis.Cycling;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>One number of a row and where it comes from: the page that shows its evidence and a line saying how.</summary>
public sealed record ExplorerFigure(double Value, double? StdErr, string Href, string Evidence);

/// <summary>
/// One composition as the explorer lists it: a sample of the team (Source "team", Label its batch code) or a published
/// composition (Source "literature", Label its name, Href its DOI). Conductivities in S/cm, Ea in eV, onset in V vs
/// Li/Li+, crystallinity and retention in %, modulus in GPa, capacities in mAh/g.
/// </summary>
public sealed record ExplorerRow(
    string Source, Guid Id, string Label, string Href, string CompositionName, string Formula, string? Family,
    IReadOnlyList<DopantView> Dopants, IReadOnlyList<string> Tags, DateOnly? Date, string? Operator, string? Doi,
    ExplorerFigure? Sigma25, ExplorerFigure? Sigma30, ExplorerFigure? Ea, ExplorerFigure? Onset, ExplorerFigure? Crystallinity,
    ExplorerFigure? Modulus, ExplorerFigure? FirstDischarge, ExplorerFigure? CapacityHalfC, ExplorerFigure? CapacityOneC,
    ExplorerFigure? Retention, ExplorerFigure? CyclesTo80)
{
    public bool IsLiterature => Source == ExplorerService.Literature;

    /// <summary>Moles per formula unit of a dopant by its symbol (x_Al) or element (Al); 0 when absent.</summary>
    public double Dopant(string symbolOrElement) =>
        Dopants.FirstOrDefault(d => d.Symbol == symbolOrElement || d.Element == symbolOrElement)?.Amount ?? 0;
}

/// <summary>Which rows: text search (code, name, formula), family (parent formula), a dopant's range, tag, operator, dates.</summary>
public sealed record ExplorerQuery(
    string? Search = null, string? Family = null, string? Dopant = null, double? DopantMin = null, double? DopantMax = null,
    string? Tag = null, string? Operator = null, DateOnly? From = null, DateOnly? To = null, bool Literature = true,
    int RetentionCycles = ExplorerService.DefaultRetentionCycles, string? Sort = null, bool Descending = false);

/// <summary>
/// The composition explorer: every sample of the team with its headline numbers (from the latest finished analyses,
/// computed in a handful of queries for the whole team), and the team's literature rows beside them.
/// </summary>
public sealed class ExplorerService(PortalDb portalDb)
{
    public const string Team = "team";
    public const string Literature = "literature";
    public const int DefaultRetentionCycles = 100;

    public async Task<IReadOnlyList<ExplorerRow>> RowsAsync(TeamScope scope, ExplorerQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.RetentionCycles < 1)
        {
            throw new RecordValidationException("retentionCycles", "must be at least 1 cycle");
        }
        if (query.Sort is { } sort && ExplorerColumns.Find(sort) is null)
        {
            throw new RecordValidationException("sort", $"unknown column '{sort}'; expected one of {string.Join(", ", ExplorerColumns.All.Select(c => c.Key))}");
        }
        await using var db = await portalDb.OpenAsync(scope, ct);
        var samples = await db.Samples.AsNoTracking().Include(s => s.Composition!).ThenInclude(c => c.DopantLevels)
            .OrderBy(s => s.Code).ToListAsync(ct);
        var pellets = await db.Pellets.AsNoTracking().ToListAsync(ct);
        var spectra = await db.Measurements.AsNoTracking()
            .Where(m => m.PelletId != null && m.Technique == MeasurementTechnique.Impedance && m.TemperatureC != null)
            .Select(m => new
            {
                m.Id, PelletId = m.PelletId!.Value, m.TemperatureC,
                Json = db.AnalysisRuns.Where(r => r.MeasurementId == m.Id && r.Kind == AnalysisKind.ImpedanceFit)
                    .OrderByDescending(r => r.Version).Where(r => r.State == AnalysisState.Done).Select(r => r.ResultJson).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var kinds = new[] { AnalysisKind.LsvOnset, AnalysisKind.Diffraction };
        var latest = await db.AnalysisRuns.AsNoTracking()
            .Where(r => kinds.Contains(r.Kind) && r.State == AnalysisState.Done)
            .Join(db.Measurements, r => r.MeasurementId, m => m.Id, (r, m) => new { m.SampleId, r.MeasurementId, m.FileName, r.Kind, r.ResultJson, r.CompletedAt })
            .OrderByDescending(r => r.CompletedAt).ToListAsync(ct);
        var cycling = await db.Measurements.AsNoTracking()
            .Where(m => m.Technique == MeasurementTechnique.Cycling && m.State == MeasurementState.Done && m.SummaryJson != null)
            .Select(m => new { m.Id, m.SampleId, m.FileName, m.SummaryJson, m.AnodeConvention })
            .ToListAsync(ct);
        var cyclingIds = cycling.Select(c => c.Id).ToList();
        var cycles = (await db.CycleSummaries.AsNoTracking().Where(c => cyclingIds.Contains(c.MeasurementId))
                .Select(c => new { c.MeasurementId, c.Cycle, c.DischargeMahPerG, c.ChargeMahPerG, c.RetentionPercent })
                .ToListAsync(ct))
            .ToLookup(c => c.MeasurementId);
        var literature = query.Literature ? await db.LiteratureCompositions.AsNoTracking().ToListAsync(ct) : [];

        var pelletsBySample = pellets.ToLookup(p => p.SampleId);
        var spectraByPellet = spectra.ToLookup(s => s.PelletId);
        var latestBySample = latest.ToLookup(r => r.SampleId);
        var cyclingBySample = cycling.ToLookup(c => c.SampleId);

        var rows = new List<ExplorerRow>(samples.Count + literature.Count);
        foreach (var sample in samples)
        {
            var composition = sample.Composition!;
            // Conductivity and Ea from the pellet with the most fitted temperatures (total, intercept resistance).
            Conductivity? best = null;
            foreach (var pellet in pelletsBySample[sample.Id])
            {
                var points = spectraByPellet[pellet.Id]
                    .Select(s => (T: s.TemperatureC!.Value, Record: s.Json is null ? null : JsonSerializer.Deserialize<ImpedanceFitRecord>(s.Json, AnalysisService.Json)))
                    .Where(s => s.Record is not null)
                    .Select(s => (s.T, R: AnalysisService.Resistance(s.Record!, AnalysisService.TotalElement, out _)?.R))
                    .ToList();
                if (Conductivity.Of(pellet, points) is { } c && (best is null || c.Points > best.Points))
                {
                    best = c;
                }
            }

            var lsv = latestBySample[sample.Id].FirstOrDefault(r => r.Kind == AnalysisKind.LsvOnset);
            var xrd = latestBySample[sample.Id].FirstOrDefault(r => r.Kind == AnalysisKind.Diffraction);
            ExplorerFigure? onset = null, crystallinity = null;
            if (lsv?.ResultJson is { } lj && JsonSerializer.Deserialize<LsvOnsetRecord>(lj, AnalysisService.Json) is { } l
                && (l.OnsetThresholdV ?? l.OnsetTangentV) is { } v)
            {
                onset = new ExplorerFigure(v, null, MeasurementService.UrlOf(lsv.MeasurementId),
                    $"{lsv.FileName}, {(l.OnsetThresholdV is not null ? "threshold " + l.ThresholdText : "tangent")}");
            }
            if (xrd?.ResultJson is { } xj && JsonSerializer.Deserialize<DiffractionRecord>(xj, AnalysisService.Json) is { } x)
            {
                crystallinity = new ExplorerFigure(x.CrystallinityPercent, null, MeasurementService.UrlOf(xrd.MeasurementId),
                    $"{xrd.FileName}, {(x.Method == "snip" ? "SNIP baselines" : "whole-pattern fit")}");
            }

            // Cycling numbers from the sample's longest run.
            CellFigureSet? cell = null;
            string? cellHref = null, cellFile = null;
            int longest = -1;
            foreach (var run in cyclingBySample[sample.Id])
            {
                var its = cycles[run.Id].ToList();
                if (its.Count <= longest)
                {
                    continue;
                }
                var summary = JsonSerializer.Deserialize<CyclingSummaryInfo>(run.SummaryJson!, AnalysisService.Json);
                var figures = its.Select(c => new CycleFigure(c.Cycle, run.AnodeConvention ? c.ChargeMahPerG : c.DischargeMahPerG, c.RetentionPercent)).ToList();
                var steps = summary?.RateSteps.Select(s => new RateStep(s.CRate, s.MeanCurrentMA, s.FirstCycle, s.LastCycle)).ToList() ?? [];
                cell = CellFigures.From(figures, steps, summary?.Retention?.ReferenceCycle, query.RetentionCycles);
                (longest, cellHref, cellFile) = (its.Count, MeasurementService.UrlOf(run.Id), run.FileName);
            }
            ExplorerFigure? Cell(double? value, string what) => value is { } v2 ? new ExplorerFigure(v2, null, cellHref!, $"{cellFile}, {what}") : null;

            var href = $"/samples/{sample.Id}";
            rows.Add(new ExplorerRow(Team, sample.Id, sample.Code, href, composition.Name, composition.Formula, composition.ParentFormula,
                composition.DopantLevels.OrderBy(d => d.Symbol, StringComparer.Ordinal).Select(d => new DopantView(d.Element, d.Symbol, d.Amount)).ToList(),
                sample.Tags, sample.SynthesisDate, sample.Operator, null,
                best?.Figure(best.Sigma25, 25), best?.Figure(best.Sigma30, 30),
                best is null ? null : new ExplorerFigure(best.Fit.ActivationEnergyEv, best.Fit.ActivationEnergyStdErrEv, best.Href, best.Evidence + ", ln(σT) vs 1/T"),
                onset, crystallinity,
                sample.YoungsModulusGPa is { } e ? new ExplorerFigure(e, null, href, "entered on the sample") : null,
                Cell(cell?.FirstDischargeMahPerG, "first discharge"), Cell(cell?.CapacityHalfCMahPerG, "mean of the first 0.5 C step"),
                Cell(cell?.CapacityOneCMahPerG, "mean of the first 1 C step"),
                Cell(cell?.RetentionAfterPercent, $"{query.RetentionCycles} cycles after the reference cycle"),
                Cell(cell?.CyclesTo80, "cycles after the reference until retention < 80 %")));
        }
        foreach (var l in literature)
        {
            var view = LiteratureService.ToView(l);
            string doi = view.DoiUrl, cite = $"published, DOI {l.Doi}";
            ExplorerFigure? Lit(double? value, string? what = null) => value is { } v ? new ExplorerFigure(v, null, doi, what is null ? cite : $"{cite}, {what}") : null;
            bool at25 = Math.Abs(l.ConductivityTemperatureC - 25) < 0.5, at30 = Math.Abs(l.ConductivityTemperatureC - 30) < 0.5;
            rows.Add(new ExplorerRow(Literature, l.Id, l.Name, doi, l.Name, l.Formula, l.ParentFormula, view.Dopants, ["literature"], null, null, l.Doi,
                at25 ? Lit(l.ConductivitySPerCm) : null, at30 ? Lit(l.ConductivitySPerCm) : null, Lit(l.ActivationEnergyEv), Lit(l.OxidationOnsetV),
                Lit(l.CrystallinityPercent), Lit(l.YoungsModulusGPa), Lit(l.FirstDischargeMahPerG), Lit(l.CapacityHalfCMahPerG), Lit(l.CapacityOneCMahPerG),
                // A published retention after another number of cycles is not comparable with this column.
                l.RetentionCycles == query.RetentionCycles ? Lit(l.RetentionPercent) : null, null));
        }
        var kept = rows.Where(r => Matches(r, query));
        if (query.Sort is { } key)
        {
            var column = ExplorerColumns.Find(key)!;
            // Rows without the number go last whichever way the column is sorted.
            kept = kept.OrderBy(r => column.Value(r) is null).ThenBy(r => column.Value(r), Comparer<object?>.Create((a, b) => ExplorerColumns.Compare(a, b) * (query.Descending ? -1 : 1)));
        }
        return kept.ToList();
    }

    private static bool Matches(ExplorerRow r, ExplorerQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            string s = q.Search.Trim();
            if (!(r.Label.Contains(s, StringComparison.OrdinalIgnoreCase) || r.CompositionName.Contains(s, StringComparison.OrdinalIgnoreCase)
                || r.Formula.Contains(s, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }
        if (!string.IsNullOrWhiteSpace(q.Family) && !string.Equals(r.Family, q.Family.Trim(), StringComparison.Ordinal))
        {
            return false;
        }
        if (!string.IsNullOrWhiteSpace(q.Dopant))
        {
            double amount = r.Dopant(q.Dopant.Trim());
            if ((q.DopantMin is { } lo && amount < lo - 1e-9) || (q.DopantMax is { } hi && amount > hi + 1e-9))
            {
                return false;
            }
        }
        if (!string.IsNullOrWhiteSpace(q.Tag) && !r.Tags.Contains(q.Tag.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!string.IsNullOrWhiteSpace(q.Operator) && !string.Equals(r.Operator, q.Operator.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        // Literature rows carry no synthesis date: a date filter asks about the team's own batches.
        if ((q.From is not null || q.To is not null) && (r.Date is not { } d || d < (q.From ?? DateOnly.MinValue) || d > (q.To ?? DateOnly.MaxValue)))
        {
            return false;
        }
        return true;
    }

    /// <summary>A pellet's Arrhenius fit of its total resistance, for the row.</summary>
    private sealed record Conductivity(ArrheniusResult Fit, int Points, double Sigma25, double Sigma30, double MinT, double MaxT, string Href, string Evidence)
    {
        public static Conductivity? Of(Domain.Samples.Pellet pellet, IReadOnlyList<(double T, double? R)> points)
        {
            if (pellet.EffectiveAreaCm2 is not { } area || pellet.ThicknessMm <= 0)
            {
                return null;
            }
            var usable = points.Where(p => p.R is > 0).GroupBy(p => p.T).Select(g => g.First()).ToList();
            if (usable.Count < 2)
            {
                return null;
            }
            double[] t = [.. usable.Select(p => p.T)];
            double[] sigma = [.. usable.Select(p => pellet.ThicknessMm / 10 / (p.R!.Value * area))];
            var fit = ArrheniusFit.Fit(t, sigma, ArrheniusForm.SigmaT);
            return new Conductivity(fit, usable.Count, fit.SigmaAt(25), fit.SigmaAt(30), t.Min(), t.Max(), $"/pellets/{pellet.Id}",
                $"pellet {pellet.Label}, total (intercept) resistance, {usable.Count} temperatures");
        }

        public ExplorerFigure Figure(double value, double temperatureC) =>
            new(value, null, Href, temperatureC < MinT - 1e-9 || temperatureC > MaxT + 1e-9 ? Evidence + string.Create(CultureInfo.InvariantCulture, $", extrapolated to {temperatureC:0} °C") : Evidence);
    }
}
