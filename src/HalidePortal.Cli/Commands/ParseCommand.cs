using System.Globalization;
using System.Text.Json;
using HalidePortal.Cli.CommandLine;
using HalidePortal.Ingest;

namespace HalidePortal.Cli.Commands;

/// <summary>halide parse: read an instrument file with the portal's parsers and describe what it holds.</summary>
public sealed class ParseCommand : ICliCommand
{
    private static readonly OptionSpec[] Options = [new("json", TakesValue: false)];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Name => "parse";

    public string Summary => "read an instrument file and list its columns, units and metadata";

    public string Usage =>
        $"""
        usage: halide parse FILE [--json]

          FILE    an instrument file; the format is found from its content ({string.Join(", ", InstrumentFormats.All.Select(p => p.Format))})
          --json  print {"{"}"format", "technique", "rows", "columns": [{"{"}"name", "unit"{"}"}], "metadata", "warnings"{"}"}

        Exit codes: 0 success, 2 a missing, unknown or damaged file (one line saying which and where).

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        var path = parsed.Positional.Count == 1 ? parsed.Positional[0] : throw new CliError("give exactly one FILE to parse");
        var measurement = InstrumentFiles.Read(path);

        stdout.Write(parsed.Has("json") ? ToJson(measurement) : ToTable(measurement));
        return ExitCodes.Success;
    }

    private static string ToJson(ParsedMeasurement m) => JsonSerializer.Serialize(new
    {
        format = m.Format,
        technique = m.Technique.ToString(),
        rows = m.RowCount,
        columns = m.Columns.Select(c => new { name = c.Name, unit = c.Unit, quantity = c.Quantity.ToString() }),
        metadata = m.Metadata,
        warnings = m.Warnings,
    }, Json) + Environment.NewLine;

    private static string ToTable(ParsedMeasurement m)
    {
        var table = new TextTable("column", "unit", "first", "last");
        foreach (var c in m.Columns)
        {
            table.Add(c.Name, c.Unit, Number(c.Values.FirstOrDefault()), Number(c.Values.LastOrDefault()));
        }
        var head = string.Create(CultureInfo.InvariantCulture, $"{m.Format}, {m.Technique}, {m.RowCount} rows{Environment.NewLine}");
        var meta = string.Concat(m.Metadata.Select(kv => $"{kv.Key}: {kv.Value}{Environment.NewLine}"));
        var warnings = string.Concat(m.Warnings.Select(w => $"warning: {w}{Environment.NewLine}"));
        return head + meta + Environment.NewLine + table + warnings;
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
