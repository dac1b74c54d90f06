namespace HalidePortal.Cli.Tests.Upload;

/// <summary>A fresh folder under the temp directory, deleted with everything in it at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"halide-upload-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Writes a file (subfolders created) and returns its full path.</summary>
    public string Write(string relativePath, byte[] bytes, DateTime? lastWriteUtc = null)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        if (lastWriteUtc is { } time)
        {
            File.SetLastWriteTimeUtc(full, time);
        }

        return full;
    }

    /// <summary>Deterministic pseudo-random bytes (a stand-in for an instrument's binary file).</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
