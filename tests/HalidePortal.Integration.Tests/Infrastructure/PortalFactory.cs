using HalidePortal.Data.Jobs;
using HalidePortal.Worker;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>
/// The real app (Program) on its own database, in the Testing environment, with the worker's jobs running in the
/// same process (a Hangfire server on the same queue) so uploads are parsed as they would be in production.
/// </summary>
internal sealed class PortalFactory(string connectionString, string rawFolder) : WebApplicationFactory<Program>
{
    /// <summary>Per-file upload limit in tests, small enough to exceed cheaply.</summary>
    public const long MaxFileBytes = 48L * 1024 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", connectionString);
        builder.UseSetting("RawFiles:Folder", rawFolder);
        builder.UseSetting("RawFiles:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Jobs:PollSeconds", "0.2");
        builder.ConfigureServices(services =>
        {
            services.AddMeasurementJobs();
            services.AddPortalJobServer(2, "integration-tests-" + Guid.NewGuid().ToString("N")[..6]);
        });
        // Warnings and errors only: a 500 in a test shows its exception in the log. EF's probe for the
        // not-yet-created history table on a new database is logged as an error; it is expected here.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Critical");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }
}
