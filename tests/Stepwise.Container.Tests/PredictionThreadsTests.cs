using System.Collections.Concurrent;
using Stepwise.Container.Serving;

namespace Stepwise.Container.Tests;

public sealed class PredictionThreadsTests
{
    [Fact]
    public async Task Work_runs_on_the_same_few_threads_request_after_request()
    {
        using var threads = new PredictionThreads(2);
        var seen = new ConcurrentDictionary<int, string?>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => threads.RunAsync(() =>
        {
            seen[Environment.CurrentManagedThreadId] = Thread.CurrentThread.Name;
            Thread.Sleep(5);
            return i;
        })));
        Assert.InRange(seen.Count, 1, 2);
        Assert.All(seen.Values, name => Assert.StartsWith("prediction-", name));
    }

    [Fact]
    public async Task Results_and_exceptions_reach_the_caller()
    {
        using var threads = new PredictionThreads(1);
        Assert.Equal(42, await threads.RunAsync(() => 42));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => threads.RunAsync<int>(() => throw new InvalidDataException("bad image")));
        Assert.Equal("bad image", e.Message);
        Assert.Equal(7, await threads.RunAsync(() => 7)); // the thread survived the exception
    }

    [Fact]
    public async Task Work_cancelled_while_it_waits_never_runs()
    {
        using var threads = new PredictionThreads(1);
        using var release = new ManualResetEventSlim();
        var busy = threads.RunAsync(() => release.Wait(TimeSpan.FromSeconds(10)));
        using var cts = new CancellationTokenSource();
        bool ran = false;
        var waiting = threads.RunAsync(() => ran = true, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.Set();
        Assert.True(await busy);
        await threads.RunAsync(() => 0); // runs after the cancelled item was skipped
        Assert.False(ran);
    }

    [Fact]
    public async Task Dispose_lets_queued_work_finish_and_refuses_new_work()
    {
        var threads = new PredictionThreads(1);
        var queued = Enumerable.Range(0, 3).Select(i => threads.RunAsync(() => { Thread.Sleep(20); return i; })).ToArray();
        threads.Dispose();
        var results = await Task.WhenAll(queued);
        Assert.Equal(new[] { 0, 1, 2 }, results);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => threads.RunAsync(() => 1));
    }
}
