using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide msd on MSD files written here from DOMAIN.md's simulated LZC line (Ea 0.395 eV, 4.27e-4 S/cm taken at 30 C):
/// sigma(T) = A exp(-Ea / kB T) / T, D = sigma kB T / (n e^2) with n = 6 Li / 615 A^3, and
/// MSD = 6 D t + 1 A^2 (1 - exp(-t / 0.1 ps)) (a vibrational plateau) over 0 .. 100 ps. Tolerances: 1e-3 relative on D
/// and sigma (the plateau's remainder in the searched window), 2 meV on Ea, 1 % on sigma(30 C).
/// </summary>
public sealed class MsdCommandTests : IDisposable
{
    private const double E = 1.602176634e-19, KbJ = 1.380649e-23, KbEv = 8.617333262e-5, Ea = 0.395, Sigma30 = 4.27e-4;
    private static readonly double N = 6 / 615e-24;
    private static readonly double A = Sigma30 * 303.15 * Math.Exp(Ea / (KbEv * 303.15));
    private readonly string folder = Directory.CreateTempSubdirectory("msd").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static double Sigma(double t) => A * Math.Exp(-Ea / (KbEv * t)) / t;

    private static double Diffusion(double t) => Sigma(t) * KbJ * t / (N * E * E);

    private string Write(double kelvin)
    {
        double slope = 6 * Diffusion(kelvin) * 1e4; // cm2/s to A^2/ps
        var text = new StringBuilder("# Li MSD\ntime_ps msd_A2\n");
        for (int k = 0; k <= 1000; k++)
        {
            double t = k * 0.1;
            text.Append(CultureInfo.InvariantCulture, $"{t:R} {slope * t + (1 - Math.Exp(-t / 0.1)):R}\n");
        }
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"msd_{kelvin}K.dat"));
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public void Msd_LzcLine_ReproducesEaAndSigma30()
    {
        double[] temperatures = [500, 600, 700, 800];
        var args = new List<string> { "msd" };
        args.AddRange(temperatures.Select(Write));
        args.Add("--temperature-k");
        args.AddRange(temperatures.Select(t => t.ToString(CultureInfo.InvariantCulture)));
        args.AddRange(["--li-per-cell", "6", "--cell-volume-a3", "615", "--json"]);

        var result = JsonOutput.Of(CliRun.Of([.. args]));

        var points = result.GetProperty("points");
        for (int k = 0; k < temperatures.Length; k++)
        {
            Assert.Equal(temperatures[k], points[k].GetProperty("temperatureK").GetDouble());
            JsonOutput.Relative(Diffusion(temperatures[k]), points[k].GetProperty("diffusionCm2PerS"), 1e-3);
            JsonOutput.Relative(Sigma(temperatures[k]), points[k].GetProperty("conductivitySPerCm"), 1e-3);
        }
        Assert.True(Math.Abs(result.GetProperty("activationEnergyEv").GetDouble() - Ea) < 2e-3);
        JsonOutput.Relative(Sigma30, result.GetProperty("conductivity30CSPerCm"), 0.01);
        JsonOutput.Relative(Sigma(298.15), result.GetProperty("conductivity25CSPerCm"), 0.01);
    }

    [Fact]
    public void Msd_TemperaturePairsAndHavenRatio_HalfHavenDoublesSigma()
    {
        var one = JsonOutput.Of(CliRun.Of("msd", "600=" + Write(600), "--li-per-cell", "6", "--cell-volume-a3", "615", "--json"));
        var half = JsonOutput.Of(CliRun.Of("msd", "600=" + Write(600), "--li-per-cell", "6", "--cell-volume-a3", "615", "--haven-ratio", "0.5", "--json"));

        JsonOutput.Relative(2 * one.GetProperty("points")[0].GetProperty("conductivitySPerCm").GetDouble(),
            half.GetProperty("points")[0].GetProperty("conductivitySPerCm"), 1e-12);
        Assert.Equal(JsonValueKind.Null, one.GetProperty("activationEnergyEv").ValueKind);
    }

    [Fact]
    public void Msd_UnderGerman_SameTableAndJson()
    {
        string[] files = ["500=" + Write(500), "700=" + Write(700)];
        string[][] runs = [[.. files, "--li-per-cell", "6", "--cell-volume-a3", "615"], [.. files, "--li-per-cell", "6", "--cell-volume-a3", "615", "--json"]];

        var invariant = runs.Select(r => TestCulture.Run(CultureInfo.InvariantCulture, () => CliRun.Of(["msd", .. r]))).ToArray();
        var german = runs.Select(r => TestCulture.Run(TestCulture.German, () => CliRun.Of(["msd", .. r]))).ToArray();

        Assert.Equal(invariant, german);
        Assert.Contains("Ea 0.395 eV", german[0].Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Msd_FileWithoutTemperature_ExitsTwo()
    {
        var run = CliRun.Of("msd", Write(600), "--li-per-cell", "6", "--cell-volume-a3", "615");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no temperature", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Msd_BadRow_ExitsTwoNamingTheLine()
    {
        var path = Path.Combine(folder, "bad.dat");
        File.WriteAllText(path, "# t msd\n0 0\n1 0.6\n2 oops\n");
        var run = CliRun.Of("msd", "600=" + path, "--li-per-cell", "6", "--cell-volume-a3", "615");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad.dat: line 4", run.Stderr, StringComparison.Ordinal);
    }
}
