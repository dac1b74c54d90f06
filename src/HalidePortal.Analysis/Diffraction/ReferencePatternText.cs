using System.Globalization;

namespace HalidePortal.Analysis.Diffraction;

/// <summary>
/// Pasted or uploaded reference text that cannot be read; <see cref="LineNumber"/> is the 1-based line at fault, or
/// null when the text as a whole is wrong (no reflections, every intensity 0).
/// </summary>
public sealed class ReferencePatternFormatException : FormatException
{
    public ReferencePatternFormatException(int? lineNumber, string problem)
        : base(lineNumber is { } n ? string.Create(CultureInfo.InvariantCulture, $"line {n}: {problem}") : problem)
    {
        LineNumber = lineNumber;
    }

    public ReferencePatternFormatException()
    {
    }

    public ReferencePatternFormatException(string message)
        : base(message)
    {
    }

    public ReferencePatternFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int? LineNumber { get; }
}

/// <summary>
/// Reads a reference pattern from text, one reflection a line: "2theta intensity [label]", e.g. "16.191 100 110".
/// Fields are separated by semicolons, tabs, commas or spaces (in that order of preference: a line with a semicolon
/// is split at semicolons, and so on); numbers use a decimal point (invariant culture; "16,19" in a semicolon or tab
/// separated line is refused rather than misread). Whatever follows the two numbers (hkl, d) is kept as the label.
/// Blank lines, lines starting with '#' or ';', text after '#', and one header line before the first reflection are
/// skipped. Positions are 2theta in degrees at <c>wavelengthAngstrom</c>; each gets d = lambda / (2 sin theta), so
/// <see cref="ReferencePattern.AtWavelength"/> can move it to a measurement's wavelength. Intensities are scaled so
/// the strongest is 100.
/// </summary>
public static class ReferencePatternText
{
    /// <summary>Longest list read; a powder reference has tens to a few hundred lines.</summary>
    public const int MaxReflections = 5000;

    private const string Expected = "expected two numbers (2θ in degrees, intensity)";

    /// <exception cref="ReferencePatternFormatException">A line that is neither comment, header nor reflection, a 2theta outside (0, 180), a negative intensity, no reflections.</exception>
    public static ReferencePattern Parse(string text, string name, string source, double wavelengthAngstrom = Scherrer.CuKAlpha1Angstrom)
    {
        ArgumentNullException.ThrowIfNull(text);
        var twoTheta = new List<double>();
        var intensity = new List<double>();
        var labels = new List<string?>();
        var headerSeen = false;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var fields = Fields(line, out var separator);
            if (separator is ';' or '\t' && fields.Take(2).Any(f => Number(f.Replace(',', '.')) is not null && Number(f) is null))
            {
                throw new ReferencePatternFormatException(lineNumber, $"decimal commas are not read, write 16.19 rather than 16,19; got '{line}'");
            }
            var first = Number(fields[0]);
            if (first is null && twoTheta.Count == 0 && !headerSeen)
            {
                headerSeen = true;
                continue;
            }
            var second = fields.Count > 1 ? Number(fields[1]) : null;
            if (first is not { } t || second is not { } i)
            {
                throw new ReferencePatternFormatException(lineNumber, $"{Expected}, got '{line}'");
            }
            if (!(t is > 0 and < 180))
            {
                throw new ReferencePatternFormatException(lineNumber, $"2θ must lie between 0 and 180°, got {fields[0]}");
            }
            if (i < 0)
            {
                throw new ReferencePatternFormatException(lineNumber, $"intensity must be 0 or more, got {fields[1]}");
            }
            if (twoTheta.Count == MaxReflections)
            {
                throw new ReferencePatternFormatException(lineNumber, $"more than {MaxReflections} reflections; a reference lists peaks, not a measured pattern");
            }
            twoTheta.Add(t);
            intensity.Add(i);
            labels.Add(fields.Count > 2 ? string.Join(' ', fields.Skip(2)) : null);
        }
        if (twoTheta.Count == 0)
        {
            throw new ReferencePatternFormatException(null, $"no reflections found: {Expected} on each line, e.g. '16.19 100'");
        }
        if (intensity.All(i => i == 0))
        {
            throw new ReferencePatternFormatException(null, "every intensity is 0; give the strongest reflection a height above 0");
        }
        return ReferencePattern.FromTwoTheta(name, wavelengthAngstrom, twoTheta, intensity, labels, source);
    }

    private static string StripComment(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('#') || trimmed.StartsWith(';'))
        {
            return "";
        }
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }

    private static List<string> Fields(string line, out char separator)
    {
        separator = line.Contains(';', StringComparison.Ordinal) ? ';'
            : line.Contains('\t', StringComparison.Ordinal) ? '\t'
            : line.Contains(',', StringComparison.Ordinal) ? ','
            : ' ';
        var parts = separator == ' ' ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries) : line.Split(separator);
        var fields = parts.Select(p => p.Trim()).ToList();
        // A trailing separator ("16.19;100;") leaves an empty last field; an empty first field stays and is refused.
        while (fields.Count > 1 && fields[^1].Length == 0)
        {
            fields.RemoveAt(fields.Count - 1);
        }
        return fields;
    }

    private static double? Number(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
