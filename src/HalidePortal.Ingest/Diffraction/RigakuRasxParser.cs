using System.IO.Compression;
using System.Text;
using System.Xml;
using HalidePortal.Ingest.Archives;

namespace HalidePortal.Ingest.Diffraction;

/// <summary>
/// Rigaku SmartLab Studio II .rasx: a zip holding, per scan i, Data{i}/Profile{j}.txt (UTF-8 rows "2theta intensity
/// attenuator-factor", tab separated) and Data{i}/MesurementConditions{i}.xml (Rigaku's spelling) whose
/// GeneralInformation, HWConfigurations/XrayGenerator and ScanInformation elements carry the same facts as a .ras
/// header. Intensities are multiplied by the attenuator factor; their unit is ScanInformation/IntensityUnit.
/// Profiles become SweepNumber 1, 2, ... in Data/Profile order; scans whose AxisName does not move 2-theta are
/// skipped with a warning. Decompressed input is capped (256 MiB in total).
/// Metadata keys: technique "XRD", intensityUnit, wavelengthAngstrom (WavelengthKalpha1), wavelengthAlpha2Angstrom,
/// anode (TargetName), countingTimeS, startTime, instrument (SystemName), sampleName (SampleName), "scanAxis".
/// </summary>
/// <param name="maxInflatedBytes">Cap on the bytes decompressed from one file (default 256 MiB).</param>
public sealed class RigakuRasxParser(long maxInflatedBytes = RigakuRasxParser.DefaultMaxInflatedBytes) : IInstrumentParser
{
    public const long DefaultMaxInflatedBytes = 256L << 20;

    public string Format => "rigaku-rasx";

    public bool CanRead(ReadOnlySpan<byte> head, string? fileName)
    {
        if (!head.StartsWith("PK\u0003\u0004"u8) || head.Length < 30)
        {
            return false;
        }
        var name = BrukerBrmlParser.FirstEntryName(head);
        return name.SequenceEqual("root.xml"u8)
            || (name.StartsWith("Data"u8) && name.Length > 5 && char.IsAsciiDigit((char)name[4]))
            || (fileName is not null && fileName.EndsWith(".rasx", StringComparison.OrdinalIgnoreCase));
    }

