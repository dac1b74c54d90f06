using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using HalidePortal.Ingest;

namespace HalidePortal.Bench;

/// <summary>
/// One line per file with everything a parser produced (format, technique, column names, units, quantities,
/// metadata, warnings, and a SHA-256 over every value's bits), so a parser rewrite can be checked to give
/// bit-identical output: run before and after, diff the two outputs.
/// </summary>
internal static class Digest
{
    public static int Run(string[] args)
    {
        foreach (var path in args)
        {
            string name = Path.GetFileName(path);
            try
            {
                using var stream = File.OpenRead(path);
                var parsed = InstrumentFormats.Parse(stream, name);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                foreach (var column in parsed.Columns)
                {
                    hash.AppendData(MemoryMarshal.AsBytes(column.Values.AsSpan()));
                }
                string columns = string.Join(", ", parsed.Columns.Select(c => $"{c.Name} [{c.Unit}] {c.Quantity}"));
                string metadata = string.Join(", ", parsed.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {parsed.Format} {parsed.Technique} {parsed.RowCount} rows; {columns}; {metadata}; " +
                    $"warnings {string.Join(" | ", parsed.Warnings)}; values {Convert.ToHexString(hash.GetHashAndReset())[..16]}"));
            }
            catch (InstrumentFileException e)
            {
                Console.WriteLine($"{name}: error {e.Message}");
            }
        }
        return 0;
    }
}
