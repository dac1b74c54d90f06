using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using Npgsql;

namespace HalidePortal.Browser.Tests;

/// <summary>
/// The real portal as a separate process on a fresh, migrated and demo-seeded database, plus one headless
/// Chromium shared by every test; each test opens its own browser context through <see cref="RunAsync"/>.
/// </summary>
public sealed class PortalServer : IAsyncLifetime
{
    public const string DemoEmail = "demo@halideportal.test";
    public const string ViewerEmail = "reviewer@halideportal.test";
    public const string Password = "Demo-lab-2026!";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly StringBuilder _output = new();
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "halide-browser-" + Guid.NewGuid().ToString("N"));
    private string _adminConnection = "";
    private string _database = "";
    private Process? _web;
    private string _webDll = "";
    private Dictionary<string, string> _environment = [];
    private readonly object _scaleLock = new();
    private Task? _scaleSeed;
    private Process? _worker;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Screenshots land here: the test assembly's output folder.</summary>
    public static string OutputFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync(); // leave no process or database behind; disposing twice is harmless
            throw;
        }
    }

    private async Task StartAsync()
    {
        _adminConnection = Environment.GetEnvironmentVariable("HALIDE_TEST_PG") is { Length: > 0 } pg
            ? pg
            : throw new InvalidOperationException(
                "HALIDE_TEST_PG is not set. Run the browser tests through `./deploy/dev.sh test` (it starts a throwaway PostgreSQL), " +
                "or export HALIDE_TEST_PG=\"Host=127.0.0.1;Port=...;Username=postgres;Password=...\" yourself.");
        var (root, configuration) = LocateBuild();
        var webDll = Path.Combine(root, "src", "HalidePortal.Web", "bin", configuration, "net10.0", "HalidePortal.Web.dll");
        if (!File.Exists(webDll))
        {
            throw new InvalidOperationException($"{webDll} does not exist; build the solution in {configuration} first.");
        }

        var database = "halide_browser_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync($"CREATE DATABASE \"{database}\"");
        _database = database;
        var connection = new NpgsqlConnectionStringBuilder(_adminConnection) { Database = database }.ConnectionString;
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Portal"] = connection,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["RawFiles__Folder"] = Path.Combine(_scratch, "files"),
            ["Jobs__PollSeconds"] = "0.5",
            ["Portal__DataProtectionKeysPath"] = Path.Combine(_scratch, "keys"),
        };

        _webDll = webDll;
        _environment = environment;
        await RunMigrateAsync("--seed-demo");

        BaseUrl = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
        _web = Start(webDll, ["--urls", BaseUrl.GetLeftPart(UriPartial.Authority), "--contentRoot", Path.Combine(root, "src", "HalidePortal.Web")], environment);
        await WaitForHealthAsync(_web);
        // The worker parses uploads, as in production: a separate process on the same queue.
        var workerDll = Path.Combine(root, "src", "HalidePortal.Worker", "bin", configuration, "net10.0", "HalidePortal.Worker.dll");
        _worker = Start(workerDll, ["--contentRoot", Path.GetDirectoryName(workerDll)!], environment);
        await WarmUpAsync();

        var chromium = Environment.GetEnvironmentVariable("HALIDE_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No Chromium at {chromium}: install Debian's chromium package (apt-get install chromium) or set HALIDE_CHROMIUM.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>
    /// Seeds the 200-composition "Scale lab" (`migrate --seed-scale`) once per run; its ten 500-cycle files are then
    /// processed by the worker like any upload.
    /// </summary>
    public Task SeedScaleAsync()
    {
        lock (_scaleLock)
        {
            return _scaleSeed ??= RunMigrateAsync("--seed-scale");
        }
    }

    private async Task RunMigrateAsync(string seed)
    {
        using var migrate = Start(_webDll, ["migrate", seed], _environment);
        using var cts = new CancellationTokenSource(StartTimeout * 3);
        try
        {
            await migrate.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            migrate.Kill(entireProcessTree: true);
            throw new TimeoutException($"`migrate {seed}` did not finish in {(StartTimeout * 3).TotalSeconds} s. Output:\n{Output}");
        }
        migrate.WaitForExit(); // flushes the redirected output
        if (migrate.ExitCode != 0)
        {
            throw new InvalidOperationException($"`migrate {seed}` exited with {migrate.ExitCode}. Output:\n{Output}");
        }
    }

    /// <summary>
    /// Runs a test body in a fresh browser context (no cookies shared with other tests). On failure the page
    /// is saved as screenshots/failed-<paramref name="name"/>.png and the server output is added to the message.
    /// </summary>
    public async Task RunAsync(string name, Func<IPage, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        try
        {
            await body(page);
        }
        catch (Exception e)
        {
            await ScreenshotAsync(page, "failed-" + name);
            if (e is PlaywrightException or TimeoutException)
            {
                throw new InvalidOperationException($"{e.Message}\n--- portal output (tail) ---\n{Tail(Output, 4000)}", e);
            }
            throw;
        }
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(OutputFolder);
        var path = Path.Combine(OutputFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }
        _playwright?.Dispose();
        _playwright = null;
        if (_worker is not null)
        {
            if (!_worker.HasExited)
            {
                _worker.Kill(entireProcessTree: true);
                await _worker.WaitForExitAsync();
            }
            _worker.Dispose();
            _worker = null;
        }
        if (_web is not null)
        {
            if (!_web.HasExited)
            {
                _web.Kill(entireProcessTree: true);
                await _web.WaitForExitAsync();
            }
            _web.Dispose();
            _web = null;
        }
        if (_database.Length > 0)
        {
            await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
            _database = "";
        }
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static string Tail(string text, int chars) => text.Length <= chars ? text : "…" + text[^chars..];

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminConnection) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Process Start(string dll, IEnumerable<string> args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>
    /// Renders the sign-in page once before the first test: the first render compiles the page stack, which on a
    /// busy 2-core machine can take longer than a test's navigation timeout.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = StartTimeout };
        using var response = await http.GetAsync(new Uri("login", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    private async Task WaitForHealthAsync(Process web)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (web.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {web.ExitCode} before /healthz answered. Output:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"GET {BaseUrl}healthz did not answer 200 within {StartTimeout.TotalSeconds} s. Output:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Repository root (holds HalidePortal.sln) and the configuration this test assembly was built in.</summary>
    private static (string Root, string Configuration) LocateBuild()
    {
        // .../tests/HalidePortal.Browser.Tests/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent?.Name ?? "Debug";
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HalidePortal.sln")))
            {
                return (dir.FullName, configuration);
            }
        }
        throw new InvalidOperationException($"No HalidePortal.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalServer>
{
    public const string Name = "Portal";
}
