using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide drt and halide kk on DRTtools' Li-ion cell spectrum (107 points, 7 of them inductive) and on a spectrum
/// written here from a closed form: R_inf 10 Ohm + ZARC(100 Ohm, 1 ms, 0.8), whose DRT has one peak of area 100 Ohm
/// at tau = 1 ms.
/// </summary>
public sealed class DrtCommandTests : IDisposable
{
    private static readonly string Battery = Path.Combine(AppContext.BaseDirectory, "TestData", "pyDRTtools_LIB_data.txt");
    private readonly string folder = Directory.CreateTempSubdirectory("drt").FullName;

    private string WriteZarc()
    {
        var text = new StringBuilder("Frequency (Hz),Z' (Ohm),-Z'' (Ohm)\n");
        for (var k = 0; k <= 80; k++)
        {
            var f = Math.Pow(10, 6 - k / 10.0);
            var z = 10 + 100 / (1 + Complex.Pow(new Complex(0, 2 * Math.PI * f * 1e-3), 0.8));
            text.Append(CultureInfo.InvariantCulture, $"{f:R},{z.Real:R},{-z.Imaginary:R}\n");
        }
        var path = Path.Combine(folder, "zarc.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    // main's JsonOutput.Of does the same; use it once merged.
    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Drt_ZarcSpectrum_OnePeakOfTheArcsResistance()
    {
        var drt = Json(CliRun.Of("drt", WriteZarc(), "--json"));

        var peak = Assert.Single(drt.GetProperty("peaks").EnumerateArray());
        Assert.Equal(1e-3, peak.GetProperty("tauS").GetDouble(), 2e-5);
        Assert.Equal(100, peak.GetProperty("resistanceOhm").GetDouble(), 1.0);
        Assert.Equal(10, drt.GetProperty("seriesResistanceOhm").GetDouble(), 0.1);
        Assert.Equal("gcv", drt.GetProperty("lambdaSource").GetString());
        Assert.Equal(JsonValueKind.Null, drt.GetProperty("kramersKronig").ValueKind);
    }

    [Fact]
    public void Drt_BatteryWithGcv_CurveGcvAndInductivePointsReported()
    {
        var drt = Json(CliRun.Of("drt", Battery, "--json"));

        Assert.Equal("pyDRTtools_LIB_data.txt", drt.GetProperty("file").GetString());
        Assert.Equal(107, drt.GetProperty("points").GetInt32());
        Assert.Equal(7, drt.GetProperty("inductivePoints").GetInt32());
        Assert.Equal(drt.GetProperty("tauS").GetArrayLength(), drt.GetProperty("gammaOhm").GetArrayLength());
        Assert.True(drt.GetProperty("gcv").GetArrayLength() > 30);
        Assert.NotEmpty(drt.GetProperty("peaks").EnumerateArray());
        Assert.InRange(drt.GetProperty("seriesResistanceOhm").GetDouble(), 0.09, 0.12);
        Assert.True(drt.GetProperty("inductanceH").GetDouble() > 0, "the inductive points need an L");
    }

    [Fact]
    public void Drt_FixedLambdaSecondDerivativeWithKk_NoGcvAndKkReported()
    {
        var drt = Json(CliRun.Of("drt", Battery, "--lambda", "1e-3", "--derivative", "2", "--kk", "--json"));

        Assert.Equal("fixed", drt.GetProperty("lambdaSource").GetString());
        Assert.Equal(1e-3, drt.GetProperty("lambda").GetDouble());
        Assert.Equal(0, drt.GetProperty("gcv").GetArrayLength());
        var kk = drt.GetProperty("kramersKronig");
        Assert.True(kk.GetProperty("elements").GetInt32() > 0);
        Assert.True(kk.GetProperty("mu").GetDouble() < 0.85);
        Assert.Equal(kk.GetProperty("maxResidualPercent").GetDouble() < 1, kk.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void Drt_Text_NamesInductivePointsAndPeaks()
    {
        var run = CliRun.Of("drt", Battery, "--kk");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("7 inductive, kept and fitted by L", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("tau (s)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Kramers-Kronig:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Kk_TwoFiles_ArrayWithResidualsPerPoint()
    {
        var kk = Json(CliRun.Of("kk", WriteZarc(), Battery, "--json"));

        Assert.Equal(JsonValueKind.Array, kk.ValueKind);
        var zarc = kk[0];
        Assert.True(zarc.GetProperty("valid").GetBoolean());
        Assert.True(zarc.GetProperty("maxResidualPercent").GetDouble() < 0.1);
        Assert.Equal(81, zarc.GetProperty("residualRealPercent").GetArrayLength());
        Assert.Equal(107, kk[1].GetProperty("frequencyHz").GetArrayLength());
    }

    [Fact]
    public void DrtAndKk_UnderGerman_SameTextAndJson()
    {
        string[][] runs = [["drt", Battery, "--kk"], ["drt", Battery, "--lambda", "1e-3", "--json"], ["kk", Battery]];

        var invariant = runs.Select(r => TestCulture.Run(CultureInfo.InvariantCulture, () => CliRun.Of(r))).ToArray();
        var german = runs.Select(r => TestCulture.Run(TestCulture.German, () => CliRun.Of(r))).ToArray();

        Assert.Equal(invariant, german);
        Assert.Contains("\"lambda\":0.001", german[1].Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--derivative", "3", "bad --derivative '3'")]
    [InlineData("--lambda", "-1", "bad --lambda '-1'")]
    public void Drt_BadOption_ExitTwoNamingIt(string option, string value, string message)
    {
        var run = CliRun.Of("drt", Battery, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Kk_MissingFile_ExitTwo()
    {
        var run = CliRun.Of("kk", Path.Combine(folder, "none.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such file", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
