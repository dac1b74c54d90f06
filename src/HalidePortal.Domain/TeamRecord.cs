namespace HalidePortal.Domain;

/// <summary>Anything that belongs to exactly one team; the data layer scopes every query by it.</summary>
public interface ITeamOwned
{
    Guid TeamId { get; set; }
}

/// <summary>A team's top-level record: soft-deleted, restorable by an Owner, audited on every change.</summary>
public abstract class TeamRecord : ITeamOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TeamId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool IsDeleted { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}
