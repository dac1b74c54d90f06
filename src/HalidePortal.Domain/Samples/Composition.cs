namespace HalidePortal.Domain.Samples;

/// <summary>A target chemical composition, e.g. Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2 ("LZACFO").</summary>
public sealed class Composition : TeamRecord
{
    /// <summary>Short lab name, e.g. LZACFO.</summary>
    public required string Name { get; set; }
    public required string Formula { get; set; }
    /// <summary>Parent the dopant levels are counted against, e.g. Li2ZrCl6.</summary>
    public string? ParentFormula { get; set; }
    /// <summary>Oxidation states that differ from the defaults, as "Zr+4 Cl-1"; null means defaults.</summary>
    public string? OxidationStates { get; set; }
    public double MolarMassGPerMol { get; set; }
    public string? Notes { get; set; }
    public List<DopantLevel> DopantLevels { get; set; } = [];
}

/// <summary>How much of one dopant a composition carries relative to its parent, e.g. x_Al = 0.25.</summary>
public sealed class DopantLevel
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CompositionId { get; set; }
    public required string Element { get; set; }
    /// <summary>Symbol as the lab writes it, e.g. x_Al, y_O, z_F.</summary>
    public required string Symbol { get; set; }
    /// <summary>Moles of the dopant per formula unit.</summary>
    public double Amount { get; set; }
}

/// <summary>A precursor chemical in the team's inventory.</summary>
public sealed class Precursor : TeamRecord
{
    public required string Formula { get; set; }
    public string? Name { get; set; }
    public string? Supplier { get; set; }
    public string? Lot { get; set; }
    /// <summary>Mass purity in percent; null means 100 %.</summary>
    public double? PurityPercent { get; set; }
}
