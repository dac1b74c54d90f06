namespace HalidePortal.Analysis.Compositions;

/// <summary>One dopant of a composition relative to its parent, e.g. x_Al = 0.25.</summary>
public sealed record DopantLevel(string Element, string Symbol, double Amount);

/// <summary>Dopant levels (x_Al, y_O, z_F, ...) so a family can be plotted against them.</summary>
public static class DopantLevels
{
    // The lab's fixed letters in the Li2ZrCl6 family: Al on Zr, O and F on Cl.
    private static readonly Dictionary<string, char> Li2ZrCl6Letters = new(StringComparer.Ordinal)
    {
        ["Al"] = 'x', ["O"] = 'y', ["F"] = 'z',
    };

    // Letters handed out in this order: x, y, z, then w, v, u, ... back down the alphabet.
    private static readonly char[] LetterOrder = "xyzwvutsrqponmlkjihgfedcba".ToCharArray();

    /// <summary>
    /// Elements of <paramref name="target"/> absent from <paramref name="parent"/>, in order of
    /// appearance in the target; Amount = moles of the element per formula unit of the target.
    /// Symbols: when the parent is made of exactly Li, Zr and Cl, Al is x_Al, O is y_O and F is z_F
    /// (reserved even when absent, so the family's letters never shift) and other dopants take the
    /// next free letter of x, y, z, w, v, u, ... (e.g. w_Y). For any other parent every dopant takes
    /// the next free letter in that order. Past 26 dopants the symbol is d27_El, d28_El, ...
    /// </summary>
    public static IReadOnlyList<DopantLevel> Relative(ChemicalFormula target, ChemicalFormula parent)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(parent);
        var isLi2ZrCl6Family = parent.Elements.Count == 3
            && new[] { "Li", "Zr", "Cl" }.All(symbol => parent.AmountOf(symbol) > 0);
        var reserved = isLi2ZrCl6Family ? Li2ZrCl6Letters : [];
        var used = new HashSet<char>(reserved.Values);
        var levels = new List<DopantLevel>();
        foreach (var (symbol, amount) in target.Elements.Where(e => parent.AmountOf(e.Symbol) == 0))
        {
            string prefix;
            if (reserved.TryGetValue(symbol, out var letter))
            {
                prefix = letter.ToString();
            }
            else
            {
                var free = LetterOrder.Where(c => !used.Contains(c)).Take(1).ToArray();
                prefix = free.Length == 1 ? free[0].ToString() : "d" + (levels.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                used.UnionWith(free);
            }

            levels.Add(new DopantLevel(symbol, prefix + "_" + symbol, amount));
        }

        return levels;
    }
}
