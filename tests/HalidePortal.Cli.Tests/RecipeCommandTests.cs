using System.Text.Json;

namespace HalidePortal.Cli.Tests;

public sealed class RecipeCommandTests
{
    // Independent source: DOMAIN.md step 2 (Chem. Sci. 2026, DOI 10.1039/D6SC04008J), tolerance 0.05 mg.
    private static readonly (string Formula, double PerFormulaUnit, double MassMg)[] Published =
    [
        ("LiCl", 0.45, 74.44), ("ZrCl4", 0.75, 681.98), ("AlCl3", 0.25, 130.07), ("LiF", 0.20, 20.24), ("Li2O", 0.80, 93.27),
    ];

    [Fact]
    public void Recipe_LzacfoJson_MatchesPublishedMasses()
    {
        var run = CliRun.Recipe("--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(["formula", "molarMassGPerMol", "charge", "precursors"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(CliRun.Lzacfo, root.GetProperty("formula").GetString());
        Assert.Equal(256.27, root.GetProperty("molarMassGPerMol").GetDouble(), 0.01);
        var charge = root.GetProperty("charge");
        Assert.Equal(["positive", "negative", "balanced"], charge.EnumerateObject().Select(p => p.Name));
        Assert.Equal(6, charge.GetProperty("positive").GetDouble());
        Assert.Equal(-6, charge.GetProperty("negative").GetDouble());
        Assert.True(charge.GetProperty("balanced").GetBoolean());
        var precursors = root.GetProperty("precursors").EnumerateArray().ToArray();
        Assert.Equal(5, precursors.Length);
        var targetMoles = 1.000 / root.GetProperty("molarMassGPerMol").GetDouble();
        for (var i = 0; i < 5; i++)
        {
            var p = precursors[i];
            Assert.Equal(Published[i].Formula, p.GetProperty("formula").GetString());
            Assert.Equal(Published[i].MassMg, p.GetProperty("massMg").GetDouble(), 0.05);
            Assert.Equal(Published[i].PerFormulaUnit, p.GetProperty("molesPerFormulaUnit").GetDouble(), 1e-9);
            Assert.Equal(Published[i].PerFormulaUnit * targetMoles, p.GetProperty("moles").GetDouble(), 1e-12);
            Assert.Equal(p.GetProperty("massMg").GetDouble(), p.GetProperty("weighedMassMg").GetDouble());
        }
    }

    [Fact]
    public void Recipe_LzacfoTable_AlignedRowsWithMasses()
    {
        var run = CliRun.Recipe();

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.Equal("Target   " + CliRun.Lzacfo, lines[0]);
        Assert.Equal("M        256.267 g/mol", lines[1]);
        Assert.Equal("Charge   +6.000 / -6.000, balanced", lines[2]);
        Assert.Equal("Precursor  mol/f.u.    mmol  mass mg  weigh mg  purity %", lines[5]);
        Assert.Equal("ZrCl4        0.7500  2.9266   681.98    681.98         -", lines[7]);
        Assert.Equal(lines[5].Length, lines[7].Length);
    }

    // Same source; weighed = 681.98 / 0.995 = 685.41 +- 0.05 mg.
    [Theory]
    [InlineData("--purity", "ZrCl4=99.5")]
    [InlineData("--purity=ZrCl4=99.5")]
    [InlineData("--purity", "ZrCl4=99.5", "LiCl=100")]
    public void Recipe_Purity_WeighedMassCorrected(params string[] purity)
    {
        var run = CliRun.Recipe([.. purity, "--json"]);

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var zrcl4 = json.RootElement.GetProperty("precursors")[1];
        Assert.Equal(681.98, zrcl4.GetProperty("massMg").GetDouble(), 0.05);
        Assert.Equal(681.98 / 0.995, zrcl4.GetProperty("weighedMassMg").GetDouble(), 0.05);
    }

    [Fact]
    public void Recipe_Li2ZrCl6_TwoLiClOneZrCl4()
    {
        var run = CliRun.Of("recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl, ZrCl4", "--batch-g", "0.5", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var precursors = json.RootElement.GetProperty("precursors");
        Assert.Equal(2, precursors[0].GetProperty("molesPerFormulaUnit").GetDouble(), 1e-9);
        Assert.Equal(1, precursors[1].GetProperty("molesPerFormulaUnit").GetDouble(), 1e-9);
    }

    [Fact]
    public void Recipe_UnbalancedUnderOverride_WarnsButSucceeds()
    {
        var run = CliRun.Of("recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "1", "--states", "Zr+3", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("halide: warning: Li2ZrCl6 is not charge balanced (+5.000 / -6.000, net -1.000)\n", run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.False(json.RootElement.GetProperty("charge").GetProperty("balanced").GetBoolean());
    }

    [Theory]
    [InlineData("halide: bad formula 'Li2Xx': unknown element 'Xx' at position 3", "recipe", "--formula", "Li2Xx", "--precursors", "LiCl", "--batch-g", "1")]
    [InlineData("halide: bad precursor formula 'Zrcl4': element symbol must start with an uppercase letter, found 'cl' at position 2", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,Zrcl4", "--batch-g", "1")]
    [InlineData("halide: bad precursor list 'LiCl,,ZrCl4': empty entry (write formulas separated by commas)", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,,ZrCl4", "--batch-g", "1")]
    [InlineData("halide: bad --batch-g '1,5': expected a positive number of grams with a dot decimal, e.g. 1.5", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "1,5")]
    [InlineData("halide: bad --batch-g '-1': expected a positive number of grams with a dot decimal, e.g. 1.5", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "-1")]
    [InlineData("halide: bad --batch-g '0': expected a positive number of grams with a dot decimal, e.g. 1.5", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "0")]
    [InlineData("halide: missing option '--batch-g'", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4")]
    [InlineData("halide: unknown option '--mass'", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--mass", "1")]
    [InlineData("halide: option '--formula' needs a value", "recipe", "--formula", "--precursors", "LiCl,ZrCl4", "--batch-g", "1")]
    [InlineData("halide: option '--formula' given twice", "recipe", "--formula", "LiCl", "--formula", "LiCl", "--precursors", "LiCl", "--batch-g", "1")]
    [InlineData("halide: unexpected argument 'extra'", "recipe", "--formula", "Li2ZrCl6", "extra", "--precursors", "LiCl,ZrCl4", "--batch-g", "1")]
    [InlineData("halide: bad --purity 'ZrCl4': expected FORMULA=PERCENT, e.g. ZrCl4=99.5", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "1", "--purity", "ZrCl4")]
    [InlineData("halide: bad --purity 'ZrCl4=101': percent must be above 0 and at most 100, with a dot decimal", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "1", "--purity", "ZrCl4=101")]
    [InlineData("halide: bad --purity 'AlCl3=99': AlCl3 is not among the precursors", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "1", "--purity", "AlCl3=99")]
    [InlineData("halide: bad oxidation state 'Zr4': expected element, sign and charge, e.g. 'Zr+4 Cl-1'", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4", "--batch-g", "1", "--states", "Zr4")]
    [InlineData("halide: duplicate precursor ClLi (same composition as LiCl)", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4,ClLi", "--batch-g", "1")]
    [InlineData("halide: precursor amounts are not unique: 3 precursors but only 2 independent element balances; Li2ZrCl6 can be made from the precursors before it, remove it", "recipe", "--formula", "Li2ZrCl6", "--precursors", "LiCl,ZrCl4,Li2ZrCl6", "--batch-g", "1")]
    [InlineData("halide: Precursors LiCl, ZrCl4, LiF, Li2O cannot reach Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2: Al short by 0.25 mol per formula unit", "recipe", "--formula", "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", "--precursors", "LiCl,ZrCl4,LiF,Li2O", "--batch-g", "1")]
    [InlineData("halide: unknown command 'upload2' (try 'halide --help')", "upload2")]
    public void Recipe_BadInput_Exit2WithOneStderrLine(string expected, params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(expected + "\n", run.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_TopLevel_UsageExit0(string flag)
    {
        var run = CliRun.Of(flag);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage: halide <command>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  recipe  ", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Help_Recipe_UsageExit0EvenWithOtherOptions()
    {
        var run = CliRun.Of("recipe", "--formula", "Li2Xx", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("usage: halide recipe --formula F", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoArguments_UsageOnStderrExit2()
    {
        var run = CliRun.Of();

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("usage: halide", run.Stderr, StringComparison.Ordinal);
    }
}
