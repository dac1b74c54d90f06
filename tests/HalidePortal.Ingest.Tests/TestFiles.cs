using HalidePortal.Ingest;

namespace HalidePortal.Ingest.Tests;

/// <summary>Real instrument files in TestData (copied to the output folder), parsed from a file or from bytes.</summary>
internal static class TestFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static ParsedMeasurement Parse(IInstrumentParser parser, string name)
    {
        using var stream = File.OpenRead(PathOf(name));
        return parser.Parse(stream, name);
    }

    public static ParsedMeasurement Parse(IInstrumentParser parser, byte[] bytes, string name)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return parser.Parse(stream, name);
    }
}
