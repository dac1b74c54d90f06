using System.Diagnostics;
using System.Globalization;
using HalidePortal.Ingest;

namespace HalidePortal.Bench;

/// <summary>
/// Memory of one parse, block-wise (a sink that only counts rows) or whole (<c>--whole</c>): bytes allocated and the
/// process's peak working set. Run once per process, so the peak belongs to that parse alone.
/// </summary>
internal static class StreamBench
{
    public static int Run(string[] args)
    {
        bool whole = args.Contains("--whole");
        foreach (var path in args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)))
        {
            GC.Collect();
            long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            string format;
            long rows;
            int blocks = 0;
            bool streamed = false;
            if (whole)
            {
                var parsed = InstrumentFormats.Parse(stream, Path.GetFileName(path));
                (format, rows) = (parsed.Format, parsed.RowCount);
            }
            else
            {
                var sink = new CountingSink();
                var result = InstrumentFormats.Parse(stream, Path.GetFileName(path), sink);
                (format, rows, blocks) = (result.Format, result.RowCount, sink.Blocks);
                using var again = File.OpenRead(path);
                streamed = InstrumentFormats.Detect(InstrumentFormats.ReadHead(again), path) is IStreamingInstrumentParser;
            }
            double seconds = clock.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
            using var process = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(path)}: {format}, {(whole ? "whole" : streamed ? "streaming parser" : "whole then emitted")}, {rows:N0} rows in {blocks} blocks, " +
                $"{seconds:F2} s, allocated {allocated / 1e6:F1} MB, peak working set {process.PeakWorkingSet64 / 1e6:F1} MB"));
        }
        return 0;
    }

    private sealed class CountingSink : ISeriesBlockSink
    {
        public int Blocks { get; private set; }

        public void Begin(string format, Technique technique, IReadOnlyList<SeriesColumnInfo> columns)
        {
        }

        public void Append(IReadOnlyList<ArraySegment<double>> columns) => Blocks++;
    }
}
