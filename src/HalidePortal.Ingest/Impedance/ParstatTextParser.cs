using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// Princeton Applied Research Parstat / VersaStudio tab-separated text export of a run that mixes DC points and an
/// impedance sweep: header "Potential (V)	Current (A)	Elapsed Time (s)	Frequency (Hz)	Zre (ohms)	Zim (ohms)	|Vac| (V)	|Iac| (A)".
/// Rows with frequency 0 are the DC part and are left out (a warning counts them). Zim is Im(Z) as measured
/// (imaginarySign "Im"); current becomes mA. Metadata: imaginarySign.
/// </summary>
public sealed class ParstatTextParser : IInstrumentParser
{
    public string Format => "parstat-txt";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        ImpedanceText.StartsWith(head, "Potential (V)\tCurrent (A)\tElapsed Time (s)\tFrequency (Hz)\tZre (ohms)\tZim (ohms)"u8);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = TextSource.Open(stream);
        var lines = new LineCursor(reader);
        return ImpedanceText.Guard(fileName, lines, () =>
        {
            if (!lines.TryReadNonEmpty(out var header) || !header.StartsWith("Potential (V)\t", StringComparison.Ordinal))
            {
                throw new InstrumentFileException(fileName, "expected the Parstat header \"Potential (V)<tab>Current (A)...\"", lines.LineNumber);
            }
            var table = new ImpedanceTable(ImpedanceText.Classify(ImpedanceText.Split(header.TrimEnd('\t', ' '), '\t')), fileName, lines.LineNumber);
            ImpedanceText.ReadRows(lines, table, '\t');
            return table.Build(Format, new Dictionary<string, string>(StringComparer.Ordinal), [], inferSign: false, lines.LineNumber);
        });
    }
}
