using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using HalidePortal.Cli.CommandLine;
using HalidePortal.Cli.Upload;

namespace HalidePortal.Cli.Commands;

/// <summary>halide upload: send instrument files to the portal, once or by watching an instrument PC's folder.</summary>
public sealed class UploadCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("server"),
        new("token"),
        new("attach"),
        new("temperature-c"),
        new("active-mass-mg"),
        new("nominal-mah-g"),
        new("wait", TakesValue: false),
        new("timeout"),
        new("json", TakesValue: false),
        new("watch"),
        new("recursive", TakesValue: false),
        new("interval"),
        new("include", IsList: true),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan FirstStatusPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestStatusPoll = TimeSpan.FromSeconds(2);

    public string Name => "upload";

    public string Summary => "send instrument files to the portal (once, or by watching a folder)";

    public string Usage =>
        """
        usage: halide upload FILE... --attach KIND:ID [--server URL] [--token T] [--temperature-c T]
                             [--active-mass-mg M] [--nominal-mah-g Q] [--wait [--timeout S]] [--json]
               halide upload --watch FOLDER --attach KIND:ID [--server URL] [--token T] [--recursive]
                             [--interval S] [--include PATTERN...] [--temperature-c T] [--active-mass-mg M]
                             [--nominal-mah-g Q] [--json]

        Sends instrument files to the portal, which parses and analyses them. Each file is streamed in its
        own request; a file whose content is already in the team is reported as a duplicate with its link.

          FILE              instrument files to send
          --attach          the record the measurements belong to: sample:ID, pellet:ID or cell:ID
                            (ID is the record's GUID, shown on its page)
          --server          the portal's address, e.g. http://127.0.0.1:5080 (default: $HALIDE_SERVER)
          --token           a personal API token, hp_... (default: $HALIDE_TOKEN; prefer the variable,
                            other users of the computer can see command lines)
          --temperature-c   measurement temperature in degrees C, e.g. 25
          --active-mass-mg  active material mass in mg, e.g. 8.13 (capacities in mAh/g)
          --nominal-mah-g   nominal specific capacity in mAh/g (C-rates), e.g. 200
          --wait            poll until the server has finished every file and print the final states
          --timeout         longest wait in seconds for --wait (default 600)
          --json            print {"items": [{"fileName", "state", "duplicate", "measurementId", "url",
                            "error", "format", "technique", "rows"}]}; with --watch one item per line
                            as files are sent, with "path", "outcome" and "time"

          --watch           watch FOLDER and send every finished file once (for instrument PCs);
                            Ctrl-C stops
          --recursive       also watch the subfolders
          --interval        seconds between polls (default 5); a file is sent once its size and time
                            have stayed the same over 2 polls
          --include         only file names matching these patterns, e.g. "*.mpr" "*.ndax"

        The watched folder's ledger .halide-upload.json keeps each file's path, size, SHA-256 and
        measurement id, so a restarted watcher sends nothing twice (delete an entry to send that file
        again). Hidden files, dot-files and temporary files (~*, *.tmp, *.part, ...) are skipped. When the
        server is unreachable or failing (5xx) the files wait and are tried again after 5 s, 10 s, ...
        up to 5 min; a file the server refuses (4xx) is recorded with the reason and not tried again; a
        refused token or attach stops the watcher. Progress goes to stderr when it is a terminal.
        Numbers take a dot decimal.

        Exit codes: 0 every file accepted (with --wait: every file Done; with --watch: stopped by Ctrl-C),
          1 a file was rejected by the server or its analysis Failed,
          2 bad options, a missing file, token refused or the upload refused (the server's reason shown),
          3 server unreachable or failing (5xx), or --wait ran out of time: try again later.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        var watch = parsed.Has("watch");
        CheckCombinations(parsed, watch);
        var (server, token) = PortalOptions.ServerAndToken(parsed);
        var fields = Fields(parsed);
        using var client = new PortalClient(server, token);
        try
        {
            return watch
                ? WatchAsync(parsed, client, fields, stdout, stderr).GetAwaiter().GetResult()
                : UploadAsync(parsed, client, fields, stdout, stderr).GetAwaiter().GetResult();
        }
        catch (LedgerDamagedException e)
        {
            throw new CliError(e.Message + ": repair it, or move it away to send every file again");
        }
    }

    private static void CheckCombinations(Arguments parsed, bool watch)
    {
        if (watch)
        {
            if (parsed.Positional.Count > 0)
            {
                throw new CliError($"give either FILEs or --watch FOLDER, not both (got '{parsed.Positional[0]}')");
            }

            if (new[] { "wait", "timeout" }.FirstOrDefault(parsed.Has) is { } waitOption)
            {
                throw new CliError($"--{waitOption} does not go with --watch");
            }

            return;
        }

        if (parsed.Positional.Count == 0)
        {
            throw new CliError("give the FILEs to send, or --watch FOLDER");
        }

        if (new[] { "recursive", "interval", "include" }.FirstOrDefault(parsed.Has) is { } watchOption)
        {
            throw new CliError($"--{watchOption} only goes with --watch FOLDER");
        }

        if (parsed.Has("timeout") && !parsed.Has("wait"))
        {
            throw new CliError("--timeout only goes with --wait");
        }
    }

    private static UploadFields Fields(Arguments parsed)
    {
        var attach = parsed.Required("attach");
        if (!UploadFields.IsValidAttach(attach))
        {
            throw new CliError($"bad --attach '{attach}': expected sample:ID, pellet:ID or cell:ID with the record's GUID, e.g. cell:3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93");
        }

        return new UploadFields(
            attach,
            Number(parsed, "temperature-c", "a temperature in degrees C, e.g. 25", positive: false),
            Number(parsed, "active-mass-mg", "a positive mass in mg, e.g. 8.13", positive: true),
            Number(parsed, "nominal-mah-g", "a positive capacity in mAh/g, e.g. 200", positive: true));
    }

    private static double? Number(Arguments parsed, string name, string expected, bool positive)
    {
        if (!parsed.Has(name))
        {
            return null;
        }

        var text = parsed.Required(name);
        return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && (!positive || value > 0)
                ? value
                : throw new CliError($"bad --{name} '{text}': expected {expected}, with a dot decimal");
    }

    private static TimeSpan Seconds(Arguments parsed, string name, double fallback, double minimum)
    {
        if (!parsed.Has(name))
        {
            return TimeSpan.FromSeconds(fallback);
        }

        var text = parsed.Required(name);
        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= minimum && seconds <= 86400
                ? TimeSpan.FromSeconds(seconds)
                : throw new CliError(string.Create(CultureInfo.InvariantCulture,
                    $"bad --{name} '{text}': expected seconds from {minimum} to 86400 with a dot decimal, e.g. {fallback}"));
    }

    private static async Task<int> UploadAsync(Arguments parsed, PortalClient client, UploadFields fields, TextWriter stdout, TextWriter stderr)
    {
        var paths = parsed.Positional.Distinct(StringComparer.Ordinal).ToList();
        var folders = paths.Where(Directory.Exists).ToList();
        if (folders.Count > 0)
        {
            throw new CliError($"'{folders[0]}' is a folder: give the files in it, or use --watch FOLDER");
        }

        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new CliError($"no such file {string.Join(", ", missing.Select(m => $"'{m}'"))} (nothing was sent)");
        }

        var timeout = Seconds(parsed, "timeout", 600, 1);
        var status = StatusLine.For(stderr);
        var rows = new List<Row>();
        var stop = (Message: (string?)null, Code: ExitCodes.Success);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            try
            {
                var sent = await client.UploadAsync(path, fields, (done, total) => status.Show(StatusLine.Transfer(name, done, total)), CancellationToken.None)
                    .ConfigureAwait(false);
                rows.Add(Row.From(sent.Item, client));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                rows.Add(Row.Rejected(name, $"cannot read it: {e.Message}"));
            }
            catch (PortalRefusedException e) when (!e.AffectsEveryFile)
            {
                rows.Add(Row.Rejected(name, e.Message));
            }
            catch (PortalRefusedException e)
            {
                stop = (e.Message, ExitCodes.BadInput);
            }
            catch (PortalUnavailableException e)
            {
                stop = (e.Message, ExitCodes.Unavailable);
            }
            finally
            {
                status.Clear();
            }

            if (stop.Message is not null)
            {
                var notSent = paths.Skip(rows.Count).Select(Path.GetFileName);
                stop.Message += "; not sent: " + string.Join(", ", notSent);
                break;
            }
        }

        var timedOut = false;
        if (stop.Message is null && parsed.Has("wait"))
        {
            try
            {
                timedOut = !await WaitAsync(client, rows, timeout, status).ConfigureAwait(false);
            }
            catch (PortalRefusedException e)
            {
                stop = (e.Message, ExitCodes.BadInput);
            }
            finally
            {
                status.Clear();
            }
        }

        stdout.Write(parsed.Has("json") ? ToJson(rows) : ToTable(rows));
        if (stop.Message is not null)
        {
            stderr.WriteLine("halide: " + stop.Message);
            return stop.Code;
        }

        var waited = parsed.Has("wait");
        if (rows.Any(r => r.Error is not null || (waited && r.IsFinal && !r.IsDone)))
        {
            return ExitCodes.FilesFailed;
        }

        if (timedOut)
        {
            var open = rows.Where(r => !r.IsFinal).Select(r => $"{r.FileName} ({r.State})");
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"halide: --wait ran out after {timeout.TotalSeconds:0} s; not finished: {string.Join(", ", open)}"));
            return ExitCodes.Unavailable;
        }

        return ExitCodes.Success;
    }

    /// <summary>Polls every accepted file's measurement until all are final; false when the timeout came first.</summary>
    private static async Task<bool> WaitAsync(PortalClient client, List<Row> rows, TimeSpan timeout, StatusLine status)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var pause = FirstStatusPoll;
        while (true)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i] is not { MeasurementId: { } id, IsFinal: false } row)
                {
                    continue;
                }

                try
                {
                    rows[i] = row.With(await client.GetStatusAsync(id, CancellationToken.None).ConfigureAwait(false));
                }
                catch (PortalUnavailableException)
                {
                    // The server may be restarting; keep asking until the deadline.
                }
                catch (PortalRefusedException e) when (e.Status == 404)
                {
                    rows[i] = row with { State = "Missing", Error = "the measurement is gone from the server (deleted?)" };
                }
            }

            var open = rows.Where(r => !r.IsFinal).ToList();
            if (open.Count == 0)
            {
                return true;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }

            var first = open[0];
            status.Show(string.Create(CultureInfo.InvariantCulture,
                $"waiting for {open.Count} of {rows.Count}: {first.FileName} {first.State} {first.Progress ?? 0:0}%"), force: true);
            await Task.Delay(pause).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestStatusPoll.Ticks));
        }
    }

    private static async Task<int> WatchAsync(Arguments parsed, PortalClient client, UploadFields fields, TextWriter stdout, TextWriter stderr)
    {
        var folder = parsed.Required("watch");
        if (!Directory.Exists(folder))
        {
            throw new CliError($"no such folder '{folder}' to watch");
        }

        var interval = Seconds(parsed, "interval", 5, 0.1);
        var options = new WatchOptions(parsed.Has("recursive"), parsed.Values("include"));
        FolderWatcher watcher;
        try
        {
            watcher = new FolderWatcher(folder, client, fields, options, TimeProvider.System, line => stderr.WriteLine("halide: " + line));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"cannot write the ledger in '{folder}': {e.Message}");
        }

        using var stopping = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"halide: watching {Path.GetFullPath(folder)} every {interval.TotalSeconds:0.###} s for {client.Server.AbsoluteUri.TrimEnd('/')} (Ctrl-C stops)"));
        var json = parsed.Has("json");
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                foreach (var result in await watcher.PollAsync(stopping.Token).ConfigureAwait(false))
                {
                    stdout.WriteLine(json ? WatchJson(result, client) : WatchLine(result, client));
                }

                await Task.Delay(interval, TimeProvider.System, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (PortalRefusedException e)
            {
                throw new CliError(e.Message + "; stopped watching");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliError($"cannot write the ledger {watcher.Ledger.FilePath}: {e.Message}");
            }
        }

        stderr.WriteLine("halide: stopped watching");
        return ExitCodes.Success;
    }

    private static string WatchLine(WatchResult result, PortalClient client)
    {
        var item = result.Item;
        var time = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var detail = item.Error ?? client.Link(item.Url) + (item.Duplicate ? "  (duplicate: already uploaded)" : "");
        return $"{time}  {result.RelativePath}  {item.State ?? "Rejected"}  {detail}".TrimEnd();
    }

    private static string WatchJson(WatchResult result, PortalClient client)
    {
        var item = result.Item;
        return JsonSerializer.Serialize(new
        {
            time = DateTimeOffset.UtcNow,
            path = result.RelativePath,
            outcome = result.Outcome,
            fileName = item.FileName,
            state = item.State ?? "Rejected",
            duplicate = item.Duplicate,
            measurementId = item.MeasurementId,
            url = item.Url is null ? null : client.Link(item.Url),
            error = item.Error,
        }, Json);
    }

    private static string ToJson(List<Row> rows) =>
        JsonSerializer.Serialize(new { items = rows.Select(r => r.ToJson()) }, Json) + "\n";

    private static string ToTable(List<Row> rows)
    {
        if (rows.Count == 0)
        {
            return "";
        }

        var nameWidth = rows.Max(r => r.FileName.Length);
        var stateWidth = rows.Max(r => r.State.Length);
        return string.Concat(rows.Select(r => $"{r.FileName.PadRight(nameWidth)}  {r.State.PadRight(stateWidth)}  {r.Detail}".TrimEnd() + "\n"));
    }

    /// <summary>One file's line of output, from the upload answer and then the status polls.</summary>
    private sealed record Row(
        string FileName, string State, bool Duplicate, Guid? MeasurementId, string? Url, string? Error,
        double? Progress = null, string? Format = null, string? Technique = null, long? Rows = null)
    {
        public bool IsFinal => MeasurementId is null || MeasurementStatus.IsFinalState(State);

        public bool IsDone => string.Equals(State, "Done", StringComparison.Ordinal);

        public string Detail
        {
            get
            {
                var parts = new List<string>();
                if (Url is not null)
                {
                    parts.Add(Url);
                }

                if (Duplicate)
                {
                    parts.Add("(duplicate: already uploaded)");
                }

                if (Format is not null)
                {
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Format}, {Technique}, {Rows ?? 0} rows"));
                }

                if (Error is not null)
                {
                    parts.Add(Error);
                }

                return string.Join("  ", parts);
            }
        }

        public static Row From(UploadItem item, PortalClient client) =>
            new(item.FileName, item.State ?? (item.Error is null ? "Queued" : "Rejected"), item.Duplicate, item.MeasurementId,
                item.Url is null ? null : client.Link(item.Url), item.Error);

        public static Row Rejected(string fileName, string error) => new(fileName, "Rejected", false, null, null, error);

        public Row With(MeasurementStatus status) =>
            this with
            {
                State = status.State,
                Progress = status.Progress,
                Error = status.Error ?? Error,
                Format = status.Format,
                Technique = status.Technique,
                Rows = status.Rows,
            };

        public object ToJson() => new
        {
            fileName = FileName,
            state = State,
            duplicate = Duplicate,
            measurementId = MeasurementId,
            url = Url,
            error = Error,
            format = Format,
            technique = Technique,
            rows = Rows,
        };
    }
}
