using System.Globalization;

namespace HalidePortal.Processing;

/// <summary>Numbers a parser stored in a file's metadata (invariant text), for the CLI and the worker alike.</summary>
public static class MetadataNumbers
{
    /// <summary>The value under <paramref name="key"/> when it is a finite number above 0, else null.</summary>
    public static double? Positive(IReadOnlyDictionary<string, string> metadata, string key)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.TryGetValue(key, out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
                ? value
                : null;
    }
}
