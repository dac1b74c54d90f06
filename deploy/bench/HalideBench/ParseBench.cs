using System.Diagnostics;
using System.Globalization;
using HalidePortal.Ingest;

namespace HalidePortal.Bench;

/// <summary>
/// Parse throughput the way the worker parses: InstrumentFormats.Parse on a FileStream opened for each run
/// (detection included). The first parse of each file is reported apart: it pays for JIT and first-touch memory.
/// </summary>
internal static class ParseBench
{
    public static int Run(string[] args)
    {
        int runs = 0, warmup = 5;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                default:
                    files.Add(args[i]);
                    break;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"server GC: {System.Runtime.GCSettings.IsServerGC}, processors: {Environment.ProcessorCount}, load: {LoadAverage()}"));
        Console.WriteLine("| file | format | size | rows x columns | first parse | p10 / median / p90 | median CPU | rows/s (median) | MB/s (median) | runs, gen-2 GCs |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var file in files)
        {
            Measure(file, runs, warmup);
        }
        return 0;
    }

    private static void Measure(string path, int runs, int warmup)
    {
        long size = new FileInfo(path).Length;
        var first = Stopwatch.StartNew();
        var parsed = ParseOnce(path);
        double firstMs = first.Elapsed.TotalMilliseconds;
        for (int i = 0; i < warmup; i++)
        {
            ParseOnce(path);
        }

        // Without --runs: at least 10 runs and at least about 3 s of parsing, at most 400 runs.
        var times = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        int gen2 = GC.CollectionCount(2);
        var total = Stopwatch.StartNew();
        while (runs > 0 ? times.Count < runs : times.Count < 10 || (total.Elapsed.TotalSeconds < 3 && times.Count < 400))
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            ParseOnce(path);
            times.Add(clock.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }
        gen2 = GC.CollectionCount(2) - gen2;
        times.Sort();
        cpu.Sort();
        double p10 = times[times.Count / 10], median = times[times.Count / 2], p90 = times[times.Count * 9 / 10];
        int rows = parsed.RowCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(path)} | {parsed.Format} | {size / 1e6:F2} MB | {rows:N0} x {parsed.Columns.Count} | {firstMs:F1} ms | " +
            $"{p10:F2} / {median:F2} / {p90:F2} ms | {cpu[cpu.Count / 2]:F2} ms | {rows / (median / 1000) / 1e6:F2} M | {size / 1e6 / (median / 1000):F0} | {times.Count}, {gen2} |"));
    }

    private static ParsedMeasurement ParseOnce(string path)
    {
        // Opened as the worker's raw-file store opens it.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            Environment.GetEnvironmentVariable("BENCH_ASYNC_FILE") == "1" ? FileOptions.Asynchronous | FileOptions.SequentialScan : FileOptions.None);
        return InstrumentFormats.Parse(stream, Path.GetFileName(path));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
