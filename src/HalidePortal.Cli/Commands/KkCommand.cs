using System.Globalization;
using System.Text;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Cli.CommandLine;

namespace HalidePortal.Cli.Commands;

/// <summary>halide kk: the linear Kramers-Kronig test of impedance files (is the spectrum fit for analysis?).</summary>
public sealed class KkCommand : ICliCommand
{
    private static readonly OptionSpec[] Options = [new("json", TakesValue: false)];

    public string Name => "kk";

    public string Summary => "Kramers-Kronig test of impedance spectra (linear RC-ladder fit, Schönleber 2014)";

    public string Usage =>
        """
        usage: halide kk FILE... [--json]

          FILE     impedance files (BioLogic, Gamry, ZView, CSV ...); a file with several sweeps is tested on its first
          --json   one object per file (an array when several): {"file", "points", "inductivePoints", "elements", "mu",
                   "seriesResistanceOhm", "inductanceH", "capacitanceF", "pseudoChiSquare", "maxResidualPercent",
                   "maxTrendPercent", "valid", "frequencyHz", "residualRealPercent", "residualImagPercent"}

        A ladder of M RC elements (time constants spread over the measured range) plus R, L and, when it fits better,
        a series C is fitted linearly; M grows until mu < 0.85. Valid: every residual below 1 % of |Z| and no run of 5
        neighbouring residuals averaging above 0.5 %. Inductive points (Z'' > 0) are kept: the model has an L.
        Exit codes: 0 every file tested (valid or not), 2 a missing, unknown or non-impedance file.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var parsed = Arguments.Parse(args, Options, allowPositional: true);
        if (parsed.Positional.Count == 0)
        {
            throw new CliError("give at least one impedance FILE to test");
        }
        var tests = parsed.Positional.Select(path =>
        {
            var spectrum = ImpedanceSpectrumFile.Read(path);
            return (Spectrum: spectrum, Result: Check(spectrum));
        }).ToList();
        PerFileOutput.Write(stdout, tests, parsed.Has("json"), t => ToJson(t.Spectrum, t.Result), t => ToText(t.Spectrum, t.Result));
        return ExitCodes.Success;
    }

    internal static KramersKronigResult Check(ImpedanceSpectrumFile spectrum)
    {
        try
        {
            return KramersKronig.Check(spectrum.FrequencyHz, spectrum.ZReal, spectrum.ZImag);
        }
        catch (ArgumentException e)
        {
            throw new CliError($"{spectrum.Name}: {CliError.OneLine(e)}");
        }
    }

    private static object ToJson(ImpedanceSpectrumFile spectrum, KramersKronigResult kk) => new
    {
        file = spectrum.Name,
        points = spectrum.FrequencyHz.Length,
        inductivePoints = spectrum.InductivePoints,
        elements = kk.Elements,
        mu = kk.Mu,
        seriesResistanceOhm = kk.SeriesResistanceOhm,
        inductanceH = kk.InductanceH,
        capacitanceF = kk.CapacitanceF,
        pseudoChiSquare = kk.PseudoChiSquare,
        maxResidualPercent = 100 * kk.MaxResidual,
        maxTrendPercent = 100 * kk.MaxTrend,
        valid = kk.IsValid,
        frequencyHz = spectrum.FrequencyHz,
        residualRealPercent = kk.ResidualsReal.Select(r => 100 * r),
        residualImagPercent = kk.ResidualsImag.Select(r => 100 * r),
        algorithm = kk.AlgorithmVersion,
    };

    private static string ToText(ImpedanceSpectrumFile spectrum, KramersKronigResult kk)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{spectrum.Name}: {(kk.IsValid ? "valid" : "NOT valid")} (Kramers-Kronig), {spectrum.FrequencyHz.Length} points");
        if (spectrum.InductivePoints > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({spectrum.InductivePoints} inductive, kept)");
        }
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture,
            $"  {kk.Elements} RC elements, mu {kk.Mu:0.###}, max residual {100 * kk.MaxResidual:0.###} %, max trend {100 * kk.MaxTrend:0.###} %, pseudo chi-square {kk.PseudoChiSquare:G3}\n");
        if (kk.CapacitanceF is { } c)
        {
            text.Append(CultureInfo.InvariantCulture, $"  series capacitance {c:G4} F (capacitive low-frequency end)\n");
        }
        return text.ToString();
    }
}
