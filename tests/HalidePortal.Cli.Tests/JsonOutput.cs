using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>Reads a successful run's --json output and compares numbers in it with a stated tolerance.</summary>
internal static class JsonOutput
{
    /// <summary>The parsed stdout of a run that must have exited 0 (its stderr is the failure message otherwise).</summary>
    public static JsonElement Of(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.Clone();
    }

    /// <summary>|value / expected - 1| within the tolerance.</summary>
    public static void Relative(double expected, JsonElement value, double tolerance) =>
        Assert.True(Math.Abs(value.GetDouble() / expected - 1) <= tolerance, $"expected {expected:R}, got {value.GetDouble():R}");

    /// <summary>|value - expected| within the tolerance.</summary>
    public static void Near(double expected, JsonElement value, double tolerance) =>
        Assert.True(Math.Abs(value.GetDouble() - expected) <= tolerance, $"expected {expected:R}, got {value.GetDouble():R}");
}
