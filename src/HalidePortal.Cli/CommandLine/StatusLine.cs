using System.Globalization;

namespace HalidePortal.Cli.CommandLine;

/// <summary>
/// A one-line progress display on a terminal's stderr, redrawn in place with '\r' at most every 100 ms; silent when
/// stderr is a file or a pipe (logs and scripts get the final lines only).
/// </summary>
public sealed class StatusLine(TextWriter writer, bool enabled, TimeProvider time)
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    private readonly object _gate = new();
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private int _width;

    /// <summary>Shows progress when the writer is the console's stderr and that is a terminal.</summary>
    public static StatusLine For(TextWriter stderr) =>
        new(stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected, TimeProvider.System);

    /// <summary>"name  1.2 / 45.0 MB  3%".</summary>
    public static string Transfer(string name, long sent, long total) =>
        total > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{name}  {Size(sent, total)}  {100.0 * sent / total:0}%")
            : name;

    /// <summary>Bytes in the unit that suits the total: "512 / 900 B", "0.5 / 12.3 MB".</summary>
    public static string Size(long part, long total)
    {
        var (divisor, unit) = total switch
        {
            >= 1L << 30 => (1024.0 * 1024 * 1024, "GB"),
            >= 1L << 20 => (1024.0 * 1024, "MB"),
            >= 1L << 10 => (1024.0, "kB"),
            _ => (1.0, "B"),
        };
        var format = divisor == 1 ? "0" : "0.0";
        return $"{(part / divisor).ToString(format, CultureInfo.InvariantCulture)} / {(total / divisor).ToString(format, CultureInfo.InvariantCulture)} {unit}";
    }

    /// <summary>Redraws the line (skipped if the last redraw was under 100 ms ago, unless <paramref name="force"/>).</summary>
    public void Show(string text, bool force = false)
    {
        if (!enabled)
        {
            return;
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!force && now - _last < MinInterval)
            {
                return;
            }

            _last = now;
            writer.Write("\r" + text.PadRight(_width));
            _width = text.Length;
            writer.Flush();
        }
    }

    /// <summary>Wipes the line so the next output starts clean.</summary>
    public void Clear()
    {
        if (!enabled || _width == 0)
        {
            return;
        }

        lock (_gate)
        {
            writer.Write("\r" + new string(' ', _width) + "\r");
            writer.Flush();
            _width = 0;
        }
    }
}
