using HalidePortal.Analysis.Compositions;

namespace HalidePortal.Analysis.Tests.Compositions;

public sealed class PrecursorSolverTests
{
    private const string Lzacfo = "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2";

    private static ChemicalFormula F(string text) => ChemicalFormula.Parse(text);

    private static PrecursorInput[] Inputs(params string[] formulas) => formulas.Select(f => new PrecursorInput(F(f))).ToArray();

    // Independent source: DOMAIN.md step 2 (Chem. Sci. 2026, DOI 10.1039/D6SC04008J): 1.000 g LZACFO,
    // M = 256.27 g/mol, 0.45/0.75/0.25/0.20/0.80 per f.u., 74.44/681.98/130.07/20.24/93.27 mg.
    // Tolerances: 0.05 mg on masses, 0.01 g/mol on M, 1e-9 on moles per formula unit.
    [Fact]
    public void Solve_LzacfoOneGram_MatchesPublishedMasses()
    {
        var solution = PrecursorSolver.Solve(F(Lzacfo), Inputs("LiCl", "ZrCl4", "AlCl3", "LiF", "Li2O"), 1.000);

        Assert.Equal(256.27, solution.TargetMolarMassGPerMol, 0.01);
        Assert.Equal(1.000 / solution.TargetMolarMassGPerMol, solution.TargetMoles, 1e-12);
        double[] perFormulaUnit = [0.45, 0.75, 0.25, 0.20, 0.80];
        double[] massMg = [74.44, 681.98, 130.07, 20.24, 93.27];
        for (var i = 0; i < 5; i++)
        {
            var p = solution.Precursors[i];
            Assert.Equal(perFormulaUnit[i], p.MolesPerFormulaUnit, 1e-9);
            Assert.Equal(massMg[i], p.MassMg, 0.05);
            Assert.Equal(p.MassMg, p.WeighedMassMg);
            Assert.Equal(perFormulaUnit[i] * solution.TargetMoles, p.Moles, 1e-12);
            Assert.Null(p.PurityPercent);
        }

        Assert.Equal(["LiCl", "ZrCl4", "AlCl3", "LiF", "Li2O"], solution.Precursors.Select(p => p.Formula.Text));
        Assert.True(solution.ResidualNorm < 1e-9);
        Assert.True(solution.Iterations >= 5);
        Assert.Equal(PrecursorSolver.AlgorithmVersion, solution.AlgorithmVersion);
    }

    [Fact]
    public void Solve_PrecursorsInOtherOrder_SameMasses()
    {
        var solution = PrecursorSolver.Solve(F(Lzacfo), Inputs("Li2O", "LiF", "AlCl3", "ZrCl4", "LiCl"), 1.000);

        Assert.Equal([93.27, 20.24, 130.07, 681.98, 74.44], solution.Precursors.Select(p => Math.Round(p.MassMg, 2)));
    }

    // Same source as above; weighed = 681.98 / 0.995 (DOMAIN.md value divided by mass fraction), tolerance 0.05 mg.
    [Fact]
    public void Solve_ZrCl4AtPurity99_5_WeighedMassCorrected()
    {
        var inputs = Inputs("LiCl", "ZrCl4", "AlCl3", "LiF", "Li2O");
        inputs[1] = inputs[1] with { PurityPercent = 99.5 };

        var zrcl4 = PrecursorSolver.Solve(F(Lzacfo), inputs, 1.000).Precursors[1];

        Assert.Equal(681.98, zrcl4.MassMg, 0.05);
        Assert.Equal(681.98 / 0.995, zrcl4.WeighedMassMg, 0.05);
        Assert.Equal(zrcl4.MassMg / 0.995, zrcl4.WeighedMassMg, 1e-9);
        Assert.Equal(99.5, zrcl4.PurityPercent);
    }

    // Independent source: stoichiometry by hand, Li2ZrCl6 = 2 LiCl + ZrCl4; masses from M(LiCl) 42.39,
    // M(ZrCl4) 233.024, M(LZC) 317.804 (CIAAW 2013): 266.77 mg and 733.23 mg per gram; tolerance 0.01 mg.
    [Fact]
    public void Solve_Li2ZrCl6FromLiClZrCl4_TwoAndOnePerFormulaUnit()
    {
        var solution = PrecursorSolver.Solve(F("Li2ZrCl6"), Inputs("LiCl", "ZrCl4"), 1.000);

        Assert.Equal(2, solution.Precursors[0].MolesPerFormulaUnit, 1e-9);
        Assert.Equal(1, solution.Precursors[1].MolesPerFormulaUnit, 1e-9);
        Assert.Equal(266.77, solution.Precursors[0].MassMg, 0.01);
        Assert.Equal(733.23, solution.Precursors[1].MassMg, 0.01);
        Assert.Equal(1000, solution.Precursors.Sum(p => p.MassMg), 1e-9);
    }

    // Independent source: by hand, LZACF = 2.05 LiCl + 0.75 ZrCl4 + 0.25 AlCl3 + 0.2 LiF
    // (Li 2.05 + 0.2 = 2.25, Cl 2.05 + 3 + 0.75 = 5.8); tolerance 1e-9 per formula unit.
    [Fact]
    public void Solve_Lzacf_HandStoichiometry()
    {
        var solution = PrecursorSolver.Solve(F("Li2.25Zr0.75Al0.25Cl5.8F0.2"), Inputs("LiCl", "ZrCl4", "AlCl3", "LiF"), 2.5);

        Assert.Equal([2.05, 0.75, 0.25, 0.2], solution.Precursors.Select(p => Math.Round(p.MolesPerFormulaUnit, 9)));
        // Mass is conserved: the precursors add up to the batch.
        Assert.Equal(2500, solution.Precursors.Sum(p => p.MassMg), 1e-9);
    }

