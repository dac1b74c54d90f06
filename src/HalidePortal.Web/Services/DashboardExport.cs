using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HalidePortal.Domain.Dashboards;

namespace HalidePortal.Web.Services;

/// <summary>
/// A dashboard as files to keep or send: one HTML page that opens offline (plotly.js and every panel's plotted data
/// inside it), or one CSV with a section per panel.
/// </summary>
public static class DashboardExport
{
    private static readonly Lazy<string> PlotlyScript = new(() =>
    {
        using var stream = typeof(DashboardExport).Assembly.GetManifestResourceStream("plotly.min.js")
            ?? throw new InvalidOperationException("plotly.js is not embedded in the web assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public static string FileName(DashboardContents contents, string extension)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var safe = new string([.. contents.Dashboard.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return $"dashboard-{(safe.Length == 0 ? "export" : safe)}-{contents.ReadAt:yyyyMMdd-HHmm}.{extension}";
    }

    public static string Html(DashboardContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var d = contents.Dashboard;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(d.Name)).Append(" - HalidePortal</title>\n<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#1f2937;background:#f5f6f8}\n")
            .Append("h1{font-size:1.6rem;margin:0 0 4px}.meta{color:#555;margin:0 0 16px;font-size:.9rem}\n")
            .Append(".grid{display:grid;grid-template-columns:repeat(12,1fr);gap:16px}\n")
            .Append(".panel{background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:12px;min-width:0}\n")
            .Append(".panel h2{font-size:1.05rem;margin:0 0 8px}.note{color:#555;font-size:.85rem;margin:4px 0}\n")
            .Append("table{border-collapse:collapse;font-size:.85rem;width:100%}th,td{padding:3px 6px;border-bottom:1px solid #e5e7eb;text-align:left}")
            .Append("td.num,th.num{text-align:right}tr.lit td{font-style:italic;color:#555}\n.text{white-space:pre-wrap}\n")
            .Append("@media (max-width:900px){.panel{grid-column:span 12 !important}}\n</style>\n")
            .Append("<script>").Append(PlotlyScript.Value.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>\n")
            .Append("</head>\n<body>\n<h1>").Append(E(d.Name)).Append("</h1>\n<p class=\"meta\">")
            .Append(E(contents.TeamName)).Append(" · data as of ").Append(contents.ReadAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
            .Append(" UTC · exported from HalidePortal").Append(d.Description is null ? "" : " · " + E(d.Description)).Append("</p>\n<div class=\"grid\">\n");
        var figures = new JsonObject();
        int n = 0;
        foreach (var panel in contents.Panels)
        {
            string id = "panel-" + n++.ToString(CultureInfo.InvariantCulture);
            html.Append("<section class=\"panel\" style=\"grid-column:span ").Append(panel.Width.ToString(CultureInfo.InvariantCulture))
                .Append("\"><h2>").Append(E(panel.Title)).Append("</h2>\n");
            switch (panel.Kind)
            {
                case DashboardPanelKind.Overlay or DashboardPanelKind.ExplorerPlot:
                    foreach (var note in panel.Overlay?.Notes ?? [])
                    {
                        html.Append("<p class=\"note\">").Append(E(note.Text)).Append("</p>\n");
                    }
                    html.Append("<div id=\"").Append(id).Append("\" style=\"height:380px\"></div>\n");
                    figures[id] = DashboardFigures.Figure(panel);
                    break;
                case DashboardPanelKind.ExplorerTable:
                    AppendTable(html, panel.Rows ?? []);
                    break;
                default:
                    html.Append("<div class=\"text\">").Append(E(panel.Text ?? "")).Append("</div>\n");
                    break;
            }
            html.Append("</section>\n");
        }
        html.Append("</div>\n<script>\nconst figures = ").Append(figures.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal)).Append(";\n")
            .Append("for (const [id, f] of Object.entries(figures)) Plotly.newPlot(id, f.data, f.layout, {responsive: true, displaylogo: false});\n")
            .Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A section per panel: a "# title" line, then the panel's own columns; a blank line between sections.</summary>
    public static string Csv(DashboardContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var csv = new StringBuilder();
        csv.Append("# ").Append(contents.Dashboard.Name).Append(" (").Append(contents.TeamName).Append("), data as of ")
            .Append(contents.ReadAt.ToString("O", CultureInfo.InvariantCulture)).Append("\r\n");
        foreach (var panel in contents.Panels)
        {
            csv.Append("\r\n# ").Append(panel.Title).Append("\r\n");
            switch (panel.Kind)
            {
                case DashboardPanelKind.Overlay when panel.Overlay is { } overlay:
                    csv.Append(OverlayCsv.Write(overlay));
                    break;
                case DashboardPanelKind.ExplorerPlot when panel.Plot is { } plot:
                    csv.Append("series,point,").Append(Q(plot.XTitle)).Append(',').Append(Q(plot.YTitle)).Append("\r\n");
                    foreach (var series in plot.Series)
                    {
                        foreach (var p in series.Points)
                        {
                            csv.Append(Q(series.Name)).Append(',').Append(Q(p.Hover)).Append(',')
                                .Append(p.X.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(p.Y.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
                        }
                    }
                    break;
                case DashboardPanelKind.ExplorerTable:
                    csv.Append(ExplorerColumns.Csv(panel.Rows ?? [], ExplorerService.DefaultRetentionCycles));
                    break;
                default:
                    csv.Append(Q(panel.Text ?? "")).Append("\r\n");
                    break;
            }
        }
        return csv.ToString();
    }

    private static readonly string[] TableColumns = ["label", "composition", "sigma25", "sigma30", "ea", "onset", "crystallinity", "firstDischarge", "retention", "cyclesTo80"];

    private static void AppendTable(StringBuilder html, IReadOnlyList<ExplorerRow> rows)
    {
        var columns = TableColumns.Select(k => ExplorerColumns.Find(k)!).ToList();
        html.Append("<table><thead><tr>");
        foreach (var c in columns)
        {
            html.Append(c.Number ? "<th class=\"num\">" : "<th>").Append(E(c.Header)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            html.Append(row.IsLiterature ? "<tr class=\"lit\">" : "<tr>");
            foreach (var c in columns)
            {
                html.Append(c.Number ? "<td class=\"num\">" : "<td>").Append(E(ExplorerColumns.Text(row, c))).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");
    }

    // Only the markup characters: WebUtility.HtmlEncode would also turn ° and σ into numeric entities.
    private static string E(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Q(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>Plotly figures (data and layout, with axis titles and their units) of overlay and explorer panels.</summary>
public static class DashboardFigures
{
    public static JsonObject Figure(PanelData panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var data = new JsonArray();
        JsonObject layout;
        if (panel.Overlay is { } o)
        {
            foreach (var t in o.Traces)
            {
                data.Add(new JsonObject
                {
                    ["type"] = "scatter", ["name"] = t.Name, ["mode"] = t.Markers ? "markers" : "lines",
                    ["x"] = Numbers(t.X), ["y"] = Numbers(t.Y),
                });
            }
            layout = Layout(o.XTitle, o.YTitle, false, false);
            if (o.EqualAxes)
            {
                layout["yaxis"]!["scaleanchor"] = "x";
                layout["yaxis"]!["scaleratio"] = 1;
            }
        }
        else if (panel.Plot is { } p)
        {
            foreach (var s in p.Series)
            {
                data.Add(new JsonObject
                {
                    ["type"] = "scatter", ["name"] = s.Name, ["mode"] = "markers",
                    ["x"] = Numbers(s.Points.Select(q => q.X)), ["y"] = Numbers(s.Points.Select(q => q.Y)),
                    ["text"] = new JsonArray([.. s.Points.Select(q => (JsonNode?)JsonValue.Create(q.Hover))]),
                    ["hovertemplate"] = "%{text}<br>x %{x}<br>y %{y}<extra></extra>",
                    ["marker"] = new JsonObject { ["size"] = 10, ["symbol"] = s.Literature ? "diamond-open" : "circle" },
                });
            }
            layout = Layout(p.XTitle, p.YTitle, p.LogX, p.LogY);
        }
        else
        {
            layout = Layout("", "", false, false);
        }
        return new JsonObject { ["data"] = data, ["layout"] = layout };
    }

    private static JsonObject Layout(string xTitle, string yTitle, bool logX, bool logY) => new()
    {
        ["margin"] = new JsonObject { ["l"] = 70, ["r"] = 20, ["t"] = 30, ["b"] = 55 },
        ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xTitle }, ["type"] = logX ? "log" : "linear", ["exponentformat"] = "power" },
        ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yTitle }, ["type"] = logY ? "log" : "linear", ["exponentformat"] = "power" },
        ["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = 1.02, ["yanchor"] = "bottom" },
        ["hovermode"] = "closest",
    };

    // Non-finite values are gaps (JSON has no NaN).
    private static JsonArray Numbers(IEnumerable<double> values) =>
        new([.. values.Select(v => double.IsFinite(v) ? JsonValue.Create(v) : (JsonNode?)null)]);
}
