using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace HalidePortal.Analysis.Compositions;

/// <summary>A precursor offered to the solver; purity in mass percent, null meaning 100 %.</summary>
public sealed record PrecursorInput(ChemicalFormula Formula, double? PurityPercent = null);

/// <summary>
/// One precursor of a weighing. MassMg is the pure compound; WeighedMassMg = MassMg / (purity / 100)
/// is what goes on the balance (equal to MassMg without a purity).
/// </summary>
public sealed record PrecursorAmount(
    ChemicalFormula Formula,
    double MolesPerFormulaUnit,
    double Moles,
    double MassMg,
    double WeighedMassMg,
    double? PurityPercent);

/// <summary>A weighing for one batch, with the solver's residual norm, iterations and algorithm version.</summary>
public sealed record PrecursorSolution(
    ChemicalFormula Target,
    double TargetMolarMassGPerMol,
    double BatchMassG,
    double TargetMoles,
    IReadOnlyList<PrecursorAmount> Precursors,
    double ResidualNorm,
    int Iterations,
    string AlgorithmVersion);

/// <summary>Precursor masses for a target composition and batch mass.</summary>
public static class PrecursorSolver
{
    /// <summary>Identifies the method and its tolerances in stored results.</summary>
    public const string AlgorithmVersion = "nnls-lawson-hanson/1";

    /// <summary>Relative per-element tolerance on the element balance.</summary>
    public const double RelativeTolerance = 1e-6;

    /// <summary>
    /// Finds x &gt;= 0 (moles of each precursor per formula unit of target) minimising ||A x - b||2,
    /// A[e,p] = amount of element e in precursor p, b[e] = amount of e in the target (Lawson-Hanson NNLS).
    /// Then n_target = batchMassG / M_target, moles_p = x_p n_target, mass_mg = moles_p M_p 1000 and,
    /// with a purity, weighed_mg = mass_mg / (purity / 100).
    /// </summary>
    /// <exception cref="UnreachableTargetException">Some element's |A x - b| exceeds 1e-6 of its target
    /// amount (of the largest amount for elements the target lacks), a target element has no precursor,
    /// or a precursor brings an element the target lacks.</exception>
    /// <exception cref="AmbiguousPrecursorsException">The columns of A are linearly dependent.</exception>
    /// <exception cref="ArgumentException">Empty or duplicate precursors, batch mass or purity out of range.</exception>
    public static PrecursorSolution Solve(ChemicalFormula target, IReadOnlyList<PrecursorInput> precursors, double batchMassG)
    {
        Validate(target, precursors, batchMassG);
        var targetSymbols = target.Elements.Select(e => e.Symbol).ToList();
        var foreign = precursors.SelectMany(p => p.Formula.Elements).Select(e => e.Symbol)
            .Where(s => target.AmountOf(s) == 0).Distinct().ToList();
        var rows = targetSymbols.Concat(foreign).ToList();

        var missing = target.Elements.Where(e => precursors.All(p => p.Formula.AmountOf(e.Symbol) == 0)).ToList();
        if (missing.Count > 0)
        {
            var leftOver = missing.Select(e => new ElementResidual(e.Symbol, e.Amount, 0)).ToList();
            throw new UnreachableTargetException(Describe(target, precursors, leftOver, []), leftOver);
        }

        var a = Matrix<double>.Build.Dense(rows.Count, precursors.Count, (e, p) => precursors[p].Formula.AmountOf(rows[e]));
        var b = Vector<double>.Build.Dense(rows.Count, e => target.AmountOf(rows[e]));
        CheckUnique(a, precursors);

        var fit = NonNegativeLeastSquares.Solve(a, b);
        var achieved = a * fit.X;
        var largest = b.AbsoluteMaximum();
        var off = rows
            .Select((symbol, e) => new ElementResidual(symbol, b[e], achieved[e]))
            .Where(r => foreign.Contains(r.Element)
                || Math.Abs(r.Difference) > RelativeTolerance * (r.Target > 0 ? r.Target : largest))
            .ToList();
        if (!fit.Converged)
        {
            // Not expected for full-rank A; kept so a stuck solve is never reported as a recipe.
            throw new InvalidOperationException($"NNLS did not converge in {fit.Iterations} iterations for {target.Text}");
        }

        if (off.Count > 0)
        {
            throw new UnreachableTargetException(Describe(target, precursors, off, foreign), off);
        }

        var molarMass = target.MolarMassGPerMol;
        var targetMoles = batchMassG / molarMass;
        var amounts = precursors.Select((p, j) =>
        {
            var moles = fit.X[j] * targetMoles;
            var massMg = moles * p.Formula.MolarMassGPerMol * 1000;
            var weighed = p.PurityPercent is { } purity ? massMg / (purity / 100) : massMg;
            return new PrecursorAmount(p.Formula, fit.X[j], moles, massMg, weighed, p.PurityPercent);
        }).ToList();
        return new PrecursorSolution(target, molarMass, batchMassG, targetMoles, amounts, fit.ResidualNorm, fit.Iterations, AlgorithmVersion);
    }

