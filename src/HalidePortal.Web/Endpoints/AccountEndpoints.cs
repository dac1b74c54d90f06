using System.Security.Claims;
using HalidePortal.Data;
using HalidePortal.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace HalidePortal.Web.Endpoints;

/// <summary>Form posts from the pages: sign out and switch team (both need a full page load afterwards).</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/account").RequireAuthorization().ExcludeFromDescription();
        g.MapPost("/logout", async (SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login");
        });
        g.MapPost("/team", async ([FromForm] Guid teamId, [FromForm] string? returnUrl, ClaimsPrincipal user, TeamService teams, CancellationToken ct) =>
        {
            var userId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
            await teams.SwitchTeamAsync(userId, teamId, ct);
            return TypedResults.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') ? "/" : returnUrl);
        });
    }
}
