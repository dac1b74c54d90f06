using System.Globalization;
using HalidePortal.Domain;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Audit;
using HalidePortal.Domain.Dashboards;
using HalidePortal.Domain.Diffraction;
using HalidePortal.Domain.Measurements;
using HalidePortal.Domain.Recipes;
using HalidePortal.Domain.Samples;
using HalidePortal.Domain.Teams;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace HalidePortal.Data;

/// <summary>Who is acting, for the history log.</summary>
public sealed record Actor(Guid? UserId, string? UserName);

/// <summary>
/// The portal's database. Every team record is filtered by <see cref="TeamScope"/>: a context with no
/// team in scope sees no team records at all, so forgetting to scope can only hide data, never leak it.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<PortalUser, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>The team whose records queries see and new records join.</summary>
    public Guid? TeamScope { get; set; }

    /// <summary>When true, soft-deleted records are visible too (an Owner restoring them).</summary>
    public bool IncludeDeleted { get; set; }

    public Actor? Actor { get; set; }

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Composition> Compositions => Set<Composition>();
    public DbSet<DopantLevel> DopantLevels => Set<DopantLevel>();
    public DbSet<Precursor> Precursors => Set<Precursor>();
    public DbSet<SynthesisRecipe> Recipes => Set<SynthesisRecipe>();
    public DbSet<RecipeStep> RecipeSteps => Set<RecipeStep>();
    public DbSet<Sample> Samples => Set<Sample>();
    public DbSet<LiteratureComposition> LiteratureCompositions => Set<LiteratureComposition>();
    public DbSet<Pellet> Pellets => Set<Pellet>();
    public DbSet<Cell> Cells => Set<Cell>();
    public DbSet<HistoryEntry> History => Set<HistoryEntry>();
    public DbSet<Measurement> Measurements => Set<Measurement>();
    public DbSet<MeasurementColumn> MeasurementColumns => Set<MeasurementColumn>();
    public DbSet<SeriesChunk> SeriesChunks => Set<SeriesChunk>();
    public DbSet<CycleSummary> CycleSummaries => Set<CycleSummary>();
    public DbSet<CycleCurve> CycleCurves => Set<CycleCurve>();
    public DbSet<ColumnMapping> ColumnMappings => Set<ColumnMapping>();
    public DbSet<AnalysisRun> AnalysisRuns => Set<AnalysisRun>();
    public DbSet<ReferencePhase> ReferencePhases => Set<ReferencePhase>();
    public DbSet<Dashboard> Dashboards => Set<Dashboard>();
    public DbSet<DashboardPanel> DashboardPanels => Set<DashboardPanel>();
    public DbSet<DashboardShare> DashboardShares => Set<DashboardShare>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

        ApplyTeamFilter<Composition>(builder);
        ApplyTeamFilter<Precursor>(builder);
        ApplyTeamFilter<SynthesisRecipe>(builder);
        ApplyTeamFilter<Sample>(builder);
        ApplyTeamFilter<LiteratureComposition>(builder);
        ApplyTeamFilter<Pellet>(builder);
        ApplyTeamFilter<Cell>(builder);
        ApplyTeamFilter<Measurement>(builder);
        ApplyTeamFilter<ColumnMapping>(builder);
        ApplyTeamFilter<ReferencePhase>(builder);
        ApplyTeamFilter<Dashboard>(builder);
        builder.Entity<DashboardPanel>().HasQueryFilter(p => p.TeamId == TeamScope);
        builder.Entity<DashboardShare>().HasQueryFilter(s => s.TeamId == TeamScope);
        builder.Entity<MeasurementColumn>().HasQueryFilter(c => c.TeamId == TeamScope);
        builder.Entity<SeriesChunk>().HasQueryFilter(c => c.TeamId == TeamScope);
        builder.Entity<CycleSummary>().HasQueryFilter(c => c.TeamId == TeamScope);
        builder.Entity<CycleCurve>().HasQueryFilter(c => c.TeamId == TeamScope);
        builder.Entity<AnalysisRun>().HasQueryFilter(r => r.TeamId == TeamScope);
        builder.Entity<RecipeStep>().HasQueryFilter(s => s.TeamId == TeamScope);
        builder.Entity<WeighedPrecursor>().HasQueryFilter(p => p.TeamId == TeamScope);
        builder.Entity<HistoryEntry>().HasQueryFilter(h => h.TeamId == TeamScope);
    }

    private void ApplyTeamFilter<T>(ModelBuilder builder) where T : TeamRecord =>
        builder.Entity<T>().HasQueryFilter(e => e.TeamId == TeamScope && (IncludeDeleted || !e.IsDeleted));

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: history entries are written with the change.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        var now = Clock.GetUtcNow();
        var pending = new List<(EntityEntry Entry, HistoryEntry History)>();
        foreach (var entry in ChangeTracker.Entries<ITeamOwned>().ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            StampTeam(entry);
            if (entry.Entity is TeamRecord record)
            {
                if (entry.State == EntityState.Added)
                {
                    record.CreatedAt = now;
                }
                record.UpdatedAt = now;
            }
            if (HistoryRecorder.Describe(entry, now, Actor) is { } history)
            {
                pending.Add((entry, history));
            }
        }
        foreach (var (entry, history) in pending)
        {
            // Ids are client-generated, so they are known before the insert.
            history.EntityId = (Guid)entry.Property("Id").CurrentValue!;
            History.Add(history);
        }
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampTeam(EntityEntry<ITeamOwned> entry)
    {
        if (entry.State == EntityState.Added && entry.Entity.TeamId == Guid.Empty)
        {
            entry.Entity.TeamId = TeamScope
                ?? throw new InvalidOperationException($"A new {entry.Metadata.ClrType.Name} needs a team, and no team is in scope.");
        }
        if (entry.State != EntityState.Added && entry.Property(e => e.TeamId).IsModified)
        {
            throw new InvalidOperationException("A record cannot move to another team.");
        }
        if (TeamScope is { } scope && entry.Entity.TeamId != scope)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{entry.Metadata.ClrType.Name} belongs to another team than the one in scope."));
        }
    }
}
