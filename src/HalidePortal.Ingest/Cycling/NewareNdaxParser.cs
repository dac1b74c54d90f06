using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HalidePortal.Ingest.Archives;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Neware BTS 8/9 .ndax files: a zip holding data.ndc (samples), data_runInfo.ndc and data_step.ndc (times,
/// capacities, cycle and step numbers, for ndc versions 11 and later), auxiliary data_AUX_*.ndc / data_N.ndc
/// channels and TestInfo.xml / Step.xml / VersionInfo.xml. ndc versions 5, 11, 14, 16 and 17 are read.
/// </summary>
/// <remarks>
/// <para>Columns: Time (s, test time: the step clocks laid end to end), StepTime (s), Voltage (V), Current (mA,
/// negative on discharge), ChargeCapacity and DischargeCapacity (mAh, reset each step as the software shows them),
/// ChargeEnergy and DischargeEnergy (mWh, both tagged <see cref="Quantity.EnergyMWh"/>), Cycle, Step, StepType (Neware
/// step type code: 1 CC_Chg, 2 CC_DChg, 3 CV_Chg, 4 Rest, 7 CCCV_Chg, 20 CCCV_DChg, 21 Control...), UnixTime (s, the
/// instrument clock) and one column per auxiliary channel (AuxN_Temperature in C, AuxN_Voltage in V...).</para>
/// <para>The run-info file holds only some of the samples; like the software, rows between run-info records take
/// the last record's values advanced by its time increment, with capacity and energy integrated from current and
/// voltage.</para>
/// <para>Metadata: ndcVersion, deviceId, unitId, channelId, channel ("dev-unit-chl"), testId, barcode, stepFile,
/// startTime and endTime (instrument local time, ISO 8601 without offset), activeMassMg, serverVersion,
/// clientVersion.</para>
/// <para>Read in blocks (<see cref="IStreamingInstrumentParser"/>), memory is a block plus a 64 KiB buffer per open
/// entry: a non-seekable upload is first copied (to a temporary file past 16 MB, see <see cref="SafeZip"/>).</para>
/// </remarks>
public sealed partial class NewareNdaxParser : IStreamingInstrumentParser
{
    private const string DataEntry = "data.ndc";
    private const string RunInfoEntry = "data_runInfo.ndc";
    private const string StepEntry = "data_step.ndc";

    public string Format => "neware-ndax";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        if (!head.StartsWith("PK\u0003\u0004"u8))
        {
            return false;
        }
        return (fileName is not null && fileName.EndsWith(".ndax", StringComparison.OrdinalIgnoreCase))
            || head.IndexOf(".ndc"u8) >= 0
            || head.IndexOf("VersionInfo.xml"u8) >= 0
            || head.IndexOf("TestInfo.xml"u8) >= 0;
    }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var zip = SafeZip.Open(stream, fileName, "an .ndax file");
        return Read(zip, fileName, sink: null).Whole!;
    }

    /// <summary>
    /// Reads data.ndc page by page from the archive and gives its samples to <paramref name="sink"/> in blocks, with
    /// run-info records and auxiliary channels read alongside in sample order, so memory stays a block whatever the
    /// test's length. The columns are decided first from the small entries (an auxiliary voltage or temperature that is
    /// never set is left out, as in the whole-file parse).
    /// </summary>
    public StreamedMeasurement Parse(Stream stream, string fileName, ISeriesBlockSink sink)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sink);
        using var zip = SafeZip.Open(stream, fileName, "an .ndax file");
        return Read(zip, fileName, sink).Streamed!;
    }


    /// <summary>
    /// Without a sink every entry is read whole (and checked) first and the samples counted, so each column is
    /// allocated once at its length; with one, entries are read from the archive as the rows need them. The decoding
    /// is the same code either way.
    /// </summary>
    private StreamedOrWhole Read(SafeZip zip, string fileName, ISeriesBlockSink? sink)
    {
        var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in zip.Entries)
        {
            entries.TryAdd(entry.FullName, entry);
        }
        if (!entries.TryGetValue(DataEntry, out var dataEntry))
        {
            throw new InstrumentFileException(fileName, $"no {DataEntry} in the archive; not an .ndax file this parser reads");
        }

        var warnings = new List<string>();
        var metadata = new Dictionary<string, string>();
        var auxInfo = ReadXmlMetadata(zip, entries, metadata, warnings);

        var source = new EntrySource(zip, inMemory: sink is null);
        using var data = source.Open(dataEntry, DataEntry);
        if (data.FileType != NewareNdc.FileTypeSamples)
        {
            throw new InstrumentFileException(fileName, $"{DataEntry} has file type {data.FileType}, expected 1 (samples)", 0);
        }
        int version = data.Version;
        metadata["ndcVersion"] = version.ToString(CultureInfo.InvariantCulture);
        NewareNdc.Layout? layout = null;
        if (version != 5)
        {
            layout = NewareNdc.FindLayout(version) ?? throw new InstrumentFileException(fileName,
                $"{DataEntry} has ndc version {version}, which this parser does not read (known: {NewareNdc.SupportedVersions})", 2);
        }

        RunInfoCursor? runInfo = null;
        NewareNdc.Steps? steps = null;
        List<SeriesColumnInfo> columns;
        if (layout is null)
        {
            columns = NewareNdc.CoreColumns(withSteps: true);
        }
        else if (!entries.TryGetValue(RunInfoEntry, out var runInfoEntry))
        {
            warnings.Add($"no {RunInfoEntry}: only voltage and current are available");
            columns = [new("Voltage", "V", Quantity.VoltageV), new("Current", "mA", Quantity.CurrentMA)];
        }
        else
        {
            runInfo = OpenRunInfo(source, runInfoEntry, layout);
            if (entries.TryGetValue(StepEntry, out var stepEntry))
            {
                byte[] stepBytes = source.Bytes(stepEntry);
                CheckFile(stepBytes, fileName, StepEntry, NewareNdc.FileTypeSteps, layout.Version);
                steps = NewareNdc.ReadSteps(stepBytes, layout);
            }
            else
            {
                warnings.Add($"no {StepEntry}: cycle and step numbers are not available");
            }
            columns = NewareNdc.CoreColumns(withSteps: steps is not null);
        }

        using (runInfo)
        {
            long exact = -1;
            if (sink is null)
            {
                using var count = source.Open(dataEntry, DataEntry);
                exact = NewareNdc.CountSamples(count, long.MaxValue);
            }
            var samples = new SampleCount(source, dataEntry, exact, NewareNdc.MaxSamples(data));
            var auxWarnings = new List<string>();
            using var aux = PlanAux(entries, auxInfo, source, columns.Count, samples, auxWarnings);
            columns.AddRange(aux.Columns);

            sink?.Begin(Format, Technique.Cycling, columns);
            var blocks = new ColumnBlocks(columns.Count, sink, sink is null ? exact : samples.Max);
            if (layout is null)
            {
                ReadVersion5Rows(data, blocks, aux, warnings);
            }
            else if (runInfo is null)
            {
                ReadSampleRows(data, layout, blocks, aux);
            }
            else
            {
                ReadSplitRows(data, layout, runInfo, steps, blocks, aux, warnings);
            }
            blocks.Finish();
            warnings.AddRange(auxWarnings);

            return StreamedOrWhole.From(blocks, sink is not null, Format, Technique.Cycling, columns, metadata, warnings);
        }
    }

    /// <summary>Run-info records in index order: walked alongside the samples when the file has them in order (checked
    /// by a pass over the index field first), otherwise read whole and sorted.</summary>
    private static RunInfoCursor OpenRunInfo(EntrySource source, ZipArchiveEntry entry, NewareNdc.Layout layout)
    {
        bool inOrder;
        using (var check = source.Open(entry, RunInfoEntry))
        {
            CheckFile(check, NewareNdc.FileTypeRunInfo, layout.Version);
            inOrder = RunInfoCursor.IsInOrder(check, layout);
        }
        var pages = source.Open(entry, RunInfoEntry);
        return inOrder ? RunInfoCursor.InFileOrder(pages, layout) : RunInfoCursor.Sorted(pages, layout);
    }

    /// <summary>Hands the block over when it is full (after writing its auxiliary values) and returns the room for rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int NextBlock(ColumnBlocks blocks, AuxColumns aux)
    {
        aux.Fill(blocks);
        int room = blocks.Room();
        aux.Filled = blocks.Count;
        return room;
    }

    /// <summary>Version 5: every field in the data.ndc record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadVersion5Rows(NdcPages data, ColumnBlocks blocks, AuxColumns aux, List<string> warnings)
    {
        const int size = NewareNdc.Version5Size;
        int recordBytes = NewareNdc.Version5Slots * size;
        var rows = new NewareNdc.DecodedRows(0);
        var clock = default(NewareNdc.TestClock);
        double[] time = [];
        int room = 0, j = 0;
        while (data.MoveNext())
        {
            var records = data.Page.Slice(NewareNdc.Version5Header, recordBytes);
            for (int r = 0; r < records.Length; r += size)
            {
                var rec = records.Slice(r, size);
                if (rec[7] != 0x55)
                {
                    continue;
                }
                if (room == 0)
                {
                    room = NextBlock(blocks, aux);
                    j = blocks.Count;
                    rows.UseBlock(blocks.Arrays);
                    time = blocks.Arrays[0];
                }
                rows.Add(j, rec, NewareNdc.Version5Record);
                time[j] = clock.Next(rows.Step[j], rows.Cycle[j], rows.StepTimeS[j]);
                j++;
                room--;
                blocks.Advance();
            }
        }
        aux.Fill(blocks);
        NewareNdc.AddRangeWarnings(rows.UnknownRanges, warnings);
    }

    /// <summary>Split layout without run-info: voltage and current only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadSampleRows(NdcPages data, NewareNdc.Layout layout, ColumnBlocks blocks, AuxColumns aux)
    {
        const int size = NewareNdc.SampleSize;
        int recordBytes = NewareNdc.SampleSlots * size;
        double vScale = layout.VoltageToV, iScale = layout.CurrentToMA;
        double[] voltage = [], current = [];
        int room = 0, j = 0;
        while (data.MoveNext())
        {
            var records = data.Page.Slice(NewareNdc.SampleHeader, recordBytes);
            for (int r = 0; r < records.Length; r += size)
            {
                float v = BinaryPrimitives.ReadSingleLittleEndian(records.Slice(r, 4));
                if (v == 0f)
                {
                    continue;
                }
                if (room == 0)
                {
                    room = NextBlock(blocks, aux);
                    j = blocks.Count;
                    voltage = blocks.Arrays[0];
                    current = blocks.Arrays[1];
                }
                voltage[j] = v * vScale;
                current[j] = BinaryPrimitives.ReadSingleLittleEndian(records.Slice(r + 4, 4)) * iScale;
                j++;
                room--;
                blocks.Advance();
            }
        }
        aux.Fill(blocks);
    }

    /// <summary>
    /// Split layout: voltage and current from data.ndc; the n-th sample takes the first run-info record of index n, and
    /// samples between records take the last record's values advanced by its time increment, with capacity and energy
    /// integrated from current and voltage.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadSplitRows(NdcPages data, NewareNdc.Layout layout, RunInfoCursor runInfo, NewareNdc.Steps? steps,
        ColumnBlocks blocks, AuxColumns aux, List<string> warnings)
    {
        const int size = NewareNdc.SampleSize;
        int recordBytes = NewareNdc.SampleSlots * size;
        double vScale = layout.VoltageToV, iScale = layout.CurrentToMA;
        bool withSteps = steps is not null;
        double[] time = [], stepTime = [], voltage = [], current = [], chg = [], dchg = [], chgE = [], dchgE = [],
            cycle = [], stepNo = [], status = [], unix = [], unused = [];
        int room = 0, j = 0, sample = 0;
        long outside = 0, filled = 0;
        int lastOrdinal = 0, badOrdinals = 0;
        bool placedAny = false;
        double lastStepTime = 0, offset = 0, accT = 0, accQ = 0, accE = 0, dt = 0;
        double baseStep = double.NaN, baseUnix = double.NaN, baseChg = double.NaN, baseDchg = double.NaN,
            baseChgE = double.NaN, baseDchgE = double.NaN;
        double rowCycle = double.NaN, rowStep = double.NaN, rowStatus = double.NaN;
        int next = runInfo.Current.Index;
        while (data.MoveNext())
        {
            var records = data.Page.Slice(NewareNdc.SampleHeader, recordBytes);
            for (int r = 0; r < records.Length; r += size)
            {
                float v = BinaryPrimitives.ReadSingleLittleEndian(records.Slice(r, 4));
                if (v == 0f)
                {
                    continue;
                }
                if (room == 0)
                {
                    room = NextBlock(blocks, aux);
                    j = blocks.Count;
                    var a = blocks.Arrays;
                    (time, stepTime, voltage, current, chg, dchg, chgE, dchgE) = (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
                    if (withSteps)
                    {
                        (cycle, stepNo, status, unix) = (a[8], a[9], a[10], a[11]);
                    }
                    else
                    {
                        // No step table: the cycle, step and type values have no column; they go to a scratch array.
                        if (unused.Length < a[0].Length)
                        {
                            unused = new double[a[0].Length];
                        }
                        (cycle, stepNo, status, unix) = (unused, unused, unused, a[8]);
                    }
                }
                double volts = v * vScale;
                double milliamps = BinaryPrimitives.ReadSingleLittleEndian(records.Slice(r + 4, 4)) * iScale;
                sample++;

                bool placed = false;
                if (next <= sample)
                {
                    // Records of an index already placed (or below 1) are passed over.
                    while (next < sample)
                    {
                        if (next < 1)
                        {
                            outside++;
                        }
                        runInfo.MoveNext();
                        next = runInfo.Current.Index;
                    }
                    placed = next == sample;
                }
                if (placed)
                {
                    ref readonly var k = ref runInfo.Current;
                    placedAny = true;
                    accT = accQ = accE = 0;
                    dt = k.DeltaTimeS;
                    baseStep = k.StepTimeS;
                    baseUnix = k.UnixTimeS;
                    baseChg = Math.Abs(k.ChargeMAh);
                    baseDchg = Math.Abs(k.DischargeMAh);
                    baseChgE = Math.Abs(k.ChargeMWh);
                    baseDchgE = Math.Abs(k.DischargeMWh);
                    int ordinal = k.StepOrdinal;
                    if (ordinal != lastOrdinal)
                    {
                        if (lastOrdinal != 0)
                        {
                            offset += lastStepTime;
                        }
                        lastOrdinal = ordinal;
                        if (steps is not null && ordinal >= 1 && ordinal <= steps.Count)
                        {
                            rowCycle = steps.Cycle[ordinal - 1];
                            rowStep = steps.StepIndex[ordinal - 1];
                            rowStatus = steps.Status[ordinal - 1];
                        }
                        else
                        {
                            if (steps is not null)
                            {
                                badOrdinals++;
                            }
                            rowCycle = rowStep = rowStatus = double.NaN;
                        }
                    }
                    runInfo.MoveNext();
                    next = runInfo.Current.Index;
                }
                else if (placedAny)
                {
                    filled++;
                    accT += dt;
                    double dq = dt * milliamps / 3600;
                    accQ += dq;
                    accE += dq * volts;
                }

                double rowStepTime = baseStep + accT;
                stepTime[j] = rowStepTime;
                lastStepTime = rowStepTime;
                time[j] = offset + rowStepTime;
                voltage[j] = volts;
                current[j] = milliamps;
                unix[j] = baseUnix + accT;
                chg[j] = baseChg + Math.Max(accQ, 0);
                dchg[j] = baseDchg - Math.Min(accQ, 0);
                chgE[j] = baseChgE + Math.Max(accE, 0);
                dchgE[j] = baseDchgE - Math.Min(accE, 0);
                cycle[j] = rowCycle;
                stepNo[j] = rowStep;
                status[j] = rowStatus;
                j++;
                room--;
                blocks.Advance();
            }
        }
        aux.Fill(blocks);

        // The records left point past the last sample (or repeat its index).
        for (; runInfo.HasCurrent; runInfo.MoveNext())
        {
            int index = runInfo.Current.Index;
            if (index < 1 || index > sample)
            {
                outside++;
            }
        }
        if (outside > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{outside} run-info records point past the last sample and were ignored"));
        }
        if (badOrdinals > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{badOrdinals} steps in {RunInfoEntry} are missing from {StepEntry}; their cycle and step numbers are empty"));
        }
        if (filled > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{filled} of {sample} samples have no run-info record; their time, capacity and energy are interpolated as the Neware software does"));
        }
    }

    private static void CheckFile(byte[] bytes, string fileName, string entryName, int expectedType, int expectedVersion)
    {
        var (type, version) = NewareNdc.ReadHeader(bytes, fileName, entryName);
        CheckType(fileName, entryName, type, version, expectedType, expectedVersion);
    }

    private static void CheckFile(NdcPages pages, int expectedType, int expectedVersion) =>
        CheckType(pages.FileName, pages.EntryName, pages.FileType, pages.Version, expectedType, expectedVersion);

    private static void CheckType(string fileName, string entryName, int type, int version, int expectedType, int expectedVersion)
    {
        if (type != expectedType || version != expectedVersion)
        {
            throw new InstrumentFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                $"{entryName} has file type {type} version {version}, expected type {expectedType} version {expectedVersion}"), 0);
        }
    }

    /// <summary>Where the entries' pages come from: bytes read (and checked) whole once, or the archive as read.</summary>
    private sealed class EntrySource(SafeZip zip, bool inMemory)
    {
        private readonly Dictionary<ZipArchiveEntry, byte[]> read = [];

        public NdcPages Open(ZipArchiveEntry entry, string name) =>
            inMemory ? NdcPages.Of(Bytes(entry), zip.FileName, name) : NdcPages.Open(zip, entry, name);

        public byte[] Bytes(ZipArchiveEntry entry)
        {
            if (!read.TryGetValue(entry, out var bytes))
            {
                bytes = zip.ReadAllBytes(entry);
                read[entry] = bytes;
            }
            return bytes;
        }
    }

    /// <summary>How many samples data.ndc holds, as far as a decision needs to know: exactly when it was counted up front,
    /// otherwise by counting from the start only as far as asked (usually one page).</summary>
    private sealed class SampleCount(EntrySource source, ZipArchiveEntry dataEntry, long exact, long most)
    {
        private long atLeast = Math.Max(exact, 0);
        private bool final = exact >= 0;

        /// <summary>The count when known, else the most the pages can hold.</summary>
        public long Max => final ? atLeast : most;

        public bool AtLeast(long count)
        {
            if (count <= atLeast || final)
            {
                return count <= atLeast;
            }
            using var pages = source.Open(dataEntry, DataEntry);
            atLeast = NewareNdc.CountSamples(pages, count);
            final = atLeast < count;
            return atLeast >= count;
        }
    }

    // ---- auxiliary channels ----

    /// <summary>One Aux element of TestInfo.xml.</summary>
    private sealed record AuxChannel(string Name, int AuxId, int RealChannelId, int ChannelType);

    [GeneratedRegex(@"^data_AUX_(\d+)_(\d+)_(\d+)\.ndc$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuxFileRegex();

    [GeneratedRegex(@"^data_(\d+)\.ndc$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberedFileRegex();

    /// <summary>The auxiliary columns and the readers that fill them block by block.</summary>
    private sealed class AuxColumns : IDisposable
    {
        public List<SeriesColumnInfo> Columns { get; } = [];

        public List<AuxReader> Readers { get; } = [];

        /// <summary>Rows of the current block already holding their auxiliary values.</summary>
        public int Filled { get; set; }

        /// <summary>Writes the auxiliary values of the block's rows written since the last call.</summary>
        public void Fill(ColumnBlocks blocks)
        {
            int count = blocks.Count;
            if (count > Filled)
            {
                long firstRow = blocks.Total - count + Filled;
                foreach (var reader in Readers)
                {
                    reader.Fill(blocks.Arrays, Filled, count, firstRow);
                }
            }
            Filled = count;
        }

        public void Dispose()
        {
            foreach (var reader in Readers)
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>
    /// Decides the auxiliary columns before any row is read: one per data_AUX_*.ndc / data_N.ndc channel of a known
    /// layout, except voltages and temperatures that are zero or absent for every sample (a pass over the entry finds
    /// the first set value; the column stays when the data has a sample there).
    /// </summary>
    private static AuxColumns PlanAux(Dictionary<string, ZipArchiveEntry> entries, List<AuxChannel> channels,
        EntrySource source, int firstColumn, SampleCount samples, List<string> warnings)
    {
        var files = new List<(string Name, long A, long B, long C, bool IsAuxName)>();
        foreach (var name in entries.Keys)
        {
            var m = AuxFileRegex().Match(name);
            if (m.Success)
            {
                files.Add((name, ParseLong(m.Groups[1].Value), ParseLong(m.Groups[2].Value), ParseLong(m.Groups[3].Value), true));
                continue;
            }
            m = NumberedFileRegex().Match(name);
            if (m.Success)
            {
                files.Add((name, ParseLong(m.Groups[1].Value), 0, 0, false));
            }
        }
        files.Sort((x, y) => (x.A, x.B, x.C).CompareTo((y.A, y.B, y.C)));

        var aux = new AuxColumns();
        var used = new bool[channels.Count];
        foreach (var file in files)
        {
            // Match a file to its TestInfo entry: by real channel id (data_AUX_<real>_..) or aux id (data_<id>),
            // otherwise the next unused entry in document order.
            int match = -1;
            for (int c = 0; c < channels.Count && match < 0; c++)
            {
                if (!used[c] && (file.IsAuxName ? channels[c].RealChannelId == file.A : channels[c].AuxId == file.A))
                {
                    match = c;
                }
            }
            for (int c = 0; c < channels.Count && match < 0; c++)
            {
                if (!used[c])
                {
                    match = c;
                }
            }
            AuxChannel? channel = null;
            if (match >= 0)
            {
                used[match] = true;
                channel = channels[match];
            }
            string prefix = channel?.Name ?? Path.GetFileNameWithoutExtension(file.Name);

            var entry = entries[file.Name];
            var pages = source.Open(entry, file.Name);
            if (pages.FileType != NewareNdc.FileTypeAux)
            {
                pages.Dispose();
                continue;
            }
            int version = pages.Version;
            int column = firstColumn + aux.Columns.Count;
            if (version is 14 or 17)
            {
                // One float per sample whose meaning comes from TestInfo.xml; kept even when empty.
                aux.Columns.Add(FloatAuxColumn(prefix, channel, warnings));
                aux.Readers.Add(new FloatAuxReader(pages, column));
                continue;
            }
            int tag = version is 11 or 16 && pages.MoveNext() ? pages.Page[132] : -1;
            pages.Dispose();
            if (tag == VoltageTemperatureAuxReader.Tag)
            {
                (long Voltage, long Temperature) first;
                using (var scan = source.Open(entry, file.Name))
                {
                    first = VoltageTemperatureAuxReader.FirstValues(scan);
                }
                bool voltage = first.Voltage >= 0 && samples.AtLeast(first.Voltage + 1);
                bool temperature = first.Temperature >= 0 && samples.AtLeast(first.Temperature + 1);
                if (!voltage && !temperature)
                {
                    continue;
                }
                if (voltage)
                {
                    aux.Columns.Add(new SeriesColumnInfo(prefix + "_Voltage", "V", Quantity.Other));
                }
                if (temperature)
                {
                    aux.Columns.Add(new SeriesColumnInfo(prefix + "_Temperature", "C", Quantity.TemperatureC));
                }
                aux.Readers.Add(new VoltageTemperatureAuxReader(source.Open(entry, file.Name),
                    voltage ? column : -1, temperature ? column + (voltage ? 1 : 0) : -1));
            }
            else if (tag == IndexedTemperatureAuxReader.Tag && version == 11)
            {
                double[] byIndex;
                using (var all = source.Open(entry, file.Name))
                {
                    byIndex = IndexedTemperatureAuxReader.Read(all, samples.Max);
                }
                long first = IndexedTemperatureAuxReader.FirstValue(byIndex);
                if (first >= 0 && samples.AtLeast(first + 1))
                {
                    aux.Columns.Add(new SeriesColumnInfo(prefix + "_Temperature", "C", Quantity.TemperatureC));
                    aux.Readers.Add(new IndexedTemperatureAuxReader(byIndex, column));
                }
            }
            else
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{file.Name}: auxiliary layout of ndc version {version} not known; channel skipped"));
            }
        }
        return aux;
    }

    private static SeriesColumnInfo FloatAuxColumn(string prefix, AuxChannel? channel, List<string> warnings)
    {
        switch (channel?.ChannelType)
        {
            case 103:
            case 1122:
                return new SeriesColumnInfo(prefix + "_Temperature", "C", Quantity.TemperatureC);
            case 102:
                return new SeriesColumnInfo(prefix + "_CpuTemperature", "C", Quantity.Other);
            case 335:
                return new SeriesColumnInfo(prefix + "_TemperatureSetpoint", "C", Quantity.Other);
            case 345:
                return new SeriesColumnInfo(prefix + "_Humidity", "%", Quantity.Other);
            default:
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}: auxiliary channel type {channel?.ChannelType.ToString(CultureInfo.InvariantCulture) ?? "unknown"} not known; values kept unlabelled"));
                return new SeriesColumnInfo(prefix, "", Quantity.Other);
        }
    }

    private static long ParseLong(string s) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : long.MaxValue;

    // ---- XML metadata ----

    private static List<AuxChannel> ReadXmlMetadata(SafeZip zip, Dictionary<string, ZipArchiveEntry> entries,
        Dictionary<string, string> metadata, List<string> warnings)
    {
        var channels = new List<AuxChannel>();
        if (LoadXml(zip, entries, "TestInfo.xml", warnings) is { } testInfoDoc
            && testInfoDoc.Root?.Element("config")?.Element("TestInfo") is { } testInfo)
        {
            string? dev = Attr(testInfo, "DevID"), unit = Attr(testInfo, "UnitID"), chl = Attr(testInfo, "ChlID");
            Put(metadata, "deviceId", dev);
            Put(metadata, "unitId", unit);
            Put(metadata, "channelId", chl);
            if (dev is not null && unit is not null && chl is not null)
            {
                metadata["channel"] = $"{dev}-{unit}-{chl}";
            }
            Put(metadata, "testId", Attr(testInfo, "TestID"));
            Put(metadata, "barcode", Attr(testInfo, "Barcode"));
            Put(metadata, "stepFile", Attr(testInfo, "StepName"));
            Put(metadata, "startTime", IsoTime(Attr(testInfo, "StartTime")));
            Put(metadata, "endTime", IsoTime(Attr(testInfo, "EndTime")));
            foreach (var child in testInfo.Elements())
            {
                if (child.Name.LocalName.StartsWith("Aux", StringComparison.OrdinalIgnoreCase))
                {
                    channels.Add(new AuxChannel(child.Name.LocalName, AttrInt(child, "AuxID"),
                        AttrInt(child, "RealChlID"), AttrInt(child, "ChlType")));
                }
            }
        }

        if (LoadXml(zip, entries, "Step.xml", warnings) is { } stepDoc
            && stepDoc.Root?.Element("config")?.Element("Head_Info") is { } head)
        {
            // Active mass: SCQ_F in kg when present; SCQ alone is in units of 10 ug (SCQ 591 appears with SCQ_F 5.91E-06).
            if (double.TryParse(Attr(head.Element("SCQ_F"), "Value"), NumberStyles.Float, CultureInfo.InvariantCulture,
                    out double kg) && kg > 0)
            {
                metadata[MetadataKeys.ActiveMaterialMassMg] = (kg * 1e6).ToString("R", CultureInfo.InvariantCulture);
            }
            else if (double.TryParse(Attr(head.Element("SCQ"), "Value"), NumberStyles.Float, CultureInfo.InvariantCulture,
                    out double scq) && scq > 0)
            {
                metadata[MetadataKeys.ActiveMaterialMassMg] = (scq / 100).ToString("R", CultureInfo.InvariantCulture);
            }
        }

        if (LoadXml(zip, entries, "VersionInfo.xml", warnings) is { } versionDoc
            && versionDoc.Root?.Element("config")?.Element("ZwjVersion") is { } zwj)
        {
            Put(metadata, "serverVersion", Attr(zwj, "SvrVer"));
            Put(metadata, "clientVersion", Attr(zwj, "CurrClientVer"));
        }
        return channels;
    }

    private static XDocument? LoadXml(SafeZip zip, Dictionary<string, ZipArchiveEntry> entries, string name, List<string> warnings)
    {
        if (!entries.TryGetValue(name, out var entry) || entry.Length is < 0 or > 16 * 1024 * 1024)
        {
            return null;
        }
        try
        {
            var buffer = new byte[entry.Length];
            using (var s = zip.OpenEntry(entry))
            {
                s.ReadExactly(buffer);
            }
            return XDocument.Parse(DecodeXml(buffer).TrimStart('\uFEFF'));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or System.Xml.XmlException)
        {
            warnings.Add($"{name} could not be read: {e.Message}");
            return null;
        }
    }

    /// <summary>Neware writes XML in GB2312 or UTF-8; the declaration says which. Pure ASCII (the usual case) skips
    /// the code-page tables.</summary>
    private static string DecodeXml(byte[] bytes)
    {
        if (!bytes.AsSpan().ContainsAnyInRange((byte)0x80, (byte)0xFF))
        {
            return Encoding.ASCII.GetString(bytes);
        }
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 100));
        if (head.Contains("GB2312", StringComparison.OrdinalIgnoreCase)
            && CodePagesEncodingProvider.Instance.GetEncoding(936) is { } gb)
        {
            return gb.GetString(bytes);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private static string? Attr(XElement? element, string name) => element?.Attribute(name)?.Value;

    private static int AttrInt(XElement element, string name) =>
        int.TryParse(Attr(element, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : -1;

    private static void Put(Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            metadata[key] = value;
        }
    }

    private static string? IsoTime(string? value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : value;
}
