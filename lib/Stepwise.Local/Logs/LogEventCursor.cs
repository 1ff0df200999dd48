using System.Globalization;

namespace Stepwise.Local.Logs;

/// <summary>
/// A position between events of a stream, in their (timestamp, id) order, and the token that carries it:
/// <c>f/{timestamp}/{id}</c> reads forward from after that event, <c>b/{timestamp}/{id}</c> backward from before it.
/// Positions rather than offsets keep a token valid while events are appended.
/// </summary>
internal readonly record struct LogEventCursor(bool Forward, long Timestamp, long Id)
{
    public static readonly LogEventCursor Head = new(true, long.MinValue, long.MinValue);
    public static readonly LogEventCursor Tail = new(false, long.MaxValue, long.MaxValue);

    public string Format() => $"{(Forward ? 'f' : 'b')}/{Timestamp.ToString(CultureInfo.InvariantCulture)}/{Id.ToString(CultureInfo.InvariantCulture)}";

    public static LogEventCursor Parse(string token)
    {
        var parts = token.Split('/');
        if (parts.Length == 3 && parts[0] is "f" or "b"
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp)
            && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
            return new LogEventCursor(parts[0] == "f", timestamp, id);
        throw LogsErrors.InvalidToken();
    }
}
