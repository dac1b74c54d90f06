using System.Diagnostics;

namespace HalidePortal.Cli.Tests.Upload;

/// <summary>The built tool as an instrument PC runs it: server and token from the environment, Ctrl-C (SIGINT) to stop.</summary>
public sealed class UploadProcessTests
{
    private const string Cell = "cell:3f2b9c4e-8d1a-4c55-9e0b-2a7d6f1c0e93";

    private static Process Start(FakePortal portal, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "halide.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HALIDE_SERVER"] = portal.Url + "/";
        start.Environment["HALIDE_TOKEN"] = FakePortal.Token + "\n";
        return Process.Start(start)!;
    }

    [Fact]
    public async Task Upload_ServerAndTokenFromEnvironment_Sent()
    {
        using var portal = new FakePortal();
        using var folder = new TempFolder();
        using var process = Start(portal, "upload", folder.Write("a.mpr", [1, 2, 3]), "--attach", Cell);

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("", await stderr);
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith($"a.mpr  Queued  {portal.Url}/measurements/", await stdout, StringComparison.Ordinal);
        Assert.Single(portal.Uploads);
    }

    [Fact]
    public async Task Watch_CtrlC_StopsCleanlyAfterSendingEachFileOnce()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGINT by "kill" is the Unix way to press Ctrl-C; Windows consoles need another harness.
        }

        using var portal = new FakePortal();
        using var folder = new TempFolder();
        folder.Write("a.mpr", [1]);
        folder.Write("b.mpr", [2]);
        using var process = Start(portal, "upload", "--watch", folder.Path, "--interval", "0.1", "--attach", Cell, "--json");
        var stderr = process.StandardError.ReadToEndAsync();

        var lines = new List<string>();
        while (lines.Count < 2)
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            lines.Add(line ?? throw new InvalidOperationException("halide ended early: " + await stderr));
        }

        await Task.Delay(500); // a few more polls: nothing is sent again
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", rest);
        Assert.Contains("\"path\":\"a.mpr\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"sent\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"path\":\"b.mpr\"", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, portal.Uploads.Count());
        var log = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"halide: watching {folder.Path} every 0.1 s for {portal.Url} (Ctrl-C stops)", log[0], StringComparison.Ordinal);
        Assert.Equal("halide: stopped watching", log[^1]);
        Assert.True(File.Exists(Path.Combine(folder.Path, ".halide-upload.json")));
    }
}
