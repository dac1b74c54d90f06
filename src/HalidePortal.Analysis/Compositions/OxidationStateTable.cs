using System.Globalization;
using System.Text;

namespace HalidePortal.Analysis.Compositions;

/// <summary>
/// Fixed oxidation states per element used for charge balance. <see cref="Default"/> holds the one
/// common state of elements met in halide and oxide electrolytes; elements with several common
/// states (Fe, Mn, Co, Ni, Cu, C, ...) have none and must be given as overrides.
/// </summary>
public sealed class OxidationStateTable
{
    private static readonly Dictionary<string, int> Defaults = new(StringComparer.Ordinal)
    {
        ["H"] = 1, ["Li"] = 1, ["Na"] = 1, ["K"] = 1, ["Rb"] = 1, ["Cs"] = 1, ["Ag"] = 1,
        ["Be"] = 2, ["Mg"] = 2, ["Ca"] = 2, ["Sr"] = 2, ["Ba"] = 2, ["Zn"] = 2, ["Cd"] = 2,
        ["B"] = 3, ["Al"] = 3, ["Ga"] = 3, ["In"] = 3, ["Sc"] = 3, ["Y"] = 3, ["La"] = 3,
        ["Gd"] = 3, ["Er"] = 3, ["Yb"] = 3, ["Lu"] = 3, ["Bi"] = 3,
        ["Si"] = 4, ["Ge"] = 4, ["Ti"] = 4, ["Zr"] = 4, ["Hf"] = 4,
        ["P"] = 5, ["Nb"] = 5, ["Ta"] = 5,
        ["Mo"] = 6, ["W"] = 6,
        ["N"] = -3, ["O"] = -2, ["S"] = -2, ["Se"] = -2, ["Te"] = -2,
        ["F"] = -1, ["Cl"] = -1, ["Br"] = -1, ["I"] = -1,
    };

    private readonly Dictionary<string, int> _states;

    private OxidationStateTable(Dictionary<string, int> states) => _states = states;

    /// <summary>The lab's defaults: Li +1, Zr +4, Al +3, Cl -1, O -2, F -1, ...</summary>
    public static OxidationStateTable Default { get; } = new(new Dictionary<string, int>(Defaults, StringComparer.Ordinal));

    /// <summary>The state of <paramref name="symbol"/>, or null when the table has none.</summary>
    public int? StateOf(string symbol) => _states.TryGetValue(symbol, out var state) ? state : null;

    /// <summary>
    /// Defaults with per-element overrides written as "Zr+4 Cl-1" (separated by spaces or commas).
    /// Null or blank means the defaults.
    /// </summary>
    /// <exception cref="FormatException">A token is not Symbol, sign, digits; the element is unknown or repeated.</exception>
    public static OxidationStateTable Parse(string? overrides) =>
        TryParse(overrides, out var table, out var error) ? table! : throw new FormatException(error);

    /// <summary>As <see cref="Parse"/>, returning false and a one-line reason instead of throwing.</summary>
    public static bool TryParse(string? overrides, out OxidationStateTable? table, out string? error)
    {
        table = null;
        var states = new Dictionary<string, int>(Defaults, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in (overrides ?? "").Split([' ', ',', '\t', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var signAt = token.IndexOfAny(['+', '-']);
            var symbol = signAt > 0 ? token[..signAt] : "";
            var digits = signAt > 0 ? token[(signAt + 1)..] : "";
            if (symbol.Length == 0 || digits.Length == 0 || !digits.All(char.IsAsciiDigit) || digits.Length > 2)
            {
                error = $"bad oxidation state '{token}': expected element, sign and charge, e.g. 'Zr+4 Cl-1'";
                return false;
            }

            if (!AtomicWeights.IsElement(symbol))
            {
                error = $"bad oxidation state '{token}': unknown element '{symbol}'";
                return false;
            }

            if (!seen.Add(symbol))
            {
                error = $"bad oxidation state '{token}': {symbol} is given twice";
                return false;
            }

            var magnitude = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            states[symbol] = token[signAt] == '-' ? -magnitude : magnitude;
        }

        table = new OxidationStateTable(states);
        error = null;
        return true;
    }

    /// <summary>
    /// Entries that differ from <see cref="Default"/>, canonical: cations, then zero, then anions,
    /// each by atomic number, e.g. "Fe+3 Zr+3 Cl-1". Empty when the table equals the defaults.
    /// </summary>
    public string FormatOverrides()
    {
        var differing = _states
            .Where(kv => !Defaults.TryGetValue(kv.Key, out var d) || d != kv.Value)
            .OrderBy(kv => kv.Value > 0 ? 0 : kv.Value == 0 ? 1 : 2)
            .ThenBy(kv => AtomicWeights.AtomicNumber(kv.Key));
        var text = new StringBuilder();
        foreach (var (symbol, state) in differing)
        {
            text.Append(text.Length == 0 ? "" : " ")
                .Append(symbol)
                .Append(state < 0 ? '-' : '+')
                .Append(Math.Abs(state).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
