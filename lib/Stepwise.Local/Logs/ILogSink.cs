namespace Stepwise.Local.Logs;

/// <summary>Where a local service sends its own logs (a Lambda's output, an execution's history): the small side of
/// CloudWatch Logs that services depend on, so they need neither <see cref="LocalLogs"/> nor the whole <c>ILogs</c> port.</summary>
public interface ILogSink
{
    /// <summary>Whether the log group exists (Step Functions checks a logging destination when a state machine is saved).</summary>
    bool LogGroupExists(string group);

    /// <summary>Appends <paramref name="lines"/> to <paramref name="group"/>/<paramref name="stream"/> in their order, creating
    /// the stream when missing, and the group too when <paramref name="createGroup"/> is set (Lambda creates
    /// <c>/aws/lambda/{name}</c>; Step Functions writes only to a group that exists).</summary>
    Task WriteAsync(string group, string stream, IReadOnlyList<LogLine> lines, bool createGroup, CancellationToken cancellationToken = default);
}
