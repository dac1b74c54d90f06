using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HalidePortal.Data.RawFiles;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// The S3 raw-file store against a small in-test S3 endpoint (no S3 service is reachable where the tests run):
/// put under the SHA-256 key, existence, read back byte for byte, no second put of a stored hash.
/// </summary>
public sealed class S3RawFileStoreTests : IDisposable
{
    private readonly FakeS3 s3 = new();

    [Fact]
    public async Task PutExistsRead_RoundTripsTheBytesUnderTheHashKey()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var spool = Path.GetTempFileName();
        await File.WriteAllBytesAsync(spool, bytes);
        using var store = new S3RawFileStore(new RawFileOptions
        {
            Provider = "S3",
            S3 = new RawFileOptions.S3Options { ServiceUrl = s3.Url, Bucket = "raw", AccessKey = "test", SecretKey = "test-secret" },
        });

        Assert.False(await store.ExistsAsync(sha, CancellationToken.None));
        await store.PutAsync(sha, spool, CancellationToken.None);
        await using var read = await store.OpenReadAsync(sha, CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);

        Assert.True(await store.ExistsAsync(sha, CancellationToken.None));
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal($"raw/{store.KeyOf(sha)}", Assert.Single(s3.Objects.Keys));
        Assert.StartsWith("sha256/" + sha[..2] + "/", store.KeyOf(sha), StringComparison.Ordinal);
        Assert.False(File.Exists(spool));

        // The same hash again: nothing is uploaded twice.
        var again = Path.GetTempFileName();
        await File.WriteAllBytesAsync(again, bytes);
        await store.PutAsync(sha, again, CancellationToken.None);
        Assert.Equal(1, s3.Puts);
        Assert.False(File.Exists(again));
    }

    public void Dispose() => s3.Dispose();

    /// <summary>Path-style HEAD, PUT (plain or aws-chunked body) and GET of objects, kept in memory.</summary>
    private sealed class FakeS3 : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task loop;

        public FakeS3()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            listener.Prefixes.Add(Url);
            listener.Start();
            loop = Task.Run(ServeAsync);
        }

        public string Url { get; }
        public Dictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);
        public int Puts { get; private set; }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                var key = context.Request.Url!.AbsolutePath.TrimStart('/');
                var response = context.Response;
                switch (context.Request.HttpMethod)
                {
                    case "PUT":
                        using (var body = new MemoryStream())
                        {
                            await context.Request.InputStream.CopyToAsync(body);
                            var encoding = context.Request.Headers["Content-Encoding"] ?? "";
                            var sha = context.Request.Headers["x-amz-content-sha256"] ?? "";
                            Objects[key] = encoding.Contains("aws-chunked", StringComparison.Ordinal) || sha.StartsWith("STREAMING", StringComparison.Ordinal)
                                ? Dechunk(body.ToArray()) : body.ToArray();
                        }
                        Puts++;
                        response.Headers["ETag"] = ETag(Objects[key]);
                        response.StatusCode = 200;
                        break;
                    case "HEAD":
                    case "GET":
                        if (Objects.TryGetValue(key, out var stored))
                        {
                            response.StatusCode = 200;
                            response.ContentLength64 = stored.Length;
                            response.Headers["ETag"] = ETag(stored);
                            response.Headers["Last-Modified"] = DateTime.UtcNow.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                            if (context.Request.HttpMethod == "GET")
                            {
                                await response.OutputStream.WriteAsync(stored);
                            }
                        }
                        else
                        {
                            response.StatusCode = 404;
                        }
                        break;
                    default:
                        response.StatusCode = 405;
                        break;
                }
                response.Close();
            }
        }

        private static string ETag(byte[] content) => "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"";

        // aws-chunked: "<hex size>[;chunk-signature=...]\r\n<data>\r\n" ... "0...\r\n<trailers>\r\n\r\n".
        private static byte[] Dechunk(byte[] body)
        {
            var data = new MemoryStream();
            int at = 0;
            while (at < body.Length)
            {
                int lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
                var header = Encoding.ASCII.GetString(body, at, lineEnd);
                int size = Convert.ToInt32(header.Split(';')[0], 16);
                at += lineEnd + 2;
                if (size == 0)
                {
                    break;
                }
                data.Write(body, at, size);
                at += size + 2;
            }
            return data.ToArray();
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
