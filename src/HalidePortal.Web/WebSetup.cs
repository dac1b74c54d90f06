using HalidePortal.Data;
using HalidePortal.Data.Jobs;
using HalidePortal.Data.RawFiles;
using HalidePortal.Web.Auth;
using HalidePortal.Web.Components;
using HalidePortal.Web.Endpoints;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace HalidePortal.Web;

/// <summary>Portal settings, section "Portal".</summary>
public sealed class PortalOptions
{
    /// <summary>Folder for data-protection keys, shared by every web instance so cookies survive restarts and load balancing.</summary>
    public string? DataProtectionKeysPath { get; set; }
}

public static class WebSetup
{
    private const string PortalScheme = "Portal";

    public static void AddPortalAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = PortalScheme;
                o.DefaultChallengeScheme = PortalScheme;
            })
            .AddPolicyScheme(PortalScheme, "Cookie or API token", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        builder.Services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/login";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            // The API answers 401/403; only pages redirect to the sign-in form.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
        });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();

        var options = builder.Configuration.GetSection("Portal").Get<PortalOptions>() ?? new PortalOptions();
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("HalidePortal");
        if (!string.IsNullOrWhiteSpace(options.DataProtectionKeysPath))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(options.DataProtectionKeysPath));
        }
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static void AddPortalServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PortalDb>();
        builder.Services.AddSingleton<TeamScopeResolver>();
        builder.Services.AddSingleton<CompositionService>();
        builder.Services.AddSingleton<LiteratureService>();
        builder.Services.AddSingleton<ExplorerService>();
        builder.Services.AddSingleton<PrecursorService>();
        builder.Services.AddSingleton<SampleService>();
        builder.Services.AddSingleton<RecipeService>();
        builder.Services.AddSingleton<PelletService>();
        builder.Services.AddSingleton<CellService>();
        builder.Services.AddSingleton<HistoryService>();
        builder.Services.AddSingleton<TeamService>();
        builder.Services.AddSingleton<TrashService>();
        builder.Services.AddSingleton<MeasurementService>();
        builder.Services.AddSingleton<AnalysisService>();
        builder.Services.AddSingleton<OverlayService>();
        builder.Services.AddSingleton<DashboardService>();
        builder.Services.AddSingleton<DashboardShares>();
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        builder.Services.AddSingleton<ColumnMappingService>();
        builder.Services.AddSingleton<ReferencePhaseService>();
        builder.AddRawFiles();
        builder.AddPortalJobs();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<ScaleSeeder>();
    }

    public static void AddPortalApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "HalidePortal API";
            doc.Info.Description = "Compositions, precursors, samples, recipes, pellets and cells of your team. " +
                "Authenticate with a personal API token: `Authorization: Bearer hp_...` (create one under Account > API tokens).";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
    }

    public static void AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
    }

    public static void UsePortalPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapPortalApi(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("HalidePortal API")
            .WithOpenApiRoutePattern("/api/openapi/{documentName}.json")).AllowAnonymous();
        app.MapApiEndpoints();
        app.MapSharedDashboards();
    }

    public static void MapPortalUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
    }

    /// <summary>Applies EF Core migrations (never EnsureCreated) and optionally seeds the demo team.</summary>
    public static async Task<int> MigrateAsync(this WebApplication app, bool seedDemo, bool seedScale = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        app.Logger.LogInformation("Database migrated ({Count} migrations applied)", pending.Count);
        if (seedDemo)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        if (seedScale)
        {
            await scope.ServiceProvider.GetRequiredService<ScaleSeeder>().SeedAsync();
        }
        return 0;
    }
}
