using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HalidePortal.Data;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Dashboards;
using HalidePortal.Domain.Measurements;
using HalidePortal.Domain.Teams;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Web.Services;

/// <summary>
/// A team the size the explorer and dashboards must stay fast at (`migrate --seed-scale`, for the performance browser
/// test and docs/PERFORMANCE.md): 200 compositions of Li(2+x)Zr(1-x)Al(x)Cl(6-2y-z)O(y)F(z), each a sample with a pellet
/// whose three impedance fits (25, 45, 65 °C, stored as the worker stores them) give σ and Ea; ten of them with a cell
/// whose 500-cycle file goes through the real upload and worker; and a dashboard of those ten cells' capacity,
/// coulombic efficiency and profiles. The impedance rows skip parsing and fitting (timed elsewhere) but are read back
/// exactly as real ones.
/// </summary>
public sealed class ScaleSeeder(
    UserManager<PortalUser> users,
    PortalDb portalDb,
    CompositionService compositions,
    SampleService samples,
    PelletService pellets,
    CellService cells,
    MeasurementService measurements,
    DashboardService dashboards,
    ILogger<ScaleSeeder> logger)
{
    public const string TeamName = "Scale lab";
    public const string Email = "scale@halideportal.test";
    public const string DashboardName = "10 cells x 500 cycles";
    public const int Compositions = 200;
    public const int Cells = 10;
    public const int Cycles = 500;

    /// <summary>Points per half cycle of the generated cycling files.</summary>
    private const int PointsPerHalfCycle = 40;

    private static readonly double[] TemperaturesC = [25, 45, 65];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using (var db = await portalDb.OpenUnscopedAsync(ct))
        {
            if (await db.Teams.AnyAsync(t => t.Name == TeamName, ct))
            {
                logger.LogInformation("Scale team already present; nothing seeded");
                return;
            }
        }

        var team = new Team { Name = TeamName, CreatedAt = DateTimeOffset.UtcNow };
        var owner = await DemoSeeder.CreateUserAsync(users, Email, "Scale Owner");
        await using (var db = await portalDb.OpenUnscopedAsync(ct))
        {
            db.Teams.Add(team);
            db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = owner.Id, Role = TeamRole.Owner });
            (await db.Users.SingleAsync(u => u.Id == owner.Id, ct)).CurrentTeamId = team.Id;
            await db.SaveChangesAsync(ct);
        }

        var scope = new TeamScope(team.Id, team.Name, TeamRole.Owner, owner.Id, owner.DisplayName);
        var cellIds = new List<Guid>();
        var day = new DateOnly(2025, 1, 6);
        for (int i = 0; i < Compositions; i++)
        {
            // 8 Al x 5 O x 5 F levels = 200 distinct formulas.
            double x = 0.05 * (i % 8), y = 0.2 * (i / 8 % 5), z = 0.1 * (i / 40 % 5);
            var composition = await compositions.CreateAsync(scope, new CompositionInput($"S{i + 1:000}", Formula(x, y, z)), ct);
            var sample = await samples.CreateAsync(scope, new SampleInput
            {
                Code = $"SC-{i + 1:000}",
                CompositionId = composition.Id,
                SynthesisDate = day.AddDays(i),
                Operator = i % 3 == 0 ? "A. Operator" : "B. Operator",
                Tags = ["scale", i % 2 == 0 ? "milled-12h" : "milled-24h"],
            }, ct);
            var pellet = await pellets.CreateAsync(scope, sample.Id, new PelletInput { Label = "P1", ThicknessMm = 0.8, DiameterMm = 10 }, ct);
            await AddImpedanceFitsAsync(scope, sample.Id, pellet, x, y, z, ct);
            if (i < Cells)
            {
                var cell = await cells.CreateAsync(scope, sample.Id, new CellInput
                {
                    Label = "C1", SolidElectrolyte = composition.Name, ActiveFraction = 0.7, ActiveMassLoadingMgPerCm2 = 10, AreaCm2 = 0.785,
                }, ct);
                cellIds.Add(cell.Id);
                await using var file = new MemoryStream(Encoding.UTF8.GetBytes(CyclingExport(Cycles, fade: 0.9996 - 0.00002 * i, seed: i)));
                var sent = await measurements.UploadAsync(scope, new AttachTarget("cell", cell.Id), new UploadSettings(), $"SC-{i + 1:000}_C1_500cycles.csv", file, null, ct);
                if (sent.Error is not null)
                {
                    throw new InvalidOperationException(sent.Error);
                }
            }
        }

        var dashboard = await dashboards.CreateAsync(scope, new DashboardInput(DashboardName, "Capacity, coulombic efficiency and profiles of ten cells."), ct);
        await dashboards.AddPanelAsync(scope, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "capacity", CellIds = cellIds }), ct);
        await dashboards.AddPanelAsync(scope, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 6, new PanelSettings { Overlay = "efficiency", CellIds = cellIds }), ct);
        await dashboards.AddPanelAsync(scope, dashboard.Id, new DashboardPanelInput(DashboardPanelKind.Overlay, null, 12,
            new PanelSettings { Overlay = "profiles", CellIds = cellIds, Cycles = [1, 100, 250, 500] }), ct);
        logger.LogInformation("Seeded the scale team '{Team}' (login {Email}): {Compositions} compositions, {Cells} cells of {Cycles} cycles queued",
            TeamName, Email, Compositions, Cells, Cycles);
    }

    private static string Formula(double x, double y, double z)
    {
        var text = new StringBuilder();
        void Add(string element, double amount)
        {
            if (amount > 1e-9)
            {
                text.Append(element).Append(Math.Round(amount, 3).ToString("0.###", CultureInfo.InvariantCulture));
            }
        }

        Add("Li", 2 + x);
        Add("Zr", 1 - x);
        Add("Al", x);
        Add("Cl", 6 - 2 * y - z);
        Add("O", y);
        Add("F", z);
        return text.ToString();
    }

    /// <summary>Three temperatures of R0-p(R1,CPE1)-CPE2 fits whose resistances follow σT = A exp(-Ea/kT).</summary>
    private async Task AddImpedanceFitsAsync(TeamScope scope, Guid sampleId, PelletView pellet, double x, double y, double z, CancellationToken ct)
    {
        // σ(30 °C) from 0.3 to 2 mS/cm and Ea from 0.30 to 0.45 eV over the grid, as the family spans.
        double ea = 0.30 + 0.3 * x + 0.08 * y - 0.05 * z + 0.01 * Math.Sin(7 * x + 3 * y);
        double sigma30 = 1e-3 * (0.4 + 3 * x + 0.8 * y * (1 - y) + 1.5 * z);
        const double k = 8.617333262e-5;
        double t30 = 303.15;
        double prefactor = sigma30 * t30 * Math.Exp(ea / (k * t30));
        double areaCm2 = pellet.EffectiveAreaCm2 ?? Math.PI * 0.25;
        double lengthCm = pellet.ThicknessMm / 10;
        await using var db = await portalDb.OpenAsync(scope, ct);
        foreach (double c in TemperaturesC)
        {
            double t = c + 273.15;
            double sigma = prefactor / t * Math.Exp(-ea / (k * t));
            double total = lengthCm / (sigma * areaCm2);
            var measurement = new Measurement
            {
                FileName = string.Create(CultureInfo.InvariantCulture, $"{pellet.Label}_{c:0}C.mpr"),
                Sha256 = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                SizeBytes = 24_576,
                SampleId = sampleId,
                PelletId = pellet.Id,
                State = MeasurementState.Done,
                Progress = 100,
                Format = "biologic-mpr",
                Technique = MeasurementTechnique.Impedance,
                RowCount = 61,
                TemperatureC = c,
                UploadedById = scope.UserId,
                UploadedBy = scope.UserName,
                ParsedAt = DateTimeOffset.UtcNow,
            };
            db.Measurements.Add(measurement);
            var record = new ImpedanceFitRecord("R0-p(R1,CPE1)-CPE2", "seeded", "modulus",
                [
                    new FittedParameter("R0", 0.15 * total, 0.002 * total, "Ohm", false),
                    new FittedParameter("R1", 0.85 * total, 0.01 * total, "Ohm", false),
                    new FittedParameter("CPE1.Q", 2e-10, 1e-12, "F s^(n-1)", false),
                    new FittedParameter("CPE1.n", 0.88, 0.005, "", false),
                    new FittedParameter("CPE2.Q", 3e-6, 1e-8, "F s^(n-1)", false),
                    new FittedParameter("CPE2.n", 0.8, 0.005, "", false),
                ],
                ChiSquare: 1e-4, RelativeMisfit: 0.008, Converged: true, Exit: "converged", Iterations: 18, Starts: 1, Points: 61,
                ExcludedInductive: 0, StartedFrom: null, Capacitances: [], ModelFrequencyHz: [], ModelZRealOhm: [], ModelZImagOhm: [],
                ResidualRealPercent: [], ResidualImagPercent: [], Notes: []);
            db.AnalysisRuns.Add(new AnalysisRun
            {
                MeasurementId = measurement.Id,
                Kind = AnalysisKind.ImpedanceFit,
                Version = 1,
                State = AnalysisState.Done,
                Progress = 100,
                SettingsJson = JsonSerializer.Serialize(new ImpedanceFitSettings(), AnalysisService.Json),
                ResultJson = JsonSerializer.Serialize(record, AnalysisService.Json),
                AlgorithmVersion = "seeded",
                CreatedAt = DateTimeOffset.UtcNow,
                CompletedAt = DateTimeOffset.UtcNow,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A Battery Archive style export of galvanostatic cycles between 3.0 and 4.2 V, <see cref="PointsPerHalfCycle"/>
    /// points each way, fading by <paramref name="fade"/> per cycle; the seed makes each file's bytes its own.
    /// </summary>
    internal static string CyclingExport(int cycles, double fade, int seed)
    {
        var text = new StringBuilder("Date_Time,Test_Time (s),Cycle_Index,Current (A),Voltage (V),Charge_Capacity (Ah),Discharge_Capacity (Ah)\n");
        var start = new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc).AddSeconds(seed);
        const double current = 1.1e-3, step = 3600.0 / PointsPerHalfCycle;
        double t = 0, capacity = 1;
        for (int cycle = 1; cycle <= cycles; cycle++, capacity *= fade)
        {
            double charge = 0, discharge = 0;
            foreach (double sign in new[] { 1.0, -1.0 })
            {
                double seconds = step * capacity * (sign > 0 ? 1.002 : 1);
                for (int i = 1; i <= PointsPerHalfCycle; i++)
                {
                    t += seconds;
                    double q = current * seconds / 3600;
                    if (sign > 0) { charge += q; } else { discharge += q; }
                    double s = (double)i / PointsPerHalfCycle;
                    double v = sign > 0 ? 3.55 + 0.55 * s + 0.1 * Math.Pow(s, 8) : 4.15 - 0.45 * s - 0.2 * Math.Pow(s, 8);
                    text.Append(CultureInfo.InvariantCulture, $"{start.AddSeconds(t):yyyy-MM-dd HH:mm:ss},{t:0.0},{cycle},{sign * current},{v:0.0000},{charge:0.0000000},{discharge:0.0000000}\n");
                }
            }
        }

        return text.ToString();
    }
}
