using System.Text.RegularExpressions;

namespace HalidePortal.Web.Components.Shared;

/// <summary>Something a file can be attached to on the Upload page.</summary>
/// <param name="Value">"sample:ID", "pellet:ID" or "cell:ID", as the upload API takes it.</param>
/// <param name="Label">What the list shows.</param>
/// <param name="NameToken">The pellet's or cell's label, matched against the words of a file name (null for the sample).</param>
public sealed partial record UploadTarget(string Value, string Label, string? NameToken)
{
    /// <summary>
    /// The target whose label is one of the file name's words ("LZACFO_C2_gcpl.mpr" → cell C2; words split at anything
    /// but letters and digits, case ignored); null when none or more than one matches.
    /// </summary>
    public static string? For(string fileName, IReadOnlyList<UploadTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(targets);
        var words = Words().Split(Path.GetFileNameWithoutExtension(fileName)).Where(w => w.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var matches = targets.Where(t => t.NameToken is { Length: > 0 } token && words.Contains(token)).Select(t => t.Value).Distinct().ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex Words();
}
