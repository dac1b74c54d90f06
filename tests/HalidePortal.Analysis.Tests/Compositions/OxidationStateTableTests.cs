using HalidePortal.Analysis.Compositions;

namespace HalidePortal.Analysis.Tests.Compositions;

public sealed class OxidationStateTableTests
{
    [Theory]
    [InlineData("Li", 1)]
    [InlineData("Na", 1)]
    [InlineData("K", 1)]
    [InlineData("Zr", 4)]
    [InlineData("Hf", 4)]
    [InlineData("Ti", 4)]
    [InlineData("Al", 3)]
    [InlineData("Y", 3)]
    [InlineData("In", 3)]
    [InlineData("Sc", 3)]
    [InlineData("Ta", 5)]
    [InlineData("Nb", 5)]
    [InlineData("Cl", -1)]
    [InlineData("Br", -1)]
    [InlineData("I", -1)]
    [InlineData("O", -2)]
    [InlineData("F", -1)]
    [InlineData("S", -2)]
    public void Default_LabStates_Present(string symbol, int state)
    {
        Assert.Equal(state, OxidationStateTable.Default.StateOf(symbol));
    }

    [Fact]
    public void Default_AmbiguousElement_NoState()
    {
        Assert.Null(OxidationStateTable.Default.StateOf("Fe"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_NullOrBlank_Defaults(string? text)
    {
        var table = OxidationStateTable.Parse(text);

        Assert.Equal(4, table.StateOf("Zr"));
        Assert.Equal("", table.FormatOverrides());
    }

    [Fact]
    public void Parse_Overrides_ReplaceDefaultsPerElement()
    {
        var table = OxidationStateTable.Parse("Zr+3, Fe+2 Cl-1");

        Assert.Equal(3, table.StateOf("Zr"));
        Assert.Equal(2, table.StateOf("Fe"));
        Assert.Equal(-1, table.StateOf("Cl"));
        Assert.Equal(1, table.StateOf("Li"));
    }

    [Fact]
    public void FormatOverrides_OnlyDifferences_CationsThenAnionsByAtomicNumber()
    {
        var table = OxidationStateTable.Parse("S-1 Zr+3 Li+1 Fe+3 Cl-1 C+0");

        Assert.Equal("Fe+3 Zr+3 C+0 S-1", table.FormatOverrides());
        Assert.Equal(table.FormatOverrides(), OxidationStateTable.Parse(table.FormatOverrides()).FormatOverrides());
    }

    [Theory]
    [InlineData("Zr4", "bad oxidation state 'Zr4': expected element, sign and charge, e.g. 'Zr+4 Cl-1'")]
    [InlineData("Zr4+", "bad oxidation state 'Zr4+': expected element, sign and charge, e.g. 'Zr+4 Cl-1'")]
    [InlineData("+4", "bad oxidation state '+4': expected element, sign and charge, e.g. 'Zr+4 Cl-1'")]
    [InlineData("Zr+x", "bad oxidation state 'Zr+x': expected element, sign and charge, e.g. 'Zr+4 Cl-1'")]
    [InlineData("Xx+1", "bad oxidation state 'Xx+1': unknown element 'Xx'")]
    [InlineData("Zr+4 Zr+3", "bad oxidation state 'Zr+3': Zr is given twice")]
    public void Parse_BadText_ClearError(string text, string message)
    {
        var thrown = Assert.Throws<FormatException>(() => OxidationStateTable.Parse(text));

        Assert.Equal(message, thrown.Message);
        Assert.False(OxidationStateTable.TryParse(text, out var table, out var error));
        Assert.Null(table);
        Assert.Equal(message, error);
    }
}
