using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>The real app (Program) on its own database, in the Testing environment.</summary>
internal sealed class PortalFactory(string connectionString) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portal", connectionString);
        // Warnings and errors only: a 500 in a test shows its exception in the log. EF's probe for the
        // not-yet-created history table on a new database is logged as an error; it is expected here.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Critical");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }
}
