using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Impedance;

/// <summary>
/// Rows of an impedance spectrum collected column by column, then turned into the canonical columns: freq (Hz),
/// Re(Z) and Im(Z) (Ohm, imaginary part with the sign as measured), |Z| and Phase(Z) when the file has them, time,
/// sweep (1-based, a new sweep where the frequency steps back), then every other column as found.
/// Rows whose frequency is 0 are DC points of a combined run (Parstat) and are left out with a warning.
/// </summary>
internal sealed class ImpedanceTable
{
    private readonly ColumnSpec[] specs;
    private readonly List<double>[] values;
    private readonly int frequency;
    private readonly string fileName;
    private int withoutFrequency;

    public ImpedanceTable(IReadOnlyList<ColumnSpec> columns, string fileName, long headerLine)
    {
        ArgumentNullException.ThrowIfNull(columns);
        this.fileName = fileName;
        specs = new ColumnSpec[columns.Count];
        var seen = new HashSet<ColumnRole>();
        for (int i = 0; i < specs.Length; i++)
        {
            var spec = columns[i];
            // The first column of a role is the canonical one; repeats ("Z2 Real", drift-corrected copies) stay as found.
            if (spec.Role is not (ColumnRole.Other or ColumnRole.Text) && !seen.Add(spec.Role))
            {
                spec = ColumnSpec.Other(spec.Name, spec.Unit);
            }
            specs[i] = spec;
        }
        frequency = Array.FindIndex(specs, s => s.Role == ColumnRole.Frequency);
        if (!HasImpedanceColumns(specs))
        {
            throw new InstrumentFileException(fileName,
                "expected columns for frequency and Z' and Z'' (or |Z| and phase), found: " + string.Join(", ", columns.Select(c => c.Name)), headerLine);
        }
        values = specs.Select(_ => new List<double>(64)).ToArray();
    }

    public int RowCount => values[frequency].Count;

    public IReadOnlyList<ColumnSpec> Specs => specs;

    /// <summary>Whether the columns name a frequency and either both parts of Z or its modulus and phase.</summary>
    public static bool HasImpedanceColumns(IReadOnlyList<ColumnSpec> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        bool Has(ColumnRole role) => columns.Any(c => c.Role == role);
        return Has(ColumnRole.Frequency) && ((Has(ColumnRole.ZReal) && Has(ColumnRole.ZImag)) || (Has(ColumnRole.ZMod) && Has(ColumnRole.Phase)));
    }

    /// <summary>Adds one data row; trailing empty fields (a delimiter at the end of the line) are ignored.</summary>
    public void AddRow(IReadOnlyList<string> fields, bool decimalComma, long line)
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
        Span<double> row = stackalloc double[Math.Min(count, 256)];
        if (count > 256)
        {
            row = new double[count];
        }
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
        if (row[frequency] == 0)
        {
            withoutFrequency++;
            return;
        }
        for (int i = 0; i < count; i++)
        {
            if (specs[i].Role != ColumnRole.Text)
            {
                values[i].Add(row[i]);
            }
        }
    }

    /// <summary>
    /// The parsed measurement. With <paramref name="inferSign"/>, an imaginary column whose header does not say
    /// "-" is read as -Im(Z) when most of its values are positive (a warning says so); otherwise the file's
    /// convention (signed Im(Z)) is taken as written.
    /// </summary>
    public ParsedMeasurement Build(string format, Dictionary<string, string> metadata, List<string> warnings, bool inferSign, long lastLine)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(warnings);
        if (RowCount == 0)
        {
            throw new InstrumentFileException(fileName, "no impedance points (rows with a non-zero frequency)", lastLine);
        }
        if (withoutFrequency > 0)
        {
            warnings.Add($"{withoutFrequency} rows without a frequency (DC points) left out.");
        }
        int Index(ColumnRole role) => Array.FindIndex(specs, s => s.Role == role);
        int re = Index(ColumnRole.ZReal);
        int im = Index(ColumnRole.ZImag);
        int mod = Index(ColumnRole.ZMod);
        int phase = Index(ColumnRole.Phase);

        double[] real;
        double[] imaginary;
        string sign = "Im";
        if (re >= 0 && im >= 0)
        {
            real = [.. values[re]];
            imaginary = [.. values[im]];
            if (specs[im].Negated)
            {
                sign = "-Im";
            }
            else if (inferSign && ImpedanceSweeps.LooksNegated(imaginary))
            {
                sign = "-Im";
                for (int i = 0; i < imaginary.Length; i++)
                {
                    imaginary[i] = -imaginary[i];
                }
                warnings.Add($"Column \"{specs[im].Name}\" is mostly positive: read as -Im(Z) and stored as Im(Z).");
            }
        }
        else
        {
            (real, imaginary) = FromPolar(values[mod], values[phase]);
            warnings.Add("Re(Z) and Im(Z) computed from |Z| and phase (the file has only those).");
        }
        metadata[MetadataKeys.ImaginarySign] = sign;

        var freq = values[frequency].ToArray();
        var columns = new List<SeriesColumn>(specs.Length + 3)
        {
            new("freq", "Hz", Quantity.FrequencyHz, freq),
            new("Re(Z)", "Ohm", Quantity.ZRealOhm, real),
            new("Im(Z)", "Ohm", Quantity.ZImagOhm, imaginary),
        };
        if (mod >= 0)
        {
            columns.Add(new SeriesColumn("|Z|", "Ohm", Quantity.ZModOhm, [.. values[mod]]));
        }
        if (phase >= 0)
        {
            columns.Add(new SeriesColumn("Phase(Z)", "deg", Quantity.PhaseDeg, [.. values[phase]]));
        }
        AddIfPresent(columns, Index(ColumnRole.Time), "time", "s");
        columns.Add(new SeriesColumn("sweep", "", Quantity.SweepNumber, ImpedanceSweeps.FromFrequencyResets(freq)));
        AddIfPresent(columns, Index(ColumnRole.Voltage), "E", "V");
        AddIfPresent(columns, Index(ColumnRole.Current), "I", "mA");
        for (int i = 0; i < specs.Length; i++)
        {
            if (specs[i].Role == ColumnRole.Other)
            {
                string name = columns.Exists(c => c.Name == specs[i].Name) ? specs[i].Name + " (" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ")" : specs[i].Name;
                columns.Add(new SeriesColumn(name, specs[i].Unit, Quantity.Other, [.. values[i]]));
            }
        }
        return new ParsedMeasurement
        {
            Format = format,
            Technique = Technique.Impedance,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        };
    }

    private void AddIfPresent(List<SeriesColumn> columns, int index, string name, string unit)
    {
        if (index >= 0)
        {
            columns.Add(new SeriesColumn(name, unit, specs[index].Quantity, [.. values[index]]));
        }
    }

    /// <summary>Re(Z) = |Z| cos(phase), Im(Z) = |Z| sin(phase).</summary>
    private static (double[] Re, double[] Im) FromPolar(List<double> modulus, List<double> phaseDeg)
    {
        var re = new double[modulus.Count];
        var im = new double[modulus.Count];
        for (int i = 0; i < re.Length; i++)
        {
            double radians = phaseDeg[i] * (Math.PI / 180);
            re[i] = modulus[i] * Math.Cos(radians);
            im[i] = modulus[i] * Math.Sin(radians);
        }
        return (re, im);
    }
}
