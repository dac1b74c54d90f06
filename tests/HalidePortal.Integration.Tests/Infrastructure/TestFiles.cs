namespace HalidePortal.Integration.Tests.Infrastructure;

/// <summary>The instrument files linked into TestData from the parser tests.</summary>
public static class TestFiles
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>
    /// A text file with 48 blank lines appended, each "\n" or "\r\n" by a random bit: the parsers skip blank lines,
    /// while the SHA-256 differs from every other copy (so one team's upload is never another's duplicate).
    /// </summary>
    public static byte[] Unique(string name)
    {
        var bytes = new List<byte>(Bytes(name));
        long bits = Random.Shared.NextInt64();
        for (int i = 0; i < 48; i++)
        {
            if (((bits >> i) & 1) == 1)
            {
                bytes.Add((byte)'\r');
            }
            bytes.Add((byte)'\n');
        }
        return [.. bytes];
    }
}
