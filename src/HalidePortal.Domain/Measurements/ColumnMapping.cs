namespace HalidePortal.Domain.Measurements;

/// <summary>
/// A team's way of reading delimited text that no instrument parser knows: which column is time, voltage,
/// current, ... and in which unit. Found again for any upload whose header has the same signature, so a lab's own
/// logger format is mapped once. The mapping itself is the ingest layer's spec, kept as JSON.
/// </summary>
public sealed class ColumnMapping : TeamRecord
{
    public required string Name { get; set; }
    /// <summary>The header fields trimmed, lower-cased and joined by '|', as the ingest preview computes them.</summary>
    public required string HeaderSignature { get; set; }
    /// <summary>The column-mapping spec (header line, delimiter, decimal comma, technique, columns) as JSON.</summary>
    public required string SpecJson { get; set; }
    public Guid? CreatedById { get; set; }
    public string? CreatedBy { get; set; }
}
