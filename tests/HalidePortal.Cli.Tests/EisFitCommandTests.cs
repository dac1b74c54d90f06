using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace HalidePortal.Cli.Tests;

/// <summary>
/// halide eis-fit on spectra written from known circuit values (computed here by hand from the element formulas):
/// a pellet with blocking electrodes, R0-p(R1,CPE1)-CPE2, badly scaled as halide pellets are (R1 ~ 1e5 Ohm, Q ~ 1e-11).
/// </summary>
public sealed class EisFitCommandTests : IDisposable
{
    private const double R0 = 20, R1 = 3e5, Q1 = 2e-11, N1 = 0.9, Q2 = 1e-6, N2 = 0.8;
    private readonly string folder = Directory.CreateTempSubdirectory("eis-fit").FullName;

    /// <summary>Z = R0 + 1 / (1/R1 + Q1 (j w)^n1) + 1 / (Q2 (j w)^n2), 1 MHz .. 0.1 Hz, 10 points a decade.</summary>
    private static Complex Pellet(double f)
    {
        var jw = new Complex(0, 2 * Math.PI * f);
        return R0 + 1 / (1 / R1 + Q1 * Complex.Pow(jw, N1)) + 1 / (Q2 * Complex.Pow(jw, N2));
    }

    private string Write(string name, bool inductiveTail = false)
    {
        var text = new StringBuilder("Frequency (Hz),Z' (Ohm),-Z'' (Ohm)\n");
        if (inductiveTail)
        {
            // Cable inductance above 1 MHz: positive Im(Z), written as negative -Z''.
            foreach (double f in (double[])[7e6, 4e6, 2e6])
            {
                text.Append(CultureInfo.InvariantCulture, $"{f:R},{R0 + 5:R},{-(2 * Math.PI * f * 1e-6):R}\n");
            }
        }
        for (int k = 0; k <= 70; k++)
        {
            double f = Math.Pow(10, 6 - k / 10.0);
            var z = Pellet(f);
            text.Append(CultureInfo.InvariantCulture, $"{f:R},{z.Real:R},{-z.Imaginary:R}\n");
        }
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static JsonElement Json(CliRun run) => run.Json();

    private static double Value(JsonElement fit, string name) => fit.GetProperty("parameters").GetProperty(name).GetProperty("value").GetDouble();

    [Fact]
    public void EisFit_PelletSpectrum_RecoversTheValuesItWasWrittenFrom()
    {
        var fit = JsonOutput.Of(CliRun.Of("eis-fit", Write("pellet.csv"), "--circuit", "R0-p(R1,CPE1)-CPE2", "--json"));

        Assert.True(fit.GetProperty("converged").GetBoolean());
        Assert.Equal(71, fit.GetProperty("points").GetInt32());
        Assert.Equal(R1, Value(fit, "R1"), R1 * 1e-4);
        Assert.Equal(Q1, Value(fit, "CPE1.Q"), Q1 * 1e-3);
        Assert.Equal(N1, Value(fit, "CPE1.n"), 1e-4);
        Assert.Equal(Q2, Value(fit, "CPE2.Q"), Q2 * 1e-3);
        Assert.Equal(N2, Value(fit, "CPE2.n"), 1e-4);
        Assert.Equal("Ohm", fit.GetProperty("parameters").GetProperty("R1").GetProperty("unit").GetString());
    }

    [Fact]
    public void EisFit_SeveralFilesWithInductiveTail_ArrayWithTheTailLeftOut()
    {
        var fits = JsonOutput.Of(CliRun.Of("eis-fit", Write("a.csv"), Write("b.csv", inductiveTail: true), "--circuit", "R0-p(R1,CPE1)-CPE2",
            "--weighting", "proportional", "--json"));

        Assert.Equal(JsonValueKind.Array, fits.ValueKind);
        Assert.Equal(["a.csv", "b.csv"], fits.EnumerateArray().Select(f => f.GetProperty("file").GetString()));
        var tail = fits[1];
        Assert.Equal(3, tail.GetProperty("excludedInductive").GetInt32());
        Assert.Equal(71, tail.GetProperty("points").GetInt32());
        Assert.Equal(R1, Value(tail, "R1"), R1 * 1e-4);
    }

    [Fact]
    public void EisFit_BadCircuitOrWeightingOrFile_ExitTwoWithTheReason()
    {
        var badCircuit = CliRun.Of("eis-fit", Write("c.csv"), "--circuit", "R0-p(R1,C2");
        var badWeighting = CliRun.Of("eis-fit", Write("d.csv"), "--circuit", "R0", "--weighting", "square");
        var cycling = CliRun.Of("eis-fit", Path.Combine(AppContext.BaseDirectory, "TestData", "navani__jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"),
            "--circuit", "R0-p(R1,CPE1)");

        Assert.Equal(2, badCircuit.ExitCode);
        Assert.Contains("position 11", badCircuit.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badWeighting.ExitCode);
        Assert.Contains("expected modulus, unit or proportional", badWeighting.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, cycling.ExitCode);
        Assert.Contains("without frequency, Re(Z) and Im(Z) columns", cycling.Stderr, StringComparison.Ordinal);
    }

    // R0 held at twice its true value: the fit keeps it, reports it fixed with no error, and the others move to make up.
    [Fact]
    public void EisFit_FixedAndInitialValues_HeldAndStartedFrom()
    {
        var fit = JsonOutput.Of(CliRun.Of("eis-fit", Write("f.csv"), "--circuit", "R0-p(R1,CPE1)-CPE2",
            "--fixed", "R0=40", "--initial", "R1=1e5, CPE1.Q=1e-10", "--json"));

        var r0 = fit.GetProperty("parameters").GetProperty("R0");
        Assert.Equal(40, r0.GetProperty("value").GetDouble());
        Assert.True(r0.GetProperty("fixed").GetBoolean());
        Assert.False(fit.GetProperty("parameters").GetProperty("R1").GetProperty("fixed").GetBoolean());
        Assert.Equal(R1, Value(fit, "R1"), R1 * 0.01);
        Assert.True(fit.GetProperty("converged").GetBoolean());
    }

    // CPE1.n is 0.9 in the data; bounded to [0.5, 0.7] the fit ends on the upper limit and the misfit shows it.
    [Fact]
    public void EisFit_Bounds_KeepTheParameterInside()
    {
        var free = JsonOutput.Of(CliRun.Of("eis-fit", Write("b1.csv"), "--circuit", "R0-p(R1,CPE1)-CPE2", "--json"));
        var bounded = JsonOutput.Of(CliRun.Of("eis-fit", Write("b2.csv"), "--circuit", "R0-p(R1,CPE1)-CPE2", "--bounds", "CPE1.n=0.5:0.7", "--json"));

        Assert.Equal(N1, Value(free, "CPE1.n"), 0.01);
        Assert.InRange(Value(bounded, "CPE1.n"), 0.5, 0.7);
        Assert.Equal(0.7, Value(bounded, "CPE1.n"), 0.01);
        Assert.True(bounded.GetProperty("relativeMisfit").GetDouble() > 10 * free.GetProperty("relativeMisfit").GetDouble());
    }

    [Fact]
    public void EisFit_BadBounds_ExitTwoSayingWhatWasExpected()
    {
        var reversed = CliRun.Of("eis-fit", Write("b3.csv"), "--circuit", "R0-p(R1,CPE1)", "--bounds", "CPE1.n=1:0.5");
        var unknown = CliRun.Of("eis-fit", Write("b4.csv"), "--circuit", "R0-p(R1,CPE1)", "--bounds", "CPE2.n=0.5:1");

        Assert.Equal(2, reversed.ExitCode);
        Assert.Contains("bad --bounds 'CPE1.n=1:0.5': expected NAME=LO:HI with LO < HI", reversed.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("has no parameter CPE2.n", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EisFit_BadFixedOrInitial_ExitTwoNamingTheParameter()
    {
        var unknown = CliRun.Of("eis-fit", Write("g.csv"), "--circuit", "R0-p(R1,CPE1)", "--fixed", "R2=5");
        var notANumber = CliRun.Of("eis-fit", Write("h.csv"), "--circuit", "R0-p(R1,CPE1)", "--initial", "R1=big");

        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("R0-p(R1,CPE1) has no parameter R2; it has R0, R1, CPE1.Q, CPE1.n", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, notANumber.ExitCode);
        Assert.Contains("bad --initial 'R1=big': expected NAME=VALUE", notANumber.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EisFit_Table_ListsEveryParameterWithItsUnit()
    {
        var run = CliRun.Of("eis-fit", Write("e.csv"), "--circuit", "R0-p(R1,CPE1)-CPE2");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("e.csv: R0-p(R1,CPE1)-CPE2, 71 points", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("CPE1.n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("converged", run.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
