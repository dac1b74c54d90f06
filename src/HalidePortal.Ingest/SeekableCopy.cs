namespace HalidePortal.Ingest;

/// <summary>A seekable copy of a forward-only upload, for formats that must be read more than once or out of order.</summary>
internal static class SeekableCopy
{
    /// <summary>Copies <paramref name="stream"/> from its position: in memory while it stays under
    /// <paramref name="inMemory"/> bytes, else to a temporary file that is deleted when the copy is closed. The copy is
    /// positioned at its start; the caller disposes it.</summary>
    public static Stream Of(Stream stream, long inMemory)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (memory.Length + read > inMemory)
            {
                var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                    FileOptions.DeleteOnClose);
                try
                {
                    memory.Position = 0;
                    memory.CopyTo(file);
                    file.Write(buffer, 0, read);
                    stream.CopyTo(file);
                    file.Position = 0;
                    return file;
                }
                catch
                {
                    file.Dispose();
                    throw;
                }
            }
            memory.Write(buffer, 0, read);
        }
        memory.Position = 0;
        return memory;
    }
}
