using System.Globalization;
using System.Text;
using System.Text.Json;
using HalidePortal.Analysis.Simulation;
using HalidePortal.Cli.CommandLine;

namespace HalidePortal.Cli.Commands;

/// <summary>halide msd: Li diffusivity, Nernst-Einstein conductivity and activation energy from simulated MSD curves.</summary>
public sealed class MsdCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("temperature-k", IsList: true),
        new("li-per-cell"),
        new("cell-volume-a3"),
        new("haven-ratio"),
        new("from-ps"),
        new("to-ps"),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "msd";

    public string Summary => "diffusivity, Nernst-Einstein conductivity and Ea from simulated MSD curves";

    public string Usage =>
        """
        usage: halide msd FILE... --temperature-k T... --li-per-cell N --cell-volume-a3 V [--haven-ratio H]
                          [--from-ps A --to-ps B] [--json]
               halide msd TEMPK=FILE... --li-per-cell N --cell-volume-a3 V ...

          FILE             two columns: lag time in ps and Li MSD in A^2 ('#' comments, one header line allowed)
          --temperature-k  one temperature in K per FILE, in order (or write each file as TEMPK=FILE, e.g. 600=msd600.dat)
          --li-per-cell    mobile Li ions in the simulation cell (n = N / V)
          --cell-volume-a3 cell volume in A^3
          --haven-ratio    H_R = D_tracer / D_sigma (default 1)
          --from-ps/--to-ps a fixed fit window in ps (default: searched per file, the 40 % stretch between the first
                           10 % and the last 20 % of the lags whose log-log slope is closest to 1)
          --json           print {"points": [{"file", "temperatureK", "diffusionCm2PerS", "conductivitySPerCm", ...}],
                           "activationEnergyEv", "conductivity25CSPerCm", "conductivity30CSPerCm", ...}

        D = slope / 6 of MSD against t (1 A^2/ps = 1e-4 cm2/s); sigma = n e^2 D / (H_R kB T); Ea from ln(sigma T)
        against 1/T (two or more temperatures), sigma at 25 and 30 C read off that line.
        Exit codes: 0 success, 2 a missing or unreadable file, a missing temperature, or bad options.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        if (parsed.Positional.Count == 0)
        {
            throw new CliError("give at least one MSD FILE");
        }
        var files = Pair(parsed);
        double li = parsed.OptionalPositive("li-per-cell") ?? throw new CliError("missing option '--li-per-cell'");
        double volume = parsed.OptionalPositive("cell-volume-a3") ?? throw new CliError("missing option '--cell-volume-a3'");
        double haven = parsed.OptionalPositive("haven-ratio") ?? 1;
        double? from = parsed.OptionalNumber("from-ps", v => v >= 0, "a time in ps of 0 or more");
        double? to = parsed.OptionalPositive("to-ps");
        if (from is null != to is null)
        {
            throw new CliError("give both --from-ps and --to-ps, or neither");
        }
        double carriers = NernstEinstein.CarriersPerCm3(li, volume);

        var fits = new List<(string File, double TemperatureK, MsdFit Fit)>();
        foreach (var (path, temperature) in files)
        {
            var (time, msd) = MsdText.Read(path);
            try
            {
                fits.Add((Path.GetFileName(path), temperature, MsdDiffusion.Fit(time, msd, new MsdOptions { FromPs = from, ToPs = to })));
            }
            catch (ArgumentException e)
            {
                throw new CliError($"{Path.GetFileName(path)}: {CliError.OneLine(e)}");
            }
        }
        SimulatedArrheniusResult? line = null;
        if (fits.Select(f => f.TemperatureK).Distinct().Count() >= 2)
        {
            try
            {
                line = SimulatedArrhenius.Fit([.. fits.Select(f => f.TemperatureK)], [.. fits.Select(f => f.Fit.DiffusionCm2PerS)], carriers, havenRatio: haven);
            }
            catch (ArgumentException e)
            {
                throw new CliError(CliError.OneLine(e));
            }
        }
        var points = fits.Select(f => (f.File, f.TemperatureK, f.Fit,
            Sigma: f.Fit.DiffusionCm2PerS > 0 ? NernstEinstein.Conductivity(f.Fit.DiffusionCm2PerS, carriers, f.TemperatureK, havenRatio: haven) : 0)).ToList();
        if (parsed.Has("json"))
        {
            stdout.Write(JsonSerializer.Serialize(new
            {
                points = points.Select(p => new
                {
                    file = p.File,
                    temperatureK = p.TemperatureK,
                    diffusionCm2PerS = p.Fit.DiffusionCm2PerS,
                    diffusionStdErrCm2PerS = p.Fit.DiffusionStdErrCm2PerS,
                    conductivitySPerCm = p.Sigma,
                    fromPs = p.Fit.FromPs,
                    toPs = p.Fit.ToPs,
                    rSquared = p.Fit.RSquared,
                    logLogSlope = p.Fit.LogLogSlope,
                }),
                carriersPerCm3 = carriers,
                havenRatio = haven,
                activationEnergyEv = line?.ActivationEnergyEv,
                activationEnergyStdErrEv = line?.Arrhenius.ActivationEnergyStdErrEv,
                conductivity25CSPerCm = line?.Conductivity25CSPerCm,
                conductivity30CSPerCm = line?.Conductivity30CSPerCm,
            }, Json) + "\n");
            return ExitCodes.Success;
        }
        var inv = CultureInfo.InvariantCulture;
        var table = new TextTable("file", "T K", "D cm2/s", "sigma S/cm", "window ps", "log-log slope");
        foreach (var p in points)
        {
            table.Add(p.File, p.TemperatureK.ToString("0.#", inv), p.Fit.DiffusionCm2PerS.ToString("0.000E+00", inv),
                p.Sigma.ToString("0.000E+00", inv), string.Create(inv, $"{p.Fit.FromPs:0.##}-{p.Fit.ToPs:0.##}"), p.Fit.LogLogSlope.ToString("0.00", inv));
        }
        var text = new StringBuilder(string.Create(inv, $"n = {carriers:0.000E+00} Li/cm3, Haven ratio {haven:0.###}\n\n"));
        text.Append(table);
        if (line is not null)
        {
            text.Append(inv, $"\nEa {line.ActivationEnergyEv:0.000} eV, sigma(25 C) {line.Conductivity25CSPerCm:0.000E+00} S/cm, sigma(30 C) {line.Conductivity30CSPerCm:0.000E+00} S/cm\n");
        }
        stdout.Write(text.ToString());
        return ExitCodes.Success;
    }

    /// <summary>Each file with its temperature: from TEMPK=FILE, or the --temperature-k list in order (not both).</summary>
    private static List<(string Path, double TemperatureK)> Pair(Arguments parsed)
    {
        var listed = parsed.Values("temperature-k")
            .Select(t => NumberOptions.Number("temperature-k", t, v => v > 0, "a temperature in K above 0")).ToList();
        var pairs = new List<(string, double)>();
        int next = 0;
        foreach (var arg in parsed.Positional)
        {
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && double.TryParse(arg[..equals], NumberStyles.Float, CultureInfo.InvariantCulture, out var kelvin))
            {
                if (!(kelvin > 0) || !double.IsFinite(kelvin))
                {
                    throw new CliError($"bad temperature in '{arg}': expected a temperature in K above 0");
                }
                pairs.Add((arg[(equals + 1)..], kelvin));
            }
            else if (next < listed.Count)
            {
                pairs.Add((arg, listed[next++]));
            }
            else
            {
                throw new CliError($"no temperature for '{arg}': give one --temperature-k per file or write TEMPK={arg}");
            }
        }
        if (next < listed.Count)
        {
            throw new CliError($"{listed.Count.ToString(CultureInfo.InvariantCulture)} temperatures for {next.ToString(CultureInfo.InvariantCulture)} files without TEMPK=: give one --temperature-k per file");
        }
        return pairs;
    }
}
