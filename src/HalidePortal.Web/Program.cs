using HalidePortal.Data;
using HalidePortal.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortalData();
builder.AddPortalAuth();
builder.AddPortalServices();
builder.AddPortalApi();
builder.AddPortalUi();

var app = builder.Build();

// `HalidePortal.Web migrate [--seed-demo] [--seed-scale]`: apply migrations (and seed the demo team, or the
// 200-composition scale team of the performance test) and exit, so that several web instances never race to migrate.
if (args.Length > 0 && args[0] == "migrate")
{
    return await app.MigrateAsync(seedDemo: args.Contains("--seed-demo"), seedScale: args.Contains("--seed-scale"));
}

app.UsePortalPipeline();
app.MapPortalApi();
app.MapPortalUi();
await app.RunAsync();
return 0;

public partial class Program;
