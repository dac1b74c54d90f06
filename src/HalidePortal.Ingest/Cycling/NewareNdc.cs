using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Record layouts of the Neware .ndc files inside an .ndax archive. Every .ndc starts with a 4096-byte header
/// (byte 0 = file type, byte 2 = layout version) followed by 4096-byte pages; each page has a page header and footer
/// around fixed-size records. File types: 1 = samples (data.ndc), 5 = auxiliary channel, 7 = step table
/// (data_step.ndc), 18 = run info (data_runInfo.ndc: times, capacities, energies of a subset of the samples).
/// Version 5 keeps everything in 87-byte data.ndc records; versions 11, 14, 16 and 17 split the data over the
/// three files and differ in record sizes and scalings (see <see cref="Layout"/>).
/// </summary>
internal static class NewareNdc
{
    public const int PageSize = 4096;

    public const int FileTypeSamples = 1;
    public const int FileTypeAux = 5;
    public const int FileTypeSteps = 7;
    public const int FileTypeRunInfo = 18;

    /// <summary>Per-version record sizes and scalings of the split layouts (versions 11 and later).</summary>
    /// <param name="VoltageToV">Factor from the stored voltage float to V.</param>
    /// <param name="CurrentToMA">Factor from the stored current float to mA.</param>
    /// <param name="RunInfoSize">Bytes per run-info record (after a 132-byte page header).</param>
    /// <param name="RunInfoFooter">Page footer of the run-info file.</param>
    /// <param name="CapacityToMAh">Factor from stored capacity/energy floats to mAh/mWh (A·s/3600 or Ah·1000).</param>
    /// <param name="RunInfoStepIsOrdinal">True when the run-info step field already counts steps 1, 2, 3...; otherwise
    /// the count increments whenever the field changes.</param>
    /// <param name="StepSize">Bytes per step-table record.</param>
    /// <param name="StepFooter">Page footer of the step table.</param>
    /// <param name="StepOrdinalByChange">True when step-table rows are counted by changes of the step index rather
    /// than one per row.</param>
    internal sealed record Layout(
        int Version,
        double VoltageToV,
        double CurrentToMA,
        int RunInfoSize,
        int RunInfoFooter,
        double CapacityToMAh,
        bool RunInfoStepIsOrdinal,
        int StepSize,
        int StepFooter,
        bool StepOrdinalByChange);

    private static readonly Layout[] Layouts =
    [
        new(11, 1e-4, 1.0, 47, 16, 1.0 / 3600, false, 37, 5, false),
        new(14, 1.0, 1000.0, 55, 4, 1000.0, false, 37, 5, false),
        new(16, 1e-4, 1.0, 100, 64, 1.0 / 3600, true, 100, 64, true),
        new(17, 1.0, 1000.0, 100, 64, 1000.0, true, 100, 64, false),
    ];

    /// <summary>Versions this reader understands, for messages.</summary>
    public const string SupportedVersions = "5, 11, 14, 16, 17";

    public static Layout? FindLayout(int version)
    {
        foreach (var layout in Layouts)
        {
            if (layout.Version == version)
            {
                return layout;
            }
        }
        return null;
    }

    /// <summary>Checks the page structure and returns (file type, version).</summary>
    public static (int FileType, int Version) ReadHeader(byte[] data, string fileName, string entryName)
    {
        CheckLength(data.Length, fileName, entryName);
        return (data[0], data[2]);
    }

    /// <summary>An .ndc is a header page and whole pages; anything else is a cut file.</summary>
    public static void CheckLength(long length, string fileName, string entryName)
    {
        if (length < PageSize)
        {
            throw new InstrumentFileException(fileName,
                $"{entryName} is truncated: {length} bytes, shorter than its 4096-byte header", length);
        }
        if (length % PageSize != 0)
        {
            throw new InstrumentFileException(fileName,
                $"{entryName} is truncated: {length} bytes is not a whole number of 4096-byte pages",
                length - (length % PageSize));
        }
    }

    public static int SlotsPerPage(int pageHeader, int pageFooter, int recordSize) =>
        (PageSize - pageHeader - pageFooter) / recordSize;

    /// <summary>Split-layout data.ndc: 8-byte samples (voltage float, current float) after a 132-byte page header;
    /// an empty slot has voltage exactly 0, and the n-th sample in use has record index n.</summary>
    public const int SampleHeader = 132;
    public const int SampleSize = 8;
    public static readonly int SampleSlots = SlotsPerPage(SampleHeader, 4, SampleSize);