    private static void Validate(ChemicalFormula target, IReadOnlyList<PrecursorInput> precursors, double batchMassG)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(precursors);
        if (!double.IsFinite(batchMassG) || batchMassG <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchMassG), batchMassG, "batch mass must be a positive number of grams");
        }

        if (precursors.Count == 0)
        {
            throw new ArgumentException("at least one precursor is needed", nameof(precursors));
        }

        for (var i = 0; i < precursors.Count; i++)
        {
            var p = precursors[i] ?? throw new ArgumentException($"precursor {i + 1} is null", nameof(precursors));
            ArgumentNullException.ThrowIfNull(p.Formula, nameof(precursors));
            if (p.PurityPercent is { } purity && (!double.IsFinite(purity) || purity <= 0 || purity > 100))
            {
                throw new ArgumentOutOfRangeException(nameof(precursors), purity, $"purity of {p.Formula} must be above 0 and at most 100 %");
            }

            var earlier = precursors.Take(i).FirstOrDefault(q => q.Formula.HasSameCompositionAs(p.Formula));
            if (earlier is not null)
            {
                throw new ArgumentException($"duplicate precursor {p.Formula} (same composition as {earlier.Formula})", nameof(precursors));
            }
        }
    }

    // A column that adds no rank is a combination of the columns kept before it.
    private static void CheckUnique(Matrix<double> a, IReadOnlyList<PrecursorInput> precursors)
    {
        var kept = new List<int>();
        var redundant = new List<string>();
        for (var j = 0; j < a.ColumnCount; j++)
        {
            var candidate = kept.Append(j).ToArray();
            var columns = Matrix<double>.Build.DenseOfColumnVectors(candidate.Select(a.Column));
            var singular = columns.Svd(computeVectors: false).S;
            var rank = singular.Count(s => s > 1e-10 * singular[0]);
            if (rank == candidate.Length)
            {
                kept.Add(j);
            }
            else
            {
                redundant.Add(precursors[j].Formula.Text);
            }
        }

        if (redundant.Count > 0)
        {
            var names = string.Join(", ", redundant);
            throw new AmbiguousPrecursorsException(
                $"precursor amounts are not unique: {precursors.Count} precursors but only {kept.Count} independent element balances; "
                + $"{names} can be made from the precursors before {(redundant.Count == 1 ? "it" : "them")}, remove {(redundant.Count == 1 ? "it" : "them")}",
                redundant,
                nameof(precursors));
        }
    }

    private static string Describe(ChemicalFormula target, IReadOnlyList<PrecursorInput> precursors, IReadOnlyList<ElementResidual> off, IReadOnlyList<string> foreign)
    {
        var parts = new List<string>();
        foreach (var symbol in foreign)
        {
            var carriers = string.Join(", ", precursors.Where(p => p.Formula.AmountOf(symbol) > 0).Select(p => p.Formula.Text));
            parts.Add($"{symbol} is not in the target but {carriers} bring{(carriers.Contains(',', StringComparison.Ordinal) ? "" : "s")} it and amounts cannot be negative");
        }

        foreach (var r in off.Where(r => !foreign.Contains(r.Element)))
        {
            var how = r.Difference < 0 ? "short by" : "in excess by";
            var unit = parts.Count == 0 ? " mol per formula unit" : "";
            parts.Add($"{r.Element} {how} {Math.Abs(r.Difference).ToString("0.######", CultureInfo.InvariantCulture)}{unit}");
        }

        var names = string.Join(", ", precursors.Select(p => p.Formula.Text));
        return $"Precursors {names} cannot reach {target.Text}: {string.Join(", ", parts)}";
    }
}
