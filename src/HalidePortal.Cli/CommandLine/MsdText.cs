using System.Globalization;

namespace HalidePortal.Cli.CommandLine;

/// <summary>
/// A mean squared displacement from a simulation as plain text: per line a lag time in ps and an MSD in A^2 (further
/// columns ignored), separated by spaces, tabs or commas; '#' starts a comment; one header line before the numbers is
/// skipped. Every problem is a <see cref="CliError"/> naming the file and line.
/// </summary>
internal static class MsdText
{
    private static readonly char[] Separators = [' ', '\t', ','];

    public static (double[] TimePs, double[] MsdA2) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliError($"no such file '{path}'");
        }
        var name = Path.GetFileName(path);
        var time = new List<double>();
        var msd = new List<double>();
        int lineNumber = 0;
        bool headerAllowed = true;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            int hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && Parse(fields[0]) is { } t && Parse(fields[1]) is { } m)
            {
                time.Add(t);
                msd.Add(m);
                headerAllowed = false;
                continue;
            }
            if (headerAllowed)
            {
                headerAllowed = false;
                continue;
            }
            throw new CliError($"{name}: line {lineNumber.ToString(CultureInfo.InvariantCulture)}: expected a time in ps and an MSD in A^2, got '{line}'");
        }
        if (time.Count == 0)
        {
            throw new CliError($"{name}: no rows of time (ps) and MSD (A^2)");
        }
        return ([.. time], [.. msd]);
    }

    private static double? Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;
}
