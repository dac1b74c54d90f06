using System.Globalization;

namespace HalidePortal.Cli.Upload;

/// <summary>Where the files belong on the portal and the optional numbers sent with them (the upload form's text fields).</summary>
/// <param name="Attach">"sample:&lt;guid&gt;", "pellet:&lt;guid&gt;" or "cell:&lt;guid&gt;".</param>
public sealed record UploadFields(string Attach, double? TemperatureC = null, double? ActiveMassMg = null, double? NominalMahPerG = null)
{
    private static readonly string[] Kinds = ["sample", "pellet", "cell"];

    /// <summary>Whether <paramref name="attach"/> is KIND:GUID with a kind the portal attaches measurements to.</summary>
    public static bool IsValidAttach(string attach)
    {
        ArgumentNullException.ThrowIfNull(attach);
        var colon = attach.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && Kinds.Contains(attach[..colon], StringComparer.Ordinal)
            && Guid.TryParse(attach[(colon + 1)..], out _);
    }

    /// <summary>The form fields in the order the server expects them (before the files), numbers in invariant culture.</summary>
    public IEnumerable<KeyValuePair<string, string>> FormFields()
    {
        yield return new("attach", Attach);
        if (TemperatureC is { } t)
        {
            yield return new("temperatureC", Number(t));
        }

        if (ActiveMassMg is { } m)
        {
            yield return new("activeMassMg", Number(m));
        }

        if (NominalMahPerG is { } q)
        {
            yield return new("nominalMahPerG", Number(q));
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>One file's line in the server's answer to POST /api/measurements.</summary>
/// <param name="Url">Server-relative, e.g. "/measurements/&lt;guid&gt;".</param>
/// <param name="Error">Why the server did not take this file (too large, ...); then there is no id.</param>
public sealed record UploadItem(string FileName, Guid? MeasurementId, string? State, bool Duplicate, string? Url, string? Error);

/// <summary>GET /api/measurements/{id}: where the server's parsing and analysis of an upload stands.</summary>
public sealed record MeasurementStatus(Guid Id, string? FileName, string State, double? Progress, string? Error, string? Format, string? Technique, long? Rows)
{
    public bool IsFinal => IsFinalState(State);

    /// <summary>Queued, Parsing and Analysing are on the way; anything else (Done, Failed, a state added later) is final.</summary>
    public static bool IsFinalState(string state) => state is not ("Queued" or "Parsing" or "Analysing");

    public bool IsDone => string.Equals(State, "Done", StringComparison.Ordinal);
}

/// <summary>A file as it went over the wire: the server's answer plus what was actually sent (the file may grow meanwhile).</summary>
public sealed record SentFile(UploadItem Item, long Bytes, string Sha256);

/// <summary>A file the portal sent: the name it suggests (no folders), its media type and its bytes.</summary>
public sealed record DownloadedFile(string? FileName, string? MediaType, byte[] Body);

/// <summary>The server could not be reached or failed (connection refused, timeout, 5xx, an answer that is not the contract): worth retrying later.</summary>
public sealed class PortalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server answered 4xx (or redirected): retrying the same request will not help.</summary>
public sealed class PortalRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>
    /// The refusal concerns the request rather than one file: the token (401), the team role (403), the address (404, 405,
    /// redirects) or a field such as attach (ProblemDetails errors naming anything but "files"). Every other file would be
    /// refused the same way, so a batch stops and a watcher stops instead of marking each file rejected.
    /// </summary>
    public bool AffectsEveryFile { get; init; }
}
