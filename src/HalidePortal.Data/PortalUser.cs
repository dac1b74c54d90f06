using Microsoft.AspNetCore.Identity;

namespace HalidePortal.Data;

/// <summary>A person who signs in; belongs to one or more teams and works in one at a time.</summary>
public sealed class PortalUser : IdentityUser<Guid>
{
    public PortalUser() => Id = Guid.CreateVersion7();

    public string DisplayName { get; set; } = "";
    /// <summary>The team whose records the user is looking at now.</summary>
    public Guid? CurrentTeamId { get; set; }
}
