using HalidePortal.Data;
using HalidePortal.Domain.Recipes;
using HalidePortal.Domain.Teams;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>
/// The "Demo lab" team: the five compositions of the Li2ZrCl6 family with their published numbers
/// (Chem. Sci. 2026, DOI 10.1039/D6SC04008J), 1 g batches milled at 500 rpm in ZrO2 under Ar, pellets and NCM90 cells.
/// Runs once: a second call finds the team and does nothing.
/// </summary>
public sealed class DemoSeeder(
    UserManager<PortalUser> users,
    PortalDb portalDb,
    CompositionService compositions,
    PrecursorService precursors,
    SampleService samples,
    PelletService pellets,
    CellService cells,
    LiteratureService literature,
    ILogger<DemoSeeder> logger)
{
    public const string TeamName = "Demo lab";
    public const string Email = "demo@halideportal.test";
    public const string Password = "Demo-lab-2026!";
    public const string ViewerEmail = "reviewer@halideportal.test";
    public const string PartnerTeamName = "Partner lab";

    private sealed record DemoComposition(string Name, string Formula, string[] Precursors, string Notes, bool Cells, double? ModulusGPa = null);

    private const string FamilyDoi = "10.1039/D6SC04008J";

    // The family's published figures (30 C; NCM90 cells, 8.13 mg/cm2, 2.6-4.3 V), shown beside the team's own rows.
    private static LiteratureInput[] PublishedFamily() =>
    [
        new() { Name = "LZC", Formula = "Li2ZrCl6", ConductivitySPerCm = 3.97e-4, ActivationEnergyEv = 0.394, OxidationOnsetV = 3.99, CrystallinityPercent = 66.5,
            YoungsModulusGPa = 32.5, CapacityHalfCMahPerG = 146, CapacityOneCMahPerG = 112, RetentionPercent = 32.3, RetentionCycles = 150, Doi = FamilyDoi,
            Notes = "Long cycling at 0.5 C from 132 mAh/g." },
        new() { Name = "LZCF", Formula = "Li2ZrCl5.8F0.2", ConductivitySPerCm = 3.75e-4, Doi = FamilyDoi },
        new() { Name = "LZACF", Formula = "Li2.25Zr0.75Al0.25Cl5.8F0.2", ConductivitySPerCm = 5.89e-4, OxidationOnsetV = 4.07, CrystallinityPercent = 56.0,
            YoungsModulusGPa = 25.9, CapacityHalfCMahPerG = 148, CapacityOneCMahPerG = 113, RetentionPercent = 41.0, RetentionCycles = 150, Doi = FamilyDoi,
            Notes = "Long cycling at 0.5 C from 131 mAh/g." },
        new() { Name = "LZACO", Formula = "Li2.25Zr0.75Al0.25Cl4.4O0.8", ConductivitySPerCm = 1.15e-3, ActivationEnergyEv = 0.361, OxidationOnsetV = 3.95, Doi = FamilyDoi },
        new() { Name = "LZACFO", Formula = "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", ConductivitySPerCm = 1.12e-3, ActivationEnergyEv = 0.355, OxidationOnsetV = 3.98,
            CrystallinityPercent = 26.1, YoungsModulusGPa = 15.9, CapacityHalfCMahPerG = 156, CapacityOneCMahPerG = 131, RetentionPercent = 70, RetentionCycles = 500,
            Doi = FamilyDoi, Notes = "Long cycling at 0.5 C from 145 mAh/g. High loading (28.38 mg/cm2): 206 mAh/g first discharge, 72.2 % after 100 cycles." },
    ];

    private static readonly DemoComposition[] Family =
    [
        new("LZC", "Li2ZrCl6", ["LiCl", "ZrCl4"],
            "Parent. Published (30 C): sigma 3.97e-4 S/cm, Ea 0.394 eV, oxidation onset 3.99 V vs Li/Li+, crystallinity 66.5 %, Young's modulus 32.5 GPa. " +
            "NCM90 cells: 146 / 112 mAh/g at 0.5 / 1 C; 132 mAh/g at 0.5 C, 32.3 % after 150 cycles.", true, 32.5),
        new("LZCF", "Li2ZrCl5.8F0.2", ["LiCl", "ZrCl4", "LiF"],
            "F on the Cl site. Published (30 C): sigma 3.75e-4 S/cm.", false),
        new("LZACF", "Li2.25Zr0.75Al0.25Cl5.8F0.2", ["LiCl", "ZrCl4", "AlCl3", "LiF"],
            "Al on Zr plus F. Published (30 C): sigma 5.89e-4 S/cm, onset 4.07 V vs Li/Li+, crystallinity 56.0 %, modulus 25.9 GPa. " +
            "NCM90 cells: 148 / 113 mAh/g at 0.5 / 1 C; 131 mAh/g at 0.5 C, 41.0 % after 150 cycles.", true, 25.9),
        new("LZACO", "Li2.25Zr0.75Al0.25Cl4.4O0.8", ["LiCl", "ZrCl4", "AlCl3", "Li2O"],
            "Al on Zr plus O. Published (30 C): sigma 1.15e-3 S/cm, Ea 0.361 eV, onset 3.95 V vs Li/Li+.", false),
        new("LZACFO", "Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2", ["LiCl", "ZrCl4", "AlCl3", "LiF", "Li2O"],
            "Flagship. Published (30 C): sigma 1.12e-3 S/cm, Ea 0.355 eV, onset 3.98 V vs Li/Li+, crystallinity 26.1 %, modulus 15.9 GPa. " +
            "NCM90 cells: 156 / 131 mAh/g at 0.5 / 1 C; 145 mAh/g at 0.5 C, about 70 % after 500 cycles. " +
            "High loading (28.38 mg/cm2): 206 mAh/g first discharge, 72.2 % after 100 cycles.", true, 15.9),
    ];

    private static readonly (string Formula, string Name, string Supplier, string Lot, double Purity)[] Inventory =
    [
        ("LiCl", "Lithium chloride, anhydrous", "Sigma-Aldrich", "MKCR-4471", 99.9),
        ("ZrCl4", "Zirconium(IV) chloride", "Alfa Aesar", "Y12F034", 99.5),
        ("AlCl3", "Aluminium chloride, anhydrous", "Sigma-Aldrich", "SHBM-2210", 99.99),
        ("LiF", "Lithium fluoride", "Alfa Aesar", "Q28E011", 99.98),
        ("Li2O", "Lithium oxide", "Thermo Scientific", "A0459731", 99.5),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using (var db = await portalDb.OpenUnscopedAsync(ct))
        {
            if (await db.Teams.AnyAsync(t => t.Name == TeamName, ct))
            {
                logger.LogInformation("Demo team already present; nothing seeded");
                return;
            }
        }

        var team = new Team { Name = TeamName, CreatedAt = DateTimeOffset.UtcNow };
        var owner = await CreateUserAsync(Email, "Demo Owner");
        var viewer = await CreateUserAsync(ViewerEmail, "Reviewer");
        await using (var db = await portalDb.OpenUnscopedAsync(ct))
        {
            db.Teams.Add(team);
            db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = owner.Id, Role = TeamRole.Owner });
            db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = viewer.Id, Role = TeamRole.Viewer });
            foreach (var user in await db.Users.Where(u => u.Id == owner.Id || u.Id == viewer.Id).ToListAsync(ct))
            {
                user.CurrentTeamId = team.Id;
            }
            await db.SaveChangesAsync(ct);
        }

        var scope = new TeamScope(team.Id, team.Name, TeamRole.Owner, owner.Id, owner.DisplayName);
        foreach (var p in Inventory)
        {
            await precursors.CreateAsync(scope, new PrecursorInput(p.Formula, p.Name, p.Supplier, p.Lot, p.Purity), ct);
        }

        var day = new DateOnly(2026, 3, 2);
        var n = 0;
        foreach (var demo in Family)
        {
            var composition = await compositions.CreateAsync(scope, new CompositionInput(demo.Name, demo.Formula, "Li2ZrCl6", null, demo.Notes), ct);
            var masses = await precursors.SolveAsync(scope, demo.Formula, new PrecursorMassRequest(1.0, demo.Precursors), ct);
            var sample = await samples.CreateAsync(scope, new SampleInput
            {
                Code = $"{demo.Name}-2026-{++n:000}",
                CompositionId = composition.Id,
                SynthesisDate = day.AddDays(n * 3),
                Operator = "Demo Owner",
                YoungsModulusGPa = demo.ModulusGPa,
                Notes = "1 g batch, one-step mechanochemical synthesis in an Ar glovebox.",
                Tags = demo.Cells ? ["demo", "cycled"] : ["demo"],
                Recipe = new RecipeDto
                {
                    Name = $"{demo.Name}, one-step milling",
                    Steps =
                    [
                        new RecipeStepDto
                        {
                            Kind = StepKinds.Weighing, BatchMassG = 1.0,
                            Precursors = masses.Precursors.Select(p => new WeighedPrecursorDto
                            {
                                Formula = p.Formula, ActualMassMg = Math.Round(p.WeighedMassMg + 0.03, 2),
                            }).ToList(),
                        },
                        RecipeStepDto.NewOf(StepKinds.Milling),
                        RecipeStepDto.NewOf(StepKinds.Pressing),
                    ],
                },
            }, ct);
            await pellets.CreateAsync(scope, sample.Id, new PelletInput
            {
                Label = "P1", ThicknessMm = 0.82, DiameterMm = 10.0, MassMg = 148.5, PressingPressureMPa = 370, RelativeDensityPercent = 88,
            }, ct);
            await pellets.CreateAsync(scope, sample.Id, new PelletInput
            {
                Label = "P2", ThicknessMm = 0.95, DiameterMm = 10.0, MassMg = 171.2, PressingPressureMPa = 370, RelativeDensityPercent = 87,
            }, ct);
            if (demo.Cells)
            {
                await cells.CreateAsync(scope, sample.Id, Cell("C1", demo.Name, 8.13), ct);
                if (demo.Name == "LZACFO")
                {
                    await cells.CreateAsync(scope, sample.Id, Cell("C2-HL", demo.Name, 28.38), ct);
                }
            }
        }
        foreach (var published in PublishedFamily())
        {
            await literature.CreateAsync(scope, published, ct);
        }
        await SeedPartnerLabAsync(owner, ct);
        logger.LogInformation("Seeded the demo team '{Team}' (login {Email})", TeamName, Email);
    }

    /// <summary>A second team the demo user is a Member of, so the team switcher and the separation show.</summary>
    private async Task SeedPartnerLabAsync(PortalUser member, CancellationToken ct)
    {
        var team = new Team { Name = PartnerTeamName, CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = await portalDb.OpenUnscopedAsync(ct))
        {
            db.Teams.Add(team);
            db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = member.Id, Role = TeamRole.Member });
            await db.SaveChangesAsync(ct);
        }
        var scope = new TeamScope(team.Id, team.Name, TeamRole.Member, member.Id, member.DisplayName);
        var lyc = await compositions.CreateAsync(scope, new CompositionInput("LYC", "Li3YCl6", "Li3YCl6", null, "Partner lab's reference chloride."), ct);
        await samples.CreateAsync(scope, new SampleInput
        {
            Code = "LYC-P-001", CompositionId = lyc.Id, SynthesisDate = new DateOnly(2026, 4, 1), Operator = "Partner lab",
            Tags = ["reference"],
            Recipe = new RecipeDto { Name = "LYC, milling", Steps = [RecipeStepDto.NewOf(StepKinds.Milling)] },
        }, ct);
    }

    private static CellInput Cell(string label, string electrolyte, double loading) => new()
    {
        Label = label,
        Anode = "Li-In",
        Interlayer = "Li6PS5Cl",
        SolidElectrolyte = electrolyte,
        CathodeActiveMaterial = "NCM90",
        ActiveFraction = 0.7,
        ActiveMassLoadingMgPerCm2 = loading,
        AreaCm2 = 0.785,
        VoltageMinV = 2.6,
        VoltageMaxV = 4.3,
        PotentialReference = "Li/Li+",
        TemperatureC = 25,
        StackPressureMPa = 50,
        Notes = loading > 20 ? "High-loading cell." : "Rate test (0.1-1 C) then long cycling at 0.5 C; 1 C = 200 mA/g.",
    };

    private Task<PortalUser> CreateUserAsync(string email, string name) => CreateUserAsync(users, email, name);

    /// <summary>A confirmed user with the demo password (also the scale team's owner).</summary>
    internal static async Task<PortalUser> CreateUserAsync(UserManager<PortalUser> users, string email, string name)
    {
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create demo user: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        return user;
    }
}
