using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// cellpy's "custom" instrument CSV ("# PRIME INSTRUMENT FILE ..." key;value header, then "index;test_time;...;
/// current;voltage;charge_capacity;..."): recognised so that the upload is refused with the reason. The file states
/// no units; cellpy takes them from a separate instrument definition (YAML) that is not part of the upload, so any
/// current or capacity read from it would be a guess.
/// </summary>
public sealed class CellpyCustomCsvParser : IInstrumentParser
{
    public string Format => "cellpy-custom";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        var lines = TextSource.HeadLines(head, 1);
        return lines.Count > 0 && lines[0].StartsWith("# PRIME INSTRUMENT FILE", StringComparison.Ordinal);
    }

    public ParsedMeasurement Parse(Stream stream, string fileName) =>
        throw new InstrumentFileException(fileName,
            "this is a cellpy \"custom\" CSV: it names no units (cellpy reads them from a separate instrument YAML), "
            + "so currents and capacities cannot be normalised; upload the cycler's own export instead", 1);
}
