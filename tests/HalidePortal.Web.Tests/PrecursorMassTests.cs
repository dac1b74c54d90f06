using HalidePortal.TestSupport;
using HalidePortal.Web.Components.Shared;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Tests;

public sealed class PrecursorMassTests
{
    private static readonly string[] Precursors = ["LiCl", "ZrCl4", "AlCl3", "LiF", "Li2O"];

    [Fact]
    public void Solve_Lzacfo_MatchesPublishedMasses()
    {
        // Reference: shared/DOMAIN.md (Chem. Sci. 2026), 1.000 g of LZACFO; tolerance 0.05 mg.
        var result = PrecursorService.Solve("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", new PrecursorMassRequest(1.0, Precursors), _ => null);

        Assert.Equal([74.44, 681.98, 130.07, 20.24, 93.27], result.Precursors.Select(p => p.MassMg), new Tolerance(0.05));
    }

    [Fact]
    public void Solve_PurityFromInventory_RaisesMassToWeigh()
    {
        var result = PrecursorService.Solve("Li2ZrCl6", new PrecursorMassRequest(1.0, ["LiCl", "ZrCl4"]), f => f == "ZrCl4" ? 99.5 : null);

        var zr = result.Precursors.Single(p => p.Formula == "ZrCl4");
        Assert.Equal(zr.MassMg / 0.995, zr.WeighedMassMg, 1e-9);
    }

    [Fact]
    public void Solve_MissingAlSource_IsAFieldErrorNamingAl()
    {
        var e = Assert.Throws<RecordValidationException>(() =>
            PrecursorService.Solve("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", new PrecursorMassRequest(1.0, ["LiCl", "ZrCl4", "LiF", "Li2O"]), _ => null));

        Assert.Contains("Al", e.Errors["precursors"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_BadFormulaAndMass_ReportsBothFields()
    {
        var e = Assert.Throws<RecordValidationException>(() =>
            PrecursorService.Solve("Li2Xx", new PrecursorMassRequest(0, ["LiCl"]), _ => null));

        Assert.Contains("Xx", e.Errors["formula"][0], StringComparison.Ordinal);
        Assert.True(e.Errors.ContainsKey("batchMassG"));
    }

    [Fact]
    public void Formatting_UnderGermanCulture_StaysInvariant()
    {
        var text = TestCulture.Run(TestCulture.German, () =>
            Fmt.Num(681.98, "0.00", "mg") + " " + CompositionService.Preview("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", null));

        Assert.Equal("681.98 mg M = 256.27 g/mol; charge +6.00 / -6.00 (balanced)", text);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
