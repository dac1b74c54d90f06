using System.Net.Http.Headers;
using HalidePortal.Data;
using HalidePortal.Domain.Teams;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>A team as the tests know it.</summary>
public sealed record TeamHandle(Guid Id, string Name);

/// <summary>
/// The portal on a fresh database of its own, migrated like production (Database.Migrate, never EnsureCreated),
/// with intent methods that set up teams and users. One per test collection; every test makes its own teams.
/// </summary>
public class PortalApp : IAsyncLifetime
{
    private TestDatabase? _database;
    private PortalFactory? _factory;

    public IServiceProvider Services => Factory.Services;

    /// <summary>Where this app keeps raw files.</summary>
    public string RawFolder { get; private set; } = "";

    internal PortalFactory Factory => _factory ?? throw new InvalidOperationException("The app is not started yet.");

    public virtual async Task InitializeAsync()
    {
        _database = new TestDatabase("halide_it");
        await _database.CreateAsync();
        RawFolder = Path.Combine(Path.GetTempPath(), "halide-it-raw-" + Guid.NewGuid().ToString("N")[..8]);
        _factory = new PortalFactory(_database.ConnectionString, RawFolder);
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        if (Directory.Exists(RawFolder))
        {
            // The store marks raw files read-only; clear that so the folder can go.
            foreach (var file in Directory.EnumerateFiles(RawFolder, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            Directory.Delete(RawFolder, recursive: true);
        }
    }

    /// <summary>A client with no credentials; it keeps cookies, so it can also sign in through the form.</summary>
    public HttpClient CreateAnonymousClient() =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client that authenticates with a personal API token.</summary>
    public HttpClient CreateTokenClient(string token)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A context that sees no team records (or, with a team, only that team's), for looking behind the API.</summary>
    public async Task<PortalDbContext> OpenDbAsync(Guid? teamScope = null)
    {
        var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.TeamScope = teamScope;
        return db;
    }

    public async Task<TeamHandle> CreateTeamAsync()
    {
        var team = new Team { Name = "Team " + Unique.Id(), CreatedAt = DateTimeOffset.UtcNow };
        await using var db = await OpenDbAsync();
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return new TeamHandle(team.Id, team.Name);
    }

    /// <summary>A new user in <paramref name="team"/> with <paramref name="role"/>, calling the API with a token of their own.</summary>
    public async Task<PortalClient> AddUserAsync(TeamHandle team, TeamRole role)
    {
        ArgumentNullException.ThrowIfNull(team);
        var id = Unique.Id();
        var name = $"{role} {id}";
        var email = $"{role.ToString().ToLowerInvariant()}-{id}@halideportal.test";
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CurrentTeamId = team.Id };
        await using (var scope = Services.CreateAsyncScope())
        {
            // No password: these users only ever call the API with a token (hashing one would cost time).
            var result = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CreateAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Could not create a test user: " + string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }
        await using (var db = await OpenDbAsync())
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = team.Id, UserId = user.Id, Role = role });
            await db.SaveChangesAsync();
        }
        var token = await Services.GetRequiredService<TeamService>()
            .CreateTokenAsync(new TeamScope(team.Id, team.Name, role, user.Id, name), "integration tests", null);
        return new PortalClient(CreateTokenClient(token.PlainToken), team, user.Id, name, token.Token.Id);
    }

    /// <summary>A new team with one user of <paramref name="role"/> in it.</summary>
    public async Task<PortalClient> CreateTeamWithUserAsync(TeamRole role = TeamRole.Owner) =>
        await AddUserAsync(await CreateTeamAsync(), role);
}

/// <summary>Names that never collide between tests sharing one database.</summary>
public static class Unique
{
    public static string Id() => Guid.NewGuid().ToString("N")[..10];
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalApp>
{
    public const string Name = "Portal";
}
