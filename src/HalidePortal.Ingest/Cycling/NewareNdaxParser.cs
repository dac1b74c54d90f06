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
/// </remarks>
public sealed partial class NewareNdaxParser : IInstrumentParser
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
        return Read(zip, fileName);
    }

    private static ParsedMeasurement Read(SafeZip zip, string fileName)
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

        byte[] data = zip.ReadAllBytes(dataEntry);
        var (fileType, version) = NewareNdc.ReadHeader(data, fileName, DataEntry);
        if (fileType != NewareNdc.FileTypeSamples)
        {
            throw new InstrumentFileException(fileName, $"{DataEntry} has file type {fileType}, expected 1 (samples)", 0);
        }
        metadata["ndcVersion"] = version.ToString(CultureInfo.InvariantCulture);

        var columns = new List<SeriesColumn>();
        int rowCount;
        if (version == 5)
        {
            rowCount = AddVersion5(data, columns, warnings);
        }
        else if (NewareNdc.FindLayout(version) is { } layout)
        {
            rowCount = AddSplitLayout(data, layout, entries, zip, columns, warnings);
        }
        else
        {
            throw new InstrumentFileException(fileName,
                $"{DataEntry} has ndc version {version}, which this parser does not read (known: {NewareNdc.SupportedVersions})", 2);
        }

        AddAux(entries, auxInfo, rowCount, zip, columns, warnings);

        return new ParsedMeasurement
        {
            Format = "neware-ndax",
            Technique = Technique.Cycling,
            Columns = columns,
            Metadata = metadata,
            Warnings = warnings,
        };
    }

    private static int AddVersion5(byte[] data, List<SeriesColumn> columns, List<string> warnings)
    {
        var rows = NewareNdc.ReadVersion5(data);
        NewareNdc.AddRowColumns(rows, columns, warnings);
        return rows.Count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddSplitLayout(byte[] data, NewareNdc.Layout layout, Dictionary<string, ZipArchiveEntry> entries,
        SafeZip zip, List<SeriesColumn> columns, List<string> warnings)
    {
        string fileName = zip.FileName;
        var (voltage, current, n) = NewareNdc.ReadSamples(data, layout);

        if (!entries.TryGetValue(RunInfoEntry, out var runInfoEntry))
        {
            warnings.Add($"no {RunInfoEntry}: only voltage and current are available");
            columns.Add(new SeriesColumn("Voltage", "V", Quantity.VoltageV, voltage));
            columns.Add(new SeriesColumn("Current", "mA", Quantity.CurrentMA, current));
            return n;
        }

        byte[] runInfoBytes = zip.ReadAllBytes(runInfoEntry);
        CheckFile(runInfoBytes, fileName, RunInfoEntry, NewareNdc.FileTypeRunInfo, layout.Version);
        var runInfo = NewareNdc.ReadRunInfo(runInfoBytes, layout);

        NewareNdc.Steps? steps = null;
        if (entries.TryGetValue(StepEntry, out var stepEntry))
        {
            byte[] stepBytes = zip.ReadAllBytes(stepEntry);
            CheckFile(stepBytes, fileName, StepEntry, NewareNdc.FileTypeSteps, layout.Version);
            steps = NewareNdc.ReadSteps(stepBytes, layout);
        }
        else
        {
            warnings.Add($"no {StepEntry}: cycle and step numbers are not available");
        }

        // Place run-info records on their samples (first record wins for a repeated index).
        var source = new int[n];
        Array.Fill(source, -1);
        int outside = 0;
        for (int k = 0; k < runInfo.Count; k++)
        {
            int row = runInfo.Index[k] - 1;
            if ((uint)row >= (uint)n)
            {
                outside++;
                continue;
            }
            if (source[row] < 0)
            {
                source[row] = k;
            }
        }
        if (outside > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{outside} run-info records point past the last sample and were ignored"));
        }

        // Every element is written below; skipping the zeroing matters for 700k-row files.
        var stepTime = GC.AllocateUninitializedArray<double>(n);
        var time = GC.AllocateUninitializedArray<double>(n);
        var unix = GC.AllocateUninitializedArray<double>(n);
        var chg = GC.AllocateUninitializedArray<double>(n);
        var dchg = GC.AllocateUninitializedArray<double>(n);
        var chgE = GC.AllocateUninitializedArray<double>(n);
        var dchgE = GC.AllocateUninitializedArray<double>(n);
        var cycle = GC.AllocateUninitializedArray<double>(n);
        var stepNo = GC.AllocateUninitializedArray<double>(n);
        var status = GC.AllocateUninitializedArray<double>(n);

        int last = -1, lastOrdinal = 0, badOrdinals = 0, filled = 0;
        double lastStepTime = 0, offset = 0, accT = 0, accQ = 0, accE = 0, dt = 0;
        double baseStep = double.NaN, baseUnix = double.NaN, baseChg = double.NaN, baseDchg = double.NaN,
            baseChgE = double.NaN, baseDchgE = double.NaN;
        double rowCycle = double.NaN, rowStep = double.NaN, rowStatus = double.NaN;
        for (int i = 0; i < n; i++)
        {
            int k = source[i];
            if (k >= 0)
            {
                last = k;
                accT = accQ = accE = 0;
                dt = runInfo.DeltaTimeS[k];
                baseStep = runInfo.StepTimeS[k];
                baseUnix = runInfo.UnixTimeS[k];
                baseChg = Math.Abs(runInfo.ChargeMAh[k]);
                baseDchg = Math.Abs(runInfo.DischargeMAh[k]);
                baseChgE = Math.Abs(runInfo.ChargeMWh[k]);
                baseDchgE = Math.Abs(runInfo.DischargeMWh[k]);
                int ordinal = runInfo.StepOrdinal[k];
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
            }
            else if (last >= 0)
            {
                filled++;
                accT += dt;
                double dq = dt * current[i] / 3600;
                accQ += dq;
                accE += dq * voltage[i];
            }

            stepTime[i] = baseStep + accT;
            lastStepTime = stepTime[i];
            time[i] = offset + stepTime[i];
            unix[i] = baseUnix + accT;
            chg[i] = baseChg + Math.Max(accQ, 0);
            dchg[i] = baseDchg - Math.Min(accQ, 0);
            chgE[i] = baseChgE + Math.Max(accE, 0);
            dchgE[i] = baseDchgE - Math.Min(accE, 0);
            cycle[i] = rowCycle;
            stepNo[i] = rowStep;
            status[i] = rowStatus;
        }
        if (badOrdinals > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{badOrdinals} steps in {RunInfoEntry} are missing from {StepEntry}; their cycle and step numbers are empty"));
        }
        if (filled > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"{filled} of {n} samples have no run-info record; their time, capacity and energy are interpolated as the Neware software does"));
        }

        NewareNdc.AddCoreColumns(columns, time, stepTime, voltage, current, chg, dchg, chgE, dchgE,
            steps is null ? null : cycle, steps is null ? null : stepNo, steps is null ? null : status, unix);
        return n;
    }

    private static void CheckFile(byte[] bytes, string fileName, string entryName, int expectedType, int expectedVersion)
    {
        var (type, version) = NewareNdc.ReadHeader(bytes, fileName, entryName);
        if (type != expectedType || version != expectedVersion)
        {
            throw new InstrumentFileException(fileName, string.Create(CultureInfo.InvariantCulture,
                $"{entryName} has file type {type} version {version}, expected type {expectedType} version {expectedVersion}"), 0);
        }
    }

    // ---- auxiliary channels ----

    /// <summary>One Aux element of TestInfo.xml.</summary>
    private sealed record AuxChannel(string Name, int AuxId, int RealChannelId, int ChannelType);

    [GeneratedRegex(@"^data_AUX_(\d+)_(\d+)_(\d+)\.ndc$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuxFileRegex();

    [GeneratedRegex(@"^data_(\d+)\.ndc$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberedFileRegex();

    private static void AddAux(Dictionary<string, ZipArchiveEntry> entries, List<AuxChannel> channels, int rowCount,
        SafeZip zip, List<SeriesColumn> columns, List<string> warnings)
    {
        string fileName = zip.FileName;
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

            byte[] bytes = zip.ReadAllBytes(entries[file.Name]);
            var (type, version) = NewareNdc.ReadHeader(bytes, fileName, file.Name);
            if (type != NewareNdc.FileTypeAux)
            {
                continue;
            }
            var series = NewareNdc.ReadAux(bytes, version, rowCount);
            if (series is null)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{file.Name}: auxiliary layout of ndc version {version} not known; channel skipped"));
                continue;
            }
            foreach (var s in series)
            {
                if (s.Kind != "?" && IsEmpty(s.ByIndex))
                {
                    continue;
                }
                columns.Add(s.Kind switch
                {
                    "V" => new SeriesColumn(prefix + "_Voltage", "V", Quantity.Other, s.ByIndex),
                    "T" => new SeriesColumn(prefix + "_Temperature", "C", Quantity.TemperatureC, s.ByIndex),
                    _ => FloatAuxColumn(prefix, channel, s.ByIndex, warnings),
                });
            }
        }
    }

    private static SeriesColumn FloatAuxColumn(string prefix, AuxChannel? channel, double[] values, List<string> warnings)
    {
        switch (channel?.ChannelType)
        {
            case 103:
            case 1122:
                return new SeriesColumn(prefix + "_Temperature", "C", Quantity.TemperatureC, values);
            case 102:
                return new SeriesColumn(prefix + "_CpuTemperature", "C", Quantity.Other, values);
            case 335:
                return new SeriesColumn(prefix + "_TemperatureSetpoint", "C", Quantity.Other, values);
            case 345:
                return new SeriesColumn(prefix + "_Humidity", "%", Quantity.Other, values);
            default:
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}: auxiliary channel type {channel?.ChannelType.ToString(CultureInfo.InvariantCulture) ?? "unknown"} not known; values kept unlabelled"));
                return new SeriesColumn(prefix, "", Quantity.Other, values);
        }
    }

    private static bool IsEmpty(double[] values)
    {
        foreach (double v in values)
        {
            if (v != 0 && !double.IsNaN(v))
            {
                return false;
            }
        }
        return true;
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
