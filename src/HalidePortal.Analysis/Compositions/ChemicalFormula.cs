namespace HalidePortal.Analysis.Compositions;

/// <summary>One element of a formula and its (possibly fractional) amount per formula unit.</summary>
public sealed record ElementAmount(string Symbol, double Amount);

/// <summary>
/// A parsed chemical formula such as Li2.25Zr0.75Al0.25Cl4.2O0.8F0.2 or Li3(PO4)2.
/// Grammar: formula = item+; item = Element [number] | "(" item+ ")" [number] | "[" item+ "]" [number];
/// number = digits ["." digits] | "." digits, invariant culture, positive. Whitespace is ignored.
/// </summary>
public sealed class ChemicalFormula
{
    private readonly Dictionary<string, double> _amounts;

    private ChemicalFormula(string text, IReadOnlyList<ElementAmount> elements)
    {
        Text = text;
        Elements = elements;
        _amounts = elements.ToDictionary(e => e.Symbol, e => e.Amount, StringComparer.Ordinal);
        MolarMassGPerMol = elements.Sum(e => e.Amount * AtomicWeights.Of(e.Symbol));
    }

    /// <summary>The formula as written, without whitespace.</summary>
    public string Text { get; }

    /// <summary>Elements merged over all groups, in order of first appearance.</summary>
    public IReadOnlyList<ElementAmount> Elements { get; }

    /// <summary>Molar mass M = sum over elements of n_e * A_e (standard atomic weights, g/mol).</summary>
    public double MolarMassGPerMol { get; }

    /// <summary>Amount of <paramref name="symbol"/> per formula unit; 0 if absent.</summary>
    public double AmountOf(string symbol) => _amounts.GetValueOrDefault(symbol);

    /// <summary>Whether both formulas hold the same elements in the same amounts (order ignored).</summary>
    public bool HasSameCompositionAs(ChemicalFormula other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Elements.Count == Elements.Count
            && Elements.All(e => Math.Abs(other.AmountOf(e.Symbol) - e.Amount) <= 1e-12 * Math.Max(1, e.Amount));
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormulaParseException">The text is not a formula; the error points at the character.</exception>
    public static ChemicalFormula Parse(string text) =>
        TryParse(text, out var formula, out var error) ? formula! : throw new FormulaParseException(error!);

    /// <summary>Parses <paramref name="text"/>, returning false and the error instead of throwing.</summary>
    public static bool TryParse(string text, out ChemicalFormula? formula, out FormulaError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = FormulaParser.Parse(text);
        if (result.Error is not null)
        {
            formula = null;
            error = result.Error;
            return false;
        }

        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        formula = new ChemicalFormula(compact, result.Elements!);
        error = null;
        return true;
    }

    public override string ToString() => Text;
}
