using System.Diagnostics;
using System.Globalization;
using HalidePortal.Bench;

// halide-bench: timing helpers for docs/PERFORMANCE.md (not part of the product or the test suite).
//   parse [--runs N] [--warmup N] [--stream] FILE...  parse throughput per file (format detected by content;
//                                             --stream: through a sink that drops the blocks)
//   gen-mpt ROWS OUT [--cycles N]             a synthetic BioLogic EC-Lab GCPL .mpt export of ROWS data rows
//   digest FILE...                            one line per file: columns, metadata and a hash of all values
//   copy CONNECTION ROWS [COLUMNS]            binary COPY of series chunks (float8[] and bytea) into scratch tables
//   stream [--whole] FILE...                  memory of one parse through a row-counting sink (or whole)
//   stages FILE...                            the worker's in-memory stages of a cycling file, timed apart
//   eis [--repeats N] --circuit C FILE...     time per default impedance fit, files fitted as a batch
//   spectrum [--repeats N] FILE...            time of what the worker runs per impedance upload (circuit choice, KK, DRT)
//   converge FILE...                          the worker's automatic circuit choice on each file: circuit, convergence, misfit
return args.FirstOrDefault() switch
{
    "parse" => ParseBench.Run(args[1..]),
    "gen-mpt" => GenerateMpt(args[1..]),
    "stages" => StageBench.Run(args[1..]),
    "stream" => StreamBench.Run(args[1..]),
    "digest" => Digest.Run(args[1..]),
    "copy" => await CopyBench.RunAsync(args[1..]),
    "eis" => EisBench.Run(args[1..]),
    "spectrum" => SpectrumAnalysesBench.Run(args[1..]),
    "converge" => ConvergenceCheck.Run(args[1..]),
    _ => Usage(),
};

static int GenerateMpt(string[] args)
{
    if (args.Length < 2 || !int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int rows))
    {
        return Usage();
    }
    int cycles = 100;
    int at = Array.IndexOf(args, "--cycles");
    if (at >= 0 && at + 1 < args.Length)
    {
        cycles = int.Parse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture);
    }
    var clock = Stopwatch.StartNew();
    long bytes = GcplMptWriter.Write(args[1], rows, cycles);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{args[1]}: {rows} rows, {cycles} cycles, {bytes / 1e6:F1} MB in {clock.Elapsed.TotalSeconds:F1} s"));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: halide-bench parse [--runs N] [--warmup N] [--stream] FILE...\n       halide-bench gen-mpt ROWS OUT.mpt [--cycles N]");
    return 2;
}