    /// <summary>Version-5 data.ndc: 45 records of 87 bytes per page after a 125-byte page header, in use when byte 7 is
    /// 0x55; fields as <see cref="Version5Record"/>: cycle (0-based) u32 at 12, step u8 at 16, step type u8 at 17, step
    /// time ms u64 at 23, voltage i32 ×1e-4 V at 31, current i32 at 35, charge/discharge capacity and energy i64 at
    /// 43/51/59/67 (×range multiplier/3600), wall clock Y(u16) M D h m s at 75, current range i32 at 82.</summary>
    public const int Version5Header = 125;
    public const int Version5Size = 87;
    public static readonly int Version5Slots = SlotsPerPage(Version5Header, 56, Version5Size);

    /// <summary>Most samples the data pages can hold.</summary>
    public static long MaxSamples(NdcPages data) => data.DataPages * (data.Version == 5 ? Version5Slots : SampleSlots);

    /// <summary>Counts the samples in use from the current position, stopping once <paramref name="enough"/> are found.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long CountSamples(NdcPages data, long enough)
    {
        long count = 0;
        bool version5 = data.Version == 5;
        int size = version5 ? Version5Size : SampleSize;
        int bytes = version5 ? Version5Slots * Version5Size : SampleSlots * SampleSize;
        int header = version5 ? Version5Header : SampleHeader;
        while (count < enough && data.MoveNext())
        {
            var records = data.Page.Slice(header, bytes);
            for (int r = 0; r < records.Length; r += size)
            {
                bool used = version5 ? records[r + 7] == 0x55 : BinaryPrimitives.ReadSingleLittleEndian(records.Slice(r, 4)) != 0f;
                if (used)
                {
                    count++;
                }
            }
        }
        return count;
    }

    /// <summary>One run-info record: the sample index it belongs to and the step clock and counters there.</summary>
    internal struct RunInfoRecord
    {
        public int Index;
        public int StepOrdinal;
        public double StepTimeS;
        public double ChargeMAh;
        public double DischargeMAh;
        public double ChargeMWh;
        public double DischargeMWh;
        public double DeltaTimeS;
        public double UnixTimeS;
    }

