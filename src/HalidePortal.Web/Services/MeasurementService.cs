using System.Globalization;
using HalidePortal.Data;
using HalidePortal.Data.Jobs;
using HalidePortal.Data.RawFiles;
using HalidePortal.Data.Series;
using HalidePortal.Domain.Measurements;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>What an uploaded file is attached to: "sample:ID", "pellet:ID" or "cell:ID".</summary>
public sealed record AttachTarget(string Kind, Guid Id)
{
    public static AttachTarget Parse(string? text)
    {
        var parts = (text ?? "").Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0] is not ("sample" or "pellet" or "cell") || !Guid.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
        {
            throw new RecordValidationException("attach", "expected sample:<id>, pellet:<id> or cell:<id>");
        }
        return new AttachTarget(parts[0], id);
    }

    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>What the user supplies for files that lack it; blank means "what the file or the cell says".</summary>
public sealed record UploadSettings(double? TemperatureC = null, double? ActiveMassMg = null, double? NominalMahPerG = null);

/// <summary>The outcome for one uploaded file.</summary>
public sealed record UploadItem(string FileName, Guid? MeasurementId, string? State, bool Duplicate, string? Url, string? Error);

public sealed record UploadResult(IReadOnlyList<UploadItem> Items);

public sealed record MeasurementView(
    Guid Id, string FileName, string State, int Progress, string? Error, string? Format, string Technique, int Rows,
    long SizeBytes, string Sha256, Guid SampleId, Guid? PelletId, Guid? CellId, string? UploadedBy, DateTimeOffset UploadedAt,
    double? TemperatureC, double? ActiveMassMg, double? NominalMahPerG, int? ReferenceCycle, bool AnodeConvention,
    IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<string> Warnings)
{
    public bool IsFinal => State is nameof(MeasurementState.Done) or nameof(MeasurementState.Failed);
}

/// <summary>Analysis settings a user can change after upload; saving re-runs the summary.</summary>
public sealed record MeasurementSettingsInput(double? TemperatureC, double? ActiveMassMg, double? NominalMahPerG, int? ReferenceCycle, bool AnodeConvention);

public sealed record CurveView(int Cycle, string Kind, double[] CapacityMAh, double[] VoltageV, double[] DqDvVoltageV, double[] DqDvMAhPerV);

public sealed record ColumnView(int Index, string Name, string Unit, string Quantity, double? Min, double? Max);

public sealed record CycleView(int Cycle, double ChargeMah, double DischargeMah, double? ChargeMahPerG, double? DischargeMahPerG,
    double? CoulombicEfficiency, double? ChargeEnergyMWh, double? DischargeEnergyMWh, double? MeanChargeVoltageV,
    double? MeanDischargeVoltageV, double? CRate, double? RetentionPercent);

/// <summary>
/// Uploads (spool → SHA-256 → raw store → Measurement → job), listing, settings, re-parse and raw download.
/// The raw bytes are written once, never altered; the same file twice in a team is reported as a duplicate.
/// </summary>
public sealed class MeasurementService(PortalDb portalDb, RawFileSpool spool, IRawFileStore rawFiles, IMeasurementQueue queue, TimeProvider clock)
{
    public static string UrlOf(Guid id) => $"/measurements/{id}";

    /// <summary>Checks the target exists in the caller's team before any byte is received.</summary>
    public async Task RequireTargetAsync(TeamScope scope, AttachTarget target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        await ResolveAsync(db, target, ct);
    }

    public async Task<UploadItem> UploadAsync(TeamScope scope, AttachTarget target, UploadSettings settings, string fileName,
        Stream content, IProgress<long>? progress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(settings);
        scope.RequireEditor();
        ValidateSettings(settings.TemperatureC, settings.ActiveMassMg, settings.NominalMahPerG, null);
        string name = CleanName(fileName);
        await using var db = await portalDb.OpenAsync(scope, ct);
        var (sampleId, pelletId, cellId, cellMass) = await ResolveAsync(db, target, ct);

        SpooledFile received;
        try
        {
            received = await spool.ReceiveAsync(content, progress, ct);
        }
        catch (RawFileTooLargeException e)
        {
            return new UploadItem(name, null, null, false, null, $"{name}: {e.Message}; not stored");
        }

        var existing = await db.Measurements.AsNoTracking().Where(m => m.Sha256 == received.Sha256)
            .Select(m => new { m.Id, m.State, m.FileName }).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            File.Delete(received.Path);
            return new UploadItem(name, existing.Id, existing.State.ToString(), true, UrlOf(existing.Id),
                null);
        }

