using System.Globalization;
using System.Text.Json;
using HalidePortal.Analysis.Compositions;
using HalidePortal.Cli.CommandLine;

namespace HalidePortal.Cli.Commands;

/// <summary>halide recipe: precursor masses for a target formula and batch mass.</summary>
public sealed class RecipeCommand : ICliCommand
{
    private static readonly OptionSpec[] Options =
    [
        new("formula"),
        new("precursors"),
        new("batch-g"),
        new("purity", IsList: true),
        new("states"),
        new("json", TakesValue: false),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "recipe";

    public string Summary => "precursor masses for a target composition and batch mass";

    public string Usage =>
        """
        usage: halide recipe --formula F --precursors A,B,C --batch-g M [--purity FORMULA=PCT ...] [--states "Zr+4 Cl-1"] [--json]

          --formula     target formula, e.g. Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2 (dot decimals)
          --precursors  comma-separated precursor formulas, e.g. LiCl,ZrCl4,AlCl3,LiF,Li2O
          --batch-g     batch mass in grams, e.g. 1.0
          --purity      mass purity in percent of a precursor, e.g. ZrCl4=99.5 (repeatable)
          --states      oxidation states differing from the defaults, for the charge balance
          --json        print JSON instead of a table

        Exit codes: 0 success, 2 bad input or a target the precursors cannot reach exactly.

        """;

    public int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var parsed = Arguments.Parse(args, Options);
        var target = ParseFormula(parsed.Required("formula"), "bad formula");
        var precursors = ParsePrecursors(parsed.Required("precursors"));
        var batchG = ParseBatchMass(parsed.Required("batch-g"));
        precursors = ApplyPurities(precursors, parsed.Values("purity"));
        var states = OxidationStateTable.TryParse(parsed.Has("states") ? parsed.Required("states") : null, out var table, out var statesError)
            ? table!
            : throw new CliError(statesError!);

        var charge = ChargeBalance.Compute(target, states);
        var solution = Solve(target, precursors, batchG);
        if (!charge.IsBalanced)
        {
            stderr.WriteLine($"halide: warning: {target.Text} is not charge balanced ({DescribeCharge(charge)})");
        }

        stdout.Write(parsed.Has("json") ? ToJson(solution, charge) : ToTable(solution, charge));
        return ExitCodes.Success;
    }

    private static ChemicalFormula ParseFormula(string text, string what) =>
        ChemicalFormula.TryParse(text, out var formula, out var error)
            ? formula!
            : throw new CliError($"{what} '{text}': {error!.Message}");

    private static List<PrecursorInput> ParsePrecursors(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0))
        {
            throw new CliError($"bad precursor list '{text}': empty entry (write formulas separated by commas)");
        }

        return names.Select(n => new PrecursorInput(ParseFormula(n, "bad precursor formula"))).ToList();
    }

    private static double ParseBatchMass(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var grams)
        && double.IsFinite(grams) && grams > 0
            ? grams
            : throw new CliError($"bad --batch-g '{text}': expected a positive number of grams with a dot decimal, e.g. 1.5");

    private static List<PrecursorInput> ApplyPurities(List<PrecursorInput> precursors, IReadOnlyList<string> purities)
    {
        var result = precursors.ToList();
        foreach (var entry in purities)
        {
            var equals = entry.LastIndexOf('=');
            if (equals <= 0)
            {
                throw new CliError($"bad --purity '{entry}': expected FORMULA=PERCENT, e.g. ZrCl4=99.5");
            }

            var formula = ParseFormula(entry[..equals].Trim(), "bad --purity formula");
            var text = entry[(equals + 1)..].Trim();
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent)
                || percent <= 0 || percent > 100)
            {
                throw new CliError($"bad --purity '{entry}': percent must be above 0 and at most 100, with a dot decimal");
            }

            var index = result.FindIndex(p => p.Formula.HasSameCompositionAs(formula));
            if (index < 0)
            {
                throw new CliError($"bad --purity '{entry}': {formula.Text} is not among the precursors");
            }

            if (result[index].PurityPercent is not null)
            {
                throw new CliError($"bad --purity '{entry}': purity of {formula.Text} given twice");
            }

            result[index] = result[index] with { PurityPercent = percent };
        }

        return result;
    }

    private static PrecursorSolution Solve(ChemicalFormula target, List<PrecursorInput> precursors, double batchG)
    {
        try
        {
            return PrecursorSolver.Solve(target, precursors, batchG);
        }
        catch (UnreachableTargetException unreachable)
        {
            throw new CliError(unreachable.Message);
        }
        catch (ArgumentException invalid)
        {
            // Duplicates and non-unique amounts: the user's precursor list, not a bug.
            throw new CliError(CliError.OneLine(invalid));
        }
    }

    // Subscripts are decimal but sums are binary: 9 places hide the 1e-16 noise (-6, not -6.000000000000001).
    private static double Clean(double charge) => Math.Round(charge, 9) + 0.0;

    private static string DescribeCharge(ChargeBalanceResult charge)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"+{Clean(charge.Positive):0.000} / {Clean(charge.Negative):0.000}");
        if (charge.ElementsWithoutState.Count > 0)
        {
            return text + ", no oxidation state for " + string.Join(", ", charge.ElementsWithoutState);
        }

        return charge.IsBalanced ? text + ", balanced" : text + string.Create(CultureInfo.InvariantCulture, $", net {Clean(charge.Net):+0.000;-0.000}");
    }

    private static string ToJson(PrecursorSolution solution, ChargeBalanceResult charge)
    {
        var document = new RecipeJson(
            solution.Target.Text,
            solution.TargetMolarMassGPerMol,
            new ChargeJson(Clean(charge.Positive), Clean(charge.Negative), charge.IsBalanced),
            solution.Precursors.Select(p => new PrecursorJson(p.Formula.Text, p.Moles, p.MassMg, p.MolesPerFormulaUnit, p.WeighedMassMg)).ToList());
        return JsonSerializer.Serialize(document, Json) + "\n";
    }

    private static string ToTable(PrecursorSolution solution, ChargeBalanceResult charge)
    {
        var inv = CultureInfo.InvariantCulture;
        var header = string.Create(inv,
            $"""
            Target   {solution.Target.Text}
            M        {solution.TargetMolarMassGPerMol:0.000} g/mol
            Charge   {DescribeCharge(charge)}
            Batch    {solution.BatchMassG:0.000###} g = {solution.TargetMoles * 1000:0.0000} mmol


            """);
        var table = new TextTable("Precursor", "mol/f.u.", "mmol", "mass mg", "weigh mg", "purity %");
        foreach (var p in solution.Precursors)
        {
            table.Add(
                p.Formula.Text,
                p.MolesPerFormulaUnit.ToString("0.0000", inv),
                (p.Moles * 1000).ToString("0.0000", inv),
                p.MassMg.ToString("0.00", inv),
                p.WeighedMassMg.ToString("0.00", inv),
                p.PurityPercent?.ToString("0.###", inv) ?? "-");
        }

        return header + table;
    }

    private sealed record RecipeJson(string Formula, double MolarMassGPerMol, ChargeJson Charge, IReadOnlyList<PrecursorJson> Precursors);

    private sealed record ChargeJson(double Positive, double Negative, bool Balanced);

    private sealed record PrecursorJson(string Formula, double Moles, double MassMg, double MolesPerFormulaUnit, double WeighedMassMg);
}
