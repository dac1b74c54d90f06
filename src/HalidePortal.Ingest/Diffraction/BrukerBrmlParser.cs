using System.Globalization;
using System.IO.Compression;
using System.Xml;
using HalidePortal.Ingest.Archives;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Bruker DIFFRAC.SUITE .brml: a zip of XML files. The scans are the Experiment*/RawData*.xml entries (other entries,
/// some of them megabytes of instrument description, are not read). In each, a &lt;DataRoute RouteFlag="Measured"&gt;
/// holds one &lt;Datum&gt; per step, comma-separated values whose meaning the route's &lt;DataViews&gt; give by position:
/// MeasuredTime, AbsorptionFactor, the scan axes (TwoTheta, Theta, ...) and the recorded detector counts. Counts are
/// multiplied by the absorption factor (an automatic absorber's attenuation), so steps measured with the absorber in
/// are on the same scale. When the datum carries no TwoTheta value, 2-theta comes from the TwoTheta scan axis start
/// and increment. Each RawData file (and each measured route in it) becomes one SweepNumber.
/// Decompressed input is capped (256 MiB in total) so that a zip bomb fails instead of exhausting memory.
/// Metadata keys: technique "XRD", intensityUnit "counts", wavelengthAngstrom (K-alpha1), wavelengthAlpha2Angstrom,
/// alpha2Ratio, anode (TubeMaterial), countingTimeS (TimePerStepEffective, else TimePerStep), startTime
/// (instrument-local), instrument (DeviceTypeDesc of DataContainer.xml), sampleName, "scanType".
/// </summary>
/// <param name="maxInflatedBytes">Cap on the bytes decompressed from one file (default 256 MiB).</param>
public sealed class BrukerBrmlParser(long maxInflatedBytes = BrukerBrmlParser.DefaultMaxInflatedBytes) : IInstrumentParser
{
    public const long DefaultMaxInflatedBytes = 256L << 20;
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    public string Format => "bruker-brml";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        if (!head.StartsWith("PK\u0003\u0004"u8) || head.Length < 30)
        {
            return false;
        }
        var name = FirstEntryName(head);
        return name.StartsWith("Experiment"u8) || name.SequenceEqual("experimentCollection.xml"u8)
            || (fileName is not null && fileName.EndsWith(".brml", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml"u8));
    }

    /// <summary>The name in the zip's first local file header (bytes 26-27 give its length, it starts at 30).</summary>
    internal static ReadOnlySpan<byte> FirstEntryName(ReadOnlySpan<byte> head)
    {
        int length = head[26] | (head[27] << 8);
        return head.Length >= 30 + length ? head.Slice(30, length) : [];
    }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = SafeZip.Open(stream, fileName, "a Bruker .brml file", new SafeZipLimits { MaxTotalBytes = maxInflatedBytes });
        var rawData = archive.Entries
            .Where(e => e.FullName.StartsWith("Experiment", StringComparison.OrdinalIgnoreCase)
                && Path.GetFileName(e.FullName).StartsWith("RawData", StringComparison.OrdinalIgnoreCase)
                && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.FullName.Length).ThenBy(e => e.FullName, StringComparer.Ordinal)
            .ToList();
        if (rawData.Count == 0)
        {
            throw new InstrumentFileException(fileName, "not a Bruker .brml file: no Experiment*/RawData*.xml entry in the archive");
        }
        var pattern = new DiffractionPattern();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true };
        if (archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("DataContainer.xml", StringComparison.OrdinalIgnoreCase)) is { } container)
        {
            ReadXml(archive, container, settings, fileName, xml => ReadContainer(xml, pattern));
        }
        foreach (var entry in rawData)
        {
            ReadXml(archive, entry, settings, fileName, xml => ReadRawData(xml, pattern, entry.FullName, fileName));
        }
        return pattern.Build(Format, fileName, perSecond: false);
    }

    private static void ReadXml(SafeZip archive, ZipArchiveEntry entry, XmlReaderSettings settings, string fileName, Action<XmlReader> read)
    {
        using var stream = archive.OpenEntry(entry);
        try
        {
            using var xml = XmlReader.Create(stream, settings);
            read(xml);
        }
        catch (XmlException e)
        {
            throw new InstrumentFileException(fileName, $"{entry.FullName} is not well-formed XML: {e.Message}", e.LineNumber);
        }
    }

    private static void ReadContainer(XmlReader xml, DiffractionPattern pattern)
    {
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "DeviceTypeDesc")
            {
                pattern.SetIfMissing(MetadataKeys.Instrument, xml.ReadElementContentAsString());
                return;
            }
        }
    }

    /// <summary>What one data route says about its columns and scan.</summary>
    private sealed class Route
    {
        public readonly List<double[]> Data = new(4096);
        public int CountsIndex = -1;
        public int TwoThetaIndex = -1;
        public int AbsorptionIndex = -1;
        public double? AxisStart;
        public double? AxisIncrement;
        public bool PerSecond;
    }

    private static void ReadRawData(XmlReader xml, DiffractionPattern pattern, string entryName, string fileName)
    {
        Route? route = null;
        string currentAxis = "";
        int varyingStart = -1;
        int varyingField = 0;
        bool inRecorded = false;
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.EndElement)
            {
                if (xml.LocalName == "DataRoute" && route is not null)
                {
                    AddRoute(route, pattern, entryName, fileName);
                    route = null;
                }
                else if (xml.LocalName == "RawDataView")
                {
                    inRecorded = false;
                }
                else if (xml.LocalName == "ScanAxisInfo")
                {
                    currentAxis = "";
                }
                xml.Read();
                continue;
            }
            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }
            long line = xml is IXmlLineInfo info ? info.LineNumber : 0;
            switch (xml.LocalName)
            {
                case "TimeStampStarted":
                    SetStart(pattern, xml.ReadElementContentAsString());
                    break;
                case "DataRoute":
                    string flag = xml.GetAttribute("RouteFlag") ?? "Measured";
                    if (!flag.Equals("Measured", StringComparison.OrdinalIgnoreCase))
                    {
                        xml.Skip();
                        break;
                    }
                    route = new Route();
                    xml.Read();
                    break;
                case "ScanInformation" when route is not null:
                    pattern.Set("scanType", xml.GetAttribute("VisibleName") ?? xml.GetAttribute("ScanName"));
                    xml.Read();
                    break;
                case "TimePerStepEffective" when route is not null:
                    pattern.Set(MetadataKeys.CountingTimeS, Number(xml, fileName, entryName));
                    break;
                case "TimePerStep" when route is not null:
                    pattern.SetIfMissing(MetadataKeys.CountingTimeS, Number(xml, fileName, entryName));
                    break;
                case "ScanAxisInfo" when route is not null:
                    currentAxis = xml.GetAttribute("AxisId") ?? "";
                    xml.Read();
                    break;
                case "Start" when route is not null && currentAxis == "TwoTheta":
                    route.AxisStart = Number(xml, fileName, entryName);
                    break;
                case "Increment" when route is not null && currentAxis == "TwoTheta":
                    route.AxisIncrement = Number(xml, fileName, entryName);
                    break;
                case "Datum" when route is not null:
                    route.Data.Add(ParseDatum(xml.ReadElementContentAsString(), fileName, entryName, line));
                    break;
                case "RawDataView" when route is not null:
                    string type = xml.GetAttribute("type", XsiNamespace) ?? "";
                    int start = int.TryParse(xml.GetAttribute("Start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : -1;
                    if (type.StartsWith("Fixed", StringComparison.Ordinal) && xml.GetAttribute("LogicName") == "AbsorptionFactor")
                    {
                        route.AbsorptionIndex = start;
                    }
                    else if (type.StartsWith("Varying", StringComparison.Ordinal))
                    {
                        varyingStart = start;
                        varyingField = 0;
                    }
                    else if (type.StartsWith("Recorded", StringComparison.Ordinal) && route.CountsIndex < 0)
                    {
                        route.CountsIndex = start;
                        inRecorded = true;
                    }
                    xml.Read();
                    break;
                case "FieldDefinitions" when route is not null && varyingStart >= 0:
                    if (xml.GetAttribute("FieldName") == "TwoTheta" || xml.GetAttribute("AxisId") == "TwoTheta")
                    {
                        route.TwoThetaIndex = varyingStart + varyingField;
                    }
                    varyingField++;
                    xml.Skip();
                    break;
                case "Unit" when route is not null && inRecorded:
                    route.PerSecond = (xml.GetAttribute("Base") ?? "").Contains("PerSecond", StringComparison.OrdinalIgnoreCase);
                    xml.Read();
                    break;
                case "WaveLengthAlpha1":
                    pattern.SetIfMissing(MetadataKeys.WavelengthAngstrom, ValueAttribute(xml, fileName, entryName));
                    xml.Read();
                    break;
                case "WaveLengthAlpha2":
                    pattern.SetIfMissing(MetadataKeys.WavelengthAlpha2Angstrom, ValueAttribute(xml, fileName, entryName));
                    xml.Read();
                    break;
                case "WaveLengthRatio":
                    pattern.SetIfMissing(MetadataKeys.Alpha2Ratio, ValueAttribute(xml, fileName, entryName));
                    xml.Read();
                    break;
                case "TubeMaterial":
                    pattern.SetIfMissing(MetadataKeys.Anode, xml.ReadElementContentAsString());
                    break;
                case "InfoItem" when xml.GetAttribute("Name") == "SampleName":
                    pattern.SetIfMissing(MetadataKeys.SampleName, xml.GetAttribute("Value"));
                    xml.Read();
                    break;
                default:
                    xml.Read();
                    break;
            }
        }
    }

    private static void AddRoute(Route route, DiffractionPattern pattern, string entryName, string fileName)
    {
        if (route.Data.Count == 0)
        {
            pattern.Warnings.Add($"{entryName}: a measured route without data points; skipped");
            return;
        }
        int width = route.Data[0].Length;
        int countsIndex = route.CountsIndex >= 0 ? route.CountsIndex : width - 1;
        if (route.CountsIndex < 0)
        {
            pattern.Warnings.Add($"{entryName}: no recorded-data view; the last value of each datum taken as counts");
        }
        bool axisFromDatum = route.TwoThetaIndex >= 0;
        if (!axisFromDatum && (route.AxisStart is null || route.AxisIncrement is null))
        {
            pattern.Warnings.Add($"{entryName}: the scan does not move 2-theta; skipped");
            return;
        }
        if (route.PerSecond)
        {
            throw new InstrumentFileException(fileName, $"{entryName}: intensities recorded per second are not supported in .brml");
        }
        pattern.StartSweep();
        for (int i = 0; i < route.Data.Count; i++)
        {
            double[] datum = route.Data[i];
            int needed = Math.Max(countsIndex, Math.Max(route.TwoThetaIndex, route.AbsorptionIndex));
            if (datum.Length <= needed)
            {
                throw new InstrumentFileException(fileName, $"{entryName}: datum {i + 1} has {datum.Length} values, {needed + 1} expected");
            }
            double twoTheta = axisFromDatum ? datum[route.TwoThetaIndex] : route.AxisStart!.Value + i * route.AxisIncrement!.Value;
            double factor = route.AbsorptionIndex >= 0 && datum[route.AbsorptionIndex] > 0 ? datum[route.AbsorptionIndex] : 1;
            pattern.Add(twoTheta, datum[countsIndex] * factor);
        }
    }

    private static double[] ParseDatum(string text, string fileName, string entryName, long line)
    {
        var parts = text.Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new InstrumentFileException(fileName, $"{entryName}: \"{parts[i]}\" in <Datum> is not a number", line);
            }
        }
        return values;
    }

    private static double Number(XmlReader xml, string fileName, string entryName)
    {
        long line = xml is IXmlLineInfo info ? info.LineNumber : 0;
        string text = xml.ReadElementContentAsString();
        return DiffractionPattern.Number(text) ?? throw new InstrumentFileException(fileName, $"{entryName}: \"{text}\" is not a number", line);
    }

    private static double ValueAttribute(XmlReader xml, string fileName, string entryName)
    {
        long line = xml is IXmlLineInfo info ? info.LineNumber : 0;
        string? text = xml.GetAttribute("Value");
        return DiffractionPattern.Number(text) ?? throw new InstrumentFileException(fileName, $"{entryName}: Value=\"{text}\" is not a number", line);
    }

    private static void SetStart(DiffractionPattern pattern, string text)
    {
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
        {
            pattern.SetIfMissing(MetadataKeys.StartTime, stamp.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }
    }
}