        await rawFiles.PutAsync(received.Sha256, received.Path, ct);
        var measurement = new Measurement
        {
            FileName = name,
            Sha256 = received.Sha256,
            SizeBytes = received.SizeBytes,
            SampleId = sampleId,
            PelletId = pelletId,
            CellId = cellId,
            State = MeasurementState.Queued,
            TemperatureC = settings.TemperatureC,
            ActiveMassMg = settings.ActiveMassMg ?? cellMass,
            NominalMahPerG = settings.NominalMahPerG,
            UploadedById = scope.UserId,
            UploadedBy = scope.UserName,
        };
        db.Measurements.Add(measurement);
        await db.SaveChangesAsync(ct);
        queue.Enqueue(measurement.Id);
        return new UploadItem(name, measurement.Id, measurement.State.ToString(), false, UrlOf(measurement.Id), null);
    }

    public async Task<IReadOnlyList<MeasurementView>> ListAsync(TeamScope scope, Guid? sampleId, Guid? pelletId, Guid? cellId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var query = db.Measurements.AsNoTracking();
        if (sampleId is { } s)
        {
            query = query.Where(m => m.SampleId == s);
        }
        if (pelletId is { } p)
        {
            query = query.Where(m => m.PelletId == p);
        }
        if (cellId is { } c)
        {
            query = query.Where(m => m.CellId == c);
        }
        var rows = await query.OrderByDescending(m => m.CreatedAt).Take(500).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    /// <summary>Current state of the given measurements (for live progress), skipping ids not in the team.</summary>
    public async Task<IReadOnlyList<MeasurementView>> StatesAsync(TeamScope scope, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var rows = await db.Measurements.AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    public async Task<MeasurementView> GetAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        return View(await FindAsync(db, id, false, ct));
    }

    /// <summary>Queues the raw file again (after a parser fix, or new settings); the stored file is unchanged.</summary>
    public async Task<MeasurementView> ReprocessAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var m = await FindAsync(db, id, true, ct);
        await db.Measurements.Where(x => x.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.State, MeasurementState.Queued).SetProperty(x => x.Progress, 0).SetProperty(x => x.Error, (string?)null), ct);
        queue.Enqueue(id);
        m.State = MeasurementState.Queued;
        m.Progress = 0;
        m.Error = null;
        return View(m);
    }

    public async Task<MeasurementView> UpdateSettingsAsync(TeamScope scope, Guid id, MeasurementSettingsInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(input);
        scope.RequireEditor();
        ValidateSettings(input.TemperatureC, input.ActiveMassMg, input.NominalMahPerG, input.ReferenceCycle);
        await using (var db = await portalDb.OpenAsync(scope, ct))
        {
            var m = await FindAsync(db, id, true, ct);
            m.TemperatureC = input.TemperatureC;
            m.ActiveMassMg = input.ActiveMassMg;
            m.NominalMahPerG = input.NominalMahPerG;
            m.ReferenceCycle = input.ReferenceCycle;
            m.AnodeConvention = input.AnodeConvention;
            await db.SaveChangesAsync(ct);
        }
        return await ReprocessAsync(scope, id, ct);
    }

    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        SoftDelete.Mark(await FindAsync(db, id, true, ct), clock);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The raw file as uploaded, for download.</summary>
    public async Task<(Stream Content, string FileName)> OpenRawAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var m = await FindAsync(db, id, false, ct);
        return (await rawFiles.OpenReadAsync(m.Sha256, ct), m.FileName);
    }

    public async Task<IReadOnlyList<ColumnView>> ColumnsAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await FindAsync(db, id, false, ct);
        return await db.MeasurementColumns.AsNoTracking().Where(c => c.MeasurementId == id).OrderBy(c => c.Index)
            .Select(c => new ColumnView(c.Index, c.Name, c.Unit, c.Quantity, c.Min, c.Max)).ToListAsync(ct);
    }

    /// <summary>All values of one stored column, in row order.</summary>
    public async Task<double[]> ColumnValuesAsync(TeamScope scope, Guid id, int index, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await FindAsync(db, id, false, ct);
        if (!await db.MeasurementColumns.AnyAsync(c => c.MeasurementId == id && c.Index == index, ct))
        {
            throw new RecordValidationException("index", string.Create(CultureInfo.InvariantCulture, $"the measurement has no column {index}"));
        }
        return await SeriesStore.ReadColumnAsync(db, id, index, ct);
    }

    public async Task<IReadOnlyList<CycleView>> CyclesAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await FindAsync(db, id, false, ct);
        return await db.CycleSummaries.AsNoTracking().Where(c => c.MeasurementId == id).OrderBy(c => c.Cycle)
            .Select(c => new CycleView(c.Cycle, c.ChargeMah, c.DischargeMah, c.ChargeMahPerG, c.DischargeMahPerG, c.CoulombicEfficiency,
                c.ChargeEnergyMWh, c.DischargeEnergyMWh, c.MeanChargeVoltageV, c.MeanDischargeVoltageV, c.CRate, c.RetentionPercent))
            .ToListAsync(ct);
    }

    /// <summary>Rate steps, retention, notes and algorithm version of a cycling measurement; null before analysis.</summary>
    public async Task<CyclingSummaryInfo?> CyclingInfoAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var m = await FindAsync(db, id, false, ct);
        return m.SummaryJson is null ? null
            : System.Text.Json.JsonSerializer.Deserialize<CyclingSummaryInfo>(m.SummaryJson, System.Text.Json.JsonSerializerOptions.Web);
    }

    /// <summary>Voltage-capacity branches and dQ/dV of the given cycles (all cycles when none are given).</summary>
    public async Task<IReadOnlyList<CurveView>> CurvesAsync(TeamScope scope, Guid id, IReadOnlyCollection<int>? cycles, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        await FindAsync(db, id, false, ct);
        var query = db.CycleCurves.AsNoTracking().Where(c => c.MeasurementId == id);
        if (cycles is { Count: > 0 })
        {
            query = query.Where(c => cycles.Contains(c.Cycle));
        }
        return await query.OrderBy(c => c.Cycle).ThenBy(c => c.Kind)
            .Select(c => new CurveView(c.Cycle, c.Kind, c.CapacityMAh, c.VoltageV, c.DqDvVoltageV, c.DqDvMAhPerV)).ToListAsync(ct);
    }

    private static async Task<Measurement> FindAsync(PortalDbContext db, Guid id, bool tracked, CancellationToken ct)
    {
        var query = tracked ? db.Measurements : db.Measurements.AsNoTracking();
        return await query.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new RecordNotFoundException("measurement", id);
    }

    private static async Task<(Guid SampleId, Guid? PelletId, Guid? CellId, double? CellMassMg)> ResolveAsync(
        PortalDbContext db, AttachTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        switch (target.Kind)
        {
            case "sample":
                return await db.Samples.AnyAsync(s => s.Id == target.Id, ct)
                    ? (target.Id, null, null, null)
                    : throw new RecordNotFoundException("sample", target.Id);
            case "pellet":
                var pellet = await db.Pellets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == target.Id, ct)
                    ?? throw new RecordNotFoundException("pellet", target.Id);
                return (pellet.SampleId, pellet.Id, null, null);
            default:
                Cell cell = await db.Cells.AsNoTracking().FirstOrDefaultAsync(c => c.Id == target.Id, ct)
                    ?? throw new RecordNotFoundException("cell", target.Id);
                return (cell.SampleId, null, cell.Id, cell.ActiveMassMg);
        }
    }

    private static void ValidateSettings(double? temperatureC, double? activeMassMg, double? nominalMahPerG, int? referenceCycle)
    {
        var errors = new FieldErrors();
        if (temperatureC is { } t && !(t > -273.15 && t < 1500))
        {
            errors.Add("temperatureC", "must be between -273 and 1500 C");
        }
        errors.Positive(activeMassMg, "activeMassMg", "mg");
        errors.Positive(nominalMahPerG, "nominalMahPerG", "mAh/g");
        if (referenceCycle is < 0)
        {
            errors.Add("referenceCycle", "must be a cycle number, 0 or more");
        }
        errors.ThrowIfAny();
    }

    private static string CleanName(string fileName)
    {
        string name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        if (string.IsNullOrWhiteSpace(name))
        {
            name = "unnamed";
        }
        return name.Length > 400 ? name[^400..] : name;
    }

    private static MeasurementView View(Measurement m) => new(
        m.Id, m.FileName, m.State.ToString(), m.Progress, m.Error, m.Format, m.Technique.ToString(), m.RowCount, m.SizeBytes, m.Sha256,
        m.SampleId, m.PelletId, m.CellId, m.UploadedBy, m.CreatedAt, m.TemperatureC, m.ActiveMassMg, m.NominalMahPerG, m.ReferenceCycle,
        m.AnodeConvention, m.FileMetadata, m.Warnings);
}
