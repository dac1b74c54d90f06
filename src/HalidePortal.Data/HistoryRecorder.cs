using System.Globalization;
using HalidePortal.Domain;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Audit;
using HalidePortal.Domain.Dashboards;
using HalidePortal.Domain.Recipes;
using HalidePortal.Domain.Samples;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace HalidePortal.Data;

/// <summary>Turns a tracked change into a history entry with each property's old and new value.</summary>
internal static class HistoryRecorder
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        nameof(TeamRecord.UpdatedAt), nameof(TeamRecord.CreatedAt), nameof(TeamRecord.DeletedAt), nameof(ITeamOwned.TeamId),
    };

    // A link's hash stays out of the log (it would be a second copy to guard); views are counted, not logged.
    private static readonly HashSet<string> ShareSkipped = new(StringComparer.Ordinal)
    {
        nameof(DashboardShare.TokenHashSha256), nameof(DashboardShare.ViewCount), nameof(DashboardShare.LastViewedAt),
    };

    public static HistoryEntry? Describe(EntityEntry<ITeamOwned> entry, DateTimeOffset now, Actor? actor)
    {
        if (entry.Entity is AnalysisRun)
        {
            // A run is its own record (settings, who asked, when); copying its result into the log would double it.
            return null;
        }
        var action = entry.State switch
        {
            EntityState.Added => HistoryAction.Created,
            EntityState.Deleted => HistoryAction.Deleted,
            EntityState.Modified when IsSoftDeleteToggle(entry, out var deleted) => deleted ? HistoryAction.Deleted : HistoryAction.Restored,
            EntityState.Modified => HistoryAction.Updated,
            _ => (HistoryAction?)null,
        };
        if (action is null)
        {
            return null;
        }

        var changes = new List<PropertyChange>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (Skipped.Contains(name) || property.Metadata.IsShadowProperty() || property.Metadata.IsPrimaryKey()
                || (entry.Entity is DashboardShare && ShareSkipped.Contains(name)))
            {
                continue;
            }
            var oldValue = entry.State == EntityState.Added ? null : Format(property.OriginalValue);
            var newValue = entry.State == EntityState.Deleted ? null : Format(property.CurrentValue);
            if (entry.State == EntityState.Modified && (!property.IsModified || oldValue == newValue))
            {
                continue;
            }
            if (entry.State == EntityState.Added && (newValue is null || name == nameof(TeamRecord.IsDeleted)))
            {
                continue;
            }
            changes.Add(new PropertyChange { Property = name, OldValue = oldValue, NewValue = newValue });
        }
        if (action == HistoryAction.Updated && changes.Count == 0)
        {
            return null;
        }

        return new HistoryEntry
        {
            TeamId = entry.Entity.TeamId,
            ParentId = ParentOf(entry.Entity),
            EntityType = entry.Metadata.ClrType.Name,
            Action = action.Value,
            UserId = actor?.UserId,
            UserName = actor?.UserName,
            At = now,
            Changes = changes,
        };
    }

    private static Guid? ParentOf(ITeamOwned entity) => entity switch
    {
        Pellet p => p.SampleId,
        Cell c => c.SampleId,
        RecipeStep s => s.RecipeId,
        WeighedPrecursor w => w.WeighingStepId,
        DashboardPanel p => p.DashboardId,
        DashboardShare s => s.DashboardId,
        _ => null,
    };

    private static bool IsSoftDeleteToggle(EntityEntry<ITeamOwned> entry, out bool deleted)
    {
        deleted = false;
        if (entry.Entity is not TeamRecord)
        {
            return false;
        }
        var flag = entry.Property(nameof(TeamRecord.IsDeleted));
        if (!flag.IsModified || Equals(flag.OriginalValue, flag.CurrentValue))
        {
            return false;
        }
        deleted = (bool)flag.CurrentValue!;
        return true;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Format)),
        _ => value.ToString(),
    };
}
