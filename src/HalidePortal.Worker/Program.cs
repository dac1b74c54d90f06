using HalidePortal.Worker;

var builder = Host.CreateApplicationBuilder(args);
builder.AddPortalWorker();
builder.Services.AddHostedService<JobHost>();

var host = builder.Build();
await host.RunAsync();
