using HalidePortal.Analysis.Compositions;

namespace HalidePortal.Analysis.Tests.Compositions;

public sealed class ChargeBalanceTests
{
    // Independent source: the five compositions of DOMAIN.md ("Published figures"), all charge neutral
    // with Li +1, Zr +4, Al +3, Cl -1, O -2, F -1; tolerance 1e-9 per formula unit.
    [Theory]
    [InlineData("Li2ZrCl6", 6)]
    [InlineData("Li2ZrCl5.8F0.2", 6)]
    [InlineData("Li2.25Zr0.75Al0.25Cl5.8F0.2", 6)]
    [InlineData("Li2.25Zr0.75Al0.25Cl4.4O0.8", 6)]
    [InlineData("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", 6)]
    public void Compute_DomainCompositions_Balanced(string text, double charge)
    {
        var result = ChargeBalance.Compute(ChemicalFormula.Parse(text), OxidationStateTable.Default);

        Assert.True(result.IsBalanced);
        Assert.Equal(charge, result.Positive, 1e-9);
        Assert.Equal(-charge, result.Negative, 1e-9);
        Assert.Equal(0, result.Net, 1e-9);
        Assert.Empty(result.ElementsWithoutState);
    }

    [Fact]
    public void Compute_AlWithoutExtraLi_NotBalanced()
    {
        // Al on Zr without the compensating Li: 2 + 3 + 0.75 = 5.75 against -6.
        var result = ChargeBalance.Compute(ChemicalFormula.Parse("Li2Zr0.75Al0.25Cl6"), OxidationStateTable.Default);

        Assert.False(result.IsBalanced);
        Assert.Equal(5.75, result.Positive, 1e-12);
        Assert.Equal(-6, result.Negative, 1e-12);
        Assert.Equal(-0.25, result.Net, 1e-12);
    }

    [Fact]
    public void Compute_ElementWithoutState_NotBalancedAndNamed()
    {
        var result = ChargeBalance.Compute(ChemicalFormula.Parse("LiFePO4"), OxidationStateTable.Default);

        Assert.False(result.IsBalanced);
        Assert.Equal(["Fe"], result.ElementsWithoutState);
    }

    [Fact]
    public void Compute_OverrideSuppliesState_Balanced()
    {
        var result = ChargeBalance.Compute(ChemicalFormula.Parse("LiFePO4"), OxidationStateTable.Parse("Fe+2"));

        Assert.True(result.IsBalanced);
    }

    [Fact]
    public void Compute_OverrideChangesState_UsesOverride()
    {
        var result = ChargeBalance.Compute(ChemicalFormula.Parse("Li2ZrCl6"), OxidationStateTable.Parse("Zr+3"));

        Assert.Equal(5, result.Positive, 1e-12);
        Assert.False(result.IsBalanced);
    }
}
