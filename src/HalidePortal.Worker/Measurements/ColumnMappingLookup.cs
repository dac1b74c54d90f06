using HalidePortal.Data;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Text;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker.Measurements;

/// <summary>A team's column mapping chosen for a file, with its spec read.</summary>
/// <param name="Fallback">
/// True when a parser recognises the file: the mapping is used only if that parser refuses it (cellpy's unit-less
/// "custom" CSV, say), so a mapping never takes over a format the portal reads.
/// </param>
internal sealed record ChosenMapping(string Name, ColumnMappingSpec Spec, bool Fallback)
{
    /// <summary>Parses with the recognising parser first when there is one, else (or when it refuses) with the mapping.</summary>
    public ParsedMeasurement Read(Stream stream, string fileName)
    {
        if (Fallback)
        {
            try
            {
                return InstrumentFormats.Parse(stream, fileName);
            }
            catch (InstrumentFileException)
            {
                stream.Seek(0, SeekOrigin.Begin);
            }
        }
        var parsed = MappedTextParser.Parse(stream, fileName, Spec);
        var metadata = new Dictionary<string, string>(parsed.Metadata, StringComparer.Ordinal) { [MetadataKeys.ColumnMapping] = Name };
        return new ParsedMeasurement
        {
            Format = parsed.Format,
            Technique = parsed.Technique,
            Columns = parsed.Columns,
            Metadata = metadata,
            Warnings = parsed.Warnings,
        };
    }
}

/// <summary>
/// For delimited text: the team's newest column mapping whose header signature is the file's. Text no parser
/// recognises and no mapping fits fails with a hint that its columns can be mapped on the measurement page.
/// </summary>
internal static class ColumnMappingLookup
{
    /// <summary>
    /// Null when the file is not delimited text, or a parser recognises it and the team has no mapping for its header
    /// (the normal parse then reports why); the seekable stream is left at its start.
    /// </summary>
    public static async Task<ChosenMapping?> FindAsync(IDbContextFactory<PortalDbContext> contexts, Measurement measurement, Stream stream,
        CancellationToken cancellationToken)
    {
        var head = InstrumentFormats.ReadHead(stream);
        if (head.Length == 0 || !InstrumentFormats.LooksLikeText(head))
        {
            return null;
        }
        bool known = InstrumentFormats.Detect(head, measurement.FileName) is not null;
        string signature;
        try
        {
            signature = DelimitedPreview.Read(stream, measurement.FileName, 1).Signature;
        }
        catch (InstrumentFileException)
        {
            return null;
        }
        finally
        {
            stream.Seek(0, SeekOrigin.Begin);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.TeamScope = measurement.TeamId;
        var mapping = await db.ColumnMappings.AsNoTracking().Where(m => m.HeaderSignature == signature)
            .OrderByDescending(m => m.UpdatedAt).Select(m => new { m.Name, m.SpecJson }).FirstOrDefaultAsync(cancellationToken);
        if (mapping is null)
        {
            return known ? null : throw new InstrumentFileException(measurement.FileName, "not a format the portal reads (delimited text with "
                + "no known header); its columns can be mapped on the measurement page, and the mapping is used again for files with the same header", 0);
        }
        try
        {
            return new ChosenMapping(mapping.Name, ColumnMappingSpec.FromJson(mapping.SpecJson), known);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InstrumentFileException(measurement.FileName, $"the column mapping \"{mapping.Name}\" cannot be read ({e.Message}); save it again");
        }
    }
}
