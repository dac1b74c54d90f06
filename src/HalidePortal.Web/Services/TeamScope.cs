using HalidePortal.Domain.Teams;

namespace HalidePortal.Web.Services;

/// <summary>Who is acting, in which team, with which role. Every service call takes one.</summary>
public sealed record TeamScope(Guid TeamId, string TeamName, TeamRole Role, Guid UserId, string UserName)
{
    public bool CanEdit => Role >= TeamRole.Member;
    public bool IsOwner => Role == TeamRole.Owner;

    public void RequireEditor()
    {
        if (!CanEdit)
        {
            throw new ForbiddenException("Viewers can look but not change records; ask a team Owner for the Member role.");
        }
    }

    public void RequireOwner()
    {
        if (!IsOwner)
        {
            throw new ForbiddenException("Only a team Owner can do this.");
        }
    }
}
