using HalidePortal.Data;
using HalidePortal.Integration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Integration.Tests;

/// <summary>The migrations build the model's schema from nothing (what `dotnet ef migrations has-pending-model-changes` checks in CI elsewhere).</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_AppliesEveryMigrationAndLeavesNoModelChanges()
    {
        await using var database = new TestDatabase("halide_migrate");
        await database.CreateAsync();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DataSetup.Configure(options, database.ConnectionString);
        await using var db = new PortalDbContext(options.Options);

        var all = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration covers: add one with `dotnet ef migrations add`");
    }
}
