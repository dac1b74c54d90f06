using HalidePortal.Analysis.Compositions;

namespace HalidePortal.Analysis.Tests.Compositions;

public sealed class ChemicalFormulaTests
{
    [Fact]
    public void Parse_Lzacfo_MergedElementsInOrder()
    {
        var formula = ChemicalFormula.Parse("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2");

        Assert.Equal("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", formula.Text);
        Assert.Equal(
            [new("Li", 2.25), new("Zr", 0.75), new("Al", 0.25), new("Cl", 4.2), new("O", 0.8), new("F", 0.2)],
            formula.Elements);
    }

    [Fact]
    public void Parse_NestedGroupsWithMultipliers_AmountsMultiplied()
    {
        var formula = ChemicalFormula.Parse("Li3[Fe2(PO4)3]2");

        Assert.Equal(["Li", "Fe", "P", "O"], formula.Elements.Select(e => e.Symbol));
        Assert.Equal(3, formula.AmountOf("Li"));
        Assert.Equal(4, formula.AmountOf("Fe"));
        Assert.Equal(6, formula.AmountOf("P"));
        Assert.Equal(24, formula.AmountOf("O"));
    }

    [Fact]
    public void Parse_RepeatedElement_MergedAtFirstAppearance()
    {
        var formula = ChemicalFormula.Parse("ClLi(ZrCl2)2");

        Assert.Equal([new("Cl", 5), new("Li", 1), new("Zr", 2)], formula.Elements);
    }

    [Theory]
    [InlineData("Li.8Cl.8", 0.8)]
    [InlineData("Li0.8Cl0.8", 0.8)]
    [InlineData("Li 0.8 Cl 0.8", 0.8)]
    [InlineData("(LiCl)0.5", 0.5)]
    [InlineData("Li1.000Cl1", 1)]
    public void Parse_FractionalSubscripts_ReadWithDot(string text, double expected)
    {
        var formula = ChemicalFormula.Parse(text);

        Assert.Equal(expected, formula.AmountOf("Li"));
        Assert.Equal(expected, formula.AmountOf("Cl"));
    }

    [Fact]
    public void Parse_Whitespace_IgnoredAndDroppedFromText()
    {
        var formula = ChemicalFormula.Parse("  Li2 Zr\tCl6 ");

        Assert.Equal("Li2ZrCl6", formula.Text);
        Assert.Equal(6, formula.AmountOf("Cl"));
    }

    [Fact]
    public void AmountOf_AbsentElement_Zero()
    {
        Assert.Equal(0, ChemicalFormula.Parse("LiCl").AmountOf("Zr"));
    }

    // Independent source: sums of the CIAAW 2013 standard atomic weights as tabulated in DOMAIN.md's
    // reference (M(LZACFO) = 256.27), worked by hand; tolerance 0.005 g/mol (two decimals as published).
    [Theory]
    [InlineData("LiCl", 42.39)]
    [InlineData("ZrCl4", 233.02)]
    [InlineData("AlCl3", 133.33)]
    [InlineData("LiF", 25.94)]
    [InlineData("Li2O", 29.88)]
    [InlineData("Li2ZrCl6", 317.80)]
    [InlineData("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", 256.27)]
    [InlineData("H2O", 18.02)]
    [InlineData("Li6PS5Cl", 268.36)]
    public void MolarMass_KnownCompounds_MatchesHandSum(string text, double expected)
    {
        Assert.Equal(expected, ChemicalFormula.Parse(text).MolarMassGPerMol, 0.005);
    }

    [Theory]
    [InlineData("Li2Xx", 3, "unknown element 'Xx' at position 3")]
    [InlineData("li", 0, "element symbol must start with an uppercase letter, found 'li' at position 0")]
    [InlineData("Li2cl6", 3, "element symbol must start with an uppercase letter, found 'cl' at position 3")]
    [InlineData("Zrcl4", 2, "element symbol must start with an uppercase letter, found 'cl' at position 2")]
    [InlineData("Xxx", 0, "unknown element 'Xx' at position 0")]
    [InlineData("Li(Cl", 2, "unclosed '(' at position 2")]
    [InlineData("LiCl)", 4, "unmatched ')' at position 4")]
    [InlineData("Li(Cl]", 5, "'(' at position 2 is closed by ']' at position 5")]
    [InlineData("", 0, "empty formula at position 0")]
    [InlineData("   ", 0, "empty formula at position 0")]
    [InlineData("Li2.", 3, "empty subscript: no digits after '2.' at position 3")]
    [InlineData("Li.", 2, "empty subscript '.' at position 2")]
    [InlineData("Li()", 2, "empty group '()' at position 2")]
    [InlineData("Li-2", 2, "negative subscript at position 2")]
    [InlineData("Li0Cl", 2, "zero subscript '0' at position 2")]
    [InlineData("Li0.00Cl", 2, "zero subscript '0.00' at position 2")]
    [InlineData("Cl4..2", 2, "malformed number '4..2' at position 2")]
    [InlineData("Li2#", 3, "unexpected character '#' at position 3")]
    [InlineData("2LiCl", 0, "number without an element before it at position 0")]
    [InlineData("Li2,5Cl", 3, "unexpected character ',' at position 3")]
    [InlineData("LiCl·H2O", 4, "unexpected character '·' at position 4 (hydrate notation is not supported)")]
    public void Parse_BadFormula_ErrorPointsAtCharacter(string text, int position, string message)
    {
        Assert.False(ChemicalFormula.TryParse(text, out var formula, out var error));

        Assert.Null(formula);
        Assert.Equal(new FormulaError(message, position, text), error);
        var thrown = Assert.Throws<FormulaParseException>(() => ChemicalFormula.Parse(text));
        Assert.Equal(error, thrown.Error);
    }

    [Fact]
    public void Parse_UnknownElement_ExceptionShowsCaretLine()
    {
        var thrown = Assert.Throws<FormulaParseException>(() => ChemicalFormula.Parse("Li2Xx"));

        Assert.Equal("Li2Xx\n   ^", thrown.Error.Pointer);
        Assert.Equal("unknown element 'Xx' at position 3\nLi2Xx\n   ^", thrown.Message);
        Assert.IsAssignableFrom<FormatException>(thrown);
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ChemicalFormula.Parse(null!));
    }

    [Fact]
    public void HasSameCompositionAs_ReorderedFormula_True()
    {
        Assert.True(ChemicalFormula.Parse("ClLi").HasSameCompositionAs(ChemicalFormula.Parse("LiCl")));
        Assert.False(ChemicalFormula.Parse("LiCl").HasSameCompositionAs(ChemicalFormula.Parse("Li2Cl")));
    }
}
