using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HalidePortal.Cli.Tests.Upload;

/// <summary>One part of a multipart/form-data body as the server received it.</summary>
internal sealed record FormPart(string Name, string? FileName, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>A request as the fake portal received it, multipart body taken apart.</summary>
internal sealed record RecordedRequest(string Method, string Path, string? Authorization, string? Expect, long? ContentLength, IReadOnlyList<FormPart> Parts, string Query = "")
{
    public IEnumerable<FormPart> Files => Parts.Where(p => p.FileName is not null);

    public string? Field(string name) => Parts.FirstOrDefault(p => p.FileName is null && p.Name == name)?.Text;
}

/// <summary>An answer the test scripts: status, JSON body (ProblemDetails for 4xx/5xx) and content type.</summary>
/// <param name="FileName">Sent as Content-Disposition: attachment, as the portal does for exports.</param>
internal sealed record FakeAnswer(int Status, string Body, string ContentType = "application/json", string? FileName = null)
{
    public static FakeAnswer Problem(int status, string title, string? detail = null, object? errors = null) =>
        new(status, JsonSerializer.Serialize(new { type = "about:blank", title, status, detail, errors }), "application/problem+json");
}

/// <summary>
/// The measurement API of the contract on a loopback HttpListener: POST /api/measurements answers one item per file part
/// (Queued, or a duplicate of the earlier id for a SHA-256 it has seen), GET /api/measurements/{id} walks through
/// <see cref="States"/> for that id; a wrong bearer token gets a 401 ProblemDetails. <see cref="Override"/> scripts other answers.
/// </summary>
internal sealed class FakePortal : IDisposable
{
    public const string Token = "hp_test_token_1234";

    /// <summary>The one dashboard the fake team has; others are 404 as on the portal.</summary>
    public static readonly Guid Dashboard = new("5a0c3e1f-7b2d-4e8a-9c61-0d4f2b7e8a13");

    public const string DashboardHtml = "<!DOCTYPE html><html><head><title>Cycling · Ω</title></head><body>panels</body></html>";

    public const string DashboardCsv = "# Capacity (mAh g⁻¹)\ncycle,C1\n1,201.5\n";

    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, Guid> _bySha = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, string> _fileNames = new();
    private readonly ConcurrentDictionary<Guid, int> _polls = new();

    public FakePortal()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Url = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener.Close();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IEnumerable<RecordedRequest> Uploads => Requests.Where(r => r.Method == "POST");

    /// <summary>Answers to give instead of the contract's, first come first served; null = behave normally.</summary>
    public ConcurrentQueue<Func<RecordedRequest, FakeAnswer?>> Override { get; } = new();

    /// <summary>States the GET returns for every measurement, one per poll, the last repeating.</summary>
    public string[] States { get; set; } = ["Done"];

    /// <summary>Error text the GET reports with a Failed state.</summary>
    public string FailureText { get; set; } = "no parser recognised the file";

    /// <summary>A loopback port nobody listens on (for "server unreachable").</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away (e.g. it stopped after a 401 without sending the body).
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var recorded = new RecordedRequest(
            request.HttpMethod,
            request.Url!.AbsolutePath,
            request.Headers["Authorization"],
            request.Headers["Expect"],
            request.ContentLength64 >= 0 && request.Headers["Content-Length"] is not null ? request.ContentLength64 : null,
            Multipart.Parse(request.ContentType, body.ToArray()),
            request.Url.Query);
        Requests.Enqueue(recorded);

        var answer = (Override.TryDequeue(out var scripted) ? scripted(recorded) : null) ?? Answer(recorded);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        if (answer.FileName is not null)
        {
            context.Response.AddHeader("Content-Disposition", $"attachment; filename={answer.FileName}; filename*=UTF-8''{Uri.EscapeDataString(answer.FileName)}");
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private FakeAnswer Answer(RecordedRequest request)
    {
        if (request.Authorization != "Bearer " + Token)
        {
            return FakeAnswer.Problem(401, "Unauthorized");
        }

        if (request is { Method: "POST", Path: "/api/measurements" })
        {
            var items = request.Files.Select(file =>
            {
                var sha = Convert.ToHexStringLower(SHA256.HashData(file.Data));
                var id = Guid.NewGuid();
                var existing = _bySha.GetOrAdd(sha, id);
                _fileNames.TryAdd(existing, file.FileName!);
                return new
                {
                    fileName = file.FileName,
                    measurementId = existing,
                    state = "Queued",
                    duplicate = existing != id,
                    url = $"/measurements/{existing}",
                    error = (string?)null,
                };
            });
            return new FakeAnswer(200, JsonSerializer.Serialize(new { items }));
        }

        if (request.Method == "GET" && request.Path == $"/api/dashboards/{Dashboard:D}/export")
        {
            return request.Query.Contains("format=csv", StringComparison.Ordinal)
                ? new FakeAnswer(200, DashboardCsv, "text/csv; charset=utf-8", "dashboard-Cycling-20261207-0930.csv")
                : new FakeAnswer(200, DashboardHtml, "text/html; charset=utf-8", "dashboard-Cycling-20261207-0930.html");
        }

        const string prefix = "/api/measurements/";
        if (request.Method == "GET" && request.Path.StartsWith(prefix, StringComparison.Ordinal)
            && Guid.TryParse(request.Path[prefix.Length..], out var measurement) && _fileNames.TryGetValue(measurement, out var name))
        {
            var poll = _polls.AddOrUpdate(measurement, 0, (_, n) => n + 1);
            var state = States[Math.Min(poll, States.Length - 1)];
            return new FakeAnswer(200, JsonSerializer.Serialize(new
            {
                id = measurement,
                fileName = name,
                state,
                progress = state == "Done" ? 100 : 40,
                error = state == "Failed" ? FailureText : null,
                format = state == "Done" ? "biologic-mpr" : null,
                technique = state == "Done" ? "Cycling" : null,
                rows = state == "Done" ? 11 : (int?)null,
            }));
        }

        return FakeAnswer.Problem(404, "Not Found");
    }

    /// <summary>Just enough multipart/form-data reading to check what the tool sent, byte for byte.</summary>
    private static class Multipart
    {
        public static List<FormPart> Parse(string? contentType, byte[] body)
        {
            var parts = new List<FormPart>();
            const string key = "boundary=";
            var at = contentType?.IndexOf(key, StringComparison.Ordinal) ?? -1;
            if (at < 0)
            {
                return parts;
            }

            var boundary = contentType![(at + key.Length)..].Split(';')[0].Trim('"');
            var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
            var position = IndexOf(body, delimiter, 0);
            while (position >= 0)
            {
                var start = position + delimiter.Length;
                if (start + 2 <= body.Length && body[start] == '-' && body[start + 1] == '-')
                {
                    break;
                }

                start += 2; // CRLF after the delimiter
                var headerEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
                var next = IndexOf(body, Encoding.ASCII.GetBytes("\r\n--" + boundary), headerEnd);
                var headers = Encoding.UTF8.GetString(body, start, headerEnd - start).Split("\r\n");
                var disposition = headers.First(h => h.StartsWith("Content-Disposition", StringComparison.OrdinalIgnoreCase));
                parts.Add(new FormPart(Parameter(disposition, "name")!, FileName(disposition), body[(headerEnd + 4)..next]));
                position = next + 2;
            }

            return parts;
        }

        // filename* (RFC 5987, UTF-8) wins over filename, as ASP.NET Core reads it.
        private static string? FileName(string disposition)
        {
            var star = Parameter(disposition, "filename*");
            if (star is not null)
            {
                return Uri.UnescapeDataString(star[(star.IndexOf("''", StringComparison.Ordinal) + 2)..]);
            }

            return Parameter(disposition, "filename");
        }

        private static string? Parameter(string header, string name) =>
            header.Split(';').Select(p => p.Trim())
                .Where(p => p.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))
                .Select(p => p[(name.Length + 1)..].Trim('"'))
                .FirstOrDefault();

        private static int IndexOf(byte[] haystack, byte[] needle, int from) =>
            haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? i + from : -1;
    }
}
