using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// Princeton Applied Research PowerSuite impedance text export: header "Frequency	 Zre	 Zimg", then tab-separated
/// rows (frequency in Hz, Ohm), often ascending in frequency and with CR CR LF line ends. Zimg is Im(Z) as measured
/// (imaginarySign "Im"). Metadata: imaginarySign.
/// </summary>
public sealed class PowerSuiteTextParser : IInstrumentParser
{
    public string Format => "powersuite-txt";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) => ImpedanceText.StartsWith(head, "Frequency\t Zre\t Zimg"u8);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = TextSource.Open(stream);
        var lines = new LineCursor(reader);
        return ImpedanceText.Guard(fileName, lines, () =>
        {
            if (!lines.TryReadNonEmpty(out var header) || !header.StartsWith("Frequency\t", StringComparison.Ordinal))
            {
                throw new InstrumentFileException(fileName, "expected the PowerSuite header \"Frequency<tab> Zre<tab> Zimg\"", lines.LineNumber);
            }
            var table = new ImpedanceTable(ImpedanceText.Classify(ImpedanceText.Split(header, '\t')), fileName, lines.LineNumber);
            ImpedanceText.ReadRows(lines, table, '\t');
            return table.Build(Format, new Dictionary<string, string>(StringComparer.Ordinal), [], inferSign: false, lines.LineNumber);
        });
    }
}
