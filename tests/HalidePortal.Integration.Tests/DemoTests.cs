using System.Net;
using System.Text.RegularExpressions;
using HalidePortal.Data;
using HalidePortal.Integration.Tests.Infrastructure;
using HalidePortal.Web.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HalidePortal.Integration.Tests;

/// <summary>The portal on a database of its own with the demo lab seeded, as `migrate --seed-demo` leaves it.</summary>
public sealed class DemoPortalApp : PortalApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync();
    }

    public async Task SeedDemoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoPortalApp>
{
    public const string Name = "Demo";
}

[Collection(DemoCollection.Name)]
public sealed partial class DemoTests(DemoPortalApp app)
{
    [Fact]
    public async Task SeedDemo_RunAgain_AddsNothing()
    {
        var before = await CountAsync();

        await app.SeedDemoAsync();
        await app.SeedDemoAsync();

        Assert.Equal(before, await CountAsync());
        // Demo lab and the partner lab the demo user also belongs to.
        Assert.Contains("teams=2 ", before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_DemoCredentials_RedirectsAndAuthenticatesTheApi()
    {
        var browser = app.CreateAnonymousClient();

        using var posted = await SignInAsync(browser, DemoSeeder.Email, DemoSeeder.Password);

        Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, await Json.DescribeAsync(posted));
        Assert.Equal("/samples", new Uri(browser.BaseAddress!, posted.Headers.Location!).AbsolutePath);
        using var me = await browser.GetAsync(new Uri("/api/me/", UriKind.Relative));
        var body = await me.Content.ReadAsStringAsync();
        Assert.True(me.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"teamName\":\"Demo lab\"", body, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"Owner\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_StaysOnTheFormWithoutACookie()
    {
        var browser = app.CreateAnonymousClient();

        using var posted = await SignInAsync(browser, DemoSeeder.ViewerEmail, "not the password");

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Email or password is wrong.", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var me = await browser.GetAsync(new Uri("/api/me/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    /// <summary>Posts the sign-in form as a browser does: the page first (antiforgery cookie and token), then the form fields.</summary>
    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password)
    {
        var form = await browser.GetStringAsync(new Uri("/login", UriKind.Relative));
        var antiforgery = AntiforgeryField().Match(form);
        Assert.True(antiforgery.Success, "no antiforgery token in the sign-in form");
        Assert.Contains("name=\"Input.Email\"", form, StringComparison.Ordinal);
        return await browser.PostAsync(new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Row counts of everything the seeder writes, team records of every team included.</summary>
    private async Task<string> CountAsync()
    {
        await using var db = await app.OpenDbAsync();
        var counts = new (string Name, int Count)[]
        {
            ("teams", await db.Teams.CountAsync()),
            ("users", await db.Users.CountAsync()),
            ("memberships", await db.TeamMemberships.CountAsync()),
            ("compositions", await db.Compositions.IgnoreQueryFilters().CountAsync()),
            ("precursors", await db.Precursors.IgnoreQueryFilters().CountAsync()),
            ("samples", await db.Samples.IgnoreQueryFilters().CountAsync()),
            ("recipes", await db.Recipes.IgnoreQueryFilters().CountAsync()),
            ("steps", await db.RecipeSteps.IgnoreQueryFilters().CountAsync()),
            ("pellets", await db.Pellets.IgnoreQueryFilters().CountAsync()),
            ("cells", await db.Cells.IgnoreQueryFilters().CountAsync()),
            ("history", await db.History.IgnoreQueryFilters().CountAsync()),
        };
        return string.Join(" ", counts.Select(c => $"{c.Name}={c.Count}")) + " ";
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex AntiforgeryField();
}
