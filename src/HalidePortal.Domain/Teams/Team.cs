namespace HalidePortal.Domain.Teams;

public sealed class Team
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<TeamMembership> Members { get; set; } = [];
}

public enum TeamRole
{
    Viewer = 0,
    Member = 1,
    Owner = 2,
}

public sealed class TeamMembership
{
    public Guid TeamId { get; set; }
    public Guid UserId { get; set; }
    public TeamRole Role { get; set; }
    public Team? Team { get; set; }
}

/// <summary>A personal API token for scripts and instrument PCs; only its SHA-256 is stored.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public Guid TeamId { get; set; }
    public required string Name { get; set; }
    /// <summary>First characters of the token, shown so a user can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    public required string HashSha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
