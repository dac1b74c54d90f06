using HalidePortal.Data;
using HalidePortal.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddPortalData();
builder.Services.AddHostedService<JobHost>();

var host = builder.Build();
await host.RunAsync();
