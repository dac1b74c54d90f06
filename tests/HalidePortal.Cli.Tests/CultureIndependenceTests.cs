using System.Globalization;

namespace HalidePortal.Cli.Tests;

/// <summary>The tool's output does not change under a decimal-comma culture.</summary>
public sealed class CultureIndependenceTests
{
    [Fact]
    public void Recipe_UnderGerman_SameTableJsonAndErrors()
    {
        string[][] runs =
        [
            ["--json", "--purity", "ZrCl4=99.5"],
            ["--purity", "ZrCl4=99.5"],
            ["--batch-g", "1,5"],
        ];

        var invariant = runs.Select(r => TestCulture.Run(CultureInfo.InvariantCulture, () => CliRun.Recipe(r))).ToArray();
        var german = runs.Select(r => TestCulture.Run(TestCulture.German, () => CliRun.Recipe(r))).ToArray();

        Assert.Equal(invariant, german);
        Assert.Contains("\"molarMassGPerMol\":256.26", german[0].Stdout, StringComparison.Ordinal);
        Assert.Contains("685.40", german[1].Stdout, StringComparison.Ordinal);
    }
}
