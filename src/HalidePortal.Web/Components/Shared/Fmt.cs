using System.Globalization;
using HalidePortal.Web.Services;

namespace HalidePortal.Web.Components.Shared;

/// <summary>Numbers on pages: invariant culture, a unit after a thin space, a dash for missing values.</summary>
public static class Fmt
{
    public static string Num(double? value, string format = "0.###", string? unit = null) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) + (unit is null ? "" : " " + unit) : "–";

    /// <summary>A file size in B, kB, MB or GB (powers of 1024).</summary>
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " kB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };

    /// <summary>"1 file", "3 files".</summary>
    public static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Dopants(IEnumerable<DopantView> dopants) =>
        string.Join(", ", dopants.Select(d => d.Symbol + " = " + d.Amount.ToString("0.###", CultureInfo.InvariantCulture)));
}
