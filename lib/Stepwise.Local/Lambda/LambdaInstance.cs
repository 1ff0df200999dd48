using System.Globalization;
using Stepwise.Local.Logs;

namespace Stepwise.Local.Lambda;

/// <summary>One warm "execution environment" of a function: what gives it its own log stream,
/// <c>YYYY/MM/DD/[$LATEST]{32 hex}</c> as on AWS. Sequential invocations reuse one instance; concurrent ones get
/// another, so each stream holds whole invocations, one after the other.</summary>
internal sealed class LambdaInstance
{
    public LambdaInstance(string functionName, DateTimeOffset now, ILogSink? sink)
    {
        Group = $"/aws/lambda/{functionName}";
        Stream = $"{now.UtcDateTime.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture)}/[$LATEST]{Guid.NewGuid():N}";
        Log = sink is null ? null : new BufferedLogStream(sink, Group, Stream, createGroup: true);
    }

    public string Group { get; }

    public string Stream { get; }

    /// <summary>Null when the local Lambda has nowhere to log.</summary>
    public BufferedLogStream? Log { get; }
}
