using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal sealed class LiteratureCompositionConfiguration : IEntityTypeConfiguration<LiteratureComposition>
{
    public void Configure(EntityTypeBuilder<LiteratureComposition> builder)
    {
        builder.MapTeamRecord();
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Formula).HasMaxLength(200);
        builder.Property(l => l.ParentFormula).HasMaxLength(200);
        builder.Property(l => l.Doi).HasMaxLength(200);
    }
}
