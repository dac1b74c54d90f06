using HalidePortal.Ingest;

namespace HalidePortal.Ingest.Tests;

/// <summary>Opens the Neware files in TestData for the Neware parser tests.</summary>
internal static class NewareTestFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static ParsedMeasurement Parse(IInstrumentParser parser, string name)
    {
        using var stream = File.OpenRead(PathOf(name));
        return parser.Parse(stream, name);
    }

    public static double[] Values(ParsedMeasurement m, Quantity q) =>
        (m.Find(q) ?? throw new InvalidOperationException($"no {q} column")).Values;
}
