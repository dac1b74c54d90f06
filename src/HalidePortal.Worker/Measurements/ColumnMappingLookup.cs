using HalidePortal.Data;
using HalidePortal.Domain.Measurements;
using HalidePortal.Ingest;
using HalidePortal.Ingest.Text;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker.Measurements;

/// <summary>A team's column mapping chosen for a file, with its spec read.</summary>
internal sealed record ChosenMapping(string Name, ColumnMappingSpec Spec)
{
    /// <summary>Parses with the mapping and records its name in the metadata.</summary>
    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        var parsed = MappedTextParser.Parse(stream, fileName, Spec);
        var metadata = new Dictionary<string, string>(parsed.Metadata, StringComparer.Ordinal) { [MetadataKeys.ColumnMapping] = Name };
        return new ParsedMeasurement
        {
            Format = parsed.Format, Technique = parsed.Technique, Columns = parsed.Columns, Metadata = metadata, Warnings = parsed.Warnings,
        };
    }
}

/// <summary>
/// For text no instrument parser recognises: the team's newest column mapping whose header signature is the file's.
/// Without one the file fails with a hint that its columns can be mapped on the measurement page.
/// </summary>
internal static class ColumnMappingLookup
{
    /// <summary>
    /// Null when a parser knows the file, or when it is not delimited text (the normal parse then reports why);
    /// the seekable stream is left at its start.
    /// </summary>
    public static async Task<ChosenMapping?> FindAsync(IDbContextFactory<PortalDbContext> contexts, Measurement measurement, Stream stream,
        CancellationToken cancellationToken)
    {
        var head = InstrumentFormats.ReadHead(stream);
        if (head.Length == 0 || InstrumentFormats.Detect(head, measurement.FileName) is not null || !InstrumentFormats.LooksLikeText(head))
        {
            return null;
        }
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
            .OrderByDescending(m => m.UpdatedAt).Select(m => new { m.Name, m.SpecJson }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InstrumentFileException(measurement.FileName, "not a format the portal reads (delimited text with no known header); "
                + "its columns can be mapped on the measurement page, and the mapping is used again for files with the same header", 0);
        try
        {
            return new ChosenMapping(mapping.Name, ColumnMappingSpec.FromJson(mapping.SpecJson));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InstrumentFileException(measurement.FileName, $"the column mapping \"{mapping.Name}\" cannot be read ({e.Message}); save it again");
        }
    }
}
