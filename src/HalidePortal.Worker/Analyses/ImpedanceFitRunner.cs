using System.Globalization;
using System.Text.Json;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Domain.Analyses;
using HalidePortal.Domain.Measurements;
using Microsoft.EntityFrameworkCore;

namespace HalidePortal.Worker.Analyses;

/// <summary>
/// Equivalent-circuit fit of an impedance measurement. With no circuit given, a pellet's spectrum takes the circuit
/// of the fit at the nearest temperature of the same pellet (and starts from its values), so a temperature series is
/// fitted with one circuit; the first spectrum of a series gets one chosen automatically (<see cref="CircuitChoice"/>).
/// </summary>
public sealed class ImpedanceFitRunner : IAnalysisRunner
{
    private const int ModelPoints = 200;

    public AnalysisKind Kind => AnalysisKind.ImpedanceFit;

    public object? DefaultSettings(Measurement measurement) =>
        measurement.Technique == MeasurementTechnique.Impedance ? new ImpedanceFitSettings() : null;

    public async Task<AnalysisOutcome> RunAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings<ImpedanceFitSettings>();
        var spectrum = await ReadSpectrumAsync(context, cancellationToken);
        await context.ReportProgressAsync(20);
        var weighting = ParseWeighting(settings.Weighting);
        var neighbour = settings.StartFromNeighbour
            ? await NeighbourAsync(context, settings.Circuit is null ? null : Parse(settings.Circuit).Text, cancellationToken) : null;
        return Fit(settings, spectrum, weighting, neighbour, Catalogue(context.Measurement));
    }

    /// <summary>
    /// The circuits the automatic choice tries: a pellet's (blocking electrodes), a cell's, or for a spectrum on the
    /// sample alone both lists, since nothing says which set-up it came from.
    /// </summary>
    internal static IReadOnlyList<string> Catalogue(Measurement measurement) =>
        measurement.PelletId is not null ? CircuitChoice.PelletCircuits
        : measurement.CellId is not null ? CircuitChoice.CellCircuits
        : CircuitChoice.AnyCircuits;

    /// <summary>
    /// A pellet's spectra are fitted one at a time (the job holds this lock until the result is saved), so a series
    /// uploaded at once still finds a finished neighbour for each fit and keeps one circuit.
    /// </summary>
    public long? SerialKey(Measurement measurement) =>
        measurement.PelletId is { } pellet ? BitConverter.ToInt64(pellet.ToByteArray(), 8) ^ 0x5A5A_0000_0000_0000 : null;

    private static AnalysisOutcome Fit(ImpedanceFitSettings settings, ImpedanceSpectrum spectrum, FitWeighting weighting, Neighbour? neighbour,
        IReadOnlyList<string> catalogue)
    {
        var notes = new List<string>();

        ImpedanceFitResult fit;
        string choice;
        string? startedFrom = null;
        if (settings.Circuit is null && neighbour is null)
        {
            var chosen = CircuitChoice.Choose(spectrum, catalogue, weighting);
            fit = chosen.Best;
            choice = "automatic";
            notes.Add("Circuit chosen automatically by the lowest AIC among " + string.Join(", ", chosen.Candidates
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Fit.Circuit.Text} ({c.Aic:0.#})"))) + ".");
        }
        else
        {
            var circuit = Parse(settings.Circuit ?? neighbour!.Record.Circuit);
            choice = settings.Circuit is null ? "series" : "given";
            var (f, re, im) = spectrum.FittedPoints(circuit);
            var options = Options(circuit, settings, weighting, f, re, im);
            fit = ImpedanceFit.Fit(circuit, f, re, im, options);
            if (neighbour is not null && neighbour.Record.Circuit == circuit.Text && settings.InitialValues is null)
            {
                // The neighbouring temperature's result is usually the best start; kept only when it fits better.
                var start = circuit.Parameters.Select(p => neighbour.Record.Parameters.First(q => q.Name == p.Name).Value).ToArray();
                var fromNeighbour = ImpedanceFit.Fit(circuit, f, re, im, options with { InitialValues = start });
                if (fromNeighbour.ChiSquare <= fit.ChiSquare * (1 + 1e-9))
                {
                    fit = fromNeighbour;
                    startedFrom = neighbour.Description;
                }
            }
            if (settings.Circuit is null)
            {
                notes.Add($"Circuit taken from the fit of {neighbour!.Description}, so the pellet's series is fitted alike.");
            }
        }
        int excluded = spectrum.ExcludedFor(fit.Circuit);
        if (ExclusionNote(spectrum, excluded) is { } note)
        {
            notes.Add(note);
        }
        if (spectrum.Sweeps > 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The file holds {spectrum.Sweeps} sweeps; the first was fitted."));
        }
        if (!fit.Converged)
        {
            notes.Add($"The fit did not converge ({fit.Exit}); the values are the best found.");
        }
        return new AnalysisOutcome(ToRecord(fit, spectrum, choice, settings.Weighting, excluded, startedFrom, notes), fit.AlgorithmVersion);
    }

    /// <summary>Why the first points were left out: Re Z below zero (no circuit gives it), and inductive ones when the circuit has no L.</summary>
    internal static string? ExclusionNote(ImpedanceSpectrum spectrum, int excluded)
    {
        int negative = Math.Min(spectrum.NegativeRealHead, excluded);
        int inductive = excluded - negative;
        var parts = new List<string>();
        if (negative > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{negative} point(s) at the highest frequencies with a negative Re(Z), which no circuit element gives (an instrument artefact), were left out"));
        }
        if (inductive > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{inductive} point(s) at the highest frequencies with a positive (inductive) imaginary part were left out; the circuit has no L"));
        }
        return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
    }

    internal static async Task<ImpedanceSpectrum> ReadSpectrumAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        var f = await context.RequiredColumnAsync("FrequencyHz", "a frequency column", cancellationToken);
        var re = await context.RequiredColumnAsync("ZRealOhm", "a Re(Z) column", cancellationToken);
        var im = await context.RequiredColumnAsync("ZImagOhm", "an Im(Z) column", cancellationToken);
        var sweep = await context.ColumnAsync("SweepNumber", cancellationToken);
        var spectrum = ImpedanceSpectrum.FirstSweep(f, re, im, sweep);
        if (spectrum.Count < 5)
        {
            throw new AnalysisInputException(string.Create(CultureInfo.InvariantCulture,
                $"the spectrum has {spectrum.Count} usable points; a fit needs at least 5."));
        }
        return spectrum;
    }

    private static EquivalentCircuit Parse(string text)
    {
        try
        {
            return EquivalentCircuit.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new AnalysisInputException($"circuit '{text}': {e.Message}");
        }
    }

    internal static FitWeighting ParseWeighting(string text) => text switch
    {
        "modulus" => FitWeighting.Modulus,
        "unit" => FitWeighting.Unit,
        "proportional" => FitWeighting.Proportional,
        _ => throw new AnalysisInputException($"weighting '{text}': expected modulus, unit or proportional."),
    };

    private static FitOptions Options(EquivalentCircuit circuit, ImpedanceFitSettings settings, FitWeighting weighting,
        double[] f, double[] re, double[] im)
    {
        var named = new Dictionary<string, double>(settings.InitialValues ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        foreach (var (name, value) in settings.Fixed ?? new Dictionary<string, double>())
        {
            named[name] = value;
        }
        if (named.Keys.FirstOrDefault(name => circuit.IndexOf(name) < 0) is { } unknown)
        {
            throw new AnalysisInputException(
                $"{circuit.Text} has no parameter {unknown}; it has {string.Join(", ", circuit.Parameters.Select(p => p.Name))}.");
        }
        if (named.Count == 0)
        {
            return new FitOptions { Weighting = weighting };
        }
        // Named values replace the guess read from the spectrum; fixed ones are held there.
        var initial = ImpedanceGuess.Initial(circuit, f, re, im);
        foreach (var (name, value) in named)
        {
            initial[circuit.IndexOf(name)] = value;
        }
        return new FitOptions { Weighting = weighting, InitialValues = initial, Fixed = [.. settings.Fixed?.Keys ?? []] };
    }

    private sealed record Neighbour(ImpedanceFitRecord Record, string Description);

    // The same pellet's other spectra with a finished fit (of the given circuit, when one is given, so a series re-fit
    // chains through the new results); the nearest temperature, else the latest; of two as near, the later result.
    private static async Task<Neighbour?> NeighbourAsync(AnalysisContext context, string? circuit, CancellationToken cancellationToken)
    {
        var m = context.Measurement;
        if (m.PelletId is not { } pellet)
        {
            return null;
        }
        var fits = (await context.Db.Measurements.AsNoTracking()
            .Where(o => o.PelletId == pellet && o.Id != m.Id)
            .SelectMany(o => context.Db.AnalysisRuns
                .Where(r => r.MeasurementId == o.Id && r.Kind == AnalysisKind.ImpedanceFit && r.State == AnalysisState.Done)
                .OrderByDescending(r => r.Version).Take(1)
                .Select(r => new { o.FileName, o.TemperatureC, r.CompletedAt, r.ResultJson }))
            .ToListAsync(cancellationToken))
            .Select(o => (o.FileName, o.TemperatureC, o.CompletedAt,
                Record: o.ResultJson is null ? null : JsonSerializer.Deserialize<ImpedanceFitRecord>(o.ResultJson, AnalysisJobs.Json)))
            .Where(o => o.Record is not null && (circuit is null || o.Record.Circuit == circuit));
        // A spectrum at a known temperature follows only neighbours at known temperatures: a stray spectrum of
        // unknown temperature on the same pellet must not set the series' circuit.
        var best = fits
            .Where(o => m.TemperatureC is null || o.TemperatureC is not null)
            .OrderBy(o => m.TemperatureC is { } t && o.TemperatureC is { } u ? Math.Abs(t - u) : double.MaxValue)
            .ThenByDescending(o => o.CompletedAt)
            .FirstOrDefault();
        if (best.Record is not { } record)
        {
            return null;
        }
        var at = best.TemperatureC is { } c ? string.Create(CultureInfo.InvariantCulture, $" at {c:0.#} °C") : "";
        return new Neighbour(record, $"{best.FileName}{at}");
    }

    internal static ImpedanceFitRecord ToRecord(ImpedanceFitResult fit, ImpedanceSpectrum spectrum, string choice, string weighting,
        int excluded, string? startedFrom, IReadOnlyList<string> notes)
    {
        var circuit = fit.Circuit;
        var parameters = circuit.Parameters.Select((p, k) => new FittedParameter(p.Name, fit.Values[k],
            double.IsFinite(fit.StandardErrors[k]) ? fit.StandardErrors[k] : null, p.Unit, fit.IsFixed[k])).ToList();
        var values = fit.Values.ToArray();
        double high = spectrum.FrequencyHz[0], low = spectrum.FrequencyHz[^1];
        var modelF = new double[ModelPoints];
        var modelRe = new double[ModelPoints];
        var modelIm = new double[ModelPoints];
        for (int i = 0; i < ModelPoints; i++)
        {
            modelF[i] = high * Math.Pow(low / high, i / (ModelPoints - 1.0));
            var z = circuit.Impedance(modelF[i], values);
            (modelRe[i], modelIm[i]) = (z.Real, z.Imaginary);
        }
        var residualRe = new double[spectrum.Count];
        var residualIm = new double[spectrum.Count];
        for (int i = 0; i < spectrum.Count; i++)
        {
            var z = circuit.Impedance(spectrum.FrequencyHz[i], values);
            double modulus = Math.Sqrt(spectrum.ZRealOhm[i] * spectrum.ZRealOhm[i] + spectrum.ZImagOhm[i] * spectrum.ZImagOhm[i]);
            residualRe[i] = 100 * (spectrum.ZRealOhm[i] - z.Real) / modulus;
            residualIm[i] = 100 * (spectrum.ZImagOhm[i] - z.Imaginary) / modulus;
        }
        var covariance = Enumerable.Range(0, values.Length)
            .Select(a => Enumerable.Range(0, values.Length).Select(b => Finite(fit.Covariance[a, b])).ToArray()).ToArray();
        return new ImpedanceFitRecord(circuit.Text, choice, weighting, parameters, fit.ChiSquare, fit.RelativeMisfit, fit.Converged,
            fit.Exit.ToString(), fit.Iterations, fit.Starts, spectrum.Count - excluded, excluded, startedFrom, Capacitances(fit),
            modelF, modelRe, modelIm, residualRe, residualIm, notes)
        {
            Covariance = covariance,
            DataFrequencyHz = spectrum.FrequencyHz,
            DataZRealOhm = spectrum.ZRealOhm,
            DataZImagOhm = spectrum.ZImagOhm,
        };
    }

    private static List<CapacitanceRecord> Capacitances(ImpedanceFitResult fit) =>
        [.. EffectiveCapacitance.FromFit(fit).Select(c => new CapacitanceRecord(c.Resistor, c.Element, c.CapacitanceF, c.StdErrF, c.Origin switch
        {
            CapacitanceOrigin.Bulk => "bulk",
            CapacitanceOrigin.GrainBoundary => "grain boundary",
            CapacitanceOrigin.ElectrodeInterface => "electrode interface",
            _ => "unassigned",
        }))];

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
