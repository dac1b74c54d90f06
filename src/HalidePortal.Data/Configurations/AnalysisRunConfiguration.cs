using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal sealed class AnalysisRunConfiguration : IEntityTypeConfiguration<AnalysisRun>
{
    public void Configure(EntityTypeBuilder<AnalysisRun> builder)
    {
        builder.ToTable("AnalysisRuns");
        builder.HasKey(r => r.Id);
        // Versions count per measurement and kind; the index also serves "latest run of each kind".
        builder.HasIndex(r => new { r.MeasurementId, r.Kind, r.Version }).IsUnique();
        builder.HasIndex(r => r.TeamId);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.SettingsJson).HasColumnType("jsonb");
        builder.Property(r => r.ResultJson).HasColumnType("jsonb");
        builder.Property(r => r.AlgorithmVersion).HasMaxLength(40);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.HasOne<Measurement>().WithMany().HasForeignKey(r => r.MeasurementId).OnDelete(DeleteBehavior.Cascade);
    }
}
