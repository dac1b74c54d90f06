using Hangfire;
using HalidePortal.Data.Jobs;
using HalidePortal.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HalidePortal.Integration.Tests;

/// <summary>
/// Every host queues into its own database, even when a process runs several (the test suite runs one portal per
/// collection): Hangfire's default storage is process-wide, and the last host configured would take the others' jobs.
/// </summary>
public sealed class JobStorageTests
{
    [Fact]
    public async Task TwoHostsInOneProcess_EachKeepsItsOwnQueueStorage()
    {
        await using var first = new TestDatabase("halide_jobs");
        await using var second = new TestDatabase("halide_jobs");
        await first.CreateAsync();
        await second.CreateAsync();
        using var hostA = Build(first.ConnectionString);
        using var hostB = Build(second.ConnectionString);

        // Host A is configured (as its job server would at start), then host B, then A enqueues its first job.
        _ = hostA.Services.GetRequiredService<IGlobalConfiguration>();
        _ = hostB.Services.GetRequiredService<IGlobalConfiguration>();
        var storageA = hostA.Services.GetRequiredService<JobStorage>();
        var storageB = hostB.Services.GetRequiredService<JobStorage>();

        Assert.NotSame(storageA, storageB);
        Assert.Contains(DatabaseOf(first.ConnectionString), storageA.ToString(), StringComparison.Ordinal);
        Assert.Contains(DatabaseOf(second.ConnectionString), storageB.ToString(), StringComparison.Ordinal);
    }

    private static IHost Build(string connection)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Portal"] = connection;
        builder.AddPortalJobs();
        return builder.Build();
    }

    private static string DatabaseOf(string connection) => new Npgsql.NpgsqlConnectionStringBuilder(connection).Database!;
}
