using HalidePortal.Ingest;
using HalidePortal.Ingest.Text;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Components.Shared;

/// <summary>
/// What the column-mapping form edits: per column a quantity key ("" = ignore, else the quantity's name) and a
/// unit, plus technique and name; starts from the header's guesses and turns into a <see cref="ColumnMappingInput"/>.
/// </summary>
public sealed class ColumnMappingDraft
{
    public const string Ignore = "";

    public sealed class Column(PreviewColumn source)
    {
        public PreviewColumn Source { get; } = source;
        public string QuantityKey { get; set; } = source.Quantity?.ToString() ?? Ignore;
        public string Unit { get; set; } = source.Unit;

        public Quantity? Quantity => Enum.TryParse<Quantity>(QuantityKey, out var q) ? q : null;

        /// <summary>The units offered for the chosen quantity; empty for counters, Other (free text) and ignored columns.</summary>
        public IReadOnlyList<string> Units => Quantity is { } q ? MappableQuantities.Of(q)?.Units ?? [] : [];

        /// <summary>Changes the quantity and picks its unit: the header's when it names one of the quantity's, else the first.</summary>
        public void Choose(string quantityKey)
        {
            QuantityKey = quantityKey;
            if (Quantity is not { } q)
            {
                Unit = "";
                return;
            }
            var units = Units;
            var fromHeader = MappableQuantities.Guess(Source.Header);
            Unit = q == Ingest.Quantity.Other ? HeaderUnits.Split(Source.Header).Unit
                : fromHeader.Quantity == q && units.Contains(fromHeader.Unit) ? fromHeader.Unit
                : units.Count > 0 ? units[0] : "";
        }
    }

    public ColumnMappingDraft(MeasurementPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        MeasurementId = preview.MeasurementId;
        Columns = preview.Columns.Select(c => new Column(c)).ToList();
        Technique = preview.SuggestedTechnique;
        Name = Path.GetExtension(preview.FileName).TrimStart('.').ToUpperInvariant() is { Length: > 0 } ext ? ext + " export" : "Text export";
    }

    public Guid MeasurementId { get; }
    public IReadOnlyList<Column> Columns { get; }
    public Technique Technique { get; set; }
    public string Name { get; set; }

    /// <summary>The choices of a saved mapping for the same header, to reuse or adjust.</summary>
    public void Apply(ColumnMappingView mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        Name = mapping.Name;
        Technique = mapping.Technique;
        foreach (var saved in mapping.Columns.Where(c => c.Index < Columns.Count))
        {
            Columns[saved.Index].QuantityKey = saved.Quantity?.ToString() ?? Ignore;
            Columns[saved.Index].Unit = saved.Unit ?? "";
        }
    }

    public ColumnMappingInput ToInput() =>
        new(Name, MeasurementId, Technique, Columns.Select((c, i) => new ColumnChoice(i, c.Quantity, c.Quantity is null ? null : c.Unit)).ToList());

    /// <summary>What the quantity select offers: every mappable quantity, then "ignore".</summary>
    public static IReadOnlyList<(string Key, string Label)> QuantityOptions { get; } =
        [.. MappableQuantities.All.Select(q => (q.Quantity.ToString(), q.Quantity == Quantity.Other ? "Other (keep as is)" : q.Label)), (Ignore, "Ignore")];
}
