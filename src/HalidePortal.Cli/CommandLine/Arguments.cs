namespace HalidePortal.Cli.CommandLine;

/// <summary>One option a command accepts. A list option takes every following token up to the next option.</summary>
public sealed record OptionSpec(string Name, bool TakesValue = true, bool IsList = false);

/// <summary>
/// Hand-rolled "--name value", "--name=value" and "--flag" parsing; anything else is a <see cref="CliError"/>.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    private Arguments()
    {
    }

    /// <param name="allowPositional">Whether bare words (file names) are allowed; they land in <see cref="Positional"/>.</param>
    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> options, bool allowPositional = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        var parsed = new Arguments();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                if (!allowPositional)
                {
                    throw new CliError($"unexpected argument '{token}'");
                }
                parsed._positional.Add(token);
                continue;
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token[2..] : token[2..equals];
            var spec = options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal))
                ?? throw new CliError($"unknown option '--{name}'");
            if (!parsed._values.TryGetValue(name, out var values))
            {
                values = [];
                parsed._values[name] = values;
            }
            else if (!spec.IsList)
            {
                throw new CliError($"option '--{name}' given twice");
            }

            if (!spec.TakesValue)
            {
                if (equals >= 0)
                {
                    throw new CliError($"option '--{name}' takes no value");
                }

                continue;
            }

            if (equals >= 0)
            {
                values.Add(token[(equals + 1)..]);
            }

            // Values may start with '-' (a negative number is still a value, reported by the command).
            while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                && (spec.IsList || values.Count == 0))
            {
                values.Add(args[++i]);
            }

            if (values.Count == 0)
            {
                throw new CliError($"option '--{name}' needs a value");
            }
        }

        return parsed;
    }

    public IReadOnlyList<string> Positional => _positional;

    public bool Has(string name) => _values.ContainsKey(name);

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public string Required(string name) =>
        _values.TryGetValue(name, out var values) ? values[0] : throw new CliError($"missing option '--{name}'");

    /// <summary>The option's value as a number above 0 (invariant, dot decimals), or null when the option is absent.</summary>
    public double? OptionalPositive(string name)
    {
        if (!Has(name))
        {
            return null;
        }
        var text = Required(name);
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value > 0 && double.IsFinite(value)
            ? value
            : throw new CliError($"bad --{name} '{text}': expected a number above 0 (dot decimals)");
    }
}
