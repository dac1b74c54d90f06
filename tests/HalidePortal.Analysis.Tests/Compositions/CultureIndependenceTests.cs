using System.Globalization;
using HalidePortal.Analysis.Compositions;

namespace HalidePortal.Analysis.Tests.Compositions;

/// <summary>Parse, solve and format under de-DE (decimal comma) give the invariant-culture results.</summary>
public sealed class CultureIndependenceTests
{
    private static string Run()
    {
        var target = ChemicalFormula.Parse("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2");
        var inputs = new[] { "LiCl", "ZrCl4", "AlCl3", "LiF", "Li2O" }
            .Select(f => new PrecursorInput(ChemicalFormula.Parse(f), f == "ZrCl4" ? 99.5 : null))
            .ToArray();
        var solution = PrecursorSolver.Solve(target, inputs, 1.0);
        var charge = ChargeBalance.Compute(target, OxidationStateTable.Parse("Zr+4 Fe+3"));
        var unreachable = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(target, inputs.Take(2).ToArray(), 1.0));
        ChemicalFormula.TryParse("Cl4..2", out _, out var error);
        var levels = DopantLevels.Relative(target, ChemicalFormula.Parse("Li2ZrCl6"));
        return string.Join("|",
            target.MolarMassGPerMol.ToString("R", CultureInfo.InvariantCulture),
            string.Join(";", solution.Precursors.Select(p => p.WeighedMassMg.ToString("R", CultureInfo.InvariantCulture))),
            charge.Net.ToString("R", CultureInfo.InvariantCulture),
            OxidationStateTable.Parse("Zr+3 Fe+3").FormatOverrides(),
            unreachable.Message,
            error!.Message,
            string.Join(";", levels.Select(l => l.Symbol + "=" + l.Amount.ToString("R", CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void ParseSolveFormat_UnderGerman_SameAsInvariant()
    {
        var invariant = TestCulture.Run(CultureInfo.InvariantCulture, Run);
        var german = TestCulture.Run(TestCulture.German, Run);

        Assert.Equal(invariant, german);
        Assert.Contains("O short by 0.8", german, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DecimalComma_RejectedUnderGerman()
    {
        var ok = TestCulture.Run(TestCulture.German, () => ChemicalFormula.TryParse("Li2,25Cl", out _, out _));

        Assert.False(ok);
    }
}
