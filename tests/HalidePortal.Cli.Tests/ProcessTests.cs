using System.Diagnostics;

namespace HalidePortal.Cli.Tests;

/// <summary>The built tool behaves the same as a real process (exit code, streams).</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Halide_AsProcess_RecipeJsonAndBadFormula()
    {
        var ok = await RunAsync("recipe", "--formula", CliRun.Lzacfo, "--precursors", "LiCl,ZrCl4,AlCl3,LiF,Li2O", "--batch-g", "1", "--json");
        var bad = await RunAsync("recipe", "--formula", "Li2Xx", "--precursors", "LiCl", "--batch-g", "1");

        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith("{\"formula\":\"Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2\"", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("halide: bad formula 'Li2Xx': unknown element 'Xx' at position 3", bad.Stderr.TrimEnd());
    }

    private static async Task<CliRun> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "halide.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
