using HalidePortal.Analysis.Compositions;

namespace HalidePortal.Analysis.Tests.Compositions;

public sealed class DopantLevelsTests
{
    private static readonly ChemicalFormula Lzc = ChemicalFormula.Parse("Li2ZrCl6");

    // Independent source: DOMAIN.md, LZACFO = Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2 with x_Al, y_O, z_F.
    [Fact]
    public void Relative_LzacfoAgainstLzc_XAlYOZF()
    {
        var levels = DopantLevels.Relative(ChemicalFormula.Parse("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2"), Lzc);

        Assert.Equal([new("Al", "x_Al", 0.25), new("O", "y_O", 0.8), new("F", "z_F", 0.2)], levels);
    }

    [Fact]
    public void Relative_OnlyFluorine_KeepsFamilyLetter()
    {
        var levels = DopantLevels.Relative(ChemicalFormula.Parse("Li2ZrCl5.8F0.2"), Lzc);

        Assert.Equal([new("F", "z_F", 0.2)], levels);
    }

    [Fact]
    public void Relative_OtherDopantInFamily_NextFreeLetterW()
    {
        var levels = DopantLevels.Relative(ChemicalFormula.Parse("Li2.1Zr0.9Y0.1Cl5.8F0.2"), Lzc);

        Assert.Equal([new("Y", "w_Y", 0.1), new("F", "z_F", 0.2)], levels);
    }

    [Fact]
    public void Relative_OtherParent_LettersInOrderOfAppearance()
    {
        var levels = DopantLevels.Relative(ChemicalFormula.Parse("Li3In0.9Zr0.1Cl5.9O0.1"), ChemicalFormula.Parse("Li3InCl6"));

        Assert.Equal([new("Zr", "x_Zr", 0.1), new("O", "y_O", 0.1)], levels);
    }

    [Fact]
    public void Relative_SameAsParent_Empty()
    {
        Assert.Empty(DopantLevels.Relative(Lzc, Lzc));
    }
}
