using System.Globalization;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace HalidePortal.Web.Endpoints;

/// <summary>Measurement upload (streamed multipart), state, settings, re-processing, series and raw download.</summary>
/// <summary>Optional filters of the measurement list.</summary>
public sealed record MeasurementFilter(Guid? SampleId, Guid? PelletId, Guid? CellId);

internal static class MeasurementEndpoints
{
    public static void MapMeasurements(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/measurements").WithTags("Measurements");
        g.MapPost("/", UploadAsync)
            .WithSummary("Upload instrument files (multipart/form-data: text field attach=sample:ID|pellet:ID|cell:ID, optional " +
                "temperatureC, activeMassMg, nominalMahPerG, then one or more file parts named files)")
            .WithDescription("Each file is stored unchanged under its SHA-256 and queued for parsing; the answer has one item per " +
                "file: its measurement id and state, duplicate=true with the existing measurement when the team already has the " +
                "file, or an error (too large) without stopping the other files.")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<UploadResult>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/", ([AsParameters] MeasurementFilter filter, CallerTeam t, MeasurementService s, CancellationToken ct) =>
                s.ListAsync(t.Scope, filter.SampleId, filter.PelletId, filter.CellId, ct))
            .WithSummary("Measurements of the team, newest first, optionally of one sample, pellet or cell");
        g.MapGet("/{id:guid}", (Guid id, CallerTeam t, MeasurementService s, CancellationToken ct) => s.GetAsync(t.Scope, id, ct))
            .WithSummary("One measurement: state (Queued, Parsing, Analysing, Done, Failed), progress 0-100, error, format, metadata")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/raw", async (Guid id, CallerTeam t, MeasurementService s, CancellationToken ct) =>
            {
                var (content, name) = await s.OpenRawAsync(t.Scope, id, ct);
                return TypedResults.Stream(content, "application/octet-stream", name);
            })
            .WithSummary("The raw file exactly as uploaded").ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{id:guid}/reprocess", (Guid id, CallerTeam t, MeasurementService s, CancellationToken ct) => s.ReprocessAsync(t.Scope, id, ct))
            .WithSummary("Parse and analyse the stored raw file again (after a failure, or a parser update)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPut("/{id:guid}/settings", (Guid id, MeasurementSettingsInput input, CallerTeam t, MeasurementService s, CancellationToken ct) =>
                s.UpdateSettingsAsync(t.Scope, id, input, ct))
            .WithSummary("Change temperature, active mass, nominal capacity, reference cycle or electrode convention; re-runs the summary")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapDelete("/{id:guid}", async (Guid id, CallerTeam t, MeasurementService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(t.Scope, id, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/columns", (Guid id, CallerTeam t, MeasurementService s, CancellationToken ct) => s.ColumnsAsync(t.Scope, id, ct))
            .WithSummary("Stored columns: name, unit, canonical quantity, range").ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/series", (Guid id, int? column, CallerTeam t, MeasurementService s, CancellationToken ct) =>
                s.ColumnValuesAsync(t.Scope, id, column ?? 0, ct))
            .WithSummary("Every value of one column (?column=index from /columns, default 0), in row order, in the column's unit")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/cycles", (Guid id, CallerTeam t, MeasurementService s, CancellationToken ct) => s.CyclesAsync(t.Scope, id, ct))
            .WithSummary("Per-cycle summary of a cycling measurement (mAh, mAh/g, coulombic efficiency, energy, mean voltage, C-rate, retention %)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/cycling", (Guid id, CallerTeam t, MeasurementService s, CancellationToken ct) => s.CyclingInfoAsync(t.Scope, id, ct))
            .WithSummary("Rate-capability steps, capacity retention, cycle source, notes and algorithm version of a cycling measurement")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id:guid}/curves", (Guid id, string? cycles, CallerTeam t, MeasurementService s, CancellationToken ct) =>
                s.CurvesAsync(t.Scope, id, ParseCycles(cycles), ct))
            .WithSummary("Voltage (V) against capacity (mAh) of each cycle's charge and discharge, and dQ/dV (mAh/V); ?cycles=1,2,10 (default all)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static int[] ParseCycles(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var cycles = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var cycle))
            {
                throw new RecordValidationException("cycles", $"\"{part}\" is not a cycle number; give numbers separated by commas, e.g. 1,2,10");
            }
            cycles.Add(cycle);
        }
        return [.. cycles];
    }

    private static async Task<IResult> UploadAsync(HttpContext http, CallerTeam team, MeasurementService service, IAntiforgery antiforgery,
        CancellationToken ct)
    {
        // Cookie-authenticated uploads come from the portal's own page and carry its antiforgery token; API tokens need none.
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        // Size is limited per file while it streams (RawFiles:MaxFileBytes), not per request.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new RecordValidationException("files", "send multipart/form-data with an attach field and one or more file parts named files");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        AttachTarget? target = null;
        UploadSettings? settings = null;
        var items = new List<UploadItem>();
        var reader = new MultipartReader(boundary, http.Request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }
            if (!disposition.IsFileDisposition())
            {
                string key = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                using var text = new StreamReader(section.Body);
                fields[key] = (await text.ReadToEndAsync(ct)).Trim();
                continue;
            }
            if (target is null)
            {
                target = AttachTarget.Parse(fields.GetValueOrDefault("attach"));
                settings = ReadSettings(fields);
                await service.RequireTargetAsync(team.Scope, target, ct);
            }
            string fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "unnamed";
            items.Add(await service.UploadAsync(team.Scope, target, settings!, fileName, section.Body, null, ct));
        }
        if (items.Count == 0)
        {
            throw new RecordValidationException("files", "no file parts: add one or more files (form field name files) after the attach field");
        }
        return TypedResults.Ok(new UploadResult(items));
    }

    private static UploadSettings ReadSettings(Dictionary<string, string> fields)
    {
        var errors = new FieldErrors();
        double? Number(string key)
        {
            if (!fields.TryGetValue(key, out var text) || text.Length == 0)
            {
                return null;
            }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            errors.Add(key, $"\"{text}\" is not a number (use a decimal point)");
            return null;
        }
        var settings = new UploadSettings(Number("temperatureC"), Number("activeMassMg"), Number("nominalMahPerG"));
        errors.ThrowIfAny();
        return settings;
    }
}
