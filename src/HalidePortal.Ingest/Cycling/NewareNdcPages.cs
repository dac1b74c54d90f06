using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using HalidePortal.Ingest.Archives;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// The 4096-byte pages of one .ndc entry, front to back: from memory (an entry already read and checked whole), or
/// straight from the archive through a buffer of a few pages, so a 700k-sample data.ndc costs 64 KiB instead of its
/// 6 MB. The header page is read and checked on opening; a streamed entry is checked for its stated length and CRC-32
/// when its last bytes arrive, before its last pages are handed out.
/// </summary>
internal sealed class NdcPages : IDisposable
{
    private const int BufferBytes = 16 * NewareNdc.PageSize;

    private readonly byte[] buffer;
    private readonly Stream? stream;
    private readonly uint expectedCrc;
    private uint crc = NewareNdc.Crc32Start;
    private long bufferOffset;
    private int end;
    private int at;

    private NdcPages(byte[] buffer, Stream? stream, long length, uint expectedCrc, string fileName, string entryName)
    {
        this.buffer = buffer;
        this.stream = stream;
        this.expectedCrc = expectedCrc;
        Length = length;
        FileName = fileName;
        EntryName = entryName;
    }

    public string FileName { get; }

    public string EntryName { get; }

    /// <summary>Bytes in the entry (header page included): a whole number of pages.</summary>
    public long Length { get; }

    public int FileType { get; private set; }

    public int Version { get; private set; }

    /// <summary>Pages after the header.</summary>
    public long DataPages => (Length / NewareNdc.PageSize) - 1;

    /// <summary>The current page (after <see cref="MoveNext"/> returned true).</summary>
    public ReadOnlySpan<byte> Page
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => buffer.AsSpan(at, NewareNdc.PageSize);
    }

    /// <summary>Pages over an entry already read whole (and checked by <see cref="SafeZip.ReadAllBytes"/>).</summary>
    public static NdcPages Of(byte[] bytes, string fileName, string entryName)
    {
        NewareNdc.CheckLength(bytes.Length, fileName, entryName);
        var pages = new NdcPages(bytes, null, bytes.Length, 0, fileName, entryName) { end = bytes.Length };
        pages.ReadHeader();
        return pages;
    }

    /// <summary>Pages read from the archive as they are asked for.</summary>
    public static NdcPages Open(SafeZip zip, ZipArchiveEntry entry, string entryName)
    {
        NewareNdc.CheckLength(entry.Length, zip.FileName, entryName);
        var pages = new NdcPages(new byte[(int)Math.Min(BufferBytes, entry.Length)], zip.OpenEntry(entry), entry.Length,
            entry.Crc32, zip.FileName, entryName);
        try
        {
            pages.Refill();
            pages.ReadHeader();
        }
        catch
        {
            pages.Dispose();
            throw;
        }
        return pages;
    }

    /// <summary>Moves to the next page; false after the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext()
    {
        at += NewareNdc.PageSize;
        if (at < end)
        {
            return true;
        }
        return stream is not null && bufferOffset + end < Length && RefillAndMove();
    }

    public void Dispose() => stream?.Dispose();

    private void ReadHeader()
    {
        FileType = buffer[0];
        Version = buffer[2];
        at = 0;
    }

    private bool RefillAndMove()
    {
        bufferOffset += end;
        end = 0;
        Refill();
        at = 0;
        return true;
    }

    private void Refill()
    {
        int want = (int)Math.Min(buffer.Length, Length - bufferOffset);
        int got = stream!.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
        if (got < want)
        {
            throw new InstrumentFileException(FileName,
                $"{EntryName} is truncated: it ends after {bufferOffset + got} of its stated {Length} bytes", bufferOffset + got);
        }
        crc = NewareNdc.Crc32Update(crc, buffer.AsSpan(0, got));
        end = got;
        if (bufferOffset + end == Length)
        {
            if (stream.ReadByte() != -1)
            {
                throw new InstrumentFileException(FileName, $"{EntryName} holds more than its stated {Length} bytes", Length);
            }
            if (~crc != expectedCrc)
            {
                throw new InstrumentFileException(FileName,
                    $"{EntryName} is damaged: its CRC-32 does not match the archive's", bufferOffset);
            }
        }
    }
}

/// <summary>
/// The run-info records of data_runInfo.ndc in sample-index order: decoded page by page as they are needed when the
/// file has them in order (every public file does), otherwise read whole and sorted by index (file order kept among
/// equal indices, so the first record of an index still comes first).
/// </summary>
internal sealed class RunInfoCursor : IDisposable
{
    private const int Header = 132;

    private readonly NdcPages? pages;
    private readonly NewareNdc.Layout layout;
    private readonly int slots;
    private readonly NewareNdc.RunInfoRecord[]? sorted;
    private int slot;
    private int position;
    private int ordinal;
    private int lastStepField = int.MinValue;