    [Fact]
    public void Solve_NoAlPrecursor_UnreachableNamesAl()
    {
        var thrown = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(F(Lzacfo), Inputs("LiCl", "ZrCl4", "LiF", "Li2O"), 1.0));

        Assert.Equal(
            "Precursors LiCl, ZrCl4, LiF, Li2O cannot reach Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2: Al short by 0.25 mol per formula unit",
            thrown.Message);
        Assert.Equal([new ElementResidual("Al", 0.25, 0)], thrown.LeftOver);
    }

    [Fact]
    public void Solve_OnlyLiClZrCl4ForLzacfo_NamesAlOAndF()
    {
        var thrown = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(F(Lzacfo), Inputs("LiCl", "ZrCl4"), 1.0));

        Assert.Equal(
            "Precursors LiCl, ZrCl4 cannot reach Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2: Al short by 0.25 mol per formula unit, O short by 0.8, F short by 0.2",
            thrown.Message);
        Assert.Equal(["Al", "O", "F"], thrown.LeftOver.Select(r => r.Element));
    }

    [Fact]
    public void Solve_ElementsPresentButRatioWrong_UnreachableWithResiduals()
    {
        // Cl/Li fixed at 1 by LiCl alone cannot give Li2ZrCl6's Zr; with ZrO2 oxygen is foreign.
        var thrown = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(F("Li2ZrCl6"), Inputs("LiCl", "ZrO2"), 1.0));

        Assert.Contains("O is not in the target but ZrO2 brings it", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(thrown.LeftOver, r => r.Element == "O" && r.Target == 0);
    }

    [Fact]
    public void Solve_ChlorineShortWithOnlyLiClAndZr_Unreachable()
    {
        // Li2ZrCl7 is not reachable from LiCl + ZrCl4 (2 + 4 = 6 Cl): least squares spreads the miss.
        var thrown = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(F("Li2ZrCl7"), Inputs("LiCl", "ZrCl4"), 1.0));

        Assert.Contains(thrown.LeftOver, r => r.Element == "Cl" && r.Achieved < 7);
        Assert.Contains("Cl short by", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_ForeignElementEvenIfUnused_Unreachable()
    {
        var thrown = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(F("Li2ZrCl6"), Inputs("LiCl", "ZrCl4", "Li2O"), 1.0));

        Assert.Equal(
            "Precursors LiCl, ZrCl4, Li2O cannot reach Li2ZrCl6: O is not in the target but Li2O brings it and amounts cannot be negative",
            thrown.Message);
    }

    [Fact]
    public void Solve_RedundantPrecursor_AmbiguousNamesIt()
    {
        var thrown = Assert.Throws<AmbiguousPrecursorsException>(() =>
            PrecursorSolver.Solve(F("Li2ZrCl6"), Inputs("LiCl", "ZrCl4", "Li2ZrCl6"), 1.0));

        Assert.Equal(["Li2ZrCl6"], thrown.Redundant);
        Assert.Contains("not unique", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("Li2ZrCl6 can be made from the precursors before it", thrown.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(thrown);
    }

    [Fact]
    public void Solve_DuplicatePrecursor_Rejected()
    {
        var thrown = Assert.Throws<ArgumentException>(() =>
            PrecursorSolver.Solve(F("Li2ZrCl6"), Inputs("LiCl", "ZrCl4", "ClLi"), 1.0));

        Assert.StartsWith("duplicate precursor ClLi (same composition as LiCl)", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Solve_BadBatchMass_Rejected(double batch)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PrecursorSolver.Solve(F("LiCl"), Inputs("LiCl"), batch));
    }

    [Fact]
    public void Solve_NoPrecursors_Rejected()
    {
        Assert.Throws<ArgumentException>(() => PrecursorSolver.Solve(F("LiCl"), [], 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100.5)]
    [InlineData(-5)]
    public void Solve_PurityOutOfRange_Rejected(double purity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            PrecursorSolver.Solve(F("LiCl"), [new PrecursorInput(F("LiCl"), purity)], 1));
    }

    [Fact]
    public void Solve_AlCl3ForUndopedLzc_UnreachableNotZeroAmount()
    {
        // AlCl3 brings Al the target lacks: an error rather than a silent 0 mg line.
        var thrown = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(F("Li2ZrCl6"), Inputs("LiCl", "ZrCl4", "AlCl3"), 1.0));

        Assert.Equal(["Al"], thrown.LeftOver.Select(r => r.Element));
    }

    // Independent source: by hand. Li2Cl from LiCl + Cl2 needs Cl2 = -0.5; with Cl2 held at 0 the
    // least-squares LiCl is the mean of 2 (Li) and 1 (Cl) = 1.5, so Li is short 0.5 and Cl over 0.5.
    [Fact]
    public void Solve_NonNegativityBinds_BestFitResidualsReported()
    {
        var thrown = Assert.Throws<UnreachableTargetException>(() =>
            PrecursorSolver.Solve(F("Li2Cl"), Inputs("LiCl", "Cl2"), 1.0));

        Assert.Equal(2, thrown.LeftOver.Count);
        Assert.Equal(1.5, thrown.LeftOver[0].Achieved, 1e-12);
        Assert.Equal(1.5, thrown.LeftOver[1].Achieved, 1e-12);
        Assert.Equal("Precursors LiCl, Cl2 cannot reach Li2Cl: Li short by 0.5 mol per formula unit, Cl in excess by 0.5", thrown.Message);
    }
}
