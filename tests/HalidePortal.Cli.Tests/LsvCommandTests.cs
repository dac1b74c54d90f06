using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide lsv on EC-Lab text exports written here (the real yadg LSV/CV files are GPL and stay out of the repository).
/// The sweep is recorded vs Li-In from 2.38 to 3.68 V (3.0 to 4.3 V vs Li/Li+) every 1 mV with
/// I = c + (I_th - c) exp((E - 3.98 V) / 0.05 V), c = 1 uA, I_th = 10 uA against Li/Li+: the current crosses 10 uA at
/// exactly 3.98 V (LZACFO's published onset, DOMAIN.md), and the tangent at the sweep's steepest point E_t meets the flat
/// baseline at E_t - 0.05 V (the exponential's closed form; E_t = 4.295 V, the last point with a full 11-point smoothing
/// window). Tolerances: 0.5 mV for the interpolated threshold crossing, 2 mV for the smoothed tangent.
/// </summary>
public sealed class LsvCommandTests : IDisposable
{
    private const double OnsetV = 3.98, BaselineMA = 0.001, ThresholdMA = 0.01, RiseV = 0.05;
    private readonly string folder = Directory.CreateTempSubdirectory("lsv").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static double Current(double eVsLi) => BaselineMA + (ThresholdMA - BaselineMA) * Math.Exp((eVsLi - OnsetV) / RiseV);

