using System.Globalization;
using System.Text;
using Stepwise.Local.Logs;

namespace Stepwise.Local.Lambda;

/// <summary>The lines of one invocation: sent to its instance's stream as they are written, and kept when the caller
/// asked for them (<c>LogType: Tail</c>).</summary>
internal sealed class InvocationLog(LambdaInstance instance, string requestId, TimeProvider time, bool keepTail) : ILambdaLogger
{
    /// <summary>How much of the log <c>LogResult</c> carries: the last 4 KB, as Lambda's.</summary>
    public const int TailBytes = 4096;

    private readonly List<string>? _kept = keepTail ? [] : null;

    /// <summary>Writes a line as it is (Lambda's own START/END/REPORT lines, an unhandled error).</summary>
    public void Raw(string line)
    {
        instance.Log?.Write(new LogLine(time.GetUtcNow(), line));
        if (_kept is not null) lock (_kept) _kept.Add(line);
    }

    public void Log(string message) => Write("info", message);

    public void LogLine(string message) => Write("info", message);

    public void LogInformation(string message) => Write("info", message);

    public void LogWarning(string message) => Write("warn", message);

    public void LogError(string message) => Write("fail", message);

    private void Write(string level, string message)
    {
        if (instance.Log is null && _kept is null) return;
        var now = time.GetUtcNow();
        Raw($"{now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\t{requestId}\t{level}\t{message}");
    }

    /// <summary>Base64 of the last 4 KB of the invocation's log (lines ended by <c>\n</c>), or null when not kept.</summary>
    public string? Tail()
    {
        if (_kept is null) return null;
        string text;
        lock (_kept) text = string.Concat(_kept.Select(line => line + "\n"));
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToBase64String(bytes, Math.Max(0, bytes.Length - TailBytes), Math.Min(bytes.Length, TailBytes));
    }
}
