using System.Globalization;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Ingest;

namespace HalidePortal.Bench;

/// <summary>
/// halide-bench converge FILE...: what a user sees after uploading each impedance file without touching a setting.
/// The worker's automatic choice runs over the pellet circuits (a file on a pellet), the cell circuits (on a cell) and
/// both (on the sample alone); one line per file and catalogue with the chosen circuit, convergence, relative misfit and
/// starts, then a count of converged fits.
/// </summary>
internal static class ConvergenceCheck
{
    public static int Run(string[] files)
    {
        if (files.Length == 0)
        {
            Console.Error.WriteLine("usage: halide-bench converge FILE...");
            return 2;
        }
        int fits = 0, converged = 0;
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            ImpedanceSpectrum spectrum;
            try
            {
                using var stream = File.OpenRead(path);
                var m = InstrumentFormats.Parse(stream, name);
                spectrum = ImpedanceSpectrum.FirstSweep(m.Find(Quantity.FrequencyHz)!.Values, m.Find(Quantity.ZRealOhm)!.Values,
                    m.Find(Quantity.ZImagOhm)!.Values, m.Find(Quantity.SweepNumber)?.Values);
            }
            catch (Exception e) when (e is InstrumentFileException or NullReferenceException)
            {
                Console.WriteLine($"{name}: not an impedance spectrum ({e.Message})");
                continue;
            }
            foreach (var (catalogue, circuits) in new[] { ("pellet", CircuitChoice.PelletCircuits), ("cell", CircuitChoice.CellCircuits), ("sample", CircuitChoice.AnyCircuits) })
            {
                var best = CircuitChoice.Choose(spectrum, circuits).Best;
                fits++;
                converged += best.Converged ? 1 : 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} [{catalogue}] {spectrum.Count} points: {best.Circuit.Text}, {(best.Converged ? "converged" : "NOT converged (" + best.Exit + ")")}, misfit {100 * best.RelativeMisfit:0.00} %, {best.Starts} start(s)"));
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{converged} of {fits} automatic fits converged"));
        return converged == fits ? 0 : 1;
    }
}
