namespace HalidePortal.Cli.CommandLine;

/// <summary>--server and --token as every command that talks to the portal takes them (else HALIDE_SERVER and HALIDE_TOKEN).</summary>
public static class PortalOptions
{
    public static (Uri Server, string Token) ServerAndToken(Arguments parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var serverText = Option(parsed, "server", "HALIDE_SERVER")
            ?? throw new CliError("missing option '--server' (or set HALIDE_SERVER), e.g. --server http://127.0.0.1:5080");
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(server.Query) || !string.IsNullOrEmpty(server.Fragment))
        {
            throw new CliError($"bad --server '{serverText}': expected the portal's address, e.g. http://127.0.0.1:5080");
        }

        var token = Option(parsed, "token", "HALIDE_TOKEN")
            ?? throw new CliError("missing option '--token' (or set HALIDE_TOKEN): a personal API token from the portal's API tokens page");
        // HTTP headers take printable ASCII only; anything else would surface later as a confusing send failure.
        if (token.Any(c => c is <= ' ' or > '~'))
        {
            throw new CliError("bad --token: a token has no spaces, line breaks or accented letters (copy it again from the portal)");
        }

        return (server, token);
    }

    /// <summary>The option, else the environment variable; trimmed, since variables set from files often end in a newline.</summary>
    private static string? Option(Arguments parsed, string name, string variable)
    {
        var value = parsed.Has(name) ? parsed.Required(name) : Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
