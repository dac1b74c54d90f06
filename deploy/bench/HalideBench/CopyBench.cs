using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace HalidePortal.Bench;

/// <summary>
/// Binary COPY of series chunks like SeriesStore writes them (65,536 doubles per row, float8[] with external
/// storage, sent as array segments), into a scratch table, with wall time, this process's CPU and the server
/// backend's CPU apart; and the same values as raw bytea, to show what the per-element array decoding costs the server.
/// </summary>
internal static class CopyBench
{
    private const int ChunkLength = 65536;

    public static async Task<int> RunAsync(string[] args)
    {
        string connection = args[0];
        int rows = int.Parse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture);
        int columns = args.Length > 2 ? int.Parse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture) : 20;
        var random = new Random(1);
        var data = Enumerable.Range(0, columns).Select(_ => Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray()).ToArray();

        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await Execute(db, "DROP TABLE IF EXISTS bench_chunks; CREATE TABLE bench_chunks (m uuid, c int, k int, t uuid, v float8[] NOT NULL, " +
            "PRIMARY KEY (m, c, k)); ALTER TABLE bench_chunks ALTER COLUMN v SET STORAGE EXTERNAL;");
        await Execute(db, "DROP TABLE IF EXISTS bench_bytes; CREATE TABLE bench_bytes (m uuid, c int, k int, t uuid, v bytea NOT NULL, " +
            "PRIMARY KEY (m, c, k)); ALTER TABLE bench_bytes ALTER COLUMN v SET STORAGE EXTERNAL;");
        int backend = db.ProcessID;
        foreach (var variant in new[] { "segment", "bytea", "segment", "bytea" })
        {
            await Execute(db, "TRUNCATE bench_chunks; TRUNCATE bench_bytes; CHECKPOINT;");
            string table = variant == "bytea" ? "bench_bytes" : "bench_chunks";
            double serverBefore = BackendCpuSeconds(backend);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await using (var tx = await db.BeginTransactionAsync())
            {
                await using (var writer = await db.BeginBinaryImportAsync($"COPY {table} (m, c, k, t, v) FROM STDIN (FORMAT BINARY)"))
                {
                    var id = Guid.NewGuid();
                    for (int c = 0; c < columns; c++)
                    {
                        for (int k = 0; k * ChunkLength < rows; k++)
                        {
                            int start = k * ChunkLength, length = Math.Min(ChunkLength, rows - start);
                            await writer.StartRowAsync();
                            await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                            await writer.WriteAsync(c, NpgsqlDbType.Integer);
                            await writer.WriteAsync(k, NpgsqlDbType.Integer);
                            await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                            if (variant == "bytea")
                            {
                                await writer.WriteAsync(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data[c].AsSpan(start, length)).ToArray(), NpgsqlDbType.Bytea);
                            }
                            else if (variant == "segment")
                            {
                                await writer.WriteAsync(new ArraySegment<double>(data[c], start, length), NpgsqlDbType.Array | NpgsqlDbType.Double);
                            }
                            else
                            {
                                await writer.WriteAsync(data[c].AsSpan(start, length).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double);
                            }
                        }
                    }
                    await writer.CompleteAsync();
                }
                await tx.CommitAsync();
            }
            double wall = clock.Elapsed.TotalSeconds;
            double client = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            double server = BackendCpuSeconds(backend) - serverBefore;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{variant}: {rows} rows x {columns} columns ({rows * (long)columns * 8 / 1e6:F0} MB of doubles): wall {wall:F2} s, client CPU {client:F2} s, server CPU {server:F2} s"));
        }
        await Execute(db, "DROP TABLE bench_chunks; DROP TABLE bench_bytes");
        return 0;
    }

    private static async Task Execute(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>utime + stime of a local process from /proc (the server runs on this machine for the bench).</summary>
    public static double BackendCpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the command name: state is field 0, utime field 11, stime field 12 (clock ticks, 100 per second).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
