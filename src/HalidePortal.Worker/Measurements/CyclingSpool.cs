using System.Runtime.InteropServices;
using HalidePortal.Analysis.Cycling;

namespace HalidePortal.Worker.Measurements;

/// <summary>
/// The cycling analysis's columns of a run, kept in a temporary file block by block while the file is read, and read
/// back one block at a time for each pass of the analysis: memory holds a block, whatever the run's length.
/// The file is deleted when the spool is disposed (or the process ends).
/// </summary>
internal sealed class CyclingSpool : ICyclingBlocks, IDisposable
{
    private const int ColumnCount = 10;
    private readonly FileStream file = new(Path.Combine(Path.GetTempPath(), "halide-cycling-" + Guid.NewGuid().ToString("N") + ".spool"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    private bool[]? present;

    public long RowCount { get; private set; }

    public void Write(CyclingSeries block)
    {
        var columns = Columns(block);
        present ??= Array.ConvertAll(columns, c => c is not null);
        file.Write(BitConverter.GetBytes(block.RowCount));
        for (int c = 0; c < ColumnCount; c++)
        {
            if (present[c])
            {
                file.Write(MemoryMarshal.AsBytes(columns[c].AsSpan()));
            }
        }
        RowCount += block.RowCount;
    }

    public IEnumerable<CyclingSeries> Blocks()
    {
        if (present is null)
        {
            yield break;
        }
        file.Flush();
        long end = file.Length;
        file.Position = 0;
        var count = new byte[sizeof(int)];
        // Blocks of equal length share arrays: the analysis is done with a block before it asks for the next
        // (ICyclingBlocks), and a long run would otherwise leave megabytes of garbage a block on every pass.
        var columns = new double[]?[ColumnCount];
        while (file.Position < end)
        {
            file.ReadExactly(count);
            int rows = BitConverter.ToInt32(count);
            for (int c = 0; c < ColumnCount; c++)
            {
                if (present[c])
                {
                    if (columns[c]?.Length != rows)
                    {
                        columns[c] = new double[rows];
                    }
                    file.ReadExactly(MemoryMarshal.AsBytes(columns[c].AsSpan()));
                }
            }
            yield return new CyclingSeries
            {
                TimeS = columns[0]!,
                VoltageV = columns[1]!,
                CurrentMA = columns[2]!,
                CycleIndex = columns[3],
                StepIndex = columns[4],
                ChargeCapacityMAh = columns[5],
                DischargeCapacityMAh = columns[6],
                SignedCapacityMAh = columns[7],
                ChargeEnergyMWh = columns[8],
                DischargeEnergyMWh = columns[9],
            };
        }
    }

    private static double[]?[] Columns(CyclingSeries s) =>
        [s.TimeS, s.VoltageV, s.CurrentMA, s.CycleIndex, s.StepIndex, s.ChargeCapacityMAh, s.DischargeCapacityMAh, s.SignedCapacityMAh,
            s.ChargeEnergyMWh, s.DischargeEnergyMWh];

    public void Dispose() => file.Dispose();
}
