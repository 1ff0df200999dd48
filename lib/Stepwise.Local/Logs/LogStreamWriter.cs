using System.Text;
using Stepwise.Aws.Logs;

namespace Stepwise.Local.Logs;

/// <summary>Appends lines to one log stream of <see cref="LocalLogs"/>, one event per line, stamped with the current time
/// (a process's stdout, a service's own log). Lines over AWS's event size are split. Get one from
/// <see cref="LocalLogs.WriterForAsync"/>.</summary>
public sealed class LogStreamWriter
{
    /// <summary>The largest message one event carries: 1 MiB less AWS's 26 bytes of per-event overhead.</summary>
    public const int MaxMessageBytes = LocalLogs.MaxBatchBytes - 26;

    private readonly LocalLogs _logs;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _order = new(1, 1);

    internal LogStreamWriter(LocalLogs logs, string group, string stream, TimeProvider time)
    {
        _logs = logs;
        _time = time;
        Group = group;
        Stream = stream;
    }

    public string Group { get; }

    public string Stream { get; }

    /// <summary>Writes one line (an empty line is written as a single space: AWS refuses empty messages).</summary>
    public Task WriteLineAsync(string line, CancellationToken cancellationToken = default) => WriteLinesAsync([line], cancellationToken);

    /// <summary>Writes lines as one batch (split into batches within AWS's limits).</summary>
    public async Task WriteLinesAsync(IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        await _order.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var batch = new List<InputLogEvent>();
            long bytes = 0;
            foreach (var line in lines)
                foreach (var piece in Pieces(line.Length == 0 ? " " : line))
                {
                    var size = Encoding.UTF8.GetByteCount(piece) + 26;
                    if (batch.Count == LocalLogs.MaxBatchEvents || bytes + size > LocalLogs.MaxBatchBytes)
                    {
                        await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
                        bytes = 0;
                    }
                    batch.Add(new InputLogEvent { Timestamp = timestamp, Message = piece });
                    bytes += size;
                }
            await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _order.Release();
        }
    }

    private async Task FlushAsync(List<InputLogEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        await _logs.PutLogEventsAsync(new PutLogEventsRequest { LogGroupName = Group, LogStreamName = Stream, LogEvents = [.. batch] }, cancellationToken).ConfigureAwait(false);
        batch.Clear();
    }

    /// <summary>Splits a line into messages of at most <see cref="MaxMessageBytes"/> UTF-8 bytes, never inside a surrogate pair.</summary>
    internal static IEnumerable<string> Pieces(string line)
    {
        var start = 0;
        var bytes = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var pair = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
            var size = pair ? 4 : line[i] < 0x80 ? 1 : line[i] < 0x800 ? 2 : 3;
            if (bytes + size > MaxMessageBytes)
            {
                yield return line[start..i];
                start = i;
                bytes = 0;
            }
            bytes += size;
            if (pair) i++;
        }
        yield return line[start..];
    }
}
