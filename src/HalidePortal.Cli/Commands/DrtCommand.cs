using System.Globalization;
using System.Text;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Cli.CommandLine;

namespace HalidePortal.Cli.Commands;

/// <summary>halide drt: the distribution of relaxation times of impedance files (Tikhonov, Gaussian basis, GCV).</summary>
public sealed class DrtCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("lambda"),
        new("derivative"),
        new("kk", TakesValue: false),
        new("json", TakesValue: false),
    ];

    public string Name => "drt";

    public string Summary => "distribution of relaxation times of impedance spectra (Tikhonov-regularised, lambda by GCV)";

    public string Usage =>
        """
        usage: halide drt FILE... [--lambda L] [--derivative 1|2] [--kk] [--json]

          FILE          impedance files (BioLogic, Gamry, ZView, CSV ...); a file with several sweeps uses its first
          --lambda      regularisation parameter (default: chosen by generalised cross-validation, 1 .. 1e-8)
          --derivative  derivative of gamma that is penalised: 1 (default) or 2
          --kk          also run the Kramers-Kronig test (halide kk) and report it
          --json        one object per file (an array when several): {"file", "points", "inductivePoints", "lambda",
                        "lambdaSource": "gcv"|"fixed", "seriesResistanceOhm", "inductanceH", "polarisationResistanceOhm",
                        "relativeMisfit", "tauS", "gammaOhm", "peaks": [{"tauS", "frequencyHz", "gammaOhm",
                        "resistanceOhm"}], "gcv": [{"lambda", "score"}], "kramersKronig": {"mu", "elements",
                        "maxResidualPercent", "valid"}}

        gamma(ln tau) in Ohm: its integral over ln tau is a resistance, so a peak's "resistanceOhm" is the resistance of
        that process. Inductive points (Z'' > 0) are kept and fitted by a series L.
        Exit codes: 0 every file analysed, 2 a missing, unknown or non-impedance file, or bad options.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        if (parsed.Positional.Count == 0)
        {
            throw new CliError("give at least one impedance FILE");
        }
        var options = new DrtOptions
        {
            Lambda = parsed.Has("lambda") ? ParseLambda(parsed.Required("lambda")) : null,
            Derivative = parsed.Has("derivative") ? ParseDerivative(parsed.Required("derivative")) : 1,
        };
        var withKk = parsed.Has("kk");
        var analyses = parsed.Positional.Select(path =>
        {
            var spectrum = ImpedanceSpectrumFile.Read(path);
            return new FileDrt(spectrum, Compute(spectrum, options), withKk ? KkCommand.Check(spectrum) : null);
        }).ToList();
        PerFileOutput.Write(stdout, analyses, parsed.Has("json"), ToJson, ToText);
        return ExitCodes.Success;
    }

    private sealed record FileDrt(ImpedanceSpectrumFile Spectrum, DrtResult Drt, KramersKronigResult? Kk);

    private static DrtResult Compute(ImpedanceSpectrumFile spectrum, DrtOptions options)
    {
        try
        {
            return DistributionOfRelaxationTimes.Compute(spectrum.FrequencyHz, spectrum.ZReal, spectrum.ZImag, options);
        }
        catch (ArgumentException e)
        {
            throw new CliError($"{spectrum.Name}: {CliError.OneLine(e)}");
        }
    }

    private static double ParseLambda(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new CliError($"bad --lambda '{text}': expected a positive number such as 1e-3");

    private static int ParseDerivative(string text) => text switch
    {
        "1" => 1,
        "2" => 2,
        _ => throw new CliError($"bad --derivative '{text}': expected 1 or 2"),
    };

    private static object ToJson(FileDrt analysis)
    {
        var (spectrum, drt, kk) = (analysis.Spectrum, analysis.Drt, analysis.Kk);
        return new
        {
            file = spectrum.Name,
            points = spectrum.FrequencyHz.Length,
            inductivePoints = spectrum.InductivePoints,
            lambda = drt.Lambda,
            lambdaSource = drt.LambdaFromGcv ? "gcv" : "fixed",
            seriesResistanceOhm = drt.SeriesResistanceOhm,
            inductanceH = drt.InductanceH,
            polarisationResistanceOhm = drt.PolarisationResistanceOhm,
            relativeMisfit = drt.RelativeMisfit,
            tauS = drt.TauS,
            gammaOhm = drt.GammaOhm,
            peaks = drt.Peaks.Select(p => new { tauS = p.TauS, frequencyHz = p.FrequencyHz, gammaOhm = p.GammaOhm, resistanceOhm = p.ResistanceOhm }),
            gcv = drt.Gcv.Select(p => new { lambda = p.Lambda, score = p.Score }),
            kramersKronig = kk is null ? null : new { mu = kk.Mu, elements = kk.Elements, maxResidualPercent = 100 * kk.MaxResidual, valid = kk.IsValid },
            algorithm = drt.AlgorithmVersion,
        };
    }

    private static string ToText(FileDrt analysis)
    {
        var (spectrum, drt, kk) = (analysis.Spectrum, analysis.Drt, analysis.Kk);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{spectrum.Name}: DRT of {spectrum.FrequencyHz.Length} points");
        if (spectrum.InductivePoints > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({spectrum.InductivePoints} inductive, kept and fitted by L)");
        }
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"  lambda {drt.Lambda:G3} ({(drt.LambdaFromGcv ? "GCV" : "fixed")}), R_inf {drt.SeriesResistanceOhm:G5} Ohm, L {drt.InductanceH:G3} H, misfit {100 * drt.RelativeMisfit:0.###} %\n");
        text.Append(CultureInfo.InvariantCulture, $"  {"tau (s)",-12} {"f (Hz)",-12} {"gamma (Ohm)",-12} {"R (Ohm)",-12}\n");
        foreach (var peak in drt.Peaks)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {peak.TauS,-12:G4} {peak.FrequencyHz,-12:G4} {peak.GammaOhm,-12:G4} {peak.ResistanceOhm,-12:G4}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"  total polarisation resistance {drt.PolarisationResistanceOhm:G5} Ohm\n");
        if (kk is not null)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  Kramers-Kronig: {(kk.IsValid ? "valid" : "NOT valid")}, max residual {100 * kk.MaxResidual:0.###} %, {kk.Elements} RC elements, mu {kk.Mu:0.###}\n");
        }
        return text.ToString();
    }
}
