using MudBlazor;

namespace HalidePortal.Web.Components.Shared;

public static class DialogExtensions
{
    /// <summary>Asks before a soft delete; deleted records stay restorable, and the question says so.</summary>
    public static async Task<bool> ConfirmDeleteAsync(this IDialogService dialogs, string what, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        return await dialogs.ShowMessageBoxAsync(
            $"Delete {what}?",
            detail ?? "It disappears from every list. A team Owner can restore it from Deleted records.",
            yesText: "Delete", cancelText: "Keep") == true;
    }
}
