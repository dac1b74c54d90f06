using HalidePortal.Domain.Diffraction;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal sealed class ReferencePhaseConfiguration : IEntityTypeConfiguration<ReferencePhase>
{
    public void Configure(EntityTypeBuilder<ReferencePhase> builder)
    {
        builder.MapTeamRecord();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Source).HasMaxLength(2000);
        // The reflections as arrays (double precision[], text[]): a phase is read and drawn whole, never queried by line.
        builder.Property(p => p.TwoThetaDeg).HasColumnType("double precision[]");
        builder.Property(p => p.RelativeIntensity).HasColumnType("double precision[]");
        builder.Property(p => p.Labels).HasColumnType("text[]");
    }
}
