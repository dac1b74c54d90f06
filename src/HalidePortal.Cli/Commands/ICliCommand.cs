namespace HalidePortal.Cli.Commands;

/// <summary>One "halide &lt;name&gt;" command. Throw <see cref="CommandLine.CliError"/> for input the user can fix.</summary>
public interface ICliCommand
{
    string Name { get; }

    /// <summary>One line for "halide --help".</summary>
    string Summary { get; }

    /// <summary>Full usage for "halide &lt;name&gt; --help".</summary>
    string Usage { get; }

    int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr);
}
