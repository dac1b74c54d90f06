using System.Globalization;
using System.Text.Json;
using HalidePortal.Cli.CommandLine;
using HalidePortal.Cli.Upload;

namespace HalidePortal.Cli.Commands;

/// <summary>halide export: a dashboard of the team as the portal exports it, an HTML page that opens offline or one CSV.</summary>
/// <param name="connect">Makes the client for a server and token (the portal's tests pass one on an in-process server).</param>
public sealed class ExportCommand(Func<Uri, string, PortalClient>? connect = null) : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("dashboard"),
        new("format"),
        new("output"),
        new("server"),
        new("token"),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "export";

    public string Summary => "save a dashboard as an HTML page that opens offline, or as CSV";

    public string Usage =>
        """
        usage: halide export --dashboard ID [--format html|csv] [--output FILE] [--server URL] [--token T] [--json]

        Saves a dashboard of your team as the portal exports it: one HTML page with every panel's chart and data
        (opens without a network or an account), or one CSV with a section per panel (the plotted data, units in
        the headers).

          --dashboard  the dashboard's GUID, or its address as the browser shows it
                       (e.g. http://127.0.0.1:5080/dashboards/3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93)
          --format     html (default) or csv
          --output     the file to write (replaced if it exists); - writes to stdout. Default: the name the
                       portal gives, e.g. dashboard-Cycling-20261207-0930.html, in the current folder
          --server     the portal's address, e.g. http://127.0.0.1:5080 (default: $HALIDE_SERVER)
          --token      a personal API token, hp_... (default: $HALIDE_TOKEN)
          --json       print {"dashboardId", "format", "path", "bytes"} instead of a sentence

        The file is written whole or not at all. Exit codes: 0 saved, 2 bad options, token refused or no such
        dashboard in your team, 3 server unreachable or failing: try again later.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var parsed = Arguments.Parse(args, Options);
        var dashboard = DashboardId(parsed.Required("dashboard"));
        var format = parsed.Has("format") ? parsed.Required("format").Trim().ToLowerInvariant() : "html";
        if (format is not ("html" or "csv"))
        {
            throw new CliError($"bad --format '{parsed.Required("format")}': expected html or csv");
        }

        var output = parsed.Has("output") ? parsed.Required("output") : null;
        var toStdout = output == "-";
        if (toStdout && parsed.Has("json"))
        {
            throw new CliError("--json does not go with --output - (stdout carries the file)");
        }

        if (output is not null && !toStdout && Directory.Exists(output))
        {
            throw new CliError($"--output '{output}' is a folder: give a file name");
        }

        var (server, token) = PortalOptions.ServerAndToken(parsed);
        using var client = connect?.Invoke(server, token) ?? new PortalClient(server, token);
        DownloadedFile file;
        try
        {
            file = client.DownloadAsync($"api/dashboards/{dashboard:D}/export?format={format}", CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (PortalRefusedException e) when (e.Status == 404)
        {
            throw new CliError($"no dashboard {dashboard:D} in your team at {client.Server.AbsoluteUri.TrimEnd('/')} (404): check the ID on the dashboard's page and the token's team");
        }
        catch (PortalRefusedException e)
        {
            throw new CliError(e.Message);
        }
        catch (PortalUnavailableException e)
        {
            throw new CliError(e.Message, ExitCodes.Unavailable);
        }

        if (toStdout)
        {
            // Exports are UTF-8 text (HTML, CSV), so the text writer carries them unchanged.
            stdout.Write(System.Text.Encoding.UTF8.GetString(file.Body));
            return ExitCodes.Success;
        }

        var path = Path.GetFullPath(output ?? file.FileName ?? $"dashboard-{dashboard:N}.{format}");
        Write(path, file.Body);
        if (parsed.Has("json"))
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { dashboardId = dashboard, format, path, bytes = file.Body.LongLength }, Json));
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saved {path} ({file.Body.LongLength / 1024.0:0.0} kB)"));
        }

        return ExitCodes.Success;
    }

    /// <summary>A GUID, or the last GUID-shaped segment of a pasted dashboard address.</summary>
    private static Guid DashboardId(string text)
    {
        var trimmed = text.Trim();
        if (Guid.TryParse(trimmed, out var id))
        {
            return id;
        }

        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var address))
        {
            var segments = address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.FindLastIndex(segments, s => s == "dashboards");
            if (at >= 0 && at + 1 < segments.Length && Guid.TryParse(segments[at + 1], out id))
            {
                return id;
            }
        }

        throw new CliError($"bad --dashboard '{text}': expected the dashboard's GUID or its address, e.g. http://127.0.0.1:5080/dashboards/3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93");
    }

    /// <summary>Through a temporary file beside the target, so a failure never leaves half an export under the final name.</summary>
    private static void Write(string path, byte[] body)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            throw new CliError($"cannot write '{path}': no folder '{folder}'");
        }

        var part = path + ".part";
        try
        {
            File.WriteAllBytes(part, body);
            File.Move(part, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(part);
            throw new CliError($"cannot write '{path}': {e.Message}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the final name was never touched.
        }
    }
}
