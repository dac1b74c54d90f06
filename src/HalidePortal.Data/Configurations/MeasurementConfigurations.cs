using System.Text.Json;
using HalidePortal.Domain.Measurements;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal sealed class MeasurementConfiguration : IEntityTypeConfiguration<Measurement>
{
    public void Configure(EntityTypeBuilder<Measurement> builder)
    {
        builder.MapTeamRecord();
        builder.Property(m => m.FileName).HasMaxLength(400);
        builder.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(m => new { m.TeamId, m.Sha256 });
        builder.HasIndex(m => m.SampleId);
        builder.HasIndex(m => m.PelletId);
        builder.HasIndex(m => m.CellId);
        builder.Property(m => m.Format).HasMaxLength(50);
        builder.Property(m => m.UploadedBy).HasMaxLength(256);
        builder.Property(m => m.SummaryJson).HasColumnType("jsonb");
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Technique).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.FileMetadata)
            .HasColumnType("jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new Dictionary<string, string>(),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                    v => new Dictionary<string, string>(v)));
        builder.HasOne<Sample>().WithMany().HasForeignKey(m => m.SampleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Pellet>().WithMany().HasForeignKey(m => m.PelletId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Cell>().WithMany().HasForeignKey(m => m.CellId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MeasurementColumnConfiguration : IEntityTypeConfiguration<MeasurementColumn>
{
    public void Configure(EntityTypeBuilder<MeasurementColumn> builder)
    {
        builder.ToTable("MeasurementColumns");
        builder.HasKey(c => new { c.MeasurementId, c.Index });
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Unit).HasMaxLength(50);
        builder.Property(c => c.Quantity).HasMaxLength(40);
        builder.HasOne<Measurement>().WithMany().HasForeignKey(c => c.MeasurementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SeriesChunkConfiguration : IEntityTypeConfiguration<SeriesChunk>
{
    public void Configure(EntityTypeBuilder<SeriesChunk> builder)
    {
        builder.ToTable("SeriesChunks");
        builder.HasKey(c => new { c.MeasurementId, c.ColumnIndex, c.ChunkIndex });
        builder.HasOne<Measurement>().WithMany().HasForeignKey(c => c.MeasurementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CycleSummaryConfiguration : IEntityTypeConfiguration<CycleSummary>
{
    public void Configure(EntityTypeBuilder<CycleSummary> builder)
    {
        builder.ToTable("CycleSummaries");
        builder.HasKey(c => new { c.MeasurementId, c.Cycle });
        builder.HasOne<Measurement>().WithMany().HasForeignKey(c => c.MeasurementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CycleCurveConfiguration : IEntityTypeConfiguration<CycleCurve>
{
    public void Configure(EntityTypeBuilder<CycleCurve> builder)
    {
        builder.ToTable("CycleCurves");
        builder.HasKey(c => new { c.MeasurementId, c.Cycle, c.Kind });
        builder.Property(c => c.Kind).HasMaxLength(10);
        builder.HasOne<Measurement>().WithMany().HasForeignKey(c => c.MeasurementId).OnDelete(DeleteBehavior.Cascade);
    }
}