    private RunInfoCursor(NdcPages? pages, NewareNdc.Layout layout, NewareNdc.RunInfoRecord[]? sorted)
    {
        this.pages = pages;
        this.layout = layout;
        this.sorted = sorted;
        slots = NewareNdc.SlotsPerPage(Header, layout.RunInfoFooter, layout.RunInfoSize);
        slot = slots;
    }

    /// <summary>The current record; its <see cref="NewareNdc.RunInfoRecord.Index"/> is int.MaxValue after the last.</summary>
    public NewareNdc.RunInfoRecord Current;

    public bool HasCurrent { get; private set; }

    /// <summary>A cursor over records already in index order, read from <paramref name="pages"/> as it moves.</summary>
    public static RunInfoCursor InFileOrder(NdcPages pages, NewareNdc.Layout layout) => Start(new RunInfoCursor(pages, layout, null));

    /// <summary>A cursor over every record of <paramref name="pages"/>, sorted by index first.</summary>
    public static RunInfoCursor Sorted(NdcPages pages, NewareNdc.Layout layout)
    {
        var records = new List<NewareNdc.RunInfoRecord>();
        using (var all = InFileOrder(pages, layout))
        {
            while (all.HasCurrent)
            {
                records.Add(all.Current);
                all.MoveNext();
            }
        }
        return Start(new RunInfoCursor(null, layout, [.. records.OrderBy(r => r.Index)]));
    }

    /// <summary>True when the indices of <paramref name="pages"/>'s records never go down (reads the entry to its end).</summary>
    public static bool IsInOrder(NdcPages pages, NewareNdc.Layout layout)
    {
        int size = layout.RunInfoSize;
        int recordBytes = NewareNdc.SlotsPerPage(Header, layout.RunInfoFooter, size) * size;
        int previous = int.MinValue;
        bool inOrder = true;
        while (pages.MoveNext())
        {
            var records = pages.Page.Slice(Header, recordBytes);
            for (int r = 41; r < records.Length; r += size)
            {
                int index = BinaryPrimitives.ReadInt32LittleEndian(records.Slice(r, 4));
                if (index == 0)
                {
                    continue;
                }
                inOrder &= index >= previous;
                previous = index;
            }
        }
        return inOrder;
    }

    /// <summary>Moves to the next record with a sample index; false (and <see cref="HasCurrent"/> false) after the last.</summary>
    public bool MoveNext()
    {
        if (sorted is not null)
        {
            if (position < sorted.Length)
            {
                Current = sorted[position++];
                return HasCurrent = true;
            }
            return End();
        }
        int size = layout.RunInfoSize;
        while (true)
        {
            if (slot == slots)
            {
                if (!pages!.MoveNext())
                {
                    return End();
                }
                slot = 0;
            }
            var record = pages!.Page.Slice(Header + (slot * size), size);
            slot++;
            if (NewareNdc.TryDecodeRunInfo(record, layout, ref ordinal, ref lastStepField, out Current))
            {
                return HasCurrent = true;
            }
        }
    }

    public void Dispose() => pages?.Dispose();

    private static RunInfoCursor Start(RunInfoCursor cursor)
    {
        cursor.MoveNext();
        return cursor;
    }

    private bool End()
    {
        Current = default;
        Current.Index = int.MaxValue;
        return HasCurrent = false;
    }
}

/// <summary>One auxiliary .ndc giving its values row by row, in step with the samples (row r = sample index r + 1).</summary>
internal abstract class AuxReader : IDisposable
{
    protected const int Header = 132;

    /// <summary>Writes rows <paramref name="from"/>..<paramref name="to"/> (exclusive) of the block's arrays; the first of
    /// them is row <paramref name="firstRow"/> of the file.</summary>
    public abstract void Fill(double[][] arrays, int from, int to, long firstRow);

    public virtual void Dispose()
    {
    }
}

/// <summary>Versions 14 and 17: one float per sample, 990 to a page; NaN once they run out.</summary>
internal sealed class FloatAuxReader(NdcPages pages, int column) : AuxReader
{
    private static readonly int Slots = NewareNdc.SlotsPerPage(Header, 4, 4);
    private int slot = Slots;
    private bool done;

    public override void Fill(double[][] arrays, int from, int to, long firstRow)
    {
        var values = arrays[column];
        for (int i = from; i < to; i++)
        {
            if (slot == Slots && !done)
            {
                done = !pages.MoveNext();
                slot = 0;
            }
            values[i] = done ? double.NaN : BinaryPrimitives.ReadSingleLittleEndian(pages.Page.Slice(Header + (4 * slot++), 4));
        }
    }

    public override void Dispose() => pages.Dispose();
}

