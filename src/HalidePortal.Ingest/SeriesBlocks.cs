namespace HalidePortal.Ingest;

/// <summary>A column's description without its values, for files read in blocks.</summary>
public sealed record SeriesColumnInfo(string Name, string Unit, Quantity Quantity);

/// <summary>
/// Receives a file's rows block by block while it is read, so a file of any length needs memory for a block, not
/// for its columns.
/// </summary>
public interface ISeriesBlockSink
{
    /// <summary>Called once, before any block, with the final format, technique and columns.</summary>
    void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns);

    /// <summary>
    /// The next rows: one segment per column in the order given to <see cref="Begin"/>, all of one length between 1 and
    /// <see cref="SeriesBlocks.MaxRows"/>. The segments are the parser's buffers: valid only during the call.
    /// </summary>
    void Append(IReadOnlyList<ArraySegment<double>> columns);
}

/// <summary>What a parse read in blocks found, besides the rows it gave the sink.</summary>
public sealed class StreamedMeasurement
{
    public required string Format { get; init; }
    public required Technique Technique { get; init; }
    public required IReadOnlyList<SeriesColumnInfo> Columns { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public long RowCount { get; init; }
}

/// <summary>A parser that can hand its rows over in blocks while it reads, instead of materialising whole columns.</summary>
public interface IStreamingInstrumentParser : IInstrumentParser
{
    /// <summary>Reads the whole file, giving its rows to <paramref name="sink"/> in order; the stream may be non-seekable.</summary>
    StreamedMeasurement Parse(Stream stream, string fileName, ISeriesBlockSink sink);
}

/// <summary>Moving between whole columns and blocks.</summary>
public static class SeriesBlocks
{
    /// <summary>Rows per block: the length of one stored series chunk.</summary>
    public const int MaxRows = 1 << 16;

    /// <summary>Gives an already parsed measurement to a sink in blocks (for parsers that cannot stream).</summary>
    public static StreamedMeasurement Emit(ParsedMeasurement parsed, ISeriesBlockSink sink)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(sink);
        var infos = parsed.Columns.Select(c => new SeriesColumnInfo(c.Name, c.Unit, c.Quantity)).ToList();
        sink.Begin(parsed.Format, parsed.Technique, infos);
        int rows = parsed.RowCount;
        var segments = new ArraySegment<double>[parsed.Columns.Count];
        for (int start = 0; start < rows; start += MaxRows)
        {
            int length = Math.Min(MaxRows, rows - start);
            for (int c = 0; c < segments.Length; c++)
            {
                segments[c] = new ArraySegment<double>(parsed.Columns[c].Values, start, length);
            }
            sink.Append(segments);
        }
        return new StreamedMeasurement
        {
            Format = parsed.Format,
            Technique = parsed.Technique,
            Columns = infos,
            Metadata = parsed.Metadata,
            Warnings = parsed.Warnings,
            RowCount = rows,
        };
    }

    /// <summary>Reads a file with a streaming parser into whole columns.</summary>
    public static ParsedMeasurement Collect(IStreamingInstrumentParser parser, Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(parser);
        var collector = new Collector();
        var streamed = parser.Parse(stream, fileName, collector);
        return new ParsedMeasurement
        {
            Format = streamed.Format,
            Technique = streamed.Technique,
            Columns = collector.Columns(streamed.Columns),
            Metadata = streamed.Metadata,
            Warnings = streamed.Warnings,
        };
    }

    private sealed class Collector : ISeriesBlockSink
    {
        private readonly List<List<double[]>> blocks = [];

        public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
        {
            blocks.Clear();
            blocks.AddRange(columns.Select(_ => new List<double[]>()));
        }

        public void Append(IReadOnlyList<ArraySegment<double>> columns)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                blocks[c].Add(columns[c].ToArray());
            }
        }

        public List<SeriesColumn> Columns(IReadOnlyList<SeriesColumnInfo> infos)
        {
            var result = new List<SeriesColumn>(infos.Count);
            for (int c = 0; c < infos.Count; c++)
            {
                var parts = c < blocks.Count ? blocks[c] : [];
                var values = new double[parts.Sum(p => p.Length)];
                int offset = 0;
                foreach (var part in parts)
                {
                    part.CopyTo(values, offset);
                    offset += part.Length;
                }
                parts.Clear();
                result.Add(new SeriesColumn(infos[c].Name, infos[c].Unit, infos[c].Quantity, values));
            }
            return result;
        }
    }
}
