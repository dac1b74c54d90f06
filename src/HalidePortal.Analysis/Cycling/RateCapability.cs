namespace HalidePortal.Analysis.Cycling;

/// <summary>Standard C-rates and the grouping of consecutive cycles at one current.</summary>
public static class RateCapability
{
    /// <summary>Rates labs program: C/100, C/50, C/40, C/24, C/20, C/10, C/8, C/6, C/5, C/4, C/3, C/2, 1, 2, 3, 5, 10 C.</summary>
    public static IReadOnlyList<double> StandardRates { get; } =
        [0.01, 0.02, 0.025, 1.0 / 24, 0.05, 0.1, 0.125, 1.0 / 6, 0.2, 0.25, 1.0 / 3, 0.5, 1, 2, 3, 5, 10];

    /// <summary>
    /// The nearest standard rate when |rate / standard - 1| &lt;= tolerance, written with three significant digits
    /// (C/3 as 0.333); otherwise the rate rounded to two significant digits.
    /// </summary>
    public static double Snap(double rate, double tolerance = 0.1)
    {
        if (!(rate > 0) || !double.IsFinite(rate))
        {
            return rate;
        }
        double best = StandardRates.MinBy(s => Math.Abs(rate / s - 1));
        return Math.Abs(rate / best - 1) <= tolerance ? RoundSignificant(best, 3) : RoundSignificant(rate, 2);
    }

    internal static double RoundSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value;
        }
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        int decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>Runs of consecutive complete cycles whose current lies within tolerance of the run's first cycle.</summary>
    internal static List<RateStep> Steps(IReadOnlyList<CycleSummary> cycles, double tolerance)
    {
        var steps = new List<RateStep>();
        var run = new List<CycleSummary>();
        foreach (var cycle in cycles.Where(c => c.IsComplete && c.CurrentMA is > 0))
        {
            if (run.Count > 0 && Math.Abs(cycle.CurrentMA!.Value / run[0].CurrentMA!.Value - 1) > tolerance)
            {
                steps.Add(Close(run, tolerance));
                run.Clear();
            }
            run.Add(cycle);
        }
        if (run.Count > 0)
        {
            steps.Add(Close(run, tolerance));
        }
        return steps;
    }

    private static RateStep Close(List<CycleSummary> run, double tolerance)
    {
        double? rate = run.All(c => c.CRate is not null) ? Snap(run.Average(c => c.CRate!.Value), tolerance) : null;
        return new RateStep(rate, run.Average(c => c.CurrentMA!.Value), run[0].Cycle, run[^1].Cycle);
    }
}
