using System.Globalization;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>Runs <see cref="HalideCli.Run"/> in-process and captures both streams.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public const string Lzacfo = "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2";

    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var code = HalideCli.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The run's stdout as JSON, after asserting it succeeded (stderr in the failure message).</summary>
    public JsonElement RootJson()
    {
        Assert.True(ExitCode == 0, Stderr);
        using var doc = JsonDocument.Parse(Stdout);
        return doc.RootElement.Clone();
    }

    public static CliRun Recipe(params string[] extra) =>
        Of(["recipe", "--formula", Lzacfo, "--precursors", "LiCl,ZrCl4,AlCl3,LiF,Li2O", "--batch-g", "1.000", .. extra]);
}
