using System.Globalization;
using System.Text;
using System.Text.Json;
using HalidePortal.Analysis.Gitt;
using HalidePortal.Cli.CommandLine;
using HalidePortal.Ingest;
using HalidePortal.Processing;

namespace HalidePortal.Cli.Commands;

/// <summary>halide gitt: Li+ diffusion coefficient per pulse of a GITT run (Weppner-Huggins).</summary>
public sealed class GittCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("mass-mg"),
        new("molar-mass-g-mol"),
        new("molar-volume-cm3-mol"),
        new("area-cm2"),
        new("radius-um"),
        new("transient"),
        new("fit-from"),
        new("fit-to"),
        new("threshold-ma"),
        new("max-ratio"),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "gitt";

    public string Summary => "Li+ diffusion coefficient per pulse of a GITT run (Weppner-Huggins)";

    public string Usage =>
        """
        usage: halide gitt FILE [--mass-mg m --molar-mass-g-mol M --molar-volume-cm3-mol V --area-cm2 S] [--radius-um r]
                                [--transient fit|ends] [--fit-from F] [--fit-to F] [--threshold-ma I] [--max-ratio X] [--json]

          FILE                   a cycler file with current pulses and rests (BioLogic .mpr/.mpt, Neware, Arbin, CSV ...)
          --mass-mg              active mass in mg (default: the mass the file states); with the next three gives
                                 D = 4 / (pi tau) (m V_M / (M S))^2 (dEs / dEt)^2
          --molar-mass-g-mol     molar mass M of the active material in g/mol
          --molar-volume-cm3-mol molar volume V_M in cm3/mol
          --area-cm2             electrode/electrolyte contact area S in cm2
          --radius-um            diffusion length L in um (e.g. particle radius): D = 4 L^2 / (pi tau) (dEs / dEt)^2
          --transient            fit (default): dEt from a fit of E against sqrt(t) over the pulse; ends: last minus first
                                 pulse point (biased high when the sampling is coarse)
          --fit-from, --fit-to   the sqrt(t) fit window as shares of the pulse length (default 0.1 and 1)
          --threshold-ma         |I| in mA above which a row belongs to a pulse (default 5 % of the largest |I|)
          --max-ratio            a pulse is valid when tau D / L^2 is at most this (default 0.1)
          --json                 print {"file", "pulses": [{"index", "stateOfCharge", "voltageV", "tauS", "deltaEsV",
                                 "deltaEtV", "diffusionCm2PerS", "diffusionLengthCm2PerS", "valid", ...}], ...}:
                                 diffusionCm2PerS from the mass form, diffusionLengthCm2PerS from the radius form

        A pulse needs a rest before it (E0) and after it (Es, the rest's last point); others are left out with a note.
        Exit codes: 0 success, 2 a missing, unknown or non-cycling file, no usable pulse, or bad options.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        var path = parsed.Positional.Count == 1 ? parsed.Positional[0] : throw new CliError("give exactly one FILE to analyse");
        double? radiusUm = parsed.OptionalPositive("radius-um");
        double? molarMass = parsed.OptionalPositive("molar-mass-g-mol");
        double? molarVolume = parsed.OptionalPositive("molar-volume-cm3-mol");
        double? area = parsed.OptionalPositive("area-cm2");
        bool massForm = molarMass is not null || molarVolume is not null || area is not null;
        if (massForm && (molarMass is null || molarVolume is null || area is null))
        {
            throw new CliError("the mass form needs --molar-mass-g-mol, --molar-volume-cm3-mol and --area-cm2 together (and a mass)");
        }
        if (!massForm && radiusUm is null)
        {
            throw new CliError("give --radius-um, or --molar-mass-g-mol, --molar-volume-cm3-mol and --area-cm2 (with the mass) for D");
        }
        var transient = parsed.Has("transient") ? ParseTransient(parsed.Required("transient")) : GittTransientMethod.SqrtTimeFit;
        double fitFrom = parsed.OptionalNumber("fit-from", v => v is >= 0 and < 1, "a share of the pulse from 0 to below 1") ?? 0.1;
        double fitTo = parsed.OptionalNumber("fit-to", v => v is > 0 and <= 1, "a share of the pulse above 0 up to 1") ?? 1.0;
        double? thresholdMA = parsed.OptionalPositive("threshold-ma");
        double maxRatio = parsed.OptionalPositive("max-ratio") ?? 0.1;

        var measurement = InstrumentFiles.Read(path, Technique.Cycling, "a GITT run");
        var name = Path.GetFileName(path);
        GittResult result;
        double? massMg;
        try
        {
            var input = CyclingInput.From(measurement);
            massMg = parsed.OptionalPositive("mass-mg") ?? input.ActiveMassMg;
            if (massForm && massMg is null)
            {
                throw new CliError($"{name}: the mass form needs --mass-mg (the file states no active mass)");
            }
            var s = input.Series;
            result = GittAnalysis.Analyse(s.TimeS, s.VoltageV, [.. s.CurrentMA.Select(i => i / 1000)], new GittOptions
            {
                CurrentThresholdA = thresholdMA / 1000,
                TransientMethod = transient,
                FitFromShareOfPulse = fitFrom,
                FitToShareOfPulse = fitTo,
                MassMg = massMg,
                MolarMassGPerMol = molarMass,
                MolarVolumeCm3PerMol = molarVolume,
                AreaCm2 = area,
                DiffusionLengthCm = radiusUm / 1e4,
                MaxValidityRatio = maxRatio,
            });
        }
        catch (ArgumentException e)
        {
            throw new CliError($"{name}: {CliError.OneLine(e)}");
        }
        stdout.Write(parsed.Has("json") ? ToJson(name, result, massMg, radiusUm) : ToTable(name, result));
        return ExitCodes.Success;
    }

    private static GittTransientMethod ParseTransient(string text) => text switch
    {
        "fit" => GittTransientMethod.SqrtTimeFit,
        "ends" => GittTransientMethod.FirstToLastPoint,
        _ => throw new CliError($"bad --transient '{text}': expected fit or ends"),
    };

    private static string ToJson(string name, GittResult r, double? massMg, double? radiusUm) =>
        JsonSerializer.Serialize(new
        {
            file = name,
            transient = r.TransientMethod == GittTransientMethod.SqrtTimeFit ? "fit" : "ends",
            currentThresholdMa = r.CurrentThresholdA * 1000,
            massMg,
            radiusUm,
            massLengthCm = r.MassLengthCm,
            pulses = r.Pulses.Select(p => new
            {
                index = p.Index,
                stateOfCharge = p.StateOfCharge,
                voltageV = p.MeanVoltageV,
                tauS = p.TauS,
                deltaEsV = p.DeltaEsV,
                deltaEtV = p.DeltaEtV,
                diffusionCm2PerS = p.DiffusionMassCm2PerS,
                diffusionLengthCm2PerS = p.DiffusionLengthCm2PerS,
                valid = p.Valid,
                validityRatio = double.IsFinite(p.ValidityRatio) ? p.ValidityRatio : (double?)null,
                currentMa = p.CurrentA * 1000,
                e0V = p.E0V,
                esV = p.SteadyStateV,
                irDropV = p.IrDropV,
                sqrtSlopeVPerSqrtS = p.SqrtSlopeVPerSqrtS,
                sqrtFitRSquared = p.SqrtFitRSquared,
                chargeMah = p.CumulativeChargeMAh,
                capacityMahPerG = p.SpecificCapacityMAhPerG,
                startS = p.T0S,
            }),
            notes = r.Notes,
            algorithm = r.AlgorithmVersion,
        }, Json) + "\n";

    private static string ToTable(string name, GittResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $"{name}: {r.Pulses.Count} pulses, |I| > {r.CurrentThresholdA * 1000:G3} mA, dEt by {(r.TransientMethod == GittTransientMethod.SqrtTimeFit ? "sqrt(t) fit" : "first-to-last point")}\n\n");
        var table = new TextTable("pulse", "SOC", "V", "tau s", "dEs mV", "dEt mV", "D mass cm2/s", "D radius cm2/s", "tau D/L2", "valid");
        foreach (var p in r.Pulses)
        {
            table.Add(p.Index.ToString(inv), p.StateOfCharge.ToString("0.000", inv), p.MeanVoltageV.ToString("0.0000", inv),
                p.TauS.ToString("0.#", inv), (1000 * p.DeltaEsV).ToString("0.000", inv), (1000 * p.DeltaEtV).ToString("0.000", inv),
                Number(p.DiffusionMassCm2PerS), Number(p.DiffusionLengthCm2PerS), double.IsFinite(p.ValidityRatio) ? p.ValidityRatio.ToString("G3", inv) : "-", p.Valid ? "yes" : "NO");
        }
        text.Append(table);
        foreach (var note in r.Notes)
        {
            text.Append("note: ").Append(note).Append('\n');
        }
        return text.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.000E+00", CultureInfo.InvariantCulture) : "-";
}
