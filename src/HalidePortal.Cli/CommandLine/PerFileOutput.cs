using System.Text.Json;

namespace HalidePortal.Cli.CommandLine;

/// <summary>How the per-file analysis commands print: one JSON object (an array when several files), or text blocks.</summary>
internal static class PerFileOutput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Write<T>(TextWriter stdout, IReadOnlyList<T> results, bool json, Func<T, object> toJson, Func<T, string> toText)
    {
        if (json)
        {
            var objects = results.Select(toJson).ToList();
            stdout.Write(objects.Count == 1 ? JsonSerializer.Serialize(objects[0], Json) : JsonSerializer.Serialize(objects, Json));
            stdout.Write('\n');
            return;
        }
        foreach (var result in results)
        {
            stdout.Write(toText(result));
        }
    }
}
