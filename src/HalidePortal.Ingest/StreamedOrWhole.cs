namespace HalidePortal.Ingest;

/// <summary>
/// What a parser that can stream came back with: either its rows went to the sink while it read, or (a file it must
/// read whole, or no sink) the whole columns.
/// </summary>
internal sealed record StreamedOrWhole(StreamedMeasurement? Streamed, ParsedMeasurement? Whole)
{
    /// <summary>The rows for a caller with a sink: sent already, or sent now in blocks.</summary>
    public StreamedMeasurement ToSink(ISeriesBlockSink sink) => Streamed ?? SeriesBlocks.Emit(Whole!, sink);
}
