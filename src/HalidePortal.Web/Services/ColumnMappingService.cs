using HalidePortal.Data;
using HalidePortal.Data.RawFiles;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Text;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>One column of a previewed file, with the quantity and unit its header suggests (null quantity: no guess).</summary>
public sealed record PreviewColumn(int Index, string Header, Quantity? Quantity, string Unit);

/// <summary>
/// The table found in a measurement's raw file, as the mapping form shows it: header row, delimiter, decimal comma,
/// signature, guessed columns and technique, the first rows as text, and the team's mappings for this header.
/// </summary>
public sealed record MeasurementPreview(
    Guid MeasurementId, string FileName, string State, int HeaderLine, int FirstDataLine, string Delimiter, bool DecimalComma,
    string Signature, Technique SuggestedTechnique, IReadOnlyList<PreviewColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<ColumnMappingView> Matching);

/// <summary>What one column becomes: a quantity (null = ignored) and the unit the file writes it in.</summary>
public sealed record MappedColumnView(int Index, string Header, Quantity? Quantity, string? Unit);

public sealed record ColumnMappingView(
    Guid Id, string Name, string HeaderSignature, Technique Technique, int HeaderLine, string Delimiter, bool DecimalComma,
    IReadOnlyList<MappedColumnView> Columns, string? CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The user's choice for one column of the previewed file: a quantity (null to ignore it) and its unit.</summary>
public sealed record ColumnChoice(int Index, Quantity? Quantity, string? Unit = null);

/// <summary>
/// A mapping made on a measurement's file: the header, delimiter and decimal comma come from that file, the
/// technique and the column choices (one per column, in order) from the user.
/// </summary>
public sealed record ColumnMappingInput(string Name, Guid MeasurementId, Technique Technique, IReadOnlyList<ColumnChoice> Columns);

/// <summary>The saved mapping, and the measurement it was made on (queued again when it had failed).</summary>
public sealed record ColumnMappingSaved(ColumnMappingView Mapping, MeasurementView Measurement);

/// <summary>
/// The generic delimited-text import: previews of a measurement's raw file, and the team's column mappings, which
/// the worker applies to text no parser knows when its header signature matches. Saving a mapping made on a failed
/// measurement parses that measurement again with it.
/// </summary>
public sealed class ColumnMappingService(PortalDb portalDb, IRawFileStore rawFiles, MeasurementService measurements, TimeProvider clock)
{
    /// <summary>Data rows a preview shows.</summary>
    public const int PreviewRows = 20;

    public async Task<MeasurementPreview> PreviewAsync(TeamScope scope, Guid measurementId, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var measurement = await FindMeasurementAsync(db, measurementId, ct);
        var preview = await ReadPreviewAsync(measurement, ct);
        var guesses = MappableQuantities.GuessAll(preview.Header);
        var columns = preview.Header.Select((h, i) => new PreviewColumn(i, h, guesses[i].Quantity, guesses[i].Unit)).ToList();
        var matching = await db.ColumnMappings.AsNoTracking().Where(m => m.HeaderSignature == preview.Signature)
            .OrderByDescending(m => m.UpdatedAt).ToListAsync(ct);
        return new MeasurementPreview(measurement.Id, measurement.FileName, measurement.State.ToString(), preview.HeaderLine, preview.FirstDataLine,
            DelimiterText(preview.Delimiter), preview.DecimalComma, preview.Signature, MappableQuantities.GuessTechnique(guesses.Select(g => g.Quantity)),
            columns, preview.Rows, matching.Select(View).ToList());
    }

    /// <summary>The team's mappings, newest first; with <paramref name="signature"/>, only those for that header.</summary>
    public async Task<IReadOnlyList<ColumnMappingView>> ListAsync(TeamScope scope, string? signature = null, CancellationToken ct = default)
    {
        await using var db = await portalDb.OpenAsync(scope, ct);
        var query = db.ColumnMappings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(signature))
        {
            query = query.Where(m => m.HeaderSignature == signature);
        }
        var rows = await query.OrderByDescending(m => m.UpdatedAt).Take(500).ToListAsync(ct);
        return rows.Select(View).ToList();
    }

    /// <summary>
    /// Saves a mapping made on a measurement's file (replacing the team's mapping of the same name for the same
    /// header) and, when that measurement failed, queues it to be parsed again with the mapping.
    /// </summary>
    public async Task<ColumnMappingSaved> SaveAsync(TeamScope scope, ColumnMappingInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(input);
        scope.RequireEditor();
        string name = (input.Name ?? "").Trim();
        var errors = new FieldErrors();
        errors.Require(name.Length is > 0 and <= 200, "name", "give the mapping a name of 1 to 200 characters, e.g. the instrument");
        errors.Require(Enum.IsDefined(input.Technique), "technique", "choose Cycling, Impedance, Diffraction, Voltammetry or Unknown");
        errors.ThrowIfAny();

        ColumnMapping saved;
        MeasurementState state;
        await using (var db = await portalDb.OpenAsync(scope, ct))
        {
            var measurement = await FindMeasurementAsync(db, input.MeasurementId, ct);
            state = measurement.State;
            var preview = await ReadPreviewAsync(measurement, ct);
            var spec = BuildSpec(preview, input);
            string signature = spec.Signature;
            saved = await db.ColumnMappings.FirstOrDefaultAsync(m => m.Name == name && m.HeaderSignature == signature, ct)
                ?? db.ColumnMappings.Add(new ColumnMapping
                {
                    Name = name,
                    HeaderSignature = signature,
                    SpecJson = "{}",
                    CreatedById = scope.UserId,
                    CreatedBy = scope.UserName,
                }).Entity;
            saved.SpecJson = spec.ToJson();
            await db.SaveChangesAsync(ct);
        }
        var view = state == MeasurementState.Failed
            ? await measurements.ReprocessAsync(scope, input.MeasurementId, ct)
            : await measurements.GetAsync(scope, input.MeasurementId, ct);
        return new ColumnMappingSaved(View(saved), view);
    }

    /// <summary>Soft delete: files already read with the mapping keep their data; new files no longer find it.</summary>
    public async Task DeleteAsync(TeamScope scope, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.RequireEditor();
        await using var db = await portalDb.OpenAsync(scope, ct);
        var mapping = await db.ColumnMappings.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new RecordNotFoundException("column mapping", id);
        SoftDelete.Mark(mapping, clock);
        await db.SaveChangesAsync(ct);
    }

    private static ColumnMappingSpec BuildSpec(DelimitedPreview preview, ColumnMappingInput input)
    {
        var errors = new FieldErrors();
        var choices = input.Columns ?? [];
        if (choices.Count != preview.Header.Count || choices.Select((c, i) => c.Index == i).Contains(false))
        {
            errors.Add("columns", $"give one choice per column of the file, in order: {preview.Header.Count} columns, indexes 0 to {preview.Header.Count - 1}");
            errors.ThrowIfAny();
        }
        var spec = ColumnMappingSpec.For(preview, input.Technique) with
        {
            Columns = choices.Select(c => new MappedColumn(c.Index, preview.Header[c.Index], c.Quantity, c.Unit?.Trim())).ToList(),
        };
        foreach (var (column, message) in spec.Problems())
        {
            errors.Add(column < 0 ? "columns" : $"columns[{column}]", message);
        }
        errors.ThrowIfAny();
        return spec;
    }

    private async Task<DelimitedPreview> ReadPreviewAsync(Measurement measurement, CancellationToken ct)
    {
        await using var raw = await rawFiles.OpenReadAsync(measurement.Sha256, ct);
        try
        {
            // Only the first rows are read, so this stays quick on files of any size.
            return DelimitedPreview.Read(raw, measurement.FileName, PreviewRows);
        }
        catch (InstrumentFileException e)
        {
            throw new RecordValidationException("file", e.Message + "; the column mapping reads delimited text only");
        }
    }

    private static async Task<Measurement> FindMeasurementAsync(PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.Measurements.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new RecordNotFoundException("measurement", id);

    /// <summary>The delimiter as JSON and forms show it: "tab", "space", or the character.</summary>
    public static string DelimiterText(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        ' ' => "space",
        _ => new string(delimiter, 1),
    };

    private static ColumnMappingView View(ColumnMapping m)
    {
        ColumnMappingSpec spec;
        try
        {
            spec = ColumnMappingSpec.FromJson(m.SpecJson);
        }
        catch (System.Text.Json.JsonException)
        {
            spec = new ColumnMappingSpec();
        }
        return new ColumnMappingView(m.Id, m.Name, m.HeaderSignature, spec.Technique, spec.HeaderLine, DelimiterText(spec.Delimiter), spec.DecimalComma,
            spec.Columns.Select(c => new MappedColumnView(c.Index, c.Header, c.Quantity, c.Unit)).ToList(), m.CreatedBy, m.CreatedAt, m.UpdatedAt);
    }
}
