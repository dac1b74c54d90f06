namespace HalidePortal.Cli.CommandLine;

/// <summary>Exit codes shared by every halide command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;

    /// <summary>halide upload: a file was rejected or its analysis failed (the work was done, the outcome is bad).</summary>
    public const int FilesFailed = 1;
    public const int BadInput = 2;

    /// <summary>The server could not be reached, failed (5xx) or did not finish in time: nothing to fix, try again later.</summary>
    public const int Unavailable = 3;
}

/// <summary>A failure the user can fix; <see cref="HalideCli"/> prints it as one "halide: ..." line.</summary>
public sealed class CliError : Exception
{
    public CliError(string message, int exitCode = ExitCodes.BadInput)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    /// <summary>First line of an exception's message without .NET's " (Parameter 'x')" suffix.</summary>
    public static string OneLine(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }

        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).TrimEnd();
    }
}
