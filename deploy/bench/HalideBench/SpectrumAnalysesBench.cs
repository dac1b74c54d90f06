using System.Diagnostics;
using System.Globalization;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Ingest;

namespace HalidePortal.Bench;

/// <summary>
/// halide-bench spectrum [--repeats N] FILE...: what the worker runs on each impedance upload, timed per file after
/// 3 warm-up rounds: the automatic circuit choice (every pellet circuit fitted, lowest AIC kept), the linear
/// Kramers-Kronig check and the DRT with lambda by cross-validation. Prints the median wall-clock time of each.
/// </summary>
internal static class SpectrumAnalysesBench
{
    public static int Run(string[] args)
    {
        int repeats = 15;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeats")
            {
                repeats = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            else
            {
                files.Add(args[i]);
            }
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: halide-bench spectrum [--repeats N] FILE...");
            return 2;
        }
        var spectra = files.Select(Load).ToList();
        var steps = new (string Name, Action<ImpedanceSpectrum> Run)[]
        {
            ("circuit choice", s => CircuitChoice.Choose(s, CircuitChoice.PelletCircuits)),
            ("Kramers-Kronig", s => KramersKronig.Check(s.FrequencyHz, s.ZRealOhm, s.ZImagOhm)),
            ("DRT (GCV)", s => DistributionOfRelaxationTimes.Compute(s.FrequencyHz, s.ZRealOhm, s.ZImagOhm)),
        };
        foreach (var (name, run) in steps)
        {
            var times = new List<double>();
            for (int r = 0; r < repeats + 3; r++)
            {
                var clock = Stopwatch.StartNew();
                foreach (var (_, spectrum) in spectra)
                {
                    run(spectrum);
                }
                if (r >= 3)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds / spectra.Count);
                }
            }
            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {spectra.Count} files x {repeats} rounds: median {times[times.Count / 2]:F1} ms per file, fastest round {times[0]:F1} ms"));
        }
        foreach (var (file, spectrum) in spectra)
        {
            var chosen = CircuitChoice.Choose(spectrum, CircuitChoice.PelletCircuits);
            Console.WriteLine($"{file}: chosen {chosen.Best.Circuit.Text}");
        }
        return 0;
    }

    private static (string Name, ImpedanceSpectrum Spectrum) Load(string path)
    {
        var name = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        var m = InstrumentFormats.Parse(stream, name);
        return (name, ImpedanceSpectrum.FirstSweep(m.Find(Quantity.FrequencyHz)!.Values, m.Find(Quantity.ZRealOhm)!.Values,
            m.Find(Quantity.ZImagOhm)!.Values, m.Find(Quantity.SweepNumber)?.Values));
    }
}