    public ParsedMeasurement Parse(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var archive = SafeZip.Open(stream, fileName, "a Rigaku .rasx file", new SafeZipLimits { MaxTotalBytes = maxInflatedBytes });
        var profiles = archive.Entries
            .Where(e => e.FullName.StartsWith("Data", StringComparison.Ordinal)
                && Path.GetFileName(e.FullName).StartsWith("Profile", StringComparison.Ordinal)
                && e.FullName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.FullName.Length).ThenBy(e => e.FullName, StringComparer.Ordinal)
            .ToList();
        if (profiles.Count == 0)
        {
            throw new InstrumentFileException(fileName, "not a Rigaku .rasx file: no Data*/Profile*.txt entry in the archive");
        }
        var pattern = new DiffractionPattern();
        bool? perSecond = null;
        foreach (var profile in profiles)
        {
            string folder = profile.FullName[..(profile.FullName.LastIndexOf('/') + 1)];
            var conditions = archive.Entries.FirstOrDefault(e =>
                e.FullName.StartsWith(folder, StringComparison.Ordinal) && e.FullName.IndexOf('/', folder.Length) < 0
                && (e.Name.StartsWith("MesurementConditions", StringComparison.Ordinal) || e.Name.StartsWith("MeasurementConditions", StringComparison.Ordinal))
                && e.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));
            var scan = new RigakuScan();
            if (conditions is not null)
            {
                ReadConditions(archive, conditions, scan, pattern, fileName);
            }
            else
            {
                pattern.Warnings.Add($"{profile.FullName}: no measurement conditions beside it; intensities taken as counts");
            }
            if (!scan.AlongTwoTheta)
            {
                pattern.Warnings.Add($"{profile.FullName}: the \"{scan.Axis}\" scan does not move 2-theta; skipped");
                continue;
            }
            bool thisPerSecond = scan.PerSecond(fileName, 0);
            if (perSecond is { } p && p != thisPerSecond)
            {
                throw new InstrumentFileException(fileName, $"{profile.FullName}: scans in counts and in cps in one file");
            }
            perSecond = thisPerSecond;
            if (scan.CountingTimeS() is { } t)
            {
                pattern.SetIfMissing(MetadataKeys.CountingTimeS, t);
            }
            pattern.Set("scanAxis", scan.Axis);
            pattern.StartSweep();
            ReadProfile(archive, profile, pattern, fileName);
        }
        return pattern.Build(Format, fileName, perSecond ?? false);
    }

    private static void ReadProfile(SafeZip archive, ZipArchiveEntry profile, DiffractionPattern pattern, string fileName)
    {
        using var stream = archive.OpenEntry(profile);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        long lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            if (!RigakuScan.TryRow(line, out double x, out double y))
            {
                throw new InstrumentFileException(fileName,
                    $"{profile.FullName}: \"{(line.Length > 40 ? line[..40] : line)}\" is not a row of 2-theta, intensity and attenuator factor", lineNumber);
            }
            pattern.Add(x, y);
        }
    }

    private static void ReadConditions(SafeZip archive, ZipArchiveEntry entry, RigakuScan scan, DiffractionPattern pattern, string fileName)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true };
        using var stream = archive.OpenEntry(entry);
        try
        {
            using var xml = XmlReader.Create(stream, settings);
            string section = "";
            while (!xml.EOF)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    xml.Read();
                    continue;
                }
                string name = xml.LocalName;
                if (name is "GeneralInformation" or "XrayGenerator" or "ScanInformation" or "Axes" or "Optics" or "Detector")
                {
                    section = name;
                    xml.Read();
                    continue;
                }
                if (xml.IsEmptyElement || section.Length == 0)
                {
                    xml.Read();
                    continue;
                }
                switch ((section, name))
                {
                    case ("GeneralInformation", "SampleName"):
                        pattern.SetIfMissing(MetadataKeys.SampleName, xml.ReadElementContentAsString());
                        break;
                    case ("GeneralInformation", "SystemName"):
                        pattern.SetIfMissing(MetadataKeys.Instrument, RigakuScan.English(xml.ReadElementContentAsString()));
                        break;
                    case ("XrayGenerator", "TargetName"):
                        pattern.SetIfMissing(MetadataKeys.Anode, xml.ReadElementContentAsString());
                        break;
                    case ("XrayGenerator", "WavelengthKalpha1"):
                        pattern.SetIfMissing(MetadataKeys.WavelengthAngstrom, RigakuScan.Number(xml.ReadElementContentAsString()) ?? double.NaN);
                        break;
                    case ("XrayGenerator", "WavelengthKalpha2"):
                        pattern.SetIfMissing(MetadataKeys.WavelengthAlpha2Angstrom, RigakuScan.Number(xml.ReadElementContentAsString()) ?? double.NaN);
                        break;
                    case ("ScanInformation", "AxisName"):
                        scan.Axis = xml.ReadElementContentAsString();
                        break;
                    case ("ScanInformation", "IntensityUnit"):
                        scan.IntensityUnit = xml.ReadElementContentAsString();
                        break;
                    case ("ScanInformation", "Step"):
                        scan.Step = RigakuScan.Number(xml.ReadElementContentAsString());
                        break;
                    case ("ScanInformation", "Speed"):
                        scan.Speed = RigakuScan.Number(xml.ReadElementContentAsString());
                        break;
                    case ("ScanInformation", "SpeedUnit"):
                        scan.SpeedUnit = xml.ReadElementContentAsString();
                        break;
                    case ("ScanInformation", "StartTime"):
                        pattern.SetIfMissing(MetadataKeys.StartTime, RigakuScan.StartTime(xml.ReadElementContentAsString()));
                        break;
                    default:
                        xml.Read();
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            throw new InstrumentFileException(fileName, $"{entry.FullName} is not well-formed XML: {e.Message}", e.LineNumber);
        }
    }
}
