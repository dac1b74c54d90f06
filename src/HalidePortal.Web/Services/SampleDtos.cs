namespace HalidePortal.Web.Services;

public sealed class SampleInput
{
    public string Code { get; set; } = "";
    public Guid CompositionId { get; set; }
    public DateOnly SynthesisDate { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow);
    public string? Operator { get; set; }
    public string? Notes { get; set; }
    /// <summary>Young's modulus as measured (AFM, nanoindentation), GPa.</summary>
    public double? YoungsModulusGPa { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>The batch's recipe; null keeps a sample without one.</summary>
    public RecipeDto? Recipe { get; set; }
}

public enum SampleSort
{
    Date = 0,
    Code = 1,
    Composition = 2,
}

public sealed record SampleQuery(
    string? Search = null,
    Guid? CompositionId = null,
    string? DopantElement = null,
    double? DopantMin = null,
    double? DopantMax = null,
    string? Tag = null,
    SampleSort Sort = SampleSort.Date,
    bool Descending = true,
    int Page = 1,
    int PageSize = 25,
    bool Deleted = false);

public sealed record SampleRow(
    Guid Id, string Code, Guid CompositionId, string CompositionName, string Formula, double MolarMassGPerMol,
    IReadOnlyList<DopantView> Dopants, DateOnly SynthesisDate, string? Operator, IReadOnlyList<string> Tags,
    int PelletCount, int CellCount, bool IsDeleted);

public sealed record SamplePage(IReadOnlyList<SampleRow> Items, int Total, int Page, int PageSize);

public sealed record SampleDetail(
    Guid Id, string Code, CompositionView Composition, RecipeDto? Recipe, DateOnly SynthesisDate, string? Operator,
    string? Notes, IReadOnlyList<string> Tags, IReadOnlyList<PelletView> Pellets, IReadOnlyList<CellView> Cells, bool IsDeleted)
{
    public double? YoungsModulusGPa { get; init; }

    /// <summary>The form values to edit this sample, balance readings included (saving must not lose them).</summary>
    public SampleInput ToInput() => new()
    {
        Code = Code, CompositionId = Composition.Id, SynthesisDate = SynthesisDate, Operator = Operator, Notes = Notes, YoungsModulusGPa = YoungsModulusGPa,
        Tags = Tags.ToList(), Recipe = Recipe?.Clone(keepActualMasses: true),
    };
}

public sealed class PelletInput
{
    public string Label { get; set; } = "";
    public double? ThicknessMm { get; set; }
    public double? DiameterMm { get; set; }
    public double? AreaCm2 { get; set; }
    public double? MassMg { get; set; }
    public double? PressingPressureMPa { get; set; }
    public double? RelativeDensityPercent { get; set; }
}

public sealed record PelletView(
    Guid Id, Guid SampleId, string Label, double ThicknessMm, double? DiameterMm, double? AreaCm2, double? EffectiveAreaCm2,
    double? MassMg, double? PressingPressureMPa, double? RelativeDensityPercent);

public sealed class CellInput
{
    public string Label { get; set; } = "";
    public string Anode { get; set; } = "Li-In";
    public string? Interlayer { get; set; } = "Li6PS5Cl";
    public string? SolidElectrolyte { get; set; }
    public string CathodeActiveMaterial { get; set; } = "NCM90";
    public double? ActiveFraction { get; set; }
    public double? ActiveMassLoadingMgPerCm2 { get; set; }
    public double? AreaCm2 { get; set; }
    public double? VoltageMinV { get; set; } = 2.6;
    public double? VoltageMaxV { get; set; } = 4.3;
    public string PotentialReference { get; set; } = "Li/Li+";
    public double? TemperatureC { get; set; } = 25;
    public double? StackPressureMPa { get; set; }
    public string? Notes { get; set; }
}

public sealed record CellView(
    Guid Id, Guid SampleId, string Label, string Anode, string? Interlayer, string? SolidElectrolyte, string CathodeActiveMaterial,
    double? ActiveFraction, double? ActiveMassLoadingMgPerCm2, double AreaCm2, double? ActiveMassMg, double? VoltageMinV,
    double? VoltageMaxV, string PotentialReference, double? TemperatureC, double? StackPressureMPa, string? Notes)
{
    /// <summary>The layer stack as the lab writes it, anode first.</summary>
    public string Stack => string.Join(" | ", new[] { Anode, Interlayer, SolidElectrolyte, CathodeActiveMaterial + " composite" }
        .Where(s => !string.IsNullOrWhiteSpace(s)));
}

public sealed record RecipeChoice(Guid RecipeId, Guid SampleId, string Code, string CompositionName)
{
    public string Label => $"{Code} ({CompositionName})";
}
