using System.Globalization;

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

    public static CliRun Recipe(params string[] extra) =>
        Of(["recipe", "--formula", Lzacfo, "--precursors", "LiCl,ZrCl4,AlCl3,LiF,Li2O", "--batch-g", "1.000", .. extra]);
}
