using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide gitt on an EC-Lab text export written here from the Weppner-Huggins solution: pulses of 0.1 mA for 60 s
/// (rows every 1 s), E = E0 + IR + S sqrt(t - t0) with S = 2 L dEs / (tau sqrt(pi D)), so D = 4 L^2 / (pi tau) (dEs / dEt)^2
/// gives D back; 900 s rests relaxing as exp(-t / 60 s) to Es = E0 + 10 mV. L = 10 um; D = 1e-11, 1e-10, 1e-9 cm2/s
/// (DOMAIN.md's range). Tolerance 1e-3 relative (Es reached to 1e-7 V; the file's round-trip digits).
/// </summary>
public sealed class GittCommandTests : IDisposable
{
    private const double LengthCm = 1e-3, Tau = 60, DeltaEs = 0.01, Ir = 0.02;
    private static readonly double[] D = [1e-11, 1e-10, 1e-9];
    private readonly string folder = Directory.CreateTempSubdirectory("gitt").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string WriteRun()
    {
        var text = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 5\n\nGalvanostatic Cycling with Potential Limitation\n");
        text.Append("time/s\tEwe/V\tI/mA\n");
        void Row(double t, double e, double i) => text.Append(CultureInfo.InvariantCulture, $"{t:R}\t{e:R}\t{i:R}\n");
        double time = 0, e0 = 3.7;
        Row(0, e0, 0);
        foreach (double d in D)
        {
            double slope = 2 * LengthCm * DeltaEs / (Tau * Math.Sqrt(Math.PI * d));
            for (int s = 1; s <= Tau; s++)
            {
                Row(time + s, e0 + Ir + slope * Math.Sqrt(s), 0.1);
            }
            double end = time + Tau, es = e0 + DeltaEs, relaxFrom = e0 + slope * Math.Sqrt(Tau);
            for (int s = 5; s <= 900; s += 5)
            {
                Row(end + s, es + (relaxFrom - es) * Math.Exp(-s / 60.0), 0);
            }
            time = end + 900;
            e0 = es;
        }
        var path = Path.Combine(folder, "gitt.mpt");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.ToString()));
        return path;
    }

    [Fact]
    public void Gitt_RadiusForm_RecoversEachD()
    {
        var result = JsonOutput.Of(CliRun.Of("gitt", WriteRun(), "--radius-um", "10", "--json"));

        Assert.Equal("gitt.mpt", result.GetProperty("file").GetString());
        var pulses = result.GetProperty("pulses");
        Assert.Equal(3, pulses.GetArrayLength());
        for (int k = 0; k < 3; k++)
        {
            var p = pulses[k];
            Assert.Equal(k + 1, p.GetProperty("index").GetInt32());
            JsonOutput.Relative(D[k], p.GetProperty("diffusionLengthCm2PerS"), 1e-3);
            Assert.Equal(JsonValueKind.Null, p.GetProperty("diffusionCm2PerS").ValueKind);
            JsonOutput.Relative(Tau, p.GetProperty("tauS"), 1e-9);
            JsonOutput.Relative(DeltaEs, p.GetProperty("deltaEsV"), 1e-4);
            JsonOutput.Relative((k + 1) / 3.0, p.GetProperty("stateOfCharge"), 1e-9);
            Assert.True(p.GetProperty("valid").GetBoolean(), "tau D / L^2 <= 0.06");
        }
    }

    [Fact]
    public void Gitt_MassFormEqualToRadius_SameD()
    {
        // m V_M / (M S) = 5e-3 g x 20.7 / (96.5 x S) = 1e-3 cm for S = 1.0725... cm2.
        double area = 5e-3 * 20.7 / (96.5 * LengthCm);
        var result = JsonOutput.Of(CliRun.Of("gitt", WriteRun(), "--mass-mg", "5", "--molar-mass-g-mol", "96.5", "--molar-volume-cm3-mol", "20.7",
            "--area-cm2", area.ToString("R", CultureInfo.InvariantCulture), "--radius-um", "10", "--json"));

        foreach (var p in result.GetProperty("pulses").EnumerateArray())
        {
            JsonOutput.Relative(p.GetProperty("diffusionLengthCm2PerS").GetDouble(), p.GetProperty("diffusionCm2PerS"), 1e-9);
        }
        // 0.1 mA x 60 s = 1/600 mAh per pulse, per 5 mg.
        JsonOutput.Relative(3 / 600.0 / 0.005, result.GetProperty("pulses")[2].GetProperty("capacityMahPerG"), 1e-6);
    }

    [Fact]
    public void Gitt_Table_ListsThePulses()
    {
        var run = CliRun.Of("gitt", WriteRun(), "--radius-um", "10");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3 pulses", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Gitt_UnderGerman_SameTableAndJson()
    {
        var path = WriteRun();
        string[][] runs = [[path, "--radius-um", "10"], [path, "--radius-um", "10", "--json"]];

        var invariant = runs.Select(r => TestCulture.Run(CultureInfo.InvariantCulture, () => CliRun.Of(["gitt", .. r]))).ToArray();
        var german = runs.Select(r => TestCulture.Run(TestCulture.German, () => CliRun.Of(["gitt", .. r]))).ToArray();

        Assert.Equal(invariant, german);
        Assert.Contains("3.7", german[0].Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Gitt_NoLengthOrMass_ExitsTwo()
    {
        var run = CliRun.Of("gitt", WriteRun());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--radius-um", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Gitt_PartOfMassForm_ExitsTwo()
    {
        var run = CliRun.Of("gitt", WriteRun(), "--mass-mg", "5", "--area-cm2", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("together", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Gitt_FileWithoutPulses_ExitsTwoNamingTheFile()
    {
        var path = Path.Combine(folder, "ocv.mpt");
        File.WriteAllText(path, "EC-Lab ASCII FILE\nNb header lines : 5\n\nOpen Circuit Voltage\ntime/s\tEwe/V\tI/mA\n0\t3.7\t0\n1\t3.7\t0\n2\t3.7\t0\n");
        var run = CliRun.Of("gitt", path, "--radius-um", "10");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ocv.mpt", run.Stderr, StringComparison.Ordinal);
    }
}
