using System.Globalization;
using System.Text;
using System.Text.Json;
using HalidePortal.Analysis.Voltammetry;
using HalidePortal.Cli.CommandLine;
using HalidePortal.Ingest;
using HalidePortal.Processing;

namespace HalidePortal.Cli.Commands;

/// <summary>halide lsv: oxidation onset of a solid electrolyte from a linear sweep, by current threshold and by tangents.</summary>
public sealed class LsvCommand : ICliCommand
{
    /// <summary>Threshold when none is given, in uA.</summary>
    public const double DefaultThresholdUa = LsvAnalysis.DefaultThresholdUa;

    private static readonly OptionSpec[] Options =
    [
        new("reference-offset-v"),
        new("threshold-ua"),
        new("threshold-ua-cm2"),
        new("area-cm2"),
        new("consecutive"),
        new("baseline-from-v"),
        new("baseline-to-v"),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "lsv";

    public string Summary => "oxidation onset of a linear sweep (current threshold and tangent intersection)";

    public string Usage =>
        """
        usage: halide lsv FILE [--reference-offset-v V] [--threshold-ua I | --threshold-ua-cm2 J [--area-cm2 A]]
                               [--consecutive k] [--baseline-from-v V --baseline-to-v V] [--json]

          FILE                a voltammetry file (BioLogic .mpr/.mpt LSV or CV, Gamry .DTA ...); its first anodic sweep
                              is used: from the first point, or from the lower vertex when the sweep first goes down
          --reference-offset-v added to the file's potentials to put them against Li/Li+ (default 0.62: Li-In;
                              0 for a file recorded against Li)
          --threshold-ua      onset where the current first stays at or above this many uA (default 1)
          --threshold-ua-cm2  the threshold as a current density, times --area-cm2 (default: the area the file states)
          --consecutive       points in a row at or above the threshold (default 3: a lone spike does not count)
          --baseline-from-v, --baseline-to-v
                              the tangent method's pre-onset baseline window, V vs Li/Li+ (default: the first 30 % of
                              the sweep's potential range)
          --json              print {"file", "onsetThresholdV", "onsetTangentV", "referenceOffsetV", "thresholdUa",
                              "consecutive", "baselineFromV", "baselineToV", "sweepFromV", "sweepToV", "points"};
                              potentials vs Li/Li+, an onset null when the sweep never reaches it

        Exit codes: 0 success (also when no onset is found), 2 a missing, unknown or non-voltammetry file, a sweep
        that never rises, or bad options.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        var path = parsed.Positional.Count == 1 ? parsed.Positional[0] : throw new CliError("give exactly one FILE to analyse");
        double offset = parsed.OptionalNumber("reference-offset-v", _ => true, "a potential in V") ?? LsvOnset.LiInVsLiV;
        if (parsed.Has("threshold-ua") && parsed.Has("threshold-ua-cm2"))
        {
            throw new CliError("give --threshold-ua or --threshold-ua-cm2, not both");
        }
        double? thresholdUa = parsed.OptionalPositive("threshold-ua");
        double? densityUaCm2 = parsed.OptionalPositive("threshold-ua-cm2");
        double? areaOption = parsed.OptionalPositive("area-cm2");
        int consecutive = parsed.Has("consecutive") ? ParseConsecutive(parsed.Required("consecutive")) : 3;
        double? baselineFrom = parsed.OptionalNumber("baseline-from-v", _ => true, "a potential in V");
        double? baselineTo = parsed.OptionalNumber("baseline-to-v", _ => true, "a potential in V");
        if (baselineFrom is null != baselineTo is null)
        {
            throw new CliError("give both --baseline-from-v and --baseline-to-v, or neither");
        }

        var measurement = InstrumentFiles.Read(path, Technique.Voltammetry, "a voltammetry sweep");
        var name = Path.GetFileName(path);
        var potential = measurement.Find(Quantity.VoltageV)?.Values;
        var current = measurement.Find(Quantity.CurrentMA)?.Values;
        if (potential is null || current is null)
        {
            throw new CliError($"{name}: no potential and current columns");
        }
        if (densityUaCm2 is { } j)
        {
            double area = areaOption ?? FileArea(measurement)
                ?? throw new CliError($"{name}: --threshold-ua-cm2 needs --area-cm2 (the file states no electrode area)");
            thresholdUa = j * area;
        }
        double threshold = thresholdUa ?? DefaultThresholdUa;

        try
        {
            var r = LsvAnalysis.Run(potential, current, measurement.Find(Quantity.SweepNumber)?.Values,
                new LsvOptions(threshold / 1000, offset, consecutive, baselineFrom, baselineTo));
            var onset = new Onsets(name, r.Threshold.OnsetV, r.Tangent.OnsetV, offset, threshold, consecutive,
                r.BaselineFromV, r.BaselineToV, r.SweepFromV, r.SweepToV, r.Points);
            stdout.Write(parsed.Has("json") ? JsonSerializer.Serialize(onset, Json) + "\n" : ToText(onset));
        }
        catch (ArgumentException ex)
        {
            throw new CliError($"{name}: {CliError.OneLine(ex)}");
        }
        return ExitCodes.Success;
    }

    private sealed record Onsets(
        string File,
        double? OnsetThresholdV,
        double? OnsetTangentV,
        double ReferenceOffsetV,
        double ThresholdUa,
        int Consecutive,
        double BaselineFromV,
        double BaselineToV,
        double SweepFromV,
        double SweepToV,
        int Points);

    private static double? FileArea(ParsedMeasurement m) => MetadataNumbers.Positive(m.Metadata, MetadataKeys.ElectrodeAreaCm2);

    private static int ParseConsecutive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1
            ? k
            : throw new CliError($"bad --consecutive '{text}': expected a whole number from 1");

    private static string ToText(Onsets o)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(inv, $"{o.File}: anodic sweep {o.SweepFromV:0.000} to {o.SweepToV:0.000} V vs Li/Li+ ({o.Points} points, offset {o.ReferenceOffsetV:+0.000;-0.000} V)\n");
        text.Append(inv, $"  onset by threshold ({o.ThresholdUa:0.###} uA, {o.Consecutive} in a row): {Volts(o.OnsetThresholdV)}\n");
        text.Append(inv, $"  onset by tangents (baseline {o.BaselineFromV:0.000}-{o.BaselineToV:0.000} V): {Volts(o.OnsetTangentV)}\n");
        return text.ToString();
    }

    private static string Volts(double? value) =>
        value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) + " V vs Li/Li+" : "none in the sweep";
}
