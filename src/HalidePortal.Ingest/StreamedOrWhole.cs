namespace HalidePortal.Ingest;

/// <summary>
/// What a parser that can stream came back with: either its rows went to the sink while it read, or (a file it must
/// read whole, or no sink) the whole columns.
/// </summary>
internal sealed record StreamedOrWhole(StreamedMeasurement? Streamed, ParsedMeasurement? Whole)
{
    /// <summary>The rows for a caller with a sink: sent already, or sent now in blocks.</summary>
    public StreamedMeasurement ToSink(ISeriesBlockSink sink) => Streamed ?? SeriesBlocks.Emit(Whole!, sink);

    /// <summary>
    /// The result of a parse that filled <paramref name="blocks"/> (finished): the rows went to the sink when there was
    /// one, else they are the blocks' whole columns.
    /// </summary>
    public static StreamedOrWhole From(ColumnBlocks blocks, bool streamed, string format, Technique technique,
        IReadOnlyList<SeriesColumnInfo> columns, IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> warnings)
    {
        if (streamed)
        {
            return Sent(format, technique, columns, metadata, warnings, blocks.Total);
        }
        var arrays = blocks.ToArrays();
        return new StreamedOrWhole(null, new ParsedMeasurement
        {
            Format = format,
            Technique = technique,
            Columns = [.. columns.Select((c, i) => new SeriesColumn(c.Name, c.Unit, c.Quantity, arrays[i]))],
            Metadata = metadata,
            Warnings = warnings,
        });
    }

    /// <summary>The rows went to the sink while the file was read.</summary>
    public static StreamedOrWhole Sent(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns,
        IReadOnlyDictionary<string, string> metadata, IReadOnlyList<string> warnings, long rows) =>
        new(new StreamedMeasurement
        {
            Format = format,
            Technique = technique,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
            RowCount = rows,
        }, null);
}
