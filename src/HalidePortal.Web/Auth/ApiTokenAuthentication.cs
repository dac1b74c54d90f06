using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HalidePortal.Web.Auth;

/// <summary>Authenticates "Authorization: Bearer hp_..." personal API tokens by their SHA-256.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PortalDb portalDb,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        var hash = ApiTokens.Hash(token);
        await using var db = await portalDb.OpenUnscopedAsync(Context.RequestAborted);
        var now = clock.GetUtcNow();
        var found = await db.ApiTokens.SingleOrDefaultAsync(t => t.HashSha256 == hash, Context.RequestAborted);
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        }
        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            found.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, found.UserId.ToString()),
            new Claim(TeamScopeResolver.TokenTeamClaim, found.TeamId.ToString()),
            new Claim(ClaimTypes.AuthenticationMethod, SchemeName),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public static class ApiTokens
{
    public const string Prefix = "hp_";

    /// <summary>A new random token; shown once, stored only as its hash.</summary>
    public static string NewToken() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
