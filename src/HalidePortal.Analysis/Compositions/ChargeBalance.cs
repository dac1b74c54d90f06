namespace HalidePortal.Analysis.Compositions;

/// <summary>
/// Charge sums per formula unit. <see cref="Negative"/> is reported as a negative number;
/// <see cref="Net"/> = Positive + Negative.
/// </summary>
public sealed record ChargeBalanceResult(
    double Positive,
    double Negative,
    double Net,
    bool IsBalanced,
    IReadOnlyList<string> ElementsWithoutState);

/// <summary>Charge neutrality of a composition under fixed oxidation states.</summary>
public static class ChargeBalance
{
    /// <summary>Absolute |Net| below which a formula counts as balanced (subscripts carry ~1e-15 rounding).</summary>
    public const double Tolerance = 1e-6;

    /// <summary>
    /// Positive = sum of n_e q_e over q_e &gt; 0, Negative = sum of n_e q_e over q_e &lt; 0,
    /// Net = Positive + Negative; balanced when |Net| &lt;= 1e-6 and every element has a state.
    /// For LZACFO: 2.25 + 3.00 + 0.75 = 6.00 and -4.20 - 1.60 - 0.20 = -6.00.
    /// </summary>
    public static ChargeBalanceResult Compute(ChemicalFormula formula, OxidationStateTable states)
    {
        ArgumentNullException.ThrowIfNull(formula);
        ArgumentNullException.ThrowIfNull(states);
        double positive = 0, negative = 0;
        var missing = new List<string>();
        foreach (var (symbol, amount) in formula.Elements)
        {
            var state = states.StateOf(symbol);
            if (state is null)
            {
                missing.Add(symbol);
            }
            else if (state > 0)
            {
                positive += amount * state.Value;
            }
            else
            {
                negative += amount * state.Value;
            }
        }

        var net = positive + negative;
        return new ChargeBalanceResult(positive, negative, net, Math.Abs(net) <= Tolerance && missing.Count == 0, missing);
    }
}
