using System.Threading.Channels;

namespace Stepwise.Container.Serving;

/// <summary>
/// A fixed set of long-lived threads that run predictions, one at a time each, in the order they were asked for.
/// Why not the thread pool: libtorch (at one intra-op thread) allocates a prediction's tensors on the calling thread,
/// and glibc gives each thread its own malloc arena for life. On pool threads a request lands on whichever thread is
/// free, so up to 8 arenas per core each kept a prediction's freed working set (<see cref="Runtime.MallocTuning"/>
/// keeps freed memory): 3.2–4.0 GB resident under the serving benchmark against 1.6 GB for gunicorn's two workers.
/// A dedicated thread per worker reuses its own arena request after request, as a gunicorn worker process reuses its heap.
/// </summary>
public sealed class PredictionThreads : IDisposable
{
    readonly Channel<Action> _queue = Channel.CreateUnbounded<Action>();
    readonly Thread[] _threads;

    /// <param name="count">Threads, i.e. predictions that run at once.</param>
    public PredictionThreads(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _threads = Enumerable.Range(1, count).Select(i => new Thread(Loop)
        {
            IsBackground = true,
            Name = $"prediction-{i}",
        }).ToArray();
        foreach (var t in _threads)
            t.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the next free prediction thread; waits in line while all are busy.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Run()
        {
            // A request whose client went away while it waited costs no prediction.
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
            }
        }
        if (!_queue.Writer.TryWrite(Run))
            return Task.FromException<T>(new ObjectDisposedException(nameof(PredictionThreads), "The server is stopping."));
        return completion.Task.WaitAsync(cancellationToken);
    }

    void Loop()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            while (reader.TryRead(out var run))
                run();
    }

    /// <summary>Takes no more work, lets what is running or waiting finish, then stops the threads; later calls fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (!_queue.Writer.TryComplete())
            return;
        foreach (var t in _threads)
            t.Join();
    }
}
