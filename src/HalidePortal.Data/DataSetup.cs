using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HalidePortal.Data;

public static class DataSetup
{
    public const string ConnectionName = "Portal";

    /// <summary>Registers the portal database (PostgreSQL) as a context factory and a scoped context.</summary>
    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{ConnectionName} (environment variable ConnectionStrings__{ConnectionName}).");
        builder.Services.AddDbContext<PortalDbContext>(o => Configure(o, connection), optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddDbContextFactory<PortalDbContext>(o => Configure(o, connection));
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder options, string connection)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Recipes load steps and weighing lines together; split queries avoid a cartesian blow-up.
        options.UseNpgsql(connection, npgsql => npgsql
            .MigrationsHistoryTable("__ef_migrations_history")
            .UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery));
    }
}

/// <summary>Lets `dotnet ef` build the model without starting a host.</summary>
internal sealed class DesignTimePortalDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        DataSetup.Configure(options, Environment.GetEnvironmentVariable("ConnectionStrings__Portal")
            ?? "Host=127.0.0.1;Database=halideportal_design");
        return new PortalDbContext(options.Options);
    }
}
