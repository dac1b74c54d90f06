namespace HalidePortal.Domain.Audit;

public enum HistoryAction
{
    Created = 0,
    Updated = 1,
    Deleted = 2,
    Restored = 3,
}

/// <summary>One recorded change to a team's record: who, when, and each property's old and new value.</summary>
public sealed class HistoryEntry
{
    public long Id { get; set; }
    public Guid TeamId { get; set; }
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }
    /// <summary>The record this one hangs under (a pellet's sample, a step's recipe), so a page can show both.</summary>
    public Guid? ParentId { get; set; }
    public HistoryAction Action { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public DateTimeOffset At { get; set; }
    public List<PropertyChange> Changes { get; set; } = [];
}

public sealed class PropertyChange
{
    public required string Property { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}
