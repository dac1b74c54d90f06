using System.Globalization;
using System.Xml;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// PANalytical / Malvern Panalytical XRDML (XML, schema versions 1.0 to 2.x, namespace www.xrdml.com). Each
/// &lt;scan&gt; holds &lt;dataPoints&gt;: the 2-theta axis as &lt;startPosition&gt;/&lt;endPosition&gt; (centres of the first
/// and last step, points evenly spaced between) or as &lt;listPositions&gt;, the counting time as
/// &lt;commonCountingTime&gt; or &lt;countingTimes&gt;, optional &lt;beamAttenuationFactors&gt; (multiplied in, so the
/// intensities are on one scale) and the values in &lt;intensities&gt; (or &lt;counts&gt; in version 1.0/1.1) whose unit
/// attribute says counts or counts per second. Several scans (repeated or multi-range measurements) become
/// SweepNumber 1, 2, ...; scans that do not move 2-theta (rocking curves) are skipped with a warning.
/// Metadata keys: technique "XRD", intensityUnit, wavelengthAngstrom (K-alpha1), wavelengthAlpha2Angstrom,
/// alpha2Ratio (0 when a monochromator removed K-alpha2), anode, countingTimeS (first scan, per step),
/// startTime (instrument-local), instrument (the "Diffractometer system" comment, else the control software),
/// sampleName, "scanAxis".
/// </summary>
public sealed class XrdmlParser : IInstrumentParser
{
    public string Format => "panalytical-xrdml";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName) =>
        head.IndexOf("<xrdMeasurements"u8) >= 0 || head.IndexOf("www.xrdml.com/XRDMeasurement"u8) >= 0;

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        var pattern = new DiffractionPattern();
        XmlReader? xml = null;
        try
        {
            xml = XmlReader.Create(stream, settings);
            Read(xml, pattern, fileName);
        }
        catch (XmlException e)
        {
            throw new InstrumentFileException(fileName, $"not well-formed XRDML: {e.Message}", e.LineNumber);
        }
        finally
        {
            xml?.Dispose();
        }
        if (!pattern.Metadata.ContainsKey(MetadataKeys.IntensityUnit) && pattern.Count == 0)
        {
            throw new InstrumentFileException(fileName, "no <scan> with 2-theta positions and intensities");
        }
        bool perSecond = pattern.Metadata.TryGetValue(MetadataKeys.IntensityUnit, out var unit) && unit == "cps";
        return pattern.Build(Format, fileName, perSecond);
    }

    private sealed class Scan
    {
        public string Axis = "";
        public double? Start;
        public double? End;
        public double? Common;
        public double[]? List;
        public double[]? Values;
        public double[]? Attenuation;
        public double? CountingTime;
        public string Unit = "counts";
    }

    private static void Read(XmlReader xml, DiffractionPattern pattern, string fileName)
    {
        bool sawRoot = false;
        Scan? scan = null;
        string positionsAxis = "";
        string? unit = null;
        while (!xml.EOF)
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "scan" && scan is not null)
            {
                unit = AddScan(scan, pattern, unit, fileName, Line(xml));
                scan = null;
                xml.Read();
                continue;
            }
            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }
            switch (xml.LocalName)
            {
                case "xrdMeasurements":
                    sawRoot = true;
                    xml.Read();
                    break;
                case "kAlpha1":
                    pattern.SetIfMissing(MetadataKeys.WavelengthAngstrom, NumberOf(xml, fileName));
                    break;
                case "kAlpha2":
                    pattern.SetIfMissing(MetadataKeys.WavelengthAlpha2Angstrom, NumberOf(xml, fileName));
                    break;
                case "ratioKAlpha2KAlpha1":
                    pattern.SetIfMissing(MetadataKeys.Alpha2Ratio, NumberOf(xml, fileName));
                    break;
                case "anodeMaterial":
                    pattern.SetIfMissing(MetadataKeys.Anode, xml.ReadElementContentAsString());
                    break;
                case "entry":
                    string entry = xml.ReadElementContentAsString();
                    const string System = "Diffractometer system=";
                    if (entry.StartsWith(System, StringComparison.Ordinal))
                    {
                        pattern.Set(MetadataKeys.Instrument, entry[System.Length..]);
                    }
                    break;
                case "instrumentControlSoftware":
                    pattern.SetIfMissing(MetadataKeys.Instrument, xml.ReadElementContentAsString());
                    break;
                case "name" when xml.Depth == 2:
                    // <sample><name> sits at depth 2; author and tube names are deeper.
                    pattern.SetIfMissing(MetadataKeys.SampleName, xml.ReadElementContentAsString());
                    break;
                case "startTimeStamp":
                    SetStart(pattern, xml.ReadElementContentAsString());
                    break;
                case "scan":
                    scan = new Scan { Axis = xml.GetAttribute("scanAxis") ?? "" };
                    xml.Read();
                    break;
                case "positions":
                    positionsAxis = xml.GetAttribute("axis") ?? "";
                    xml.Read();
                    break;
                case "startPosition" when scan is not null && positionsAxis == "2Theta":
                    scan.Start = NumberOf(xml, fileName);
                    break;
                case "endPosition" when scan is not null && positionsAxis == "2Theta":
                    scan.End = NumberOf(xml, fileName);
                    break;
                case "commonPosition" when scan is not null && positionsAxis == "2Theta":
                    scan.Common = NumberOf(xml, fileName);
                    break;
                case "listPositions" when scan is not null && positionsAxis == "2Theta":
                    scan.List = NumbersOf(xml, fileName);
                    break;
                case "commonCountingTime" when scan is not null:
                    scan.CountingTime = NumberOf(xml, fileName);
                    break;
                case "countingTimes" when scan is not null:
                    var times = NumbersOf(xml, fileName);
                    scan.CountingTime = times.Length > 0 ? times[0] : null;
                    break;
                case "beamAttenuationFactors" when scan is not null:
                    scan.Attenuation = NumbersOf(xml, fileName);
                    break;
                case "intensities" or "counts" when scan is not null:
                    scan.Unit = xml.GetAttribute("unit") ?? "counts";
                    scan.Values = NumbersOf(xml, fileName);
                    break;
                default:
                    xml.Read();
                    break;
            }
        }
        if (!sawRoot)
        {
            throw new InstrumentFileException(fileName, "XML without an <xrdMeasurements> root: not XRDML", 1);
        }
    }

    /// <summary>Adds one finished scan; returns the intensity unit the file uses ("counts" or "cps").</summary>
    private static string? AddScan(Scan scan, DiffractionPattern pattern, string? unit, string fileName, long line)
    {
        if (scan.Values is not { } values)
        {
            pattern.Warnings.Add($"a scan ending at line {line} has no intensities; skipped");
            return unit;
        }
        if (scan.List is null && (scan.Start is null || scan.End is null))
        {
            pattern.Warnings.Add($"the {scan.Axis} scan ending at line {line} does not move 2-theta; skipped");
            return unit;
        }
        string thisUnit = scan.Unit.Trim().ToUpperInvariant() switch
        {
            "COUNTS" => "counts",
            "COUNTS PER SECOND" or "CPS" or "COUNTS/S" => "cps",
            _ => throw new InstrumentFileException(fileName, $"intensity unit \"{scan.Unit}\" (counts or counts per second expected)", line),
        };
        if (unit is not null && unit != thisUnit)
        {
            throw new InstrumentFileException(fileName, "scans in counts and in counts per second in one file", line);
        }
        if (scan.List is { } list && list.Length != values.Length)
        {
            throw new InstrumentFileException(fileName, $"{list.Length} 2-theta positions for {values.Length} intensities", line);
        }
        if (scan.Attenuation is { } att && att.Length != values.Length)
        {
            throw new InstrumentFileException(fileName, $"{att.Length} attenuation factors for {values.Length} intensities", line);
        }
        pattern.StartSweep();
        pattern.Set("scanAxis", scan.Axis);
        if (scan.CountingTime is { } t)
        {
            pattern.SetIfMissing(MetadataKeys.CountingTimeS, t);
        }
        int n = values.Length;
        double start = scan.Start ?? 0;
        double step = n > 1 && scan.End is { } end ? (end - start) / (n - 1) : 0;
        for (int i = 0; i < n; i++)
        {
            double x = scan.List is { } l ? l[i] : start + i * step;
            double y = values[i] * (scan.Attenuation?[i] ?? 1);
            pattern.Add(x, y);
        }
        pattern.Metadata[MetadataKeys.IntensityUnit] = thisUnit;
        return thisUnit;
    }

    private static double NumberOf(XmlReader xml, string fileName)
    {
        long line = Line(xml);
        string text = xml.ReadElementContentAsString();
        return DiffractionPattern.Number(text)
            ?? throw new InstrumentFileException(fileName, $"\"{Shorten(text)}\" is not a number", line);
    }

    private static double[] NumbersOf(XmlReader xml, string fileName)
    {
        long line = Line(xml);
        string text = xml.ReadElementContentAsString();
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new InstrumentFileException(fileName, $"value {i + 1} \"{Shorten(parts[i])}\" is not a number", line);
            }
        }
        return values;
    }

    private static void SetStart(DiffractionPattern pattern, string text)
    {
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
        {
            // Local wall-clock time of the instrument, as the other parsers report it.
            pattern.SetIfMissing(MetadataKeys.StartTime, stamp.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        }
    }

    private static long Line(XmlReader xml) => xml is IXmlLineInfo info ? info.LineNumber : 0;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
