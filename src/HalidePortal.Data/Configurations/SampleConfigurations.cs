using HalidePortal.Domain;
using HalidePortal.Domain.Samples;
using HalidePortal.Domain.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal static class TeamRecordMapping
{
    /// <summary>Team key, team-first indexes and the owning team's cascade, shared by every team record.</summary>
    public static void MapTeamRecord<T>(this EntityTypeBuilder<T> builder) where T : TeamRecord
    {
        builder.HasOne<Team>().WithMany().HasForeignKey(e => e.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.TeamId, e.IsDeleted });
    }
}

internal sealed class CompositionConfiguration : IEntityTypeConfiguration<Composition>
{
    public void Configure(EntityTypeBuilder<Composition> builder)
    {
        builder.MapTeamRecord();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Formula).HasMaxLength(200);
        builder.Property(c => c.ParentFormula).HasMaxLength(200);
        builder.Property(c => c.OxidationStates).HasMaxLength(300);
        builder.HasMany(c => c.DopantLevels).WithOne().HasForeignKey(d => d.CompositionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DopantLevelConfiguration : IEntityTypeConfiguration<DopantLevel>
{
    public void Configure(EntityTypeBuilder<DopantLevel> builder)
    {
        builder.Property(d => d.Element).HasMaxLength(3);
        builder.Property(d => d.Symbol).HasMaxLength(10);
        builder.HasIndex(d => new { d.Element, d.Amount });
    }
}

internal sealed class PrecursorConfiguration : IEntityTypeConfiguration<Precursor>
{
    public void Configure(EntityTypeBuilder<Precursor> builder)
    {
        builder.MapTeamRecord();
        builder.Property(p => p.Formula).HasMaxLength(200);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Supplier).HasMaxLength(200);
        builder.Property(p => p.Lot).HasMaxLength(100);
    }
}

internal sealed class SampleConfiguration : IEntityTypeConfiguration<Sample>
{
    public void Configure(EntityTypeBuilder<Sample> builder)
    {
        builder.MapTeamRecord();
        builder.Property(s => s.Code).HasMaxLength(100);
        builder.HasIndex(s => new { s.TeamId, s.Code });
        builder.Property(s => s.Operator).HasMaxLength(200);
        builder.HasOne(s => s.Composition).WithMany().HasForeignKey(s => s.CompositionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Recipe).WithMany().HasForeignKey(s => s.RecipeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(s => s.Pellets).WithOne(p => p.Sample).HasForeignKey(p => p.SampleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Cells).WithOne(c => c.Sample).HasForeignKey(c => c.SampleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PelletConfiguration : IEntityTypeConfiguration<Pellet>
{
    public void Configure(EntityTypeBuilder<Pellet> builder)
    {
        builder.MapTeamRecord();
        builder.Property(p => p.Label).HasMaxLength(100);
        builder.Ignore(p => p.EffectiveAreaCm2);
    }
}

internal sealed class CellConfiguration : IEntityTypeConfiguration<Cell>
{
    public void Configure(EntityTypeBuilder<Cell> builder)
    {
        builder.MapTeamRecord();
        builder.Property(c => c.Label).HasMaxLength(100);
        builder.Property(c => c.Anode).HasMaxLength(200);
        builder.Property(c => c.Interlayer).HasMaxLength(200);
        builder.Property(c => c.SolidElectrolyte).HasMaxLength(200);
        builder.Property(c => c.CathodeActiveMaterial).HasMaxLength(200);
        builder.Property(c => c.PotentialReference).HasMaxLength(50);
        builder.Ignore(c => c.ActiveMassMg);
    }
}
