using System.Globalization;
using System.Text;

namespace HalidePortal.Web.Services;

/// <summary>
/// One column of the explorer: its key (for ?sort= and CSV), header with unit, and the row's value (a number in the
/// header's unit, a string, or null). The page's table, the API's sort and the CSV export all read this list.
/// </summary>
public sealed record ExplorerColumn(string Key, string Header, Func<ExplorerRow, object?> Value, string Format = "G4", bool Number = true);

public static class ExplorerColumns
{
    private static double? Ms(ExplorerFigure? f) => f is null ? null : 1000 * f.Value;

    public static IReadOnlyList<ExplorerColumn> All { get; } =
    [
        new("source", "Source", r => r.Source, Number: false),
        new("label", "Sample", r => r.Label, Number: false),
        new("composition", "Composition", r => r.CompositionName, Number: false),
        new("formula", "Formula", r => r.Formula, Number: false),
        new("family", "Family", r => r.Family, Number: false),
        new("xAl", "x_Al", r => r.Dopant("Al"), "0.###"),
        new("yO", "y_O", r => r.Dopant("O"), "0.###"),
        new("zF", "z_F", r => r.Dopant("F"), "0.###"),
        new("sigma25", "σ 25 °C (mS/cm)", r => Ms(r.Sigma25), "G3"),
        new("sigma30", "σ 30 °C (mS/cm)", r => Ms(r.Sigma30), "G3"),
        new("ea", "Ea (eV)", r => r.Ea?.Value, "0.000"),
        new("eaStdErr", "Ea std. error (eV)", r => r.Ea?.StdErr, "0.000"),
        new("onset", "Oxidation onset (V vs Li/Li⁺)", r => r.Onset?.Value, "0.00"),
        new("crystallinity", "Crystallinity (%)", r => r.Crystallinity?.Value, "0.0"),
        new("modulus", "Young's modulus (GPa)", r => r.Modulus?.Value, "0.0"),
        new("firstDischarge", "First discharge (mAh/g)", r => r.FirstDischarge?.Value, "0"),
        new("capacityHalfC", "0.5 C (mAh/g)", r => r.CapacityHalfC?.Value, "0"),
        new("capacityOneC", "1 C (mAh/g)", r => r.CapacityOneC?.Value, "0"),
        new("retention", "Retention (%)", r => r.Retention?.Value, "0.0"),
        new("cyclesTo80", "Cycles to 80 %", r => r.CyclesTo80?.Value, "0"),
        new("tags", "Tags", r => r.Tags.Count == 0 ? null : string.Join(" ", r.Tags), Number: false),
        new("date", "Synthesis date", r => r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number: false),
        new("operator", "Operator", r => r.Operator, Number: false),
        new("doi", "DOI", r => r.Doi, Number: false),
    ];

    /// <summary>A cell as the table prints it: the column's number format, "–" when there is no value.</summary>
    public static string Text(ExplorerRow row, ExplorerColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Value(row) switch
        {
            null => "–",
            double d => d.ToString(column.Format, CultureInfo.InvariantCulture),
            var o => Convert.ToString(o, CultureInfo.InvariantCulture) ?? "–",
        };
    }

    public static ExplorerColumn? Find(string key) => All.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Numbers by value, text ordinally ignoring case.</summary>
    public static int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (double x, double y) => x.CompareTo(y),
        _ => string.Compare(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>The rows as CSV (RFC 4180 quoting, invariant numbers to 15 significant digits), headers with units; retention's header names its cycle count.</summary>
    public static string Csv(IEnumerable<ExplorerRow> rows, int retentionCycles)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', All.Select(c => Quote(c.Key == "retention" ? string.Create(CultureInfo.InvariantCulture, $"Retention after {retentionCycles} cycles (%)") : c.Header)));
        sb.Append("\r\n");
        foreach (var row in rows)
        {
            sb.AppendJoin(',', All.Select(c => c.Value(row) switch
            {
                null => "",
                // 15 significant digits: full precision without the binary noise of unit conversions (1.1199999999999999).
                double d => d.ToString("G15", CultureInfo.InvariantCulture),
                var o => Quote(Convert.ToString(o, CultureInfo.InvariantCulture) ?? ""),
            }));
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}

/// <summary>Links to the explorer's API with the page's filters, e.g. the CSV download.</summary>
public static class ExplorerLinks
{
    public static string Csv(ExplorerQuery q)
    {
        ArgumentNullException.ThrowIfNull(q);
        var parts = new List<string> { "format=csv" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("search", q.Search);
        Add("family", q.Family);
        Add("dopant", q.Dopant);
        Add("dopantMin", q.DopantMin?.ToString("R", CultureInfo.InvariantCulture));
        Add("dopantMax", q.DopantMax?.ToString("R", CultureInfo.InvariantCulture));
        Add("tag", q.Tag);
        Add("operator", q.Operator);
        Add("from", q.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", q.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("literature", q.Literature ? null : "false");
        Add("retentionCycles", q.RetentionCycles == ExplorerService.DefaultRetentionCycles ? null : q.RetentionCycles.ToString(CultureInfo.InvariantCulture));
        Add("sort", q.Sort);
        Add("descending", q.Descending ? "true" : null);
        return "/api/explorer?" + string.Join('&', parts);
    }
}
