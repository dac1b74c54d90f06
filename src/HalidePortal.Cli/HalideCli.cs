using HalidePortal.Cli.CommandLine;
using HalidePortal.Cli.Commands;

namespace HalidePortal.Cli;

/// <summary>Entry point of the halide tool: dispatches to a command and turns failures into one stderr line.</summary>
public static class HalideCli
{
    /// <summary>Every command; add new ones (upload, ...) here.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } = [new RecipeCommand(), new ParseCommand(), new CyclingCommand(), new EisFitCommand(), new ArrheniusCommand(), new DrtCommand(), new KkCommand(), new LsvCommand(), new GittCommand(), new MsdCommand(), new XrdCommand(), new UploadCommand(), new ExportCommand()];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length == 0)
        {
            stderr.Write(Usage());
            return ExitCodes.BadInput;
        }

        if (IsHelp(args[0]) || args[0] == "help")
        {
            stdout.Write(Usage());
            return ExitCodes.Success;
        }

        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            stderr.WriteLine($"halide: unknown command '{args[0]}' (try 'halide --help')");
            return ExitCodes.BadInput;
        }

        var rest = args[1..];
        if (rest.Any(IsHelp))
        {
            stdout.Write(command.Usage);
            return ExitCodes.Success;
        }

        try
        {
            return command.Run(rest, stdout, stderr);
        }
        catch (CliError error)
        {
            stderr.WriteLine("halide: " + error.Message);
            return error.ExitCode;
        }
#pragma warning disable CA1031 // The tool's promise is one line on stderr, never a stack trace.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"halide: internal error: {CliError.OneLine(exception)}");
            return ExitCodes.InternalError;
        }
    }

    private static bool IsHelp(string arg) => arg is "--help" or "-h";

    private static string Usage()
    {
        var width = Commands.Max(c => c.Name.Length);
        var lines = Commands.Select(c => $"  {c.Name.PadRight(width)}  {c.Summary}\n");
        return "usage: halide <command> [options]\n\ncommands:\n" + string.Concat(lines)
            + "\nRun 'halide <command> --help' for a command's options.\n";
    }
}
