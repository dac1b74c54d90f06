using System.Reflection;
using HalidePortal.Web.Auth;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Endpoints;

/// <summary>The caller's team and role, bound into minimal API handlers as a parameter.</summary>
public sealed class CallerTeam
{
    private CallerTeam(TeamScope scope) => Scope = scope;

    public TeamScope Scope { get; }

    public static async ValueTask<CallerTeam?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var resolver = context.RequestServices.GetRequiredService<TeamScopeResolver>();
        var scope = await resolver.ResolveAsync(context.User, context.RequestAborted)
            ?? throw new ForbiddenException("Your account is not a member of any team (or the token's team no longer includes you).");
        return new CallerTeam(scope);
    }
}
