using System.Diagnostics;
using System.Text;

namespace HalidePortal.Cli.Tests.Upload;

public sealed class ExportCommandTests
{
    private static CliRun Export(FakePortal portal, params string[] args) =>
        CliRun.Of(["export", .. args, "--server", portal.Url, "--token", FakePortal.Token]);

    [Fact]
    public void Export_Html_WritesTheServersBytesToOutputAndSaysWhere()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "cycling.html");

        var run = Export(portal, "--dashboard", FakePortal.Dashboard.ToString(), "--output", target);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(FakePortal.DashboardHtml, File.ReadAllText(target, Encoding.UTF8));
        Assert.StartsWith($"saved {target} (", run.Stdout, StringComparison.Ordinal);
        var request = Assert.Single(portal.Requests);
        Assert.Equal($"/api/dashboards/{FakePortal.Dashboard:D}/export", request.Path);
        Assert.Equal("?format=html", request.Query);
        Assert.Equal("Bearer " + FakePortal.Token, request.Authorization);
        Assert.False(File.Exists(target + ".part"));
    }

    [Fact]
    public void Export_CsvFromPastedAddress_JsonNamesPathAndSize()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "cycling.csv");

        var json = Export(portal, "--dashboard", $"{portal.Url}/dashboards/{FakePortal.Dashboard}?edit=1", "--format", "CSV", "--output", target, "--json").Json();

        Assert.Equal(FakePortal.DashboardCsv, File.ReadAllText(target, Encoding.UTF8));
        Assert.Equal("csv", json.GetProperty("format").GetString());
        Assert.Equal(target, json.GetProperty("path").GetString());
        Assert.Equal(Encoding.UTF8.GetByteCount(FakePortal.DashboardCsv), json.GetProperty("bytes").GetInt64());
        Assert.Equal(FakePortal.Dashboard, json.GetProperty("dashboardId").GetGuid());
        Assert.Equal("?format=csv", Assert.Single(portal.Requests).Query);
    }

    [Fact]
    public void Export_OutputDash_FileOnStdoutOnly()
    {
        using var portal = new FakePortal();

        var run = Export(portal, "--dashboard", FakePortal.Dashboard.ToString(), "--format", "csv", "--output", "-");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(FakePortal.DashboardCsv, run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Export_UnknownDashboard_Exit2NamesItAndWritesNothing()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var target = Path.Combine(folder.Path, "x.html");
        var other = Guid.NewGuid();

        var run = Export(portal, "--dashboard", other.ToString(), "--output", target);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"no dashboard {other:D} in your team", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Export_ExistingFileAndServerDown_Exit3FileUntouched()
    {
        using var folder = new TempFolder();
        var target = folder.Write("keep.html", [1, 2, 3]);

        var run = CliRun.Of("export", "--dashboard", FakePortal.Dashboard.ToString(), "--output", target,
            "--server", $"http://127.0.0.1:{FakePortal.FreePort()}", "--token", FakePortal.Token);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("cannot reach", run.Stderr, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Export_WrongToken_Exit2TokenRefused()
    {
        using var portal = new FakePortal();

        var run = CliRun.Of("export", "--dashboard", FakePortal.Dashboard.ToString(), "--output", "-", "--server", portal.Url, "--token", "hp_wrong");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("token refused (401)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("--dashboard", "cycling", "bad --dashboard 'cycling': expected the dashboard's GUID or its address")]
    [InlineData("--format", "pdf", "bad --format 'pdf': expected html or csv")]
    public void Export_BadOption_Exit2SaysWhatWasExpected(string option, string value, string message)
    {
        using var portal = new FakePortal();
        string[] args = option == "--dashboard" ? ["--dashboard", value] : ["--dashboard", FakePortal.Dashboard.ToString(), option, value];

        var run = Export(portal, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(portal.Requests);
    }

    [Fact]
    public async Task Export_NoOutput_SavesUnderTheServersNameInTheWorkingFolder()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.Path };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "halide.dll"), "export", "--dashboard", FakePortal.Dashboard.ToString() })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HALIDE_SERVER"] = portal.Url;
        start.Environment["HALIDE_TOKEN"] = FakePortal.Token;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(process.ExitCode == 0, await stderr);
        var saved = Path.Combine(folder.Path, "dashboard-Cycling-20261207-0930.html");
        Assert.Equal(FakePortal.DashboardHtml, await File.ReadAllTextAsync(saved, Encoding.UTF8));
        Assert.Contains(saved, await stdout, StringComparison.Ordinal);
    }
}
