using System.Globalization;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide arrhenius on EISFitpython's pellet s04147 series (J. Mater. Chem. A 12 (2024) 15847): D 0.8 cm, L 0.21 cm,
/// sigma T form; published Ea bulk (R1) 0.5869, grain boundary (R2) 0.8919, total (R1 + R2) 0.8555 eV. Tolerance
/// 0.01 eV (they take T = t + 273 K, we t + 273.15 K).
/// </summary>
public sealed class ArrheniusCommandTests
{
    private const string Circuit = "p(R1,CPE1)-p(R2,CPE2)-CPE3";

    private static string[] Series => [.. new[] { 170, 140, 200, 150, 190, 160, 180 }.Select(t =>
        string.Create(CultureInfo.InvariantCulture, $"{t}={Path.Combine(AppContext.BaseDirectory, "TestData", $"EISFitpython_s04147-{t}deg.txt")}"))];

    private static CliRun Run(string element, params string[] extra) =>
        CliRun.Of(["arrhenius", .. Series, "--circuit", Circuit, "--element", element, "--thickness-cm", "0.21", "--diameter-cm", "0.8", .. extra]);

    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.Clone();
    }

    [Theory]
    [InlineData("R1", 0.5869)]
    [InlineData("R2", 0.8919)]
    [InlineData("R1+R2", 0.8555)]
    public void Arrhenius_EisFitpythonSeries_ReproducesPublishedActivationEnergy(string element, double published)
    {
        var result = Json(Run(element, "--json"));

        Assert.Equal(published, result.GetProperty("activationEnergyEv").GetDouble(), 0.01);
        Assert.Equal("sigmaT", result.GetProperty("form").GetString());
        var points = result.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(7, points.Count);
        Assert.Equal([140.0, 150, 160, 170, 180, 190, 200], points.Select(p => p.GetProperty("temperatureC").GetDouble()));
        Assert.All(points, p => Assert.True(p.GetProperty("converged").GetBoolean()));
        Assert.True(result.GetProperty("activationEnergyStdErrEv").GetDouble() > 0);
        Assert.True(result.GetProperty("conductivity25CSPerCm").GetDouble() < result.GetProperty("conductivity30CSPerCm").GetDouble());
    }

    // At 140 C the bulk resistance is EISFitpython's 1.462e5 Ohm (0.3 %); sigma = L / (R A) = 0.21 / (1.462e5 pi 0.16) S/cm.
    [Fact]
    public void Arrhenius_FirstPoint_ResistanceAndConductivity()
    {
        var first = Json(Run("R1", "--json")).GetProperty("points")[0];

        Assert.Equal(1.462e5, first.GetProperty("resistanceOhm").GetDouble(), 1.462e5 * 0.003);
        Assert.Equal(0.21 / (1.462e5 * Math.PI * 0.16), first.GetProperty("conductivitySPerCm").GetDouble(), 0.21 / (1.462e5 * Math.PI * 0.16) * 0.003);
    }

    [Fact]
    public void Arrhenius_Text_ShowsActivationEnergy()
    {
        var run = Run("intercept");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Ea 0.8", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sigma at 25 C", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--element", "R7", "expected a resistance")]
    [InlineData("--thickness-cm", "-1", "expected a length in cm above 0")]
    [InlineData("--form", "log", "expected sigmaT or sigma")]
    [InlineData("--circuit", "p(R1,CPE1", "expected")]
    public void Arrhenius_BadOption_NamesWhatWasExpected(string option, string value, string message)
    {
        var args = new List<string> { "arrhenius", Series[0], Series[1], "--circuit", Circuit, "--element", "R1", "--thickness-cm", "0.21", "--diameter-cm", "0.8" };
        if (args.Contains(option))
        {
            args[args.IndexOf(option) + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var run = CliRun.Of([.. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("140", "expected TEMPC=FILE")]
    [InlineData("warm=a.txt", "expected TEMPC=FILE")]
    public void Arrhenius_BadPoint_NamesWhatWasExpected(string point, string message)
    {
        var run = CliRun.Of("arrhenius", point, Series[0], "--circuit", Circuit, "--element", "R1", "--thickness-cm", "0.21", "--diameter-cm", "0.8");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrhenius_OnePoint_AsksForTwo()
    {
        var run = CliRun.Of("arrhenius", Series[0], "--circuit", Circuit, "--element", "R1", "--thickness-cm", "0.21", "--diameter-cm", "0.8");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at least two", run.Stderr, StringComparison.Ordinal);
    }
}
