using System.Globalization;
using System.Text;
using System.Text.Json;
using HalidePortal.Analysis.Conductivity;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Cli.CommandLine;

namespace HalidePortal.Cli.Commands;

/// <summary>halide arrhenius: activation energy from an impedance temperature series.</summary>
public sealed class ArrheniusCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("circuit"),
        new("element"),
        new("thickness-cm"),
        new("diameter-cm"),
        new("form"),
        new("weighting"),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "arrhenius";

    public string Summary => "activation energy from impedance spectra at several temperatures (fit, sigma = L / (R A), Arrhenius)";

    public string Usage =>
        """
        usage: halide arrhenius TEMPC=FILE... --circuit C --element R1|R0+R1|intercept --thickness-cm L
                                --diameter-cm D [--form sigmaT|sigma] [--weighting modulus|unit|proportional] [--json]

          TEMPC=FILE      an impedance file and its temperature in C, e.g. 140=s04147-140deg.txt; at least two
          --circuit       equivalent circuit fitted to every file, e.g. "p(R1,CPE1)-p(R2,CPE2)-CPE3"
          --element       the resistance sigma is computed from: a resistance of the circuit, several joined by '+',
                          or "intercept" (the resistances of the series R and of the arcs, before the spike)
          --thickness-cm  pellet thickness L in cm;  --diameter-cm  pellet diameter D in cm (A = pi D^2 / 4)
          --form          sigmaT (default: ln(sigma T) against 1/T) or sigma (ln sigma against 1/T)
          --weighting     fit weighting, modulus (default), unit or proportional
          --json          {"activationEnergyEv", "activationEnergyStdErrEv", "form", "rSquared",
                           "conductivity25CSPerCm", "conductivity30CSPerCm", "points": [{"temperatureC",
                           "resistanceOhm", "resistanceStdErrOhm", "conductivitySPerCm", "converged"}]}

        Files are fitted in order of temperature, each from its neighbour's result and from the spectrum's own guess;
        the lower chi-square is kept. Exit codes: 0 done, 2 a missing or unreadable file or bad arguments.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        var points = parsed.Positional.Select(ParsePoint).OrderBy(p => p.TemperatureC).ToList();
        if (points.Count < 2)
        {
            throw new CliError($"give at least two TEMPC=FILE points (as 140=a.txt 150=b.txt), got {points.Count}");
        }
        for (int i = 1; i < points.Count; i++)
        {
            if (points[i].TemperatureC == points[i - 1].TemperatureC)
            {
                throw new CliError($"temperature {Invariant(points[i].TemperatureC)} C given twice ({points[i - 1].File} and {points[i].File}): expected one file per temperature");
            }
        }
        var circuit = ImpedanceFiles.ParseCircuit(parsed.Required("circuit"));
        var element = parsed.Required("element");
        try
        {
            ResistanceChoice.Parameters(circuit, element);
        }
        catch (ArgumentException e)
        {
            throw new CliError($"bad --element: {CliError.OneLine(e)}");
        }
        double thicknessCm = PositiveCm(parsed, "thickness-cm");
        double diameterCm = PositiveCm(parsed, "diameter-cm");
        var form = !parsed.Has("form") ? ArrheniusForm.SigmaT : parsed.Required("form") switch
        {
            "sigmaT" => ArrheniusForm.SigmaT,
            "sigma" => ArrheniusForm.Sigma,
            var other => throw new CliError($"bad --form '{other}': expected sigmaT or sigma"),
        };
        var weighting = parsed.Has("weighting") ? ImpedanceFiles.ParseWeighting(parsed.Required("weighting")) : FitWeighting.Modulus;

        var results = new List<PointResult>();
        ImpedanceFitResult? previous = null;
        foreach (var (temperature, path) in points)
        {
            var spectrum = ImpedanceFiles.Read(path, circuit);
            ImpedanceFitResult fit;
            try
            {
                fit = FitFromNeighbour(circuit, spectrum, weighting, previous);
            }
            catch (ArgumentException e)
            {
                throw new CliError($"{spectrum.File}: {CliError.OneLine(e)}");
            }
            previous = fit;
            var resistance = ResistanceChoice.Evaluate(fit, element);
            if (!(resistance.ResistanceOhm > 0))
            {
                throw new CliError($"{spectrum.File}: fitted {element} = {Invariant(resistance.ResistanceOhm)} Ohm, expected above 0");
            }
            var sigma = IonicConductivity.FromDiameter(10 * thicknessCm, 10 * diameterCm, resistance.ResistanceOhm,
                double.IsFinite(resistance.StdErrOhm) ? resistance.StdErrOhm : null);
            results.Add(new PointResult(temperature, spectrum.File, resistance.ResistanceOhm, resistance.StdErrOhm, sigma.SigmaSPerCm, fit.Converged));
        }
        var line = ArrheniusFit.Fit([.. results.Select(r => r.TemperatureC)], [.. results.Select(r => r.SigmaSPerCm)], form);

        if (parsed.Has("json"))
        {
            stdout.Write(JsonSerializer.Serialize(ToJson(line, results), Json));
            stdout.Write('\n');
        }
        else
        {
            stdout.Write(ToText(circuit, element, line, results));
        }
        return ExitCodes.Success;
    }

    private sealed record PointResult(double TemperatureC, string File, double ResistanceOhm, double StdErrOhm, double SigmaSPerCm, bool Converged);

    /// <summary>
    /// Fits from the neighbouring temperature's result (arcs shift smoothly with T) and from the spectrum's own
    /// guess, and keeps the lower chi-square; the first file only from its guess.
    /// </summary>
    private static ImpedanceFitResult FitFromNeighbour(
        EquivalentCircuit circuit, SpectrumFile spectrum, FitWeighting weighting, ImpedanceFitResult? neighbour)
    {
        var options = new FitOptions { Weighting = weighting };
        var guessed = ImpedanceFit.Fit(circuit, spectrum.Frequencies, spectrum.Real, spectrum.Imag, options);
        if (neighbour is null)
        {
            return guessed;
        }
        var chained = ImpedanceFit.Fit(circuit, spectrum.Frequencies, spectrum.Real, spectrum.Imag, options with { InitialValues = neighbour.Values });
        return chained.Converged && (!guessed.Converged || chained.ChiSquare < guessed.ChiSquare) ? chained : guessed;
    }

    private static (double TemperatureC, string File) ParsePoint(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == token.Length - 1
            || !double.TryParse(token[..equals], NumberStyles.Float, CultureInfo.InvariantCulture, out var temperature)
            || !double.IsFinite(temperature) || temperature <= -273.15)
        {
            throw new CliError($"bad point '{token}': expected TEMPC=FILE with a temperature in C above -273.15, as 140=s04147-140deg.txt");
        }
        return (temperature, token[(equals + 1)..]);
    }

    private static double PositiveCm(Arguments parsed, string name)
    {
        var text = parsed.Required(name);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0
            ? value
            : throw new CliError($"bad --{name} '{text}': expected a length in cm above 0, as 0.21");
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static object ToJson(ArrheniusResult line, List<PointResult> results) => new
    {
        activationEnergyEv = line.ActivationEnergyEv,
        activationEnergyStdErrEv = Finite(line.ActivationEnergyStdErrEv),
        form = line.Form == ArrheniusForm.SigmaT ? "sigmaT" : "sigma",
        rSquared = line.RSquared,
        conductivity25CSPerCm = line.SigmaAt(25),
        conductivity30CSPerCm = line.SigmaAt(30),
        points = results.Select(r => new
        {
            temperatureC = r.TemperatureC,
            file = r.File,
            resistanceOhm = r.ResistanceOhm,
            resistanceStdErrOhm = Finite(r.StdErrOhm),
            conductivitySPerCm = r.SigmaSPerCm,
            converged = r.Converged,
        }),
    };

    private static string ToText(EquivalentCircuit circuit, string element, ArrheniusResult line, List<PointResult> results)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{circuit.Text}, sigma from {element}, {results.Count} temperatures\n");
        text.Append("  T (C)   R (Ohm)           sigma (S/cm)  file\n");
        foreach (var r in results)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {r.TemperatureC,6:0.#}  {r.ResistanceOhm,10:G4} ± {r.StdErrOhm,-8:G2} {r.SigmaSPerCm,12:G4}  {r.File}{(r.Converged ? "" : "  (fit NOT converged)")}\n");
        }
        var se = line.ActivationEnergyStdErrEv is { } s ? string.Create(CultureInfo.InvariantCulture, $" ± {s:0.000}") : "";
        text.Append(CultureInfo.InvariantCulture,
            $"  Ea {line.ActivationEnergyEv:0.000}{se} eV ({(line.Form == ArrheniusForm.SigmaT ? "sigma T" : "sigma")} form, R^2 {line.RSquared:0.0000})\n");
        text.Append(CultureInfo.InvariantCulture, $"  sigma at 25 C {line.SigmaAt(25):G3} S/cm, at 30 C {line.SigmaAt(30):G3} S/cm (on the line)\n");
        return text.ToString();
    }
}
