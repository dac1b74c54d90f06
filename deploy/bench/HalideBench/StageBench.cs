using System.Diagnostics;
using System.Globalization;
using HalidePortal.Analysis.Cycling;
using HalidePortal.Analysis.Series;
using HalidePortal.Ingest;
using HalidePortal.Processing;

namespace HalidePortal.Bench;

/// <summary>
/// The worker's in-memory stages for one cycling file, timed apart (no database): parse, analysis input, summary,
/// and the per-cycle voltage-capacity branches with dQ/dV and thinning as CyclingSummaryStep does them.
/// </summary>
internal static class StageBench
{
    public static int Run(string[] args)
    {
        foreach (var path in args)
        {
            var clock = Stopwatch.StartNew();
            ParsedMeasurement parsed;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                parsed = InstrumentFormats.Parse(stream, Path.GetFileName(path));
            }
            double parse = Lap(clock);
            var input = CyclingInput.From(parsed);
            double from = Lap(clock);
            var summary = CyclingAnalysis.Summarise(input.Series, new CyclingOptions { ActiveMassMg = input.ActiveMassMg });
            double summarise = Lap(clock);
            int points = 0;
            foreach (var cycle in summary.Cycles)
            {
                var both = CyclingAnalysis.VoltageCapacity(input.Series, summary, cycle.Cycle);
                foreach (var branch in new[] { both.Charge, both.Discharge })
                {
                    if (branch is null || branch.CapacityMAh.Length < 2)
                    {
                        continue;
                    }
                    var d = CyclingAnalysis.DifferentialCapacity(branch);
                    var (q, _) = SeriesDecimation.MinMax(branch.CapacityMAh, branch.VoltageV, 600);
                    points += q.Length + d.VoltageV.Length;
                }
            }
            double curves = Lap(clock);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {parsed.RowCount} rows x {parsed.Columns.Count}, {summary.Cycles.Count} cycles, {points} curve points; " +
                $"parse {parse:F2} s, input {from:F2} s, summary {summarise:F2} s, curves {curves:F2} s; " +
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
        }
        return 0;
    }

    private static double Lap(Stopwatch clock)
    {
        double seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return seconds;
    }
}
