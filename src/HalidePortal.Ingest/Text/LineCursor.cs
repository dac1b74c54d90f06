namespace HalidePortal.Ingest.Text;

/// <summary>Lines of a text reader with their 1-based numbers, for error messages that say where.</summary>
public sealed class LineCursor(TextReader reader)
{
    /// <summary>Number of the line last read (0 before the first).</summary>
    public long LineNumber { get; private set; }

    public bool TryRead(out string line)
    {
        var next = reader.ReadLine();
        if (next is null)
        {
            line = "";
            return false;
        }
        LineNumber++;
        line = next;
        return true;
    }

    /// <summary>The next line that is not blank (CR CR LF endings leave empty lines between rows).</summary>
    public bool TryReadNonEmpty(out string line)
    {
        while (TryRead(out line))
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                return true;
            }
        }
        return false;
    }
}
