using HalidePortal.Ingest.Cycling;
using HalidePortal.Ingest.Diffraction;
using HalidePortal.Ingest.Impedance;
using HalidePortal.Ingest.Simulation;
using HalidePortal.Ingest.Voltammetry;

namespace HalidePortal.Ingest;

/// <summary>Every format the portal reads, and detection by content (magic bytes, headers) before the file name.</summary>
public static class InstrumentFormats
{
    /// <summary>How many leading bytes detection looks at.</summary>
    public const int HeadLength = 4096;

    /// <summary>
    /// Binary formats with magic bytes first (zip-based instrument files before workbooks, workbooks whose first
    /// bytes name their cycler before any other workbook); then text formats with a fixed first line or header;
    /// the guessers without a signature last.
    /// </summary>
    public static IReadOnlyList<IInstrumentParser> All { get; } =
        [
            new BioLogicMprParser(), new NewareNdaxParser(), new NewareNdaParser(), new ArbinResParser(),
            new BrukerRawParser(), new StoeRawParser(),
            new BrukerBrmlParser(), new RigakuRasxParser(),
            new ArbinXlsxParser(), new NewareXlsxParser(), new LandXlsxParser(), new CyclerWorkbookParser(),
            new XrdmlParser(), new RigakuRasParser(), new BrukerUxdParser(), new HighScoreCsvParser(), new GsasRawParser(),
            new BioLogicMptParser(),
            new ArbinCsvParser(), new MaccorTextParser(), new NewareCsvParser(), new NovonixCsvParser(), new BasytecTextParser(),
            new BatteryArchiveCsvParser(), new BatteryDataCsvParser(), new PecCsvParser(), new BioLogicCsvParser(), new CellpyCustomCsvParser(),
            new GamryDtaParser(), new ZPlotParser(), new VersaStudioParParser(), new ChInstrumentsTextParser(),
            new NeisysTextParser(), new ParstatTextParser(), new PowerSuiteTextParser(),
            // MD output names itself ("msd"); impedance by column names or a headerless frequency sweep; plain x-y last.
            new MsdTextParser(),
            new GenericImpedanceTextParser(),
            new XyTextParser(),
        ];

    /// <summary>The parser whose format the file's first bytes show, or null when none recognises it.</summary>
    public static IInstrumentParser? Detect(ReadOnlySpan<byte> head, string? fileName)
    {
        foreach (var parser in All)
        {
            if (parser.CanRead(head, fileName))
            {
                return parser;
            }
        }
        return null;
    }

    /// <summary>
    /// Detects the format of a seekable stream by content and parses it. Every failure (empty, unknown format,
    /// damaged content, or a parser fault on malformed bytes) is an <see cref="InstrumentFileException"/> naming the file.
    /// </summary>
    public static ParsedMeasurement Parse(Stream stream, string fileName)
    {
        var parser = Find(stream, fileName);
        return Guarded(parser, fileName, () => parser.Parse(stream, fileName));
    }

    /// <summary>
    /// As <see cref="Parse(Stream, string)"/>, giving the rows to <paramref name="sink"/> in blocks while the file is read
    /// when its parser can stream (<see cref="IStreamingInstrumentParser"/>), else after parsing it whole.
    /// </summary>
    public static StreamedMeasurement Parse(Stream stream, string fileName, ISeriesBlockSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var parser = Find(stream, fileName);
        var guarded = new GuardedSink(sink);
        try
        {
            return Guarded(parser, fileName, () => parser is IStreamingInstrumentParser streaming
                ? streaming.Parse(stream, fileName, guarded)
                : SeriesBlocks.Emit(parser.Parse(stream, fileName), guarded));
        }
        catch (SinkFault fault)
        {
            // The sink's own failure (a lost database connection...) is not the file's fault: it keeps its type, so it is retried.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault.InnerException!);
            throw;
        }
    }

    /// <summary>Marks exceptions thrown by the sink so they are not mistaken for a malformed file.</summary>
    private sealed class SinkFault(Exception inner) : Exception(inner.Message, inner);

    private sealed class GuardedSink(ISeriesBlockSink inner) : ISeriesBlockSink
    {
        public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
        {
            try
            {
                inner.Begin(format, technique, columns);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new SinkFault(e);
            }
        }

        public void Append(IReadOnlyList<ArraySegment<double>> columns)
        {
            try
            {
                inner.Append(columns);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new SinkFault(e);
            }
        }
    }

    private static IInstrumentParser Find(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = ReadHead(stream);
        if (head.Length == 0)
        {
            throw new InstrumentFileException(fileName, "the file is empty", 0);
        }
        if (NotData(head) is { } reason)
        {
            throw new InstrumentFileException(fileName, reason, 0);
        }
        return Detect(head, fileName)
            ?? throw new InstrumentFileException(fileName, "not a format the portal reads (" + Describe(head) + "); "
                + "for other delimited text use the column-mapping import", 0);
    }

    private static T Guarded<T>(IInstrumentParser parser, string fileName, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is not InstrumentFileException and not OperationCanceledException and not OutOfMemoryException and not SinkFault)
        {
            // A parser tripping over malformed bytes is still a bad file, not a reason to retry.
            throw new InstrumentFileException(fileName, $"cannot be read as {parser.Format}: {e.Message}");
        }
    }

    /// <summary>
    /// Files that come with a measurement but hold no data (instrument settings and logs, processed archives):
    /// what they are and what to upload instead; null for anything else.
    /// </summary>
    public static string? NotData(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("EC-LAB SETTING FILE"u8) || head.StartsWith("BT-LAB SETTING FILE"u8))
        {
            return "a BioLogic settings file (.mps): it describes the techniques but holds no data; upload the run's .mpr (or its .mpt export)";
        }
        if (head.StartsWith("EC-Lab LOG FILE"u8) || head.StartsWith("BT-Lab LOG FILE"u8))
        {
            return "a BioLogic log file (.mpl): it records the run's settings and events but holds no data; upload the run's .mpr (or its .mpt export)";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "an HDF5 file (a processed data set, e.g. from beep or cellpy), not an instrument's own file; upload the instrument's file, "
                + "or export the data to CSV and map its columns";
        }
        return null;
    }

    /// <summary>A short description of what the first bytes look like, for error messages.</summary>
    public static string Describe(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return "a zip archive that is not a known instrument format";
        }
        return LooksLikeText(head) ? "text with no known header" : "binary content with no known signature";
    }

    /// <summary>True when the first bytes hold no control characters besides tab and line breaks (nor a zip signature).</summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty || head.StartsWith("PK\u0003\u0004"u8))
        {
            return false;
        }
        // UTF-16 text is full of zero bytes; its byte-order mark says so.
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }
        foreach (byte b in head[..Math.Min(head.Length, 512)])
        {
            if (b < 0x09 || (b > 0x0D && b < 0x20))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reads up to <see cref="HeadLength"/> bytes for detection; the stream is rewound when it can be.</summary>
    public static byte[] ReadHead(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[HeadLength];
        var read = stream.ReadAtLeast(buffer, HeadLength, throwOnEndOfStream: false);
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
        }
        return buffer[..read];
    }
}
