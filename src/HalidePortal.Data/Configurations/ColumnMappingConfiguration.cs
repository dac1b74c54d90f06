using HalidePortal.Domain.Measurements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal sealed class ColumnMappingConfiguration : IEntityTypeConfiguration<ColumnMapping>
{
    public void Configure(EntityTypeBuilder<ColumnMapping> builder)
    {
        builder.MapTeamRecord();
        builder.Property(m => m.Name).HasMaxLength(200);
        // Headers of wide exports run to thousands of characters, past what a b-tree entry holds; a team has
        // few mappings, so the team index narrows the lookup enough.
        builder.Property(m => m.HeaderSignature);
        builder.Property(m => m.SpecJson).HasColumnType("jsonb");
        builder.Property(m => m.CreatedBy).HasMaxLength(256);
    }
}
