using System.Globalization;
using System.Text;
using System.Text.Json;
using HalidePortal.Analysis.Cycling;
using HalidePortal.Processing;
using HalidePortal.Cli.CommandLine;
using HalidePortal.Ingest;

namespace HalidePortal.Cli.Commands;

/// <summary>halide cycling: per-cycle capacities, coulombic efficiency, rate steps and retention of a cycler file.</summary>
public sealed class CyclingCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("active-mass-mg"),
        new("nominal-mah-g"),
        new("reference-cycle"),
        new("anode", TakesValue: false),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "cycling";

    public string Summary => "per-cycle capacity, coulombic efficiency, rate steps and retention of a cycler file";

    public string Usage =>
        """
        usage: halide cycling FILE [--active-mass-mg M] [--nominal-mah-g Q] [--reference-cycle N] [--anode] [--json]

          FILE               a cycler file (BioLogic .mpr/.mpt, Neware .nda/.ndax); the format is found from its content
          --active-mass-mg   active material mass in mg (default: the mass the file states), for mAh/g and C-rates
          --nominal-mah-g    nominal specific capacity in mAh/g that defines 1 C (e.g. 200 for NCM90)
          --reference-cycle  cycle the retention is relative to (default: first cycle of the last constant-rate step)
          --anode            anode convention: a cycle is discharge then charge, CE = charge / discharge
          --json             print {"rows", "cycles": [{"cycle", "chargeMah", "dischargeMah", "chargeMahPerG",
                             "dischargeMahPerG", "coulombicEfficiency", "cRate"}], "rateSteps": [{"cRate", "firstCycle",
                             "lastCycle"}], "retention": {"referenceCycle", "percentAtLast"}, ...}; coulombicEfficiency
                             is a fraction, cRate in 1/h (measured per cycle, snapped to a standard rate per rate step)

        Cycles are numbered from 1 (EC-Lab's cycle number 0 is cycle 1). Without a usable cycle index a new cycle
        starts at each charge after a discharge (each discharge after a charge with --anode).
        Exit codes: 0 success, 2 a missing, unknown or damaged file, a file without cycling data, or bad options.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        var path = parsed.Positional.Count == 1 ? parsed.Positional[0] : throw new CliError("give exactly one FILE to analyse");
        double? mass = parsed.OptionalPositive("active-mass-mg");
        double? nominal = parsed.OptionalPositive("nominal-mah-g");
        int? reference = parsed.Has("reference-cycle") ? ParseCycle(parsed.Required("reference-cycle")) : null;

        var measurement = InstrumentFiles.Read(path);
        var name = Path.GetFileName(path);
        if (measurement.Technique is not (Technique.Cycling or Technique.Unknown))
        {
            throw new CliError($"{name}: holds {measurement.Technique.ToString().ToLowerInvariant()} data, not cycling");
        }
        CyclingInput input;
        CyclingSummary summary;
        try
        {
            input = CyclingInput.From(measurement);
            var options = new CyclingOptions
            {
                ActiveMassMg = mass ?? input.ActiveMassMg,
                NominalMAhPerG = nominal,
                ReferenceCycle = reference,
                Electrode = parsed.Has("anode") ? ElectrodeConvention.Anode : ElectrodeConvention.Cathode,
            };
            summary = CyclingAnalysis.Summarise(input.Series, options);
        }
        catch (ArgumentException e)
        {
            throw new CliError($"{name}: {CliError.OneLine(e)}");
        }

        double? usedMass = mass ?? input.ActiveMassMg;
        stdout.Write(parsed.Has("json")
            ? ToJson(measurement, summary, usedMass, nominal, input.Notes)
            : ToTable(name, measurement, summary, usedMass, nominal, input.Notes));
        return ExitCodes.Success;
    }

    private static int ParseCycle(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cycle) && cycle >= 1
            ? cycle
            : throw new CliError($"bad --reference-cycle '{text}': expected a cycle number from 1");

    private static string ToJson(ParsedMeasurement m, CyclingSummary s, double? mass, double? nominal, IReadOnlyList<string> inputNotes) =>
        JsonSerializer.Serialize(new
        {
            rows = m.RowCount,
            format = m.Format,
            electrode = s.Electrode == ElectrodeConvention.Anode ? "anode" : "cathode",
            cycleSource = s.CycleSource == CycleSource.FileIndex ? "file" : "counted",
            activeMassMg = mass,
            nominalMahPerG = nominal,
            cycles = s.Cycles.Select(c => new
            {
                cycle = c.Cycle,
                chargeMah = c.ChargeMAh,
                dischargeMah = c.DischargeMAh,
                chargeMahPerG = c.ChargeMAhPerG,
                dischargeMahPerG = c.DischargeMAhPerG,
                coulombicEfficiency = c.CoulombicEfficiency,
                cRate = c.CRate,
                chargeMwh = c.ChargeEnergyMWh,
                dischargeMwh = c.DischargeEnergyMWh,
                meanChargeV = c.MeanChargeVoltageV,
                meanDischargeV = c.MeanDischargeVoltageV,
                currentMa = c.CurrentMA,
                retentionPercent = c.RetentionPercent,
            }),
            rateSteps = s.RateSteps.Select(r => new { cRate = r.CRate, currentMa = r.MeanCurrentMA, firstCycle = r.FirstCycle, lastCycle = r.LastCycle }),
            retention = s.Retention is { } r
                ? new { referenceCycle = r.ReferenceCycle, percentAtLast = r.PercentAtLast, lastCycle = r.LastCycle }
                : null,
            notes = inputNotes.Concat(s.Notes),
        }, Json) + Environment.NewLine;

    private static string ToTable(string name, ParsedMeasurement m, CyclingSummary s, double? mass, double? nominal, IReadOnlyList<string> inputNotes)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{name}: {m.Format}, {m.RowCount} rows, {s.Cycles.Count} cycles ({(s.CycleSource == CycleSource.FileIndex ? "file's cycle index" : "counted from steps")}), ");
        text.Append(s.Electrode == ElectrodeConvention.Anode ? "anode" : "cathode").Append(" convention");
        text.Append(mass is { } mg ? string.Create(inv, $", active mass {mg:0.###} mg") : "");
        text.Append(nominal is { } q ? string.Create(inv, $", 1 C = {q:0.###} mAh/g") : "").Append('\n').Append('\n');

        var table = new TextTable("cycle", "charge mAh", "discharge mAh", "charge mAh/g", "discharge mAh/g", "CE %", "C-rate", "retention %");
        foreach (var c in s.Cycles)
        {
            table.Add(c.Cycle.ToString(inv), Number(c.ChargeMAh, "0.0000"), Number(c.DischargeMAh, "0.0000"),
                Number(c.ChargeMAhPerG, "0.0"), Number(c.DischargeMAhPerG, "0.0"), Number(c.CoulombicEfficiency * 100, "0.00"),
                Number(c.CRate, "0.###"), Number(c.RetentionPercent, "0.0"));
        }
        text.Append(table).Append('\n');
        foreach (var r in s.RateSteps)
        {
            var rate = r.CRate is { } c ? string.Create(inv, $"{c:0.###} C") : string.Create(inv, $"{r.MeanCurrentMA:0.####} mA");
            text.Append(inv, $"rate step: {rate}, cycles {r.FirstCycle}-{r.LastCycle}\n");
        }
        if (s.Retention is { } ret)
        {
            text.Append(inv, $"retention: {ret.PercentAtLast:0.0} % at cycle {ret.LastCycle} relative to cycle {ret.ReferenceCycle}\n");
        }
        foreach (var note in inputNotes.Concat(s.Notes))
        {
            text.Append("note: ").Append(note).Append('\n');
        }
        return text.ToString();
    }

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