    /// <summary>An EC-Lab .mpt: technique line, area, tab-separated columns (Latin-1, as EC-Lab writes "cm²").</summary>
    private string WriteMpt(string name, string technique, IEnumerable<double> potentialsVsLi, bool cycleColumn = false, bool spike = false)
    {
        var text = new StringBuilder("EC-Lab ASCII FILE\nNb header lines : 7\n\n" + technique + "\n\nElectrode surface area : 0.785 cm\u00b2\n");
        text.Append(cycleColumn ? "time/s\tEwe/V\t<I>/mA\tcycle number\n" : "time/s\tEwe/V\t<I>/mA\n");
        int row = 0;
        foreach (double e in potentialsVsLi)
        {
            // A two-point glitch of 5 mA (steeper over the 11-point window than the rise at 4.3 V) at 3.600-3.601 V vs Li/Li+ when asked for.
            double current = Current(e) + (spike && e > 3.5995 && e < 3.6015 ? 5 : 0);
            text.Append(CultureInfo.InvariantCulture, $"{row * 0.1:R}\t{e - 0.62:R}\t{current:R}");
            text.Append(cycleColumn ? "\t1\n" : "\n");
            row++;
        }
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.ToString()));
        return path;
    }

    private static IEnumerable<double> Ramp(double from, double to) =>
        Enumerable.Range(0, (int)Math.Round(Math.Abs(to - from) / 0.001) + 1).Select(k => from + Math.Sign(to - from) * k * 0.001);

    [Fact]
    public void Lsv_ExponentialOnset_ThresholdAndTangentFromClosedForm()
    {
        var result = JsonOutput.Of(CliRun.Of("lsv", WriteMpt("se.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 4.3)), "--threshold-ua", "10", "--json"));

        Assert.Equal("se.mpt", result.GetProperty("file").GetString());
        JsonOutput.Near(OnsetV, result.GetProperty("onsetThresholdV"), 5e-4);
        JsonOutput.Near(4.295 - RiseV, result.GetProperty("onsetTangentV"), 2e-3);
        Assert.Equal(0.62, result.GetProperty("referenceOffsetV").GetDouble());
        Assert.Equal(10, result.GetProperty("thresholdUa").GetDouble());
        JsonOutput.Near(3.0, result.GetProperty("baselineFromV"), 1e-9);
        JsonOutput.Near(3.39, result.GetProperty("baselineToV"), 1e-9);
        Assert.Equal(1301, result.GetProperty("points").GetInt32());
    }

    [Fact]
    public void Lsv_TwoPointSpike_MovesNeitherOnset()
    {
        var result = JsonOutput.Of(CliRun.Of("lsv", WriteMpt("spike.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 4.3), spike: true),
            "--threshold-ua", "10", "--json"));

        JsonOutput.Near(OnsetV, result.GetProperty("onsetThresholdV"), 5e-4);
        JsonOutput.Near(4.295 - RiseV, result.GetProperty("onsetTangentV"), 2e-3);
    }

    [Fact]
    public void Lsv_DensityThresholdTimesFileArea_SameOnset()
    {
        // 12.738853... uA/cm2 x 0.785 cm2 (the area the file states) = 10 uA.
        var result = JsonOutput.Of(CliRun.Of("lsv", WriteMpt("se.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 4.3)),
            "--threshold-ua-cm2", (10 / 0.785).ToString("R", CultureInfo.InvariantCulture), "--json"));

        JsonOutput.Near(10, result.GetProperty("thresholdUa"), 1e-9);
        JsonOutput.Near(OnsetV, result.GetProperty("onsetThresholdV"), 5e-4);
    }

    [Fact]
    public void Lsv_ZeroOffset_OnsetOnTheFilesReference()
    {
        var result = JsonOutput.Of(CliRun.Of("lsv", WriteMpt("se.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 4.3)),
            "--threshold-ua", "10", "--reference-offset-v", "0", "--json"));

        JsonOutput.Near(OnsetV - 0.62, result.GetProperty("onsetThresholdV"), 5e-4);
    }

    [Fact]
    public void Lsv_CvStartingDownwards_UsesTheSweepUpFromTheLowerVertex()
    {
        var path = WriteMpt("cv.mpt", "Cyclic Voltammetry", Ramp(3.5, 3.0).Concat(Ramp(3.001, 4.3)).Concat(Ramp(4.299, 3.5)), cycleColumn: true);
        var result = JsonOutput.Of(CliRun.Of("lsv", path, "--threshold-ua", "10", "--json"));

        JsonOutput.Near(3.0, result.GetProperty("sweepFromV"), 1e-9);
        JsonOutput.Near(4.3, result.GetProperty("sweepToV"), 1e-9);
        JsonOutput.Near(OnsetV, result.GetProperty("onsetThresholdV"), 5e-4);
    }

    [Fact]
    public void Lsv_DefaultThresholdOneMicroamp_BelowTheBaselineCurrent()
    {
        // c = 1 uA: the current sits at the default threshold from the first point, so the onset is the sweep's start.
        var result = JsonOutput.Of(CliRun.Of("lsv", WriteMpt("se.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 4.3)), "--json"));

        Assert.Equal(1, result.GetProperty("thresholdUa").GetDouble());
        JsonOutput.Near(3.0, result.GetProperty("onsetThresholdV"), 1e-9);
    }

    [Fact]
    public void Lsv_UnderGerman_SameTextAndJson()
    {
        var path = WriteMpt("se.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 4.3));
        string[][] runs = [[path, "--threshold-ua", "10"], [path, "--threshold-ua", "10", "--json"]];

        var invariant = runs.Select(r => TestCulture.Run(CultureInfo.InvariantCulture, () => CliRun.Of(["lsv", .. r]))).ToArray();
        var german = runs.Select(r => TestCulture.Run(TestCulture.German, () => CliRun.Of(["lsv", .. r]))).ToArray();

        Assert.Equal(invariant, german);
        Assert.Contains("3.980 V vs Li/Li+", german[0].Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Lsv_CathodicSweep_ExitsTwoNamingIt()
    {
        var run = CliRun.Of("lsv", WriteMpt("down.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 1.0)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("down.mpt", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lsv_CyclingFile_ExitsTwo()
    {
        var run = CliRun.Of("lsv", Path.Combine("TestData", "navani__00_test_02_MB_C01.mpr"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a voltammetry sweep", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Lsv_BothThresholds_ExitsTwo()
    {
        var run = CliRun.Of("lsv", WriteMpt("se.mpt", "Linear Sweep Voltammetry", Ramp(3.0, 4.3)), "--threshold-ua", "1", "--threshold-ua-cm2", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not both", run.Stderr, StringComparison.Ordinal);
    }
}
