using System.Globalization;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Components.Charts;

/// <summary>One question the lab asks of its compositions, as a scatter plot of two explorer columns.</summary>
public sealed record ExplorerPlot(string Key, string Title, string XTitle, string YTitle, Func<ExplorerRow, double?> X, Func<ExplorerRow, double?> Y, bool LogX = false, bool LogY = false);

/// <summary>A point and what hovering and clicking it give: the sample (or paper) and the page to open.</summary>
public sealed record ExplorerPoint(double X, double Y, string Hover, string Href);

/// <summary>The team's own rows or the literature rows of one plot; literature is drawn with open diamonds.</summary>
public sealed record ExplorerSeries(string Name, bool Literature, IReadOnlyList<ExplorerPoint> Points);

/// <summary>The explorer's plots: conductivity against each dopant level and Ea, onset against F, crystallinity and retention.</summary>
public static class ExplorerPlots
{
    private const string Sigma = "σ at 30 °C (mS/cm)";
    private const string Ea = "Ea (eV)";

    private static double? Ms(ExplorerFigure? f) => f is null ? null : 1000 * f.Value;

    public static IReadOnlyList<ExplorerPlot> All { get; } =
    [
        new("sigma-xAl", "σ vs x_Al", "x_Al (Al per formula unit)", Sigma, r => r.Dopant("Al"), r => Ms(r.Sigma30), LogY: true),
        new("sigma-yO", "σ vs y_O", "y_O (O per formula unit)", Sigma, r => r.Dopant("O"), r => Ms(r.Sigma30), LogY: true),
        new("sigma-zF", "σ vs z_F", "z_F (F per formula unit)", Sigma, r => r.Dopant("F"), r => Ms(r.Sigma30), LogY: true),
        new("sigma-ea", "σ vs Ea", Ea, Sigma, r => r.Ea?.Value, r => Ms(r.Sigma30), LogY: true),
        new("onset-zF", "Onset vs F content", "z_F (F per formula unit)", "Oxidation onset (V vs Li/Li⁺)", r => r.Dopant("F"), r => r.Onset?.Value),
        new("crystallinity-sigma", "Crystallinity vs σ", Sigma, "Crystallinity (%)", r => Ms(r.Sigma30), r => r.Crystallinity?.Value, LogX: true),
        new("retention-ea", "Retention vs Ea", Ea, "Retention (%)", r => r.Ea?.Value, r => r.Retention?.Value),
    ];

    public static ExplorerPlot Find(string? key) => All.FirstOrDefault(p => p.Key == key) ?? All[0];

    /// <summary>The team's points and the literature's, each only where the row has both numbers.</summary>
    public static IReadOnlyList<ExplorerSeries> Series(ExplorerPlot plot, IEnumerable<ExplorerRow> rows)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var list = rows.ToList();
        ExplorerSeries Of(string name, bool literature) => new(name, literature, list
            .Where(r => r.IsLiterature == literature && plot.X(r) is not null && plot.Y(r) is not null)
            .Select(r => new ExplorerPoint(plot.X(r)!.Value, plot.Y(r)!.Value, Hover(r), r.Href))
            .ToList());
        return [Of("This team", false), Of("Literature", true)];
    }

    private static string Hover(ExplorerRow r) => r.IsLiterature
        ? string.Create(CultureInfo.InvariantCulture, $"{r.Label} (literature, DOI {r.Doi})")
        : r.Label == r.CompositionName ? r.Label : $"{r.Label} ({r.CompositionName})";
}
