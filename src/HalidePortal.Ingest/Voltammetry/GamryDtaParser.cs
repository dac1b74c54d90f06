using System.Globalization;
using HalidePortal.Ingest.Impedance;
using HalidePortal.Ingest.Text;

namespace HalidePortal.Ingest.Voltammetry;

/// <summary>
/// Gamry Framework data files (.DTA), one parser for the techniques the lab records with Gamry potentiostats:
/// "EXPLAIN", then "KEY TYPE VALUE [more] label" lines (tab-separated: TAG names the technique, DATE/TIME the start,
/// AREA the electrode area in cm^2, SCANRATE in mV/s, NOTES followed by its count of tab-led lines), and tables
/// "NAME TABLE [rows]" followed by a column-name row, a unit row and tab-led data rows; a table ends at the first line
/// that does not start with a tab. Numbers use a decimal point or, when Windows was set so, a decimal comma.
/// <list type="bullet">
/// <item>EIS (TAG EISPOT, EISGALV ...): the ZCURVE table (Pt, Time, Freq, Zreal, Zimag, Zsig, Zmod, Zphz, Idc, Vdc,
/// IERange, and drift-corrected copies such as ZrealDrCor kept as other columns); Zimag is Im(Z) as measured.</item>
/// <item>CV/LSV: every CURVE or CURVEn table in order, n becoming the sweep number (Pt, T, Vf, Im, Vu, Sig, Ach,
/// IERange, Over): T is time, Vf the measured potential vs the reference, Im the current (A, stored as mA); the
/// "Over" status bits are skipped.</item>
/// </list>
/// Other tables (OCVCURVE, FRACURVE) are skipped. An aborted run (EXPERIMENTABORTED T) keeps the points measured
/// with a warning, and an incomplete last row of a table is left out with a warning.
/// Metadata: technique (the TAG), sampleName (TITLE), startTime, electrodeAreaCm2, instrument (PSTAT),
/// scanRateMVPerS, imaginarySign (EIS).
/// </summary>
public sealed class GamryDtaParser : IInstrumentParser
{
    private static readonly string[] DateFormats = ["M/d/yyyy", "d.M.yyyy", "yyyy-MM-dd", "d/M/yyyy", "d-M-yyyy"];

