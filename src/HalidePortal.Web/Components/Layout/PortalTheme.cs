using MudBlazor;

namespace HalidePortal.Web.Components.Layout;

internal static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#23577a", Secondary = "#2f8f83", AppbarBackground = "#23577a" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Helvetica", "Arial", "sans-serif"] } },
    };
}
