using System.Text;
using Stepwise.Aws.Logs;

namespace Stepwise.Local.Logs;

public sealed partial class LocalLogs : ILogSink
{
    public bool LogGroupExists(string group)
    {
        lock (_gate) return GroupExists(group);
    }

    /// <summary>Stores the lines as PutLogEvents batches within AWS's limits (10,000 events, 1 MiB, 24 hours each).
    /// A line over AWS's event size is split; a timestamp earlier than the one before it is raised to it, so the
    /// stream keeps the order the service wrote (AWS refuses unordered batches).</summary>
    public async Task WriteAsync(string group, string stream, IReadOnlyList<LogLine> lines, bool createGroup, CancellationToken cancellationToken = default)
    {
        ValidateGroupName(group, "logGroupName");
        ValidateStreamName(stream, "logStreamName");
        lock (_gate)
        {
            if (!GroupExists(group))
            {
                if (!createGroup) throw LogsErrors.LogGroupNotFound();
                Execute("INSERT INTO log_groups (name, created, class) VALUES ($0, $1, $2)", group, Now(), LogGroupClass.Standard);
            }
            if (!StreamExists(group, stream))
                Execute("INSERT INTO log_streams (group_name, name, created) VALUES ($0, $1, $2)", group, stream, Now());
        }
        var batch = new List<InputLogEvent>();
        long bytes = 0;
        long last = long.MinValue;
        foreach (var line in lines)
        {
            var timestamp = Math.Max(last, line.Timestamp.ToUnixTimeMilliseconds());
            last = timestamp;
            foreach (var piece in LogStreamWriter.Pieces(line.Message.Length == 0 ? " " : line.Message))
            {
                var size = Encoding.UTF8.GetByteCount(piece) + EventOverheadBytes;
                if (batch.Count == MaxBatchEvents || bytes + size > MaxBatchBytes
                    || (batch.Count > 0 && timestamp - batch[0].Timestamp > (long)MaxSpan.TotalMilliseconds))
                {
                    await PutBatchAsync(group, stream, batch, cancellationToken).ConfigureAwait(false);
                    bytes = 0;
                }
                batch.Add(new InputLogEvent { Timestamp = timestamp, Message = piece });
                bytes += size;
            }
        }
        await PutBatchAsync(group, stream, batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutBatchAsync(string group, string stream, List<InputLogEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        await PutLogEventsAsync(new PutLogEventsRequest { LogGroupName = group, LogStreamName = stream, LogEvents = [.. batch] }, cancellationToken).ConfigureAwait(false);
        batch.Clear();
    }
}
