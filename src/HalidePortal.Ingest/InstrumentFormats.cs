using HalidePortal.Ingest.Cycling;

namespace HalidePortal.Ingest;

/// <summary>Every format the portal reads, and detection by content (magic bytes, headers) before the file name.</summary>
public static class InstrumentFormats
{
    /// <summary>How many leading bytes detection looks at.</summary>
    public const int HeadLength = 4096;

    /// <summary>
    /// Binary formats with magic bytes first; then workbooks whose first bytes name their cycler, then any other
    /// workbook (recognised by its sheets once opened); text formats, which guess from headers, last.
    /// </summary>
    public static IReadOnlyList<IInstrumentParser> All { get; } =
    [
        new BioLogicMprParser(), new NewareNdaxParser(), new NewareNdaParser(), new ArbinResParser(),
        new ArbinXlsxParser(), new NewareXlsxParser(), new LandXlsxParser(), new CyclerWorkbookParser(),
        new BioLogicMptParser(),
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
