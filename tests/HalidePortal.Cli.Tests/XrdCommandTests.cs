using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide xrd on a pattern written here from known parts (four pseudo-Voigt lines of equal area, a Gaussian halo
/// holding as much area as the lines together: 50 % crystalline by construction; flat background; no noise) and on
/// a real Rigaku file (rutile TiO2, strongest line (110) at 2 asin(1.540593 / (2 * 4.5937 / sqrt 2)) = 27.436 deg).
/// </summary>
public sealed class XrdCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("xrd").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly (double X0, double Fwhm)[] Lines = [(16.2, 0.15), (29.9, 0.2), (41.3, 0.24), (59.2, 0.28)];

    private string WritePattern()
    {
        // Lines of area 2000 each (Gaussian, H = A / (w sqrt(pi / 4 ln2))); halo area 8000, FWHM 8 deg at 24 deg.
        var gaussianArea = Math.Sqrt(Math.PI / (4 * Math.Log(2)));
        var text = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            var x = 10 + 70.0 * i / 4999;
            var y = 200 + 8000 / (8 * gaussianArea) * Math.Exp(-4 * Math.Log(2) * Math.Pow((x - 24) / 8, 2));
            foreach (var (x0, w) in Lines)
            {
                y += 2000 / (w * gaussianArea) * Math.Exp(-4 * Math.Log(2) * Math.Pow((x - x0) / w, 2));
            }
            text.Append(CultureInfo.InvariantCulture, $"{x:R} {y:R}\n");
        }
        var path = Path.Combine(folder, "half.xy");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static JsonElement Json(CliRun run) => run.Json();

    [Fact]
    public void Xrd_KnownHalfCrystallinePattern_FitRecoversCrystallinityAndPeaks()
    {
        var result = Json(CliRun.Of("xrd", WritePattern(), "--json"));

        Assert.Equal("half.xy", result.GetProperty("file").GetString());
        Assert.Equal("whole-pattern-fit", result.GetProperty("method").GetString());
        Assert.Equal(50, result.GetProperty("crystallinityPercent").GetDouble(), 5.0);
        Assert.Equal(1.5406, result.GetProperty("wavelengthAngstrom").GetDouble());
        var peaks = result.GetProperty("peaks").EnumerateArray().ToList();
        Assert.Equal(4, peaks.Count);
        // Equal areas: the narrowest line is the tallest, so it comes first.
        Assert.Equal(16.2, peaks[0].GetProperty("twoThetaDeg").GetDouble(), 0.01);
        Assert.Equal(0.15, peaks[0].GetProperty("fwhmDeg").GetDouble(), 0.0075);
        // Scherrer by hand for the fitted width: D = 0.9 * 1.5406 / (w pi/180 cos 8.1 deg) / 10 nm.
        var w = peaks[0].GetProperty("fwhmDeg").GetDouble();
        var expected = 0.9 * 1.5406 / (w * Math.PI / 180 * Math.Cos(8.1 * Math.PI / 180)) / 10;
        Assert.Equal(expected, peaks[0].GetProperty("crystalliteSizeNm").GetDouble(), 0.01 * expected);
        Assert.True(peaks[0].GetProperty("area").GetDouble() > 0);
        Assert.True(peaks[0].GetProperty("height").GetDouble() > peaks[1].GetProperty("height").GetDouble());
        Assert.Equal(4, result.GetProperty("parameters").GetProperty("backgroundOrder").GetDouble());
    }

    [Fact]
    public void Xrd_RutileFileWithSnip_StrongestPeakAt110AndFileWavelength()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "TestData", "pyScattData_TiO2-1-12h-BET.ras");

        var result = Json(CliRun.Of("xrd", file, "--method", "snip", "--k", "0.94", "--json"));

        Assert.Equal("snip", result.GetProperty("method").GetString());
        Assert.Equal(1.540593, result.GetProperty("wavelengthAngstrom").GetDouble());
        Assert.InRange(result.GetProperty("crystallinityPercent").GetDouble(), 0, 100);
        var strongest = result.GetProperty("peaks")[0];
        Assert.Equal(27.436, strongest.GetProperty("twoThetaDeg").GetDouble(), 0.1);
    }

    [Fact]
    public void Xrd_TextOutput_ShowsCrystallinityAndPeakTable()
    {
        var run = CliRun.Of("xrd", WritePattern(), "--no-alpha2");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("crystallinity", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("whole-pattern-fit", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("2theta/deg", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Xrd_BadOptions_ExitCode2WithReason()
    {
        var path = WritePattern();
        var badMethod = CliRun.Of("xrd", path, "--method", "rietveld");
        Assert.Equal(2, badMethod.ExitCode);
        Assert.Contains("expected fit or snip", badMethod.Stderr, StringComparison.Ordinal);

        var badK = CliRun.Of("xrd", path, "--k", "-1");
        Assert.Equal(2, badK.ExitCode);
        Assert.Contains("--k", badK.Stderr, StringComparison.Ordinal);

        var missing = CliRun.Of("xrd", Path.Combine(folder, "none.xy"));
        Assert.Equal(2, missing.ExitCode);
    }
}
