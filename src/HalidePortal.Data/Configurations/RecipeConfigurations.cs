using HalidePortal.Domain.Audit;
using HalidePortal.Domain.Recipes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal sealed class SynthesisRecipeConfiguration : IEntityTypeConfiguration<SynthesisRecipe>
{
    public void Configure(EntityTypeBuilder<SynthesisRecipe> builder)
    {
        builder.MapTeamRecord();
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RecipeId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Steps).AutoInclude();
    }
}

internal sealed class RecipeStepConfiguration : IEntityTypeConfiguration<RecipeStep>
{
    public void Configure(EntityTypeBuilder<RecipeStep> builder)
    {
        builder.ToTable("RecipeSteps");
        builder.HasDiscriminator<string>("StepType")
            .HasValue<WeighingStep>("Weighing")
            .HasValue<MillingStep>("Milling")
            .HasValue<AnnealingStep>("Annealing")
            .HasValue<PressingStep>("Pressing");
        builder.Property("StepType").HasMaxLength(20);
        builder.HasIndex(s => new { s.RecipeId, s.Position });
    }
}

internal sealed class WeighingStepConfiguration : IEntityTypeConfiguration<WeighingStep>
{
    public void Configure(EntityTypeBuilder<WeighingStep> builder)
    {
        builder.HasMany(s => s.Precursors).WithOne().HasForeignKey(p => p.WeighingStepId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Precursors).AutoInclude();
    }
}

internal sealed class MillingStepConfiguration : IEntityTypeConfiguration<MillingStep>
{
    public void Configure(EntityTypeBuilder<MillingStep> builder)
    {
        builder.Property(s => s.JarMaterial).HasMaxLength(50);
        builder.Property(s => s.BallMaterial).HasMaxLength(50);
        builder.Property(s => s.Atmosphere).HasColumnName("Atmosphere").HasMaxLength(50);
    }
}

internal sealed class AnnealingStepConfiguration : IEntityTypeConfiguration<AnnealingStep>
{
    public void Configure(EntityTypeBuilder<AnnealingStep> builder)
    {
        // Milling and annealing share one atmosphere column in the step table.
        builder.Property(s => s.Atmosphere).HasColumnName("Atmosphere").HasMaxLength(50);
        builder.Property(s => s.Cooling).HasMaxLength(200);
    }
}

internal sealed class WeighedPrecursorConfiguration : IEntityTypeConfiguration<WeighedPrecursor>
{
    public void Configure(EntityTypeBuilder<WeighedPrecursor> builder)
    {
        builder.Property(p => p.Formula).HasMaxLength(200);
    }
}

internal sealed class HistoryEntryConfiguration : IEntityTypeConfiguration<HistoryEntry>
{
    public void Configure(EntityTypeBuilder<HistoryEntry> builder)
    {
        builder.Property(h => h.EntityType).HasMaxLength(100);
        builder.Property(h => h.UserName).HasMaxLength(256);
        builder.Property(h => h.Action).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(h => new { h.TeamId, h.EntityId, h.At });
        builder.HasIndex(h => new { h.TeamId, h.ParentId });
        builder.OwnsMany(h => h.Changes, c => c.ToJson());
    }
}
