using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace HalidePortal.Cli.Upload;

/// <summary>
/// The portal's measurement API as the halide tool uses it: one POST /api/measurements per file (a 413 or a rejected file
/// then costs only that file, and progress is per file) and GET /api/measurements/{id}. Failures come out as
/// <see cref="PortalUnavailableException"/> (retry later) or <see cref="PortalRefusedException"/> (do not).
/// </summary>
public sealed class PortalClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    /// <param name="server">The portal's address, e.g. http://127.0.0.1:5080 (a path base such as https://host/portal is kept).</param>
    /// <param name="token">A personal API token (hp_...).</param>
    public PortalClient(Uri server, string token)
        : this(server, token, new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(15),
            // A redirect would turn the POST into a GET (and could carry the token elsewhere): report it instead.
            AllowAutoRedirect = false,
        })
    {
    }

    /// <param name="handler">Carries the requests (an in-process test server's, in the portal's own tests); disposed with the client.</param>
    public PortalClient(Uri server, string token, HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(handler);
        Server = new Uri(server.AbsoluteUri.TrimEnd('/') + "/");
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("halide", "1.0"));
    }

    /// <summary>The server's address, ending in '/'.</summary>
    public Uri Server { get; }

    /// <summary>Longest wait for the answer to an upload (the body included); large files on slow links need minutes.</summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Longest wait for a status answer.</summary>
    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The browser address of a server-relative url such as "/measurements/&lt;guid&gt;" (kept under the path base).</summary>
    public string Link(string? url) =>
        url is null ? "" : Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? url
            : Server.AbsoluteUri + url.TrimStart('/');

    /// <summary>Sends one file with the form fields; streams it from disk (never buffered whole) and hashes it on the way.</summary>
    /// <param name="progress">Bytes sent so far and the total.</param>
    public async Task<SentFile> UploadAsync(string path, UploadFields fields, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(fields);
        var fileName = Path.GetFileName(path);

        // FileShare.Read: on Windows this fails while an instrument still holds the file open for writing (see IsBusy).
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var total = file.Length;
        using var body = new HashingReadStream(file, read => progress?.Invoke(read, total));
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields.FormFields())
        {
            content.Add(new StringContent(value), name);
        }

        var fileContent = new StreamContent(body, 1 << 16);
        fileContent.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(fileContent, "files", fileName);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server, "api/measurements")) { Content = content };
        // Lets the server refuse (401, 413) before the body is sent.
        request.Headers.ExpectContinue = true;
        using var response = await SendAsync(request, UploadTimeout, cancellationToken).ConfigureAwait(false);
        var answer = await ReadAsync<UploadAnswer>(response, cancellationToken).ConfigureAwait(false);
        var item = answer.Items is [{ } single]
            ? single
            : throw new PortalUnavailableException($"unexpected answer from the server: {answer.Items?.Count ?? 0} items for 1 file");
        return new SentFile(item with { FileName = string.IsNullOrEmpty(item.FileName) ? fileName : item.FileName }, body.BytesRead, body.Sha256Hex);
    }

    public async Task<MeasurementStatus> GetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, "api/measurements/" + id.ToString("D")));
        using var response = await SendAsync(request, StatusTimeout, cancellationToken).ConfigureAwait(false);
        var status = await ReadAsync<MeasurementStatus>(response, cancellationToken).ConfigureAwait(false);
        return status.State is null ? throw new PortalUnavailableException("unexpected answer from the server: no state") : status;
    }

    /// <summary>GET a file the portal makes (an export): its bytes and the name the server suggests, if any.</summary>
    /// <param name="relativeUrl">Below the server's address, e.g. "api/dashboards/&lt;guid&gt;/export?format=csv".</param>
    public async Task<DownloadedFile> DownloadAsync(string relativeUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relativeUrl);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server, relativeUrl.TrimStart('/')));
        using var response = await SendAsync(request, UploadTimeout, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var disposition = response.Content.Headers.ContentDisposition;
        var name = (disposition?.FileNameStar ?? disposition?.FileName)?.Trim('"');
        return new DownloadedFile(string.IsNullOrWhiteSpace(name) ? null : Path.GetFileName(name), response.Content.Headers.ContentType?.MediaType, body);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PortalUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"{Server.Authority} did not answer within {timeout.TotalSeconds:0} s"));
        }
        catch (HttpRequestException e)
        {
            throw new PortalUnavailableException($"cannot reach {Server.AbsoluteUri.TrimEnd('/')} ({Reason(e)})", e);
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return response;
        }

        using (response)
        {
            var problem = await Problem.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            throw status switch
            {
                >= 500 => new PortalUnavailableException($"server error {status}{problem.Suffix}"),
                >= 300 and < 400 => new PortalRefusedException(status,
                    $"the server redirects ({status}) to {response.Headers.Location}: give that address as --server") { AffectsEveryFile = true },
                401 => new PortalRefusedException(status,
                    "token refused (401): check --token or HALIDE_TOKEN (a personal API token, hp_..., from the portal's API tokens page)")
                { AffectsEveryFile = true },
                403 => new PortalRefusedException(status, $"not allowed (403){problem.Suffix}") { AffectsEveryFile = true },
                404 or 405 => new PortalRefusedException(status, $"{request.RequestUri} not found ({status}): is --server the portal's address?{problem.Suffix}")
                { AffectsEveryFile = true },
                413 => new PortalRefusedException(status, $"too large for the server (413){problem.Suffix}"),
                _ => new PortalRefusedException(status, $"refused ({status}){problem.Suffix}") { AffectsEveryFile = problem.NamesOtherFields },
            };
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new PortalUnavailableException("unexpected answer from the server: null");
        }
        catch (JsonException e)
        {
            throw new PortalUnavailableException($"unexpected answer from the server (not the measurement API's JSON: {e.Message})", e);
        }
    }

    private static string Reason(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.ConnectionReset => "connection reset",
                    _ => socket.Message,
                };
            }
        }

        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host not found",
            HttpRequestError.SecureConnectionError => "TLS failed: " + e.Message,
            _ => e.Message,
        };
    }

    private sealed record UploadAnswer(List<UploadItem>? Items);

    /// <summary>RFC 7807 ProblemDetails as far as the tool shows it: title, detail and the field errors.</summary>
    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors)
    {
        /// <summary>Errors about a form field other than the files (attach, temperatureC, ...): true for every file alike.</summary>
        public bool NamesOtherFields => Errors?.Keys.Any(k => !string.Equals(k, "files", StringComparison.OrdinalIgnoreCase)) ?? false;

        /// <summary>": detail; field: message" (title when there is no detail), or "" when the body said nothing usable.</summary>
        public string Suffix
        {
            get
            {
                var parts = new List<string>();
                if (!string.IsNullOrWhiteSpace(Detail) || !string.IsNullOrWhiteSpace(Title))
                {
                    parts.Add(OneLine(string.IsNullOrWhiteSpace(Detail) ? Title! : Detail));
                }

                parts.AddRange((Errors ?? []).Select(e => $"{e.Key}: {OneLine(string.Join(" ", e.Value))}"));
                return parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
            }
        }

        public static async Task<Problem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                return new Problem(null, null, null);
            }

            var media = response.Content.Headers.ContentType?.MediaType ?? "";
            if (media.EndsWith("json", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return JsonSerializer.Deserialize<Problem>(text, Json) ?? new Problem(null, null, null);
                }
                catch (JsonException)
                {
                }
            }

            // A proxy's plain-text answer is still worth one line; an HTML page is not.
            var plain = media.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) && text.Length > 0;
            return new Problem(null, plain ? text : null, null);
        }

        private static string OneLine(string text)
        {
            var line = text.ReplaceLineEndings(" ").Trim();
            return line.Length <= 300 ? line : line[..300] + "...";
        }
    }
}
