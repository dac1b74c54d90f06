using HalidePortal.Domain.Dashboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HalidePortal.Data.Configurations;

internal sealed class DashboardConfiguration : IEntityTypeConfiguration<Dashboard>
{
    public void Configure(EntityTypeBuilder<Dashboard> builder)
    {
        builder.MapTeamRecord();
        builder.Property(d => d.Name).HasMaxLength(120);
        builder.Property(d => d.Description).HasMaxLength(2000);
        builder.Property(d => d.CreatedBy).HasMaxLength(200);
        builder.HasMany(d => d.Panels).WithOne().HasForeignKey(p => p.DashboardId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DashboardPanelConfiguration : IEntityTypeConfiguration<DashboardPanel>
{
    public void Configure(EntityTypeBuilder<DashboardPanel> builder)
    {
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.SettingsJson).HasColumnType("jsonb");
        builder.HasIndex(p => new { p.DashboardId, p.Position });
    }
}

internal sealed class DashboardShareConfiguration : IEntityTypeConfiguration<DashboardShare>
{
    public void Configure(EntityTypeBuilder<DashboardShare> builder)
    {
        builder.Property(s => s.TokenHashSha256).HasMaxLength(64);
        builder.Property(s => s.Prefix).HasMaxLength(16);
        builder.Property(s => s.Label).HasMaxLength(200);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.HasIndex(s => s.TokenHashSha256).IsUnique();
        builder.HasIndex(s => s.DashboardId);
        builder.HasOne<Dashboard>().WithMany().HasForeignKey(s => s.DashboardId).OnDelete(DeleteBehavior.Cascade);
    }
}
