using System.Threading.Channels;

namespace Stepwise.Local.Logs;

/// <summary>
/// A log stream a service writes to without waiting: <see cref="Write(LogLine)"/> only queues the line; one background
/// pump takes everything queued so far and stores it as one batch through the <see cref="ILogSink"/>, so the stream
/// keeps the order of the writes and a burst costs one write, not one per line. Delivery is best effort, as CloudWatch
/// Logs' is for AWS services: a failed write is kept in <see cref="LastError"/> and never reaches the writer.
/// <see cref="FlushAsync"/> waits for what was written before it; <see cref="DisposeAsync"/> drains the queue.
/// </summary>
public sealed class BufferedLogStream : IAsyncDisposable
{
    private readonly record struct Item(LogLine Line, TaskCompletionSource? Flushed);

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogSink _sink;
    private readonly bool _createGroup;
    private readonly Task _pump;

    /// <summary>A stream of <paramref name="group"/>; the group is created on the first write when <paramref name="createGroup"/> is set.</summary>
    public BufferedLogStream(ILogSink sink, string group, string stream, bool createGroup)
    {
        _sink = sink;
        _createGroup = createGroup;
        Group = group;
        Stream = stream;
        _pump = Task.Run(PumpAsync);
    }

    public string Group { get; }

    public string Stream { get; }

    /// <summary>The last write that failed (the group deleted, a disposed store…), or null.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Queues a line (dropped once the stream is disposed).</summary>
    public void Write(LogLine line) => _queue.Writer.TryWrite(new Item(line, null));

    /// <summary>Completes once every line written before the call is stored (or has failed).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(new Item(default, flushed)) ? flushed.Task.WaitAsync(cancellationToken) : _pump.WaitAsync(cancellationToken);
    }

    /// <summary>Stores what is queued, then stops the pump.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        var batch = new List<LogLine>();
        var flushed = new List<TaskCompletionSource>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_queue.Reader.TryRead(out var item))
            {
                if (item.Flushed is { } waiter) flushed.Add(waiter);
                else batch.Add(item.Line);
            }
            if (batch.Count > 0)
            {
                try
                {
                    await _sink.WriteAsync(Group, Stream, batch, _createGroup).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    LastError = error;
                }
                batch.Clear();
            }
            foreach (var waiter in flushed) waiter.TrySetResult();
            flushed.Clear();
        }
    }
}
