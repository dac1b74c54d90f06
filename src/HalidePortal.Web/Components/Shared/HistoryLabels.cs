using System.Text;

namespace HalidePortal.Web.Components.Shared;

/// <summary>Lab words for the history table: "BallToPowderRatio" reads "Ball to powder ratio", "ThicknessMm" "Thickness (mm)".</summary>
public static class HistoryLabels
{
    // Longest suffix first, so "MgPerCm2" wins over "Cm2".
    private static readonly (string Suffix, string Unit)[] Units =
    [
        ("MgPerCm2", "mg/cm²"), ("CPerMin", "°C/min"), ("Percent", "%"), ("GPerMol", "g/mol"), ("MPa", "MPa"),
        ("Cm2", "cm²"), ("Mm", "mm"), ("Mg", "mg"), ("Min", "min"), ("Rpm", "rpm"), ("V", "V"), ("G", "g"), ("H", "h"), ("C", "°C"),
    ];

    private static readonly Dictionary<string, string> Entities = new(StringComparer.Ordinal)
    {
        ["WeighedPrecursor"] = "weighed precursor",
        ["SynthesisRecipe"] = "recipe",
        ["WeighingStep"] = "weighing step",
        ["MillingStep"] = "milling step",
        ["AnnealingStep"] = "annealing step",
        ["PressingStep"] = "pressing step",
    };

    public static string Entity(string type) => Entities.TryGetValue(type, out var name) ? name : Words(type).ToLowerInvariant();

    public static string Property(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "Rpm")
        {
            return "Speed (rpm)";
        }
        foreach (var (suffix, unit) in Units)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) && char.IsLower(name[^(suffix.Length + 1)]))
            {
                return $"{Words(name[..^suffix.Length])} ({unit})";
            }
        }
        return Words(name);
    }

    private static string Words(string pascal)
    {
        var text = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(pascal[i - 1]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
