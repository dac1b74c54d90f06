using System.Globalization;
using HalidePortal.Analysis.Cycling;

namespace HalidePortal.Analysis.Tests.Cycling;

/// <summary>Cycling results, notes and messages do not change under a decimal-comma culture.</summary>
public sealed class CyclingCultureTests
{
    private static string Run()
    {
        var halves = SyntheticCell.ChargeFirst([(1.9, 0.9, 0.2), (1.8, 0.95, 0.2), (1.5, 0.99, 1.0)])
            .Select(h => (h.Item1 <= 2 ? 1 : 2, h.Item2));
        var series = SyntheticCell.Build(halves, indices: true);
        var summary = CyclingAnalysis.Summarise(series, new CyclingOptions { ActiveMassMg = 12.5, NominalMAhPerG = 200 });
        var bad = Assert.Throws<ArgumentException>(() => CyclingAnalysis.Summarise(series, new CyclingOptions { ActiveMassMg = -0.5 }));
        return string.Join("|", summary.Notes.Append(bad.Message)
            .Concat(summary.Cycles.Select(c => c.DischargeMAhPerG!.Value.ToString("R", CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Summarise_UnderGerman_SameNotesMessagesAndValues()
    {
        var invariant = TestCulture.Run(CultureInfo.InvariantCulture, Run);
        var german = TestCulture.Run(TestCulture.German, Run);

        Assert.Equal(invariant, german);
        Assert.Contains("active mass must be above 0 mg, got -0.5", german, StringComparison.Ordinal);
    }
}
