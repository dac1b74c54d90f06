using System.Globalization;
using HalidePortal.Ingest.Impedance;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Voltammetry;

/// <summary>
/// Rows of a potential sweep (LSV, CV) collected column by column with the sweep (curve, cycle or segment) each
/// belongs to; built into time (s), E (V), I (mA), sweep, then the other columns as found. Text columns
/// (status bits) are read past.
/// </summary>
internal sealed class VoltammetryTable
{
    private readonly ColumnSpec[] specs;
    private readonly List<double>[] values;
    private readonly List<double> sweeps = new(256);
    private readonly string fileName;

    public VoltammetryTable(IReadOnlyList<ColumnSpec> columns, string fileName, long headerLine)
    {
        ArgumentNullException.ThrowIfNull(columns);
        this.fileName = fileName;
        specs = [.. columns];
        var seen = new HashSet<ColumnRole>();
        for (int i = 0; i < specs.Length; i++)
        {
            if (specs[i].Role is not (ColumnRole.Other or ColumnRole.Text) && !seen.Add(specs[i].Role))
            {
                specs[i] = ColumnSpec.Other(specs[i].Name, specs[i].Unit);
            }
        }
        if (!seen.Contains(ColumnRole.Voltage) || !seen.Contains(ColumnRole.Current))
        {
            throw new InstrumentFileException(fileName,
                "expected potential and current columns, found: " + string.Join(", ", columns.Select(c => c.Name)), headerLine);
        }
        values = specs.Select(_ => new List<double>(256)).ToArray();
    }

    public IReadOnlyList<ColumnSpec> Specs => specs;

    public int RowCount => sweeps.Count;

    /// <summary>Adds one row of <paramref name="sweep"/>; fewer fields than columns is an error.</summary>
    public void AddRow(IReadOnlyList<string> fields, bool decimalComma, int sweep, long line)
    {
        ArgumentNullException.ThrowIfNull(fields);
        int count = fields.Count;
        while (count > specs.Length && fields[count - 1].Length == 0)
        {
            count--;
        }
        if (count != specs.Length)
        {
            throw new InstrumentFileException(fileName, $"{count} fields where {specs.Length} columns were named", line);
        }
        Span<double> row = count <= 128 ? stackalloc double[count] : new double[count];
        for (int i = 0; i < count; i++)
        {
            if (specs[i].Role == ColumnRole.Text)
            {
                continue;
            }
            if (!DelimitedText.TryParseNumber(fields[i], decimalComma, out double v))
            {
                throw new InstrumentFileException(fileName, $"\"{fields[i]}\" in column \"{specs[i].Name}\" is not a number", line);
            }
            row[i] = v * specs[i].Factor;
        }
        for (int i = 0; i < count; i++)
        {
            values[i].Add(row[i]);
        }
        sweeps.Add(sweep);
    }

    public ParsedMeasurement Build(string format, Technique technique, Dictionary<string, string> metadata, List<string> warnings, long lastLine)
    {
        if (RowCount == 0)
        {
            throw new InstrumentFileException(fileName, "no data rows", lastLine);
        }
        var columns = new List<SeriesColumn>(specs.Length + 1);
        void Add(ColumnRole role, string name, string unit)
        {
            int i = Array.FindIndex(specs, s => s.Role == role);
            if (i >= 0)
            {
                columns.Add(new SeriesColumn(name, unit, specs[i].Quantity, [.. values[i]]));
            }
        }
        Add(ColumnRole.Time, "time", "s");
        Add(ColumnRole.Voltage, "E", "V");
        Add(ColumnRole.Current, "I", "mA");
        columns.Add(new SeriesColumn("sweep", "", Quantity.SweepNumber, [.. sweeps]));
        for (int i = 0; i < specs.Length; i++)
        {
            if (specs[i].Role == ColumnRole.Other)
            {
                string name = columns.Exists(c => c.Name == specs[i].Name) ? specs[i].Name + " (" + (i + 1).ToString(CultureInfo.InvariantCulture) + ")" : specs[i].Name;
                columns.Add(new SeriesColumn(name, specs[i].Unit, Quantity.Other, [.. values[i]]));
            }
        }
        return new ParsedMeasurement
        {
            Format = format,
            Technique = technique,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        };
    }
}
