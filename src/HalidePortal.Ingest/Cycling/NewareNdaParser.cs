using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace HalidePortal.Ingest.Cycling;

/// <summary>
/// Neware BTS 7.6 / 9.x .nda files: "NEWARE" magic, version byte at 14. Version 29 (BTS 7.6) holds 86-byte records
/// after a variable header; version 130 (BTS 9.0 and 9.1) holds records from byte 1024 up to a 0x81 footer record.
/// </summary>
/// <remarks>
/// Columns as <see cref="NewareNdaxParser"/>, plus AuxN_Temperature when the file has auxiliary records. Cycle numbers:
/// version 29 stores them; version 130 does not, so they are counted as the Neware software does by default (a new
/// cycle at a charge step after a discharge). Metadata: ndaVersion, activeMassMg, remarks, cycleSource
/// ("file" or "counted").
/// </remarks>
public sealed class NewareNdaParser : IInstrumentParser
{
    private const int DataRecord29 = 86;

    private static readonly NewareNdc.IntegerRecord Version29Record = new(6, 10, true, 12, 14, 38, 70, 78);

    public string Format => "neware-nda";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) => head.StartsWith("NEWARE"u8);

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] data;
        using (var ms = new MemoryStream())
        {
            stream.CopyTo(ms);
            data = ms.ToArray();
        }
        if (data.Length < 1030 || !data.AsSpan().StartsWith("NEWARE"u8))
        {
            throw new InstrumentFileException(fileName, "not an .nda file: no NEWARE header or too short", 0);
        }

        int version = data[14];
        var warnings = new List<string>();
        var metadata = new Dictionary<string, string> { ["ndaVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        NewareNdc.DecodedRows rows;
        List<(int Index, int Aux, double T)> aux = [];
        int[] index;
        switch (version)
        {
            case 29:
            case 28:
                rows = ReadVersion29(data, fileName, aux, metadata, out index);
                metadata["cycleSource"] = "file";
                break;
            case 130:
                rows = ReadVersion130(data, fileName, aux, metadata, out index);
                CountCycles(rows);
                metadata["cycleSource"] = "counted";
                break;
            default:
                throw new InstrumentFileException(fileName,
                    $"nda version {version} is not read by this parser (known: 28, 29, 130)", 14);
        }
        if (rows.Count == 0)
        {
            throw new InstrumentFileException(fileName, "no data records found", data.Length);
        }

        var columns = new List<SeriesColumn>();
        NewareNdc.AddRowColumns(rows, columns, warnings);
        AddAux(index.AsSpan(0, rows.Count), aux, columns);
        return new ParsedMeasurement
        {
            Format = Format,
            Technique = Technique.Cycling,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// Version 29: records start 0x55 0x00 and end with four zero bytes: index u32 at 2, cycle (0-based) u32 at 6,
    /// step u16 at 10, step type u8 at 12, step time ms u64 at 14, voltage i32 ×1e-4 V at 22, current i32 at 26,
    /// capacities and energies i64 at 38/46/54/62 (×range multiplier/3600), wall clock at 70, range i32 at 78.
    /// Auxiliary records start 0x65: channel u8 at 1, index u32 at 2, temperature i16 ×0.1 C at 34. The data block
    /// begins at the first 00 00 00 00 55 00 whose record is followed by another record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NewareNdc.DecodedRows ReadVersion29(byte[] data, string fileName,
        List<(int Index, int Aux, double T)> aux, Dictionary<string, string> metadata, out int[] index)
    {
        ReadOnlySpan<byte> all = data;
        if (data.Length >= 156)
        {
            uint mass = BinaryPrimitives.ReadUInt32LittleEndian(all.Slice(152, 4));
            if (mass > 0)
            {
                metadata[MetadataKeys.ActiveMaterialMassMg] = (mass / 1000.0).ToString("R", CultureInfo.InvariantCulture);
            }
        }
        if (data.Length >= 2417 && AsciiText(all.Slice(2317, 100)) is { Length: > 0 } remarks)
        {
            metadata["remarks"] = remarks;
        }

        ReadOnlySpan<byte> marker = [0, 0, 0, 0, 0x55, 0];
        int start = -1;
        for (int from = 0; from < data.Length;)
        {
            int hit = all[from..].IndexOf(marker);
            if (hit < 0)
            {
                break;
            }
            int rec = from + hit + 4;
            if (rec + DataRecord29 >= data.Length || (data[rec + DataRecord29] == 0x55 && data[rec + 12] != 0))
            {
                start = rec;
                break;
            }
            from = from + hit + 4;
        }
        if (start < 0)
        {
            throw new InstrumentFileException(fileName, "no data records found (version 29 layout)", 0);
        }

        var rows = new NewareNdc.DecodedRows((data.Length - start) / DataRecord29);
        index = new int[rows.StepTimeS.Length];
        int n = 0;
        for (int p = start; p + DataRecord29 <= data.Length; p += DataRecord29)
        {
            var r = all.Slice(p, DataRecord29);
            if (BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(82, 4)) != 0)
            {
                continue;
            }
            if (r[0] == 0x55 && r[1] == 0)
            {
                int idx = BinaryPrimitives.ReadInt32LittleEndian(r.Slice(2, 4));
                int status = r[12];
                if (idx == 0 || status == 0)
                {
                    continue;
                }
                index[n] = idx;
                rows.Add(n, r, Version29Record);
                n++;
            }
            else if (r[0] == 0x65)
            {
                aux.Add((BinaryPrimitives.ReadInt32LittleEndian(r.Slice(2, 4)), r[1],
                    BinaryPrimitives.ReadInt16LittleEndian(r.Slice(34, 2)) * 0.1));
            }
        }
        rows.Count = n;
        OrderByIndex(rows, index);
        return rows;
    }

    /// <summary>
    /// Version 130. BTS 9.1 (byte 1024 = 0x55): records as long as the distance to the next 0x55 xx pair (56 bytes
    /// with a temperature float at 52): step u8 at 2, step type at 3, index u32 at 8, step time s u32 at 12 + ns u32
    /// at 16, current f32 mA at 20, voltage f32 V at 24, capacity f32 mA·s at 28 and energy f32 mW·s at 32 (sign
    /// gives charge or discharge), Unix s u32 at 44 + ns u32 at 48. BTS 9.0: 88-byte records that repeat the first
    /// six bytes at 1024; from byte 4: step u8 at 5, step type at 6, index u32 at 12, step time µs u64 at 24,
    /// voltage f32 at 32, current f32 at 36, charge capacity, charge energy, discharge capacity, discharge energy f32
    /// at 48..63 (mA·s, mW·s; discharge stored negative, reported positive), Unix µs u64 at 64. A record starting 0x81 ends the data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NewareNdc.DecodedRows ReadVersion130(byte[] data, string fileName,
        List<(int Index, int Aux, double T)> aux, Dictionary<string, string> metadata, out int[] index)
    {
        ReadOnlySpan<byte> all = data;
        bool bts91 = data[1024] == 0x55;
        int size = 88;
        if (bts91)
        {
            int next = all[1026..].IndexOf(all.Slice(1024, 2));
            if (next < 0)
            {
                throw new InstrumentFileException(fileName, "cannot find the record length (BTS 9.1 layout)", 1024);
            }
            size = next + 2;
            if (size < 52)
            {
                throw new InstrumentFileException(fileName,
                    $"record length {size} too short for the BTS 9.1 layout", 1024);
            }
        }
        var identifier = all.Slice(1024, 6).ToArray();

        var rows = new NewareNdc.DecodedRows((data.Length - 1024) / size);
        index = new int[rows.StepTimeS.Length];
        int n = 0;
        for (int p = 1024; p + size <= data.Length; p += size)
        {
            var r = all.Slice(p, size);
            if (r[0] == 0x55 && bts91)
            {
                index[n] = BinaryPrimitives.ReadInt32LittleEndian(r.Slice(8, 4));
                rows.Step[n] = r[2];
                rows.Status[n] = r[3];
                rows.StepTimeS[n] = BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(12, 4))
                    + (BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(16, 4)) * 1e-9);
                rows.CurrentMA[n] = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(20, 4));
                rows.VoltageV[n] = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(24, 4));
                double capacity = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(28, 4)) / 3600;
                double energy = BinaryPrimitives.ReadSingleLittleEndian(r.Slice(32, 4)) / 3600;
                rows.ChargeMAh[n] = Math.Max(capacity, 0);
                rows.DischargeMAh[n] = Math.Max(-capacity, 0);
                rows.ChargeMWh[n] = Math.Max(energy, 0);
                rows.DischargeMWh[n] = Math.Max(-energy, 0);
                rows.UnixTimeS[n] = BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(44, 4))
                    + (BinaryPrimitives.ReadUInt32LittleEndian(r.Slice(48, 4)) * 1e-9);
                if (size == 56)
                {
                    aux.Add((index[n], 1, BinaryPrimitives.ReadSingleLittleEndian(r.Slice(52, 4))));
                }
                n++;
            }
            else if (!bts91 && r[..6].SequenceEqual(identifier))
            {
                var b = r[4..];
                index[n] = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(12, 4));
                rows.Step[n] = b[5];
                rows.Status[n] = b[6];
                rows.StepTimeS[n] = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(24, 8)) / 1e6;
                rows.VoltageV[n] = BinaryPrimitives.ReadSingleLittleEndian(b.Slice(32, 4));
                rows.CurrentMA[n] = BinaryPrimitives.ReadSingleLittleEndian(b.Slice(36, 4));
                rows.ChargeMAh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(48, 4))) / 3600;
                rows.ChargeMWh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(52, 4))) / 3600;
                rows.DischargeMAh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(56, 4))) / 3600;
                rows.DischargeMWh[n] = Math.Abs(BinaryPrimitives.ReadSingleLittleEndian(b.Slice(60, 4))) / 3600;
                rows.UnixTimeS[n] = BinaryPrimitives.ReadUInt64LittleEndian(b.Slice(64, 8)) / 1e6;
                n++;
            }
            else if (r[..5].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 0, 0x65]))
            {
                var b = r[4..];
                aux.Add((BinaryPrimitives.ReadInt32LittleEndian(b.Slice(2, 4)), b[1],
                    BinaryPrimitives.ReadInt16LittleEndian(b.Slice(34, 2)) * 0.1));
            }
            else if (r[0] == 0x81)
            {
                break;
            }
        }
        rows.Count = n;
        OrderByIndex(rows, index);

        ReadOnlySpan<byte> footerMarker =
            [0x06, 0x00, 0xf0, 0x1d, 0x81, 0x00, 0x03, 0x00, 0x61, 0x90, 0x71, 0x90, 0x02, 0x7f, 0xff, 0x00];
        int footer = all[1024..].LastIndexOf(footerMarker);
        if (footer >= 0 && 1024 + footer + 16 + 499 <= data.Length)
        {
            var block = all.Slice(1024 + footer + 16, 499);
            double mass = BinaryPrimitives.ReadDoubleLittleEndian(block[^8..]);
            if (mass > 0 && double.IsFinite(mass))
            {
                metadata[MetadataKeys.ActiveMaterialMassMg] = mass.ToString("R", CultureInfo.InvariantCulture);
            }
            if (AsciiText(block.Slice(363, 128)) is { Length: > 0 } remarks)
            {
                metadata["remarks"] = remarks;
            }
        }
        return rows;
    }

    /// <summary>Keeps the first record of each index, in index order (files written after a restart can repeat or
    /// reorder records).</summary>
    private static void OrderByIndex(NewareNdc.DecodedRows rows, int[] index)
    {
        int n = rows.Count;
        bool ordered = true;
        for (int i = 1; i < n && ordered; i++)
        {
            ordered = index[i] > index[i - 1];
        }
        if (ordered)
        {
            return;
        }
        var order = Enumerable.Range(0, n).OrderBy(i => index[i]).ToArray();
        var keep = new List<int>(n);
        foreach (int i in order)
        {
            if (keep.Count == 0 || index[keep[^1]] != index[i])
            {
                keep.Add(i);
            }
        }
        foreach (var column in new[] { rows.StepTimeS, rows.VoltageV, rows.CurrentMA, rows.ChargeMAh, rows.DischargeMAh,
                     rows.ChargeMWh, rows.DischargeMWh, rows.Cycle, rows.Step, rows.Status, rows.UnixTimeS })
        {
            var copy = new double[keep.Count];
            for (int k = 0; k < keep.Count; k++)
            {
                copy[k] = column[keep[k]];
            }
            copy.CopyTo(column, 0);
        }
        var sortedIndex = keep.Select(i => index[i]).ToArray();
        sortedIndex.CopyTo(index, 0);
        rows.Count = keep.Count;
    }

    /// <summary>Neware's default cycle count: cycle 1 at the start; a new cycle begins at the first row of a charge
    /// step once a discharge (or simulation) step has run since the last increment.</summary>
    private static void CountCycles(NewareNdc.DecodedRows rows)
    {
        int cycle = 1;
        bool discharged = false, previousCharge = false;
        for (int i = 0; i < rows.Count; i++)
        {
            int status = (int)rows.Status[i];
            bool charge = status is 1 or 3 or 7 or 9 or 27;
            bool chargeStart = charge && (i == 0 || !previousCharge);
            if (chargeStart && discharged)
            {
                cycle++;
                discharged = false;
            }
            else if (status is 2 or 8 or 10 or 17 or 19 or 20 or 26)
            {
                discharged = true;
            }
            previousCharge = charge;
            rows.Cycle[i] = cycle;
        }
    }

    private static void AddAux(ReadOnlySpan<int> sortedIndex, List<(int Index, int Aux, double T)> aux,
        List<SeriesColumn> columns)
    {
        if (aux.Count == 0)
        {
            return;
        }
        // Aux records name the sample index they belong to; rows are in index order.
        foreach (int channel in aux.Select(a => a.Aux).Distinct().Order())
        {
            var values = new double[sortedIndex.Length];
            Array.Fill(values, double.NaN);
            foreach (var (index, ch, t) in aux)
            {
                int row = ch == channel ? sortedIndex.BinarySearch(index) : -1;
                if (row >= 0 && double.IsNaN(values[row]))
                {
                    values[row] = t;
                }
            }
            columns.Add(new SeriesColumn(string.Create(CultureInfo.InvariantCulture, $"Aux{channel}_Temperature"), "C",
                Quantity.TemperatureC, values));
        }
    }

    private static string AsciiText(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        var text = end >= 0 ? bytes[..end] : bytes;
        foreach (byte b in text)
        {
            if (b >= 0x80)
            {
                return "";
            }
        }
        return Encoding.ASCII.GetString(text).Trim();
    }
}
