using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;

namespace HalidePortal.Integration.Tests;

[Collection(PortalCollection.Name)]
public sealed class PrecursorMassTests(PortalApp app)
{
    // 1.000 g of LZACFO (M = 256.27 g/mol, standard atomic weights), published with the composition
    // (Chem. Sci. 2026, DOI 10.1039/D6SC04008J; shared/DOMAIN.md). Tolerance 0.05 mg, the table's last digit.
    private const double ToleranceMg = 0.05;

    [Fact]
    public async Task Solve_LzacfoOneGram_MatchesPublishedMasses()
    {
        var owner = await app.CreateTeamWithUserAsync();

        var result = await Json.ReadAsync<PrecursorMassView>(await owner.PostAsync("/api/precursors/solve",
            new SolveRequest("Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", 1.0, ["LiCl", "ZrCl4", "AlCl3", "LiF", "Li2O"])));

        var masses = result.Precursors.ToDictionary(p => p.Formula, p => p.MassMg, StringComparer.Ordinal);
        Assert.Equal(74.44, masses["LiCl"], ToleranceMg);
        Assert.Equal(681.98, masses["ZrCl4"], ToleranceMg);
        Assert.Equal(130.07, masses["AlCl3"], ToleranceMg);
        Assert.Equal(20.24, masses["LiF"], ToleranceMg);
        Assert.Equal(93.27, masses["Li2O"], ToleranceMg);
        Assert.Equal(256.27, result.MolarMassGPerMol, 0.005);
    }

    [Fact]
    public async Task PrecursorMasses_OfStoredComposition_UseTheTeamsPurity()
    {
        var owner = await app.CreateTeamWithUserAsync();
        var composition = await owner.CreateCompositionAsync("Li2ZrCl6");
        await owner.CreatePrecursorAsync("ZrCl4", purityPercent: 99.5);

        var result = await Json.ReadAsync<PrecursorMassView>(await owner.PostAsync(
            $"/api/compositions/{composition.Id}/precursor-masses", new PrecursorMassRequest(1.0, ["LiCl", "ZrCl4"])));

        var zr = Assert.Single(result.Precursors, p => p.Formula == "ZrCl4");
        Assert.Equal(zr.MassMg / 0.995, zr.WeighedMassMg, 1e-6);
        var li = Assert.Single(result.Precursors, p => p.Formula == "LiCl");
        Assert.Equal(li.MassMg, li.WeighedMassMg, 1e-9);
    }
}