    /// <summary>Decodes a data_runInfo.ndc record: step time (ms) at 0, capacities and energies at 5..20, time increment
    /// (ms) at 29, Unix seconds at 33, step field at 37, sample index at 41, milliseconds at 45; false for an empty record
    /// (index 0). The step ordinal counts from the records before: <paramref name="ordinal"/> and
    /// <paramref name="lastStepField"/> carry it from one call to the next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDecodeRunInfo(ReadOnlySpan<byte> rec, Layout layout, ref int ordinal, ref int lastStepField,
        out RunInfoRecord record)
    {
        record = default;
        int index = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(41, 4));
        if (index == 0)
        {
            return false;
        }
        int stepField = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(37, 4));
        if (layout.RunInfoStepIsOrdinal)
        {
            ordinal = stepField;
        }
        else if (stepField != lastStepField)
        {
            ordinal++;
            lastStepField = stepField;
        }
        double capScale = layout.CapacityToMAh;
        record.Index = index;
        record.StepTimeS = BinaryPrimitives.ReadInt32LittleEndian(rec) / 1000.0;
        record.ChargeMAh = BinaryPrimitives.ReadSingleLittleEndian(rec.Slice(5, 4)) * capScale;
        record.DischargeMAh = BinaryPrimitives.ReadSingleLittleEndian(rec.Slice(9, 4)) * capScale;
        record.ChargeMWh = BinaryPrimitives.ReadSingleLittleEndian(rec.Slice(13, 4)) * capScale;
        record.DischargeMWh = BinaryPrimitives.ReadSingleLittleEndian(rec.Slice(17, 4)) * capScale;
        record.DeltaTimeS = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(29, 4)) / 1000.0;
        record.UnixTimeS = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(33, 4))
            + (BinaryPrimitives.ReadInt16LittleEndian(rec.Slice(45, 2)) / 1000.0);
        record.StepOrdinal = ordinal;
        return true;
    }

    /// <summary>The step table: the k-th step (1-based ordinal) ran in cycle <c>Cycle[k-1]</c> (1-based, as shown by
    /// the software), with step number <c>StepIndex[k-1]</c> and step type code <c>Status[k-1]</c>.</summary>
    internal sealed record Steps(int[] Cycle, int[] StepIndex, int[] Status, int Count);

    /// <summary>Reads data_step.ndc: cycle (0-based) at 0, step number at 4, step type at 24; rows with step number 0
    /// are empty.</summary>
    public static Steps ReadSteps(byte[] data, Layout layout)
    {
        const int header = 132;
        int size = layout.StepSize;
        int slots = SlotsPerPage(header, layout.StepFooter, size);
        var rows = new List<(int Cycle, int Step, int Status)>();
        ReadOnlySpan<byte> all = data;
        for (int page = PageSize; page < data.Length; page += PageSize)
        {
            var records = all.Slice(page + header, slots * size);
            for (int r = 0; r < records.Length; r += size)
            {
                var rec = records.Slice(r, size);
                int step = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(4, 4));
                if (step == 0)
                {
                    continue;
                }
                rows.Add((BinaryPrimitives.ReadInt32LittleEndian(rec) + 1, step, rec[24]));
            }
        }

        var cycle = new List<int>(rows.Count);
        var stepIndex = new List<int>(rows.Count);
        var status = new List<int>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            // Counted by change: consecutive rows repeating the same step number describe one step.
            if (layout.StepOrdinalByChange && i > 0 && rows[i].Step == rows[i - 1].Step)
            {
                continue;
            }
            cycle.Add(rows[i].Cycle);
            stepIndex.Add(rows[i].Step);
            status.Add(rows[i].Status);
        }
        return new Steps([.. cycle], [.. stepIndex], [.. status], cycle.Count);
    }

    /// <summary>Current scaling of version-5 records by the channel's current range (A), giving mA; null when the
    /// range is not known.</summary>
    public static double? RangeMultiplier(int range) => range switch
    {
        -100000000 => 10,
        -200000 or -100000 or -60000 or -50000 or -30000 or -20000 or -12000 or -10000 or -6000 or -5000 or -3000
            or -2000 or -1000 => 1e-2,
        -500 or -100 => 1e-3,
        -50 or -25 or -20 or -10 => 1e-4,
        -5 or -2 or -1 => 1e-5,
        0 => 0,
        1 or 2 or 5 => 1e-4,
        10 or 20 or 25 or 50 => 1e-3,
        100 or 200 or 250 or 500 => 1e-2,
        1000 or 6000 or 10000 or 12000 or 20000 or 30000 or 40000 or 50000 or 60000 or 100000 or 200000 => 1e-1,
        _ => null,
    };

    /// <summary>Records that carry every field themselves (ndc version 5, .nda files), decoded into rows;
    /// <c>UnixTimeS</c> is the instrument clock (for wall-clock dates: read as UTC). The arrays are either its own or,
    /// when reading in blocks, a block's (<see cref="UseBlock"/>).</summary>
    internal sealed class DecodedRows
    {
        public int Count;
        public double[] StepTimeS;
        public double[] VoltageV;
        public double[] CurrentMA;
        public double[] ChargeMAh;
        public double[] DischargeMAh;
        public double[] ChargeMWh;
        public double[] DischargeMWh;
        public double[] Cycle;
        public double[] Step;
        public double[] Status;
        public double[] UnixTimeS;

        public DecodedRows(int capacity)
        {
            StepTimeS = new double[capacity];
            VoltageV = new double[capacity];
            CurrentMA = new double[capacity];
            ChargeMAh = new double[capacity];
            DischargeMAh = new double[capacity];
            ChargeMWh = new double[capacity];
            DischargeMWh = new double[capacity];
            Cycle = new double[capacity];
            Step = new double[capacity];
            Status = new double[capacity];
            UnixTimeS = new double[capacity];
        }

        public HashSet<int> UnknownRanges { get; } = [];

        /// <summary>Writes into a block's arrays, laid out as <see cref="CoreColumns"/> with steps (Time first).</summary>
        public void UseBlock(double[][] arrays)
        {
            StepTimeS = arrays[1];
            VoltageV = arrays[2];
            CurrentMA = arrays[3];
            ChargeMAh = arrays[4];
            DischargeMAh = arrays[5];
            ChargeMWh = arrays[6];
            DischargeMWh = arrays[7];
            Cycle = arrays[8];
            Step = arrays[9];
            Status = arrays[10];
            UnixTimeS = arrays[11];
        }

        /// <summary>Decodes an integer-scaled record (ndc version 5, nda version 29) into row <paramref name="n"/>.</summary>
        public void Add(int n, ReadOnlySpan<byte> rec, IntegerRecord at)
        {
            int range = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(at.Range, 4));
            double multiplier = double.NaN;
            if (RangeMultiplier(range) is { } m)
            {
                multiplier = m;
            }
            else
            {
                UnknownRanges.Add(range);
            }
            Cycle[n] = BinaryPrimitives.ReadUInt32LittleEndian(rec.Slice(at.Cycle, 4)) + 1.0;
            Step[n] = at.WideStep ? BinaryPrimitives.ReadUInt16LittleEndian(rec.Slice(at.Step, 2)) : rec[at.Step];
            Status[n] = rec[at.Status];
            StepTimeS[n] = BinaryPrimitives.ReadUInt64LittleEndian(rec.Slice(at.Time, 8)) / 1000.0;
            VoltageV[n] = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(at.Time + 8, 4)) * 1e-4;
            CurrentMA[n] = BinaryPrimitives.ReadInt32LittleEndian(rec.Slice(at.Time + 12, 4)) * multiplier;
            double capScale = multiplier / 3600;
            ChargeMAh[n] = BinaryPrimitives.ReadInt64LittleEndian(rec.Slice(at.Capacities, 8)) * capScale;
            DischargeMAh[n] = BinaryPrimitives.ReadInt64LittleEndian(rec.Slice(at.Capacities + 8, 8)) * capScale;
            ChargeMWh[n] = BinaryPrimitives.ReadInt64LittleEndian(rec.Slice(at.Capacities + 16, 8)) * capScale;
            DischargeMWh[n] = BinaryPrimitives.ReadInt64LittleEndian(rec.Slice(at.Capacities + 24, 8)) * capScale;
            UnixTimeS[n] = WallClockSeconds(rec.Slice(at.Clock, 7));
        }
    }

    /// <summary>Offsets in an integer-scaled record: cycle u32 (0-based), step (u8, or u16 when wide), step type u8,
    /// step time ms u64 followed by voltage i32 (×1e-4 V) and current i32 (×range multiplier, mA), four i64
    /// capacities/energies (×multiplier/3600), wall clock Y(u16) M D h m s, current range i32.</summary>
    internal readonly record struct IntegerRecord(int Cycle, int Step, bool WideStep, int Status, int Time,
        int Capacities, int Clock, int Range);

    public static readonly IntegerRecord Version5Record = new(12, 16, false, 17, 23, 43, 75, 82);

    /// <summary>Test time from step clocks laid end to end: a new step starts when the cycle or step number changes
    /// or the step clock goes back. Carried from row to row (and block to block).</summary>
    internal struct TestClock
    {
        private double offset;
        private double step;
        private double cycle;
        private double stepTime;
        private bool started;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Next(double rowStep, double rowCycle, double rowStepTime)
        {
            if (started && (rowStep != step || rowCycle != cycle || rowStepTime < stepTime))
            {
                offset += stepTime;
            }
            started = true;
            step = rowStep;
            cycle = rowCycle;
            stepTime = rowStepTime;
            return offset + rowStepTime;
        }
    }

    public static void AddRangeWarnings(HashSet<int> unknownRanges, List<string> warnings)
    {
        foreach (int range in unknownRanges)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"unknown current range {range}: current, capacity and energy left empty (NaN) where it applies"));
        }
    }

    /// <summary>Adds the columns of decoded rows, with the test time of <see cref="TestClock"/>.</summary>
    public static void AddRowColumns(DecodedRows rows, List<SeriesColumn> columns, List<string> warnings)
    {
        int n = rows.Count;
        AddRangeWarnings(rows.UnknownRanges, warnings);

        var time = new double[n];
        var clock = default(TestClock);
        for (int i = 0; i < n; i++)
        {
            time[i] = clock.Next(rows.Step[i], rows.Cycle[i], rows.StepTimeS[i]);
        }

        AddCoreColumns(columns, time, rows.StepTimeS[..n], rows.VoltageV[..n], rows.CurrentMA[..n],
            rows.ChargeMAh[..n], rows.DischargeMAh[..n], rows.ChargeMWh[..n], rows.DischargeMWh[..n],
            rows.Cycle[..n], rows.Step[..n], rows.Status[..n], rows.UnixTimeS[..n]);
    }

    /// <summary>The columns of the Neware readers, in order: with steps (cycle, step number and step type) or without.</summary>
    public static List<SeriesColumnInfo> CoreColumns(bool withSteps)
    {
        var columns = new List<SeriesColumnInfo>
        {
            new("Time", "s", Quantity.TimeS),
            new("StepTime", "s", Quantity.Other),
            new("Voltage", "V", Quantity.VoltageV),
            new("Current", "mA", Quantity.CurrentMA),
            new("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh),
            new("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh),
            new("ChargeEnergy", "mWh", Quantity.EnergyMWh),
            new("DischargeEnergy", "mWh", Quantity.EnergyMWh),
        };
        if (withSteps)
        {
            columns.Add(new("Cycle", "", Quantity.CycleNumber));
            columns.Add(new("Step", "", Quantity.StepNumber));
            columns.Add(new("StepType", "", Quantity.Other));
        }
        columns.Add(new("UnixTime", "s", Quantity.Other));
        return columns;
    }

    public static void AddCoreColumns(List<SeriesColumn> columns, double[] time, double[] stepTime, double[] voltage,
        double[] current, double[] chg, double[] dchg, double[] chgE, double[] dchgE, double[]? cycle, double[]? step,
        double[]? status, double[] unix)
    {
        columns.Add(new SeriesColumn("Time", "s", Quantity.TimeS, time));
        columns.Add(new SeriesColumn("StepTime", "s", Quantity.Other, stepTime));
        columns.Add(new SeriesColumn("Voltage", "V", Quantity.VoltageV, voltage));
        columns.Add(new SeriesColumn("Current", "mA", Quantity.CurrentMA, current));
        columns.Add(new SeriesColumn("ChargeCapacity", "mAh", Quantity.ChargeCapacityMAh, chg));
        columns.Add(new SeriesColumn("DischargeCapacity", "mAh", Quantity.DischargeCapacityMAh, dchg));
        columns.Add(new SeriesColumn("ChargeEnergy", "mWh", Quantity.EnergyMWh, chgE));
        columns.Add(new SeriesColumn("DischargeEnergy", "mWh", Quantity.EnergyMWh, dchgE));
        if (cycle is not null && step is not null && status is not null)
        {
            columns.Add(new SeriesColumn("Cycle", "", Quantity.CycleNumber, cycle));
            columns.Add(new SeriesColumn("Step", "", Quantity.StepNumber, step));
            columns.Add(new SeriesColumn("StepType", "", Quantity.Other, status));
        }
        columns.Add(new SeriesColumn("UnixTime", "s", Quantity.Other, unix));
    }


    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        // Slicing-by-8 tables for the zip CRC-32 (reflected polynomial 0xEDB88320).
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        for (int t = 1; t < 8; t++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint prev = table[((t - 1) * 256) + i];
                table[(t * 256) + i] = (prev >> 8) ^ table[prev & 0xFF];
            }
        }
        return table;
    }

    public const uint Crc32Start = 0xFFFFFFFFu;

    /// <summary>CRC-32 as stored in zip entries.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => ~Crc32Update(Crc32Start, data);

    /// <summary>Runs the CRC-32 register over <paramref name="data"/>: start from <see cref="Crc32Start"/>, complement at
    /// the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Crc32Update(uint crc, ReadOnlySpan<byte> data)
    {
        var t = CrcTable;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i, 4)) ^ crc;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i + 4, 4));
            crc = t[(7 * 256) + (lo & 0xFF)] ^ t[(6 * 256) + ((lo >> 8) & 0xFF)]
                ^ t[(5 * 256) + ((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (lo >> 24)]
                ^ t[(3 * 256) + (hi & 0xFF)] ^ t[(2 * 256) + ((hi >> 8) & 0xFF)]
                ^ t[256 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
        }
        for (; i < data.Length; i++)
        {
            crc = t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    public static double WallClockSeconds(ReadOnlySpan<byte> ymdhms)
    {
        int year = BinaryPrimitives.ReadUInt16LittleEndian(ymdhms);
        int month = ymdhms[2], day = ymdhms[3], hour = ymdhms[4], minute = ymdhms[5], second = ymdhms[6];
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return double.NaN;
        }
        var t = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        return (t - DateTime.UnixEpoch).TotalSeconds;
    }
}
