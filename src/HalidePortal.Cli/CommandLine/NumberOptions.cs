using System.Globalization;

namespace HalidePortal.Cli.CommandLine;

/// <summary>Number-valued options: dot decimals only, whatever the machine's culture; a bad value names its option.</summary>
internal static class NumberOptions
{
    /// <summary>The option's number when given and above 0; null when not given.</summary>
    public static double? OptionalPositive(this Arguments parsed, string option) =>
        parsed.OptionalNumber(option, v => v > 0, "a number above 0");

    /// <summary>The option's number when given and accepted; null when not given.</summary>
    public static double? OptionalNumber(this Arguments parsed, string option, Func<double, bool> accept, string expected) =>
        parsed.Has(option) ? Number(option, parsed.Required(option), accept, expected) : null;

    /// <summary>A finite number the test accepts, or a <see cref="CliError"/> naming the option and what it expects.</summary>
    public static double Number(string option, string text, Func<double, bool> accept, string expected) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && accept(value)
            ? value
            : throw new CliError($"bad --{option} '{text}': expected {expected} (dot decimals)");
}