/// <summary>Versions 11 and 16, tag 0x65: 7-byte records of voltage (float ×1e-4 V) and temperature (int16 ×0.1 C), in
/// sample order; records with another tag are passed over. A column of -1 is not kept.</summary>
internal sealed class VoltageTemperatureAuxReader(NdcPages pages, int voltageColumn, int temperatureColumn) : AuxReader
{
    public const byte Tag = 0x65;
    public const int Size = 7;
    public static readonly int Slots = NewareNdc.SlotsPerPage(Header, 2, Size);

    private int slot = Slots;
    private bool done;

    /// <summary>Positions (0-based, in sample order) of the first record whose voltage, and whose temperature, is neither
    /// zero nor NaN; -1 when there is none. Reads the entry to its end.</summary>
    public static (long Voltage, long Temperature) FirstValues(NdcPages pages)
    {
        long voltage = -1, temperature = -1, index = 0;
        while (pages.MoveNext())
        {
            var records = pages.Page.Slice(Header, Slots * Size);
            for (int r = 0; r < records.Length; r += Size)
            {
                if (records[r] != Tag)
                {
                    continue;
                }
                if (voltage < 0 && ToVoltage(records.Slice(r + 1, 4)) is double v && v != 0 && !double.IsNaN(v))
                {
                    voltage = index;
                }
                if (temperature < 0 && ToTemperature(records.Slice(r + 5, 2)) != 0)
                {
                    temperature = index;
                }
                index++;
            }
        }
        return (voltage, temperature);
    }

    public override void Fill(double[][] arrays, int from, int to, long firstRow)
    {
        double[]? voltage = voltageColumn >= 0 ? arrays[voltageColumn] : null;
        double[]? temperature = temperatureColumn >= 0 ? arrays[temperatureColumn] : null;
        for (int i = from; i < to; i++)
        {
            int record = done ? -1 : Next();
            if (record < 0)
            {
                voltage?[i] = double.NaN;
                temperature?[i] = double.NaN;
                continue;
            }
            var page = pages.Page;
            voltage?[i] = ToVoltage(page.Slice(record + 1, 4));
            temperature?[i] = ToTemperature(page.Slice(record + 5, 2));
        }
    }

    public override void Dispose() => pages.Dispose();

    private static double ToVoltage(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadSingleLittleEndian(bytes) * 1e-4;

    private static double ToTemperature(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadInt16LittleEndian(bytes) * 0.1;

    /// <summary>Offset in the current page of the next tagged record, or -1 at the end.</summary>
    private int Next()
    {
        while (true)
        {
            if (slot == Slots)
            {
                if (!pages.MoveNext())
                {
                    done = true;
                    return -1;
                }
                slot = 0;
            }
            int offset = Header + (Size * slot++);
            if (pages.Page[offset] == Tag)
            {
                return offset;
            }
        }
    }
}

/// <summary>Version 11, tag 0x74: 88-byte records naming their sample index (at 1) with a temperature (int16 ×0.1 C at
/// 35), possibly out of order; read whole into values by index (the last record of an index wins).</summary>
internal sealed class IndexedTemperatureAuxReader(double[] byIndex, int column) : AuxReader
{
    public const byte Tag = 0x74;
    private const int Size = 88;

    /// <summary>Temperatures by sample index for indices 1..<paramref name="maxSamples"/> (NaN where none), as long as
    /// the highest index present.</summary>
    public static double[] Read(NdcPages pages, long maxSamples)
    {
        int slots = NewareNdc.SlotsPerPage(Header, 4, Size);
        var found = new List<(int Index, double Value)>();
        int highest = 0;
        while (pages.MoveNext())
        {
            var records = pages.Page.Slice(Header, slots * Size);
            for (int r = 0; r < records.Length; r += Size)
            {
                if (records[r] != Tag)
                {
                    continue;
                }
                int index = BinaryPrimitives.ReadInt32LittleEndian(records.Slice(r + 1, 4));
                if (index >= 1 && index <= maxSamples)
                {
                    found.Add((index, BinaryPrimitives.ReadInt16LittleEndian(records.Slice(r + 35, 2)) * 0.1));
                    highest = Math.Max(highest, index);
                }
            }
        }
        var values = new double[highest];
        Array.Fill(values, double.NaN);
        foreach (var (index, value) in found)
        {
            values[index - 1] = value;
        }
        return values;
    }

    /// <summary>Position (0-based) of the first value neither zero nor NaN, or -1.</summary>
    public static long FirstValue(double[] byIndex)
    {
        for (int i = 0; i < byIndex.Length; i++)
        {
            if (byIndex[i] != 0 && !double.IsNaN(byIndex[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public override void Fill(double[][] arrays, int from, int to, long firstRow)
    {
        var values = arrays[column];
        for (int i = from; i < to; i++)
        {
            long row = firstRow + (i - from);
            values[i] = row < byIndex.Length ? byIndex[row] : double.NaN;
        }
    }
}
