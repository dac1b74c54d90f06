using System.Globalization;
using System.Text;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Cli.CommandLine;

namespace HalidePortal.Cli.Commands;

/// <summary>halide eis-fit: an equivalent circuit fitted to impedance files by complex nonlinear least squares.</summary>
public sealed class EisFitCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("circuit"),
        new("weighting"),
        new("fixed"),
        new("initial"),
        new("bounds"),
        new("json", TakesValue: false),
    ];

    public string Name => "eis-fit";

    public string Summary => "fit an equivalent circuit to impedance spectra (complex nonlinear least squares)";

    public string Usage =>
        """
        usage: halide eis-fit FILE... --circuit C [--weighting modulus|unit|proportional]
                              [--fixed NAME=VALUE,...] [--initial NAME=VALUE,...] [--bounds NAME=LO:HI,...] [--json]

          FILE         impedance files (BioLogic .mpr/.mpt PEIS, Gamry .DTA, ZView .z, CSV ...); the format is found
                       from the content; a file with several sweeps is fitted on its first
          --circuit    e.g. "R0-p(R1,CPE1)-CPE2": '-' series, p(a,b) parallel; elements R, C, L, CPE, W, Wo, Ws, G, Zarc
          --weighting  modulus (default: each point by 1/|Z|), unit, or proportional
          --fixed      parameters held at a value, e.g. "R0=12.5,CPE2.n=0.9" (SI units: Ohm, F s^(n-1), s)
          --initial    starting values in place of those read off the spectrum, e.g. "R1=1e5,CPE1.Q=1e-11"
          --bounds     limits in place of the defaults (positive; exponents in (0, 1]), e.g. "CPE1.n=0.7:1,R1=1e4:1e7"
          --json       print one object per file (an array when several): {"file", "circuit", "parameters":
                       {"R1": {"value", "stdErr", "unit"}, ...}, "chiSquare", "converged", "points", "excludedInductive"}

        The starting values are read from the spectrum (high-frequency intercept, arcs, low-frequency spike). Points
        with a positive (inductive) imaginary part at the high-frequency end are left out unless the circuit has an L.
        Exit codes: 0 every file fitted, 2 a missing, unknown or non-impedance file, a bad circuit, or bad options.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        if (parsed.Positional.Count == 0)
        {
            throw new CliError("give at least one impedance FILE to fit");
        }
        var circuit = ImpedanceFiles.ParseCircuit(parsed.Required("circuit"));
        var weighting = parsed.Has("weighting") ? ImpedanceFiles.ParseWeighting(parsed.Required("weighting")) : FitWeighting.Modulus;
        var fixedValues = parsed.Has("fixed") ? NamedValues(circuit, "fixed", parsed.Required("fixed")) : [];
        var initialValues = parsed.Has("initial") ? NamedValues(circuit, "initial", parsed.Required("initial")) : [];
        var bounds = parsed.Has("bounds") ? NamedBounds(circuit, parsed.Required("bounds")) : [];
        var values = new Dictionary<string, double>(initialValues, StringComparer.Ordinal);
        foreach (var (name, value) in fixedValues)
        {
            values[name] = value;
        }

        var fits = parsed.Positional.Select(path => FitFile(path, circuit, weighting, values, [.. fixedValues.Keys], bounds)).ToList();
        PerFileOutput.Write(stdout, fits, parsed.Has("json"), ToJson, ToTable);
        return ExitCodes.Success;
    }

    private sealed record FileFit(string File, ImpedanceFitResult Result, int Points, int ExcludedInductive, int Sweeps);

    /// <summary>"R0=12.5,CPE2.n=0.9": each name a parameter of the circuit, each value a finite number.</summary>
    private static Dictionary<string, double> NamedValues(EquivalentCircuit circuit, string option, string text)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? item : item[..eq].Trim();
            if (eq < 0 || !double.TryParse(item[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw new CliError($"bad --{option} '{item}': expected NAME=VALUE, e.g. {circuit.Parameters[0].Name}=1e3");
            }
            if (circuit.IndexOf(name) < 0)
            {
                throw new CliError($"bad --{option} '{item}': {circuit.Text} has no parameter {name}; it has {string.Join(", ", circuit.Parameters.Select(p => p.Name))}");
            }
            values[name] = value;
        }
        return values;
    }

    /// <summary>"CPE1.n=0.7:1,R1=1e4:1e7": each name a parameter of the circuit, LO below HI, both finite.</summary>
    private static Dictionary<string, ParameterBounds> NamedBounds(EquivalentCircuit circuit, string text)
    {
        var bounds = new Dictionary<string, ParameterBounds>(StringComparer.Ordinal);
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            string[] range = eq < 0 ? [] : item[(eq + 1)..].Split(':', StringSplitOptions.TrimEntries);
            if (range.Length != 2
                || !double.TryParse(range[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo)
                || !double.TryParse(range[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi)
                || !double.IsFinite(lo) || !double.IsFinite(hi) || !(lo < hi))
            {
                throw new CliError($"bad --bounds '{item}': expected NAME=LO:HI with LO < HI, e.g. {circuit.Parameters[^1].Name}=0.5:1");
            }
            string name = item[..eq].Trim();
            if (circuit.IndexOf(name) < 0)
            {
                throw new CliError($"bad --bounds '{item}': {circuit.Text} has no parameter {name}; it has {string.Join(", ", circuit.Parameters.Select(p => p.Name))}");
            }
            bounds[name] = new ParameterBounds(lo, hi);
        }
        return bounds;
    }

    private static FileFit FitFile(string path, EquivalentCircuit circuit, FitWeighting weighting, Dictionary<string, double> values, string[] fixedNames,
        Dictionary<string, ParameterBounds> bounds)
    {
        var spectrum = ImpedanceFiles.Read(path, circuit);
        try
        {
            var options = new FitOptions { Weighting = weighting, Bounds = bounds };
            if (values.Count > 0)
            {
                // Named values replace the guess read from this spectrum; the fixed ones are held there.
                var initial = ImpedanceGuess.Initial(circuit, spectrum.Frequencies, spectrum.Real, spectrum.Imag);
                foreach (var (name, value) in values)
                {
                    initial[circuit.IndexOf(name)] = value;
                }
                options = options with { InitialValues = initial, Fixed = fixedNames };
            }
            var result = ImpedanceFit.Fit(circuit, spectrum.Frequencies, spectrum.Real, spectrum.Imag, options);
            return new FileFit(spectrum.File, result, spectrum.Frequencies.Length, spectrum.ExcludedInductive, spectrum.Sweeps);
        }
        catch (ArgumentException e)
        {
            throw new CliError($"{spectrum.File}: {CliError.OneLine(e)}");
        }
    }

    private static object ToJson(FileFit fit)
    {
        var r = fit.Result;
        var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
        for (int k = 0; k < r.Circuit.Parameters.Count; k++)
        {
            var p = r.Circuit.Parameters[k];
            parameters[p.Name] = new
            {
                value = r.Values[k],
                stdErr = double.IsFinite(r.StandardErrors[k]) ? r.StandardErrors[k] : (double?)null,
                unit = p.Unit,
                @fixed = r.IsFixed[k],
            };
        }
        return new
        {
            file = fit.File,
            circuit = r.Circuit.Text,
            parameters,
            chiSquare = r.ChiSquare,
            relativeMisfit = r.RelativeMisfit,
            converged = r.Converged,
            iterations = r.Iterations,
            starts = r.Starts,
            points = fit.Points,
            excludedInductive = fit.ExcludedInductive,
            sweeps = fit.Sweeps,
            algorithm = r.AlgorithmVersion,
        };
    }

    private static string ToTable(FileFit fit)
    {
        var r = fit.Result;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{fit.File}: {r.Circuit.Text}, {fit.Points} points");
        if (fit.ExcludedInductive > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({fit.ExcludedInductive} at the highest frequencies left out: inductive, or Re(Z) < 0)");
        }
        if (fit.Sweeps > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $", sweep 1 of {fit.Sweeps}");
        }
        text.Append('\n');
        for (int k = 0; k < r.Circuit.Parameters.Count; k++)
        {
            var p = r.Circuit.Parameters[k];
            text.Append(CultureInfo.InvariantCulture, $"  {p.Name,-10} {r.Values[k],14:G6} ± {r.StandardErrors[k],-12:G3} {p.Unit}\n");
        }
        text.Append(CultureInfo.InvariantCulture,
            $"  chi-square {r.ChiSquare:G4}, misfit {100 * r.RelativeMisfit:0.###} %, {(r.Converged ? "converged" : "NOT converged: " + r.Exit)}\n");
        return text.ToString();
    }
}