    public string Format => "gamry-dta";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        (ImpedanceText.StartsWith(head, "EXPLAIN\r\n"u8) || ImpedanceText.StartsWith(head, "EXPLAIN\n"u8))
        && head.IndexOf("\nTAG\t"u8) >= 0;

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = TextSource.Open(stream);
        var lines = new LineCursor(reader);
        return ImpedanceText.Guard(fileName, lines, () => new Reading(lines, fileName, Format).Run());
    }

    private sealed class Reading(LineCursor lines, string fileName, string format)
    {
        private readonly Dictionary<string, string> metadata = new(StringComparer.Ordinal);
        private readonly List<string> warnings = [];
        private ImpedanceTable? impedance;
        private VoltammetryTable? sweepTable;
        private string? date;
        private string? time;
        private bool aborted;

        public ParsedMeasurement Run()
        {
            if (!lines.TryRead(out var first) || !string.Equals(first.TrimStart('\uFEFF').Trim(), "EXPLAIN", StringComparison.Ordinal))
            {
                throw new InstrumentFileException(fileName, "expected \"EXPLAIN\" on the first line of a Gamry .DTA file", lines.LineNumber);
            }
            bool more = lines.TryRead(out var line);
            while (more)
            {
                var fields = line.Split('\t');
                if (fields.Length >= 2 && string.Equals(fields[1], "TABLE", StringComparison.Ordinal))
                {
                    (more, line) = ReadTable(fields[0]);
                    continue;
                }
                ReadHeaderLine(fields);
                more = lines.TryRead(out line);
            }
            return Finish();
        }

        private void ReadHeaderLine(string[] fields)
        {
            if (fields.Length < 2 || fields[0].Length == 0)
            {
                return;
            }
            if (string.Equals(fields[0], "TAG", StringComparison.Ordinal))
            {
                // The only line without a type column: "TAG<tab>EISPOT".
                metadata[MetadataKeys.Technique] = fields[1].Trim();
                return;
            }
            string value = fields.Length > 2 ? fields[2].Trim() : "";
            switch (fields[0])
            {
                case "TITLE" when value.Length > 0:
                    metadata[MetadataKeys.SampleName] = value;
                    break;
                case "DATE":
                    date = value;
                    break;
                case "TIME":
                    time = value;
                    break;
                case "PSTAT" when value.Length > 0:
                    metadata[MetadataKeys.Instrument] = value;
                    break;
                case "AREA":
                    AddNumber(MetadataKeys.ElectrodeAreaCm2, value);
                    break;
                case "SCANRATE":
                    AddNumber(MetadataKeys.ScanRateMVPerS, value);
                    break;
                case "EXPERIMENTABORTED" when string.Equals(value, "T", StringComparison.Ordinal):
                    aborted = true;
                    break;
                default:
                    break;
            }
        }

        private void AddNumber(string key, string text)
        {
            if (DelimitedText.TryParseNumber(text, decimalComma: true, out double v))
            {
                metadata[key] = v.ToString("R", CultureInfo.InvariantCulture);
            }
        }

        /// <summary>Reads one table; returns the first line after it (and whether there was one).</summary>
        private (bool More, string Line) ReadTable(string name)
        {
            long tableLine = lines.LineNumber;
            if (!lines.TryRead(out var namesRow) || !lines.TryRead(out var unitsRow) || !namesRow.StartsWith('\t') || !unitsRow.StartsWith('\t'))
            {
                throw new InstrumentFileException(fileName, $"table {name} needs a column-name row and a unit row", lines.LineNumber);
            }
            var names = namesRow.Split('\t')[1..];
            var units = unitsRow.Split('\t')[1..];
            if (units.Length < names.Length)
            {
                throw new InstrumentFileException(fileName, $"table {name} has {names.Length} columns but {units.Length} units", lines.LineNumber);
            }
            Action<string[], long>? add = null;
            if (string.Equals(name, "ZCURVE", StringComparison.Ordinal))
            {
                if (impedance is not null)
                {
                    throw new InstrumentFileException(fileName, "a second ZCURVE table", tableLine);
                }
                var specs = names.Select((n, i) => IsBits(units[i]) ? new ColumnSpec(n, units[i], ColumnRole.Text, 1, false) : ImpedanceHeaders.Classify(n, units[i])).ToArray();
                var table = impedance = new ImpedanceTable(specs, fileName, tableLine + 1);
                add = (fields, at) => table.AddRow(fields, decimalComma: true, at);
            }
            else if (SweepOf(name) is int sweep)
            {
                var specs = names.Select((n, i) => CurveColumn(n, units[i])).ToArray();
                sweepTable ??= new VoltammetryTable(specs, fileName, tableLine + 1);
                if (!sweepTable.Specs.Select(s => s.Name).SequenceEqual(names, StringComparer.Ordinal))
                {
                    throw new InstrumentFileException(fileName, $"table {name} has other columns than the first curve", tableLine + 1);
                }
                var table = sweepTable;
                add = (fields, at) => table.AddRow(fields, decimalComma: true, sweep, at);
            }

            long shortRow = 0;
            while (lines.TryRead(out var line))
            {
                if (!line.StartsWith('\t'))
                {
                    EndTable(name, shortRow);
                    return (true, line);
                }
                if (add is null)
                {
                    continue;
                }
                var fields = line.Split('\t')[1..];
                if (shortRow > 0)
                {
                    throw new InstrumentFileException(fileName, $"table {name}: row with {names.Length} fields expected", shortRow);
                }
                if (fields.Length < names.Length)
                {
                    // A run stopped mid-row may leave a partial last row; only the last one may be short.
                    shortRow = lines.LineNumber;
                    continue;
                }
                add(fields, lines.LineNumber);
            }
            EndTable(name, shortRow);
            return (false, "");
        }

        private void EndTable(string name, long shortRow)
        {
            if (shortRow > 0)
            {
                warnings.Add($"Incomplete last row of table {name} (line {shortRow.ToString(CultureInfo.InvariantCulture)}) left out.");
            }
        }

        private ParsedMeasurement Finish()
        {
            if (date is not null && time is not null
                && DateTime.TryParseExact(date + " " + time, DateFormats.Select(f => f + " H:mm:ss").ToArray(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                metadata[MetadataKeys.StartTime] = start.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            }
            if (aborted)
            {
                warnings.Add("The run was aborted (EXPERIMENTABORTED): only the points measured before the abort are in the file.");
            }
            string tag = metadata.GetValueOrDefault(MetadataKeys.Technique, "");
            bool eisTag = tag.StartsWith("EIS", StringComparison.OrdinalIgnoreCase);
            if (impedance is not null && (eisTag || sweepTable is null))
            {
                return impedance.Build(format, metadata, warnings, inferSign: false, lines.LineNumber);
            }
            if (sweepTable is not null)
            {
                var technique = IsVoltammetryTag(tag) ? Technique.Voltammetry : Technique.Unknown;
                if (technique == Technique.Unknown)
                {
                    warnings.Add($"TAG \"{tag}\" is not a voltammetry technique; its curves are read as potential and current.");
                }
                return sweepTable.Build(format, technique, metadata, warnings, lines.LineNumber);
            }
            throw new InstrumentFileException(fileName, "no ZCURVE or CURVE table", lines.LineNumber);
        }

        private static bool IsVoltammetryTag(string tag) =>
            tag.Contains("CV", StringComparison.OrdinalIgnoreCase) || tag.Contains("LSV", StringComparison.OrdinalIgnoreCase)
            || tag.Contains("VOLTAMM", StringComparison.OrdinalIgnoreCase) || tag.Contains("SWEEP", StringComparison.OrdinalIgnoreCase);

        private static bool IsBits(string unit) => string.Equals(unit.Trim(), "bits", StringComparison.OrdinalIgnoreCase);

        /// <summary>CURVE is sweep 1, CURVEn is sweep n; other tables are not sweeps.</summary>
        private static int? SweepOf(string table)
        {
            if (!table.StartsWith("CURVE", StringComparison.Ordinal))
            {
                return null;
            }
            if (table.Length == 5)
            {
                return 1;
            }
            return int.TryParse(table.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
        }

        /// <summary>Gamry's own names in CURVE tables: T time, Vf measured potential, Im current (not Im(Z)).</summary>
        private static ColumnSpec CurveColumn(string name, string unit) => name switch
        {
            _ when IsBits(unit) => new ColumnSpec(name, unit, ColumnRole.Text, 1, false),
            "T" => new ColumnSpec(name, "s", ColumnRole.Time, 1, false),
            "Vf" => new ColumnSpec(name, "V", ColumnRole.Voltage, 1, false),
            "Im" => new ColumnSpec(name, "mA", ColumnRole.Current, 1000, false),
            _ => ColumnSpec.Other(name, unit),
        };
    }
}
