using System.Diagnostics;
using System.Globalization;
using HalidePortal.Analysis.Impedance;
using HalidePortal.Ingest;

namespace HalidePortal.Bench;

/// <summary>
/// halide-bench eis [--repeats N] --circuit C FILE...: default fits (modulus weighting, starts from the guess) of
/// every file in turn, as a batch; after 5 warm-up batches, N timed batches (default 25). Prints the median and
/// the fastest wall-clock time per fit, the median process CPU time per fit (what a shared machine's load does not
/// inflate), and each file's starts and iterations.
/// </summary>
internal static class EisBench
{
    public static int Run(string[] args)
    {
        int repeats = 25;
        string? circuitText = null;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--repeats":
                    repeats = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--circuit":
                    circuitText = args[++i];
                    break;
                default:
                    files.Add(args[i]);
                    break;
            }
        }
        if (circuitText is null || files.Count == 0)
        {
            Console.Error.WriteLine("usage: halide-bench eis [--repeats N] --circuit C FILE...");
            return 2;
        }
        var circuit = EquivalentCircuit.Parse(circuitText);
        var spectra = files.Select(Load).ToList();
        var options = new FitOptions();
        for (int warm = 0; warm < 5; warm++)
        {
            foreach (var (_, f, re, im) in spectra)
            {
                ImpedanceFit.Fit(circuit, f, re, im, options);
            }
        }
        var perFit = new List<double>();
        var cpuPerFit = new List<double>();
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            foreach (var (_, f, re, im) in spectra)
            {
                ImpedanceFit.Fit(circuit, f, re, im, options);
            }
            perFit.Add(clock.Elapsed.TotalMilliseconds / spectra.Count);
            process.Refresh();
            cpuPerFit.Add((process.TotalProcessorTime - cpu).TotalMilliseconds / spectra.Count);
        }
        perFit.Sort();
        cpuPerFit.Sort();
        foreach (var (name, f, re, im) in spectra)
        {
            var fit = ImpedanceFit.Fit(circuit, f, re, im, options);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {f.Length} points, {fit.Starts} starts, {fit.Iterations} iterations, misfit {fit.RelativeMisfit:0.0000}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{circuit.Text}: {spectra.Count} files x {repeats} batches: median {perFit[perFit.Count / 2]:F2} ms per fit (CPU {cpuPerFit[cpuPerFit.Count / 2]:F2} ms), fastest batch {perFit[0]:F2} ms per fit"));
        return 0;
    }

    /// <summary>First sweep, frequencies falling, the inductive tail left out, as halide eis-fit reads a file.</summary>
    private static (string Name, double[] F, double[] Re, double[] Im) Load(string path)
    {
        var name = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        var m = InstrumentFormats.Parse(stream, name);
        var spectrum = ImpedanceSpectrum.FirstSweep(m.Find(Quantity.FrequencyHz)!.Values, m.Find(Quantity.ZRealOhm)!.Values,
            m.Find(Quantity.ZImagOhm)!.Values, m.Find(Quantity.SweepNumber)?.Values);
        int tail = spectrum.InductiveTail;
        return (name, spectrum.FrequencyHz[tail..], spectrum.ZRealOhm[tail..], spectrum.ZImagOhm[tail..]);
    }
}
