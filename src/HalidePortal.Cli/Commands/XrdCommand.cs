using System.Globalization;
using System.Text;
using System.Text.Json;
using HalidePortal.Analysis.Diffraction;
using HalidePortal.Cli.CommandLine;
using HalidePortal.Ingest;
using HalidePortal.Processing;

namespace HalidePortal.Cli.Commands;

/// <summary>halide xrd: crystallinity, peaks and Scherrer sizes of a powder diffraction file.</summary>
public sealed class XrdCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("wavelength-angstrom"),
        new("alpha2-angstrom"),
        new("no-alpha2", TakesValue: false),
        new("method"),
        new("k"),
        new("instrumental-fwhm-deg"),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "xrd";

    public string Summary => "crystallinity, peak positions and widths, and Scherrer sizes of a powder XRD file";

    public string Usage =>
        """
        usage: halide xrd FILE [--wavelength-angstrom W] [--alpha2-angstrom W2 | --no-alpha2] [--method fit|snip]
                               [--k 0.9] [--instrumental-fwhm-deg B] [--json]

          FILE                    a diffraction file (XRDML, Bruker RAW/BRML/UXD, Rigaku RAS/RASX, GSAS, x-y text ...);
                                  a file with several ranges is analysed on its first
          --wavelength-angstrom   K-alpha1 wavelength (default: the file's, else Cu 1.5406 A)
          --alpha2-angstrom       model every peak as a K-alpha1/alpha2 doublet (ratio 0.5) with this alpha2
                                  wavelength; by default the file's alpha2 wavelength is used unless the file says a
                                  monochromator removed it (alpha2 ratio 0) or --wavelength-angstrom was given
          --no-alpha2             single lines even when the file states an alpha2 wavelength
          --method                fit (default): whole-pattern fit of pseudo-Voigt peaks, a broad halo (FWHM >= 4 deg)
                                  and a Chebyshev background; snip: areas between two baselines (SNIP and a lower
                                  polynomial), no peak model
          --k                     Scherrer shape factor (default 0.9)
          --instrumental-fwhm-deg instrumental FWHM taken out in quadrature before Scherrer (default 0)
          --json                  print {"file", "crystallinityPercent", "method", "wavelengthAngstrom",
                                  "alpha2WavelengthAngstrom", "parameters": {...}, "peaks": [{"twoThetaDeg", "fwhmDeg",
                                  "crystalliteSizeNm", "height", "area", "eta"}], "halos": [...], "converged"}; peaks
                                  strongest first; K-alpha1 position, width and area when the doublet is modelled

        Crystallinity = crystalline peak area / (peak area + halo area) over the measured range.
        Exit codes: 0 success, 2 a missing, unknown or non-diffraction file, or bad options.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        var path = parsed.Positional.Count == 1 ? parsed.Positional[0] : throw new CliError("give exactly one diffraction FILE to analyse");
        var method = parsed.Has("method") ? parsed.Required("method") : "fit";
        if (method is not ("fit" or "snip"))
        {
            throw new CliError($"bad --method '{method}': expected fit or snip");
        }
        if (parsed.Has("alpha2-angstrom") && parsed.Has("no-alpha2"))
        {
            throw new CliError("give --alpha2-angstrom or --no-alpha2, not both");
        }
        var instrumental = 0.0;
        if (parsed.Has("instrumental-fwhm-deg"))
        {
            var text = parsed.Required("instrumental-fwhm-deg");
            instrumental = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && b >= 0 && double.IsFinite(b)
                ? b
                : throw new CliError($"bad --instrumental-fwhm-deg '{text}': expected a number of degrees from 0 (dot decimals)");
        }

        var name = Path.GetFileName(path);
        var measurement = InstrumentFiles.Read(path);
        var (twoTheta, intensity) = Pattern(measurement, name);
        var options = new DiffractionOptions
        {
            ShapeFactor = parsed.OptionalPositive("k") ?? Scherrer.DefaultShapeFactor,
            InstrumentalFwhmDeg = instrumental,
        };
        options = WithWavelengths(options, measurement, parsed);

        Report report;
        try
        {
            report = method == "fit" ? FromFit(name, PowderPatternFit.Fit(twoTheta, intensity, options)) : FromSnip(name, options, SnipCrystallinity.Estimate(twoTheta, intensity, options));
        }
        catch (ArgumentException e)
        {
            throw new CliError($"{name}: {CliError.OneLine(e)}");
        }
        if (parsed.Has("json"))
        {
            stdout.Write(JsonSerializer.Serialize(ToJson(report), Json));
            stdout.Write('\n');
        }
        else
        {
            stdout.Write(ToText(report));
        }
        return ExitCodes.Success;
    }

    private static (double[] TwoTheta, double[] Intensity) Pattern(ParsedMeasurement measurement, string name)
    {
        try
        {
            var input = DiffractionInput.From(measurement);
            return (input.TwoThetaDeg, input.Intensity);
        }
        catch (ArgumentException)
        {
            throw new CliError($"{name}: holds {measurement.Technique.ToString().ToLowerInvariant()} data without 2-theta and intensity columns");
        }
    }

    private static DiffractionOptions WithWavelengths(DiffractionOptions options, ParsedMeasurement measurement, Arguments parsed) =>
        DiffractionInput.WithWavelengths(options, measurement.Metadata, parsed.OptionalPositive("wavelength-angstrom"),
            parsed.OptionalPositive("alpha2-angstrom"), parsed.Has("no-alpha2"));

    private sealed record Report(
        string File,
        CrystallinityResult Crystallinity,
        double WavelengthAngstrom,
        double? Alpha2WavelengthAngstrom,
        IReadOnlyList<DiffractionPeak> Peaks,
        IReadOnlyList<AmorphousHalo> Halos,
        bool Converged,
        int Points);

    private static Report FromFit(string file, PowderFitResult fit) =>
        new(file, fit.Crystallinity, fit.WavelengthAngstrom, fit.Alpha2WavelengthAngstrom, fit.Peaks, fit.Halos, fit.Converged, fit.Model.Length);

    private static Report FromSnip(string file, DiffractionOptions options, SnipCrystallinityResult snip) =>
        new(file, snip.Crystallinity, options.WavelengthAngstrom, null, snip.Peaks, [], true, snip.HaloBaseline.Background.Length);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static object ToJson(Report r) => new
    {
        file = r.File,
        crystallinityPercent = Finite(r.Crystallinity.Percent),
        method = r.Crystallinity.Method,
        wavelengthAngstrom = r.WavelengthAngstrom,
        alpha2WavelengthAngstrom = r.Alpha2WavelengthAngstrom,
        parameters = r.Crystallinity.Parameters.ToDictionary(p => p.Key, p => Finite(p.Value), StringComparer.Ordinal),
        crystallineArea = Finite(r.Crystallinity.CrystallineArea),
        amorphousArea = Finite(r.Crystallinity.AmorphousArea),
        points = r.Points,
        converged = r.Converged,
        peaks = r.Peaks.Select(p => new
        {
            twoThetaDeg = p.TwoThetaDeg,
            fwhmDeg = p.FwhmDeg,
            crystalliteSizeNm = p.CrystalliteSizeNm,
            height = p.Height,
            area = p.Area,
            eta = Finite(p.Eta),
        }),
        halos = r.Halos.Select(h => new { twoThetaDeg = h.TwoThetaDeg, fwhmDeg = h.FwhmDeg, height = h.Height, area = h.Area }),
    };

    private static string ToText(Report r)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{r.File}: {r.Points} points, lambda {r.WavelengthAngstrom:0.######} A");
        if (r.Alpha2WavelengthAngstrom is { } l2)
        {
            text.Append(CultureInfo.InvariantCulture, $" (K-alpha2 {l2:0.######} A modelled)");
        }
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"  crystallinity {r.Crystallinity.Percent:0.0} % ({r.Crystallinity.Method}{(r.Converged ? "" : ", fit NOT converged")})\n");
        foreach (var h in r.Halos)
        {
            text.Append(CultureInfo.InvariantCulture, $"  halo at {h.TwoThetaDeg:0.00} deg, FWHM {h.FwhmDeg:0.00} deg, area {h.Area:G4}\n");
        }
        text.Append("  2theta/deg  FWHM/deg     height       area  size/nm\n");
        foreach (var p in r.Peaks)
        {
            var size = p.CrystalliteSizeNm is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            text.Append(CultureInfo.InvariantCulture, $"  {p.TwoThetaDeg,10:0.000} {p.FwhmDeg,9:0.000} {p.Height,10:G5} {p.Area,10:G5} {size,8}\n");
        }
        return text.ToString();
    }
}
