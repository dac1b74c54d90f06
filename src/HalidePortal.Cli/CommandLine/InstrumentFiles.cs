using HalidePortal.Ingest;

namespace HalidePortal.Cli.CommandLine;

/// <summary>Reads an instrument file from disk for a command; every problem is a one-line <see cref="CliError"/>.</summary>
internal static class InstrumentFiles
{
    /// <summary>
    /// Reads the file and refuses it unless it holds the given technique (or one the parser could not name), saying
    /// what it holds instead: "{name}: holds impedance data, not {what}".
    /// </summary>
    public static ParsedMeasurement Read(string path, Technique expected, string what)
    {
        var measurement = Read(path);
        if (measurement.Technique != expected && measurement.Technique != Technique.Unknown)
        {
            throw new CliError($"{Path.GetFileName(path)}: holds {measurement.Technique.ToString().ToLowerInvariant()} data, not {what}");
        }
        return measurement;
    }

    public static ParsedMeasurement Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliError($"no such file '{path}'");
        }
        var name = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        var head = InstrumentFormats.ReadHead(stream);
        if (InstrumentFormats.NotData(head) is { } notData)
        {
            throw new CliError($"{name}: {notData}");
        }
        var parser = InstrumentFormats.Detect(head, name)
            ?? throw new CliError($"{name}: not a format halide reads (known: {string.Join(", ", InstrumentFormats.All.Select(p => p.Format))})");
        try
        {
            return parser.Parse(stream, name);
        }
        catch (InstrumentFileException e)
        {
            throw new CliError(e.Message);
        }
    }
}
