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
        bool stream = false;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--stream":
                    stream = true;
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
        Console.WriteLine("| file | format | size | rows x columns | first parse | p10 / median / p90 | median CPU | rows/s (median) | MB/s (median) | runs, gen-2 GCs | allocated per parse |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var file in files)
        {
            Measure(file, runs, warmup, stream);
        }
        return 0;
    }

    private static void Measure(string path, int runs, int warmup, bool stream)
    {
        long size = new FileInfo(path).Length;
        var first = Stopwatch.StartNew();
        var (rows, columns, format) = stream ? StreamOnce(path) : ParseOnce(path);
        double firstMs = first.Elapsed.TotalMilliseconds;
        for (int i = 0; i < warmup; i++)
        {
            _ = stream ? StreamOnce(path) : ParseOnce(path);
        }

        // Without --runs: at least 10 runs and at least about 3 s of parsing, at most 400 runs.
        var times = new List<double>();
        var cpu = new List<double>();
        var process = Process.GetCurrentProcess();
        int gen2 = GC.CollectionCount(2);
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var total = Stopwatch.StartNew();
        while (runs > 0 ? times.Count < runs : times.Count < 10 || (total.Elapsed.TotalSeconds < 3 && times.Count < 400))
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            _ = stream ? StreamOnce(path) : ParseOnce(path);
            times.Add(clock.Elapsed.TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
        }
        gen2 = GC.CollectionCount(2) - gen2;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        times.Sort();
        cpu.Sort();
        double p10 = times[times.Count / 10], median = times[times.Count / 2], p90 = times[times.Count * 9 / 10];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {Path.GetFileName(path)}{(stream ? " (blocks)" : "")} | {format} | {size / 1e6:F2} MB | {rows:N0} x {columns} | {firstMs:F1} ms | " +
            $"{p10:F2} / {median:F2} / {p90:F2} ms | {cpu[cpu.Count / 2]:F2} ms | {rows / (median / 1000) / 1e6:F2} M | {size / 1e6 / (median / 1000):F0} | {times.Count}, {gen2} | {allocated / 1e6 / times.Count:F1} MB |"));
    }

    private static (long Rows, int Columns, string Format) ParseOnce(string path)
    {
        using var stream = Open(path);
        var parsed = InstrumentFormats.Parse(stream, Path.GetFileName(path));
        return (parsed.RowCount, parsed.Columns.Count, parsed.Format);
    }

    /// <summary>Through a sink that drops the blocks, as the worker's ingest reads a file (<c>--stream</c>).</summary>
    private static (long Rows, int Columns, string Format) StreamOnce(string path)
    {
        using var stream = Open(path);
        var streamed = InstrumentFormats.Parse(stream, Path.GetFileName(path), new DroppingSink());
        return (streamed.RowCount, streamed.Columns.Count, streamed.Format);
    }

    // Opened as the worker's raw-file store opens it.
    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
        Environment.GetEnvironmentVariable("BENCH_ASYNC_FILE") == "1" ? FileOptions.Asynchronous | FileOptions.SequentialScan : FileOptions.None);

    private sealed class DroppingSink : ISeriesBlockSink
    {
        public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
        {
        }

        public void Append(IReadOnlyList<ArraySegment<double>> columns)
        {
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
