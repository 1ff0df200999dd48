namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>The engine's source of time. Wait states and retry back-offs <see cref="SleepAsync">sleep</see>
/// on it; task timeouts and heartbeats are <see cref="DelayAsync">delays</see> that a concurrent sleep can
/// make fire. <see cref="SystemClock"/> is real time; <see cref="VirtualClock"/> lets tests run a
/// day-long workflow in milliseconds.</summary>
public interface IClock
{
    /// <summary>The current time.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Waits on behalf of the workflow (a Wait state, a retry interval).</summary>
    Task SleepAsync(TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Completes once <paramref name="duration"/> has passed: a deadline watched while other work runs.</summary>
    Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken);
}

/// <summary>Wall-clock time: what users get.</summary>
public sealed class SystemClock : IClock
{
    public static SystemClock Instance { get; } = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public async Task SleepAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        // Task.Delay accepts at most ~49.7 days; longer waits (a Wait state may last a year) are re-armed.
        var end = UtcNow + duration;
        for (var left = duration; left > TimeSpan.Zero; left = end - UtcNow)
            await Task.Delay(left > MaxDelay ? MaxDelay : left, cancellationToken).ConfigureAwait(false);
    }

    public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken) => SleepAsync(duration, cancellationToken);

    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(49);
}

/// <summary>Simulated time for tests: a sleep advances the clock at once, and every delay whose deadline
/// the clock passes completes. Time is shared, so a sleep in one branch can fire another branch's timeout,
/// as the same wait would in real time.</summary>
public sealed class VirtualClock(DateTimeOffset start) : IClock
{
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset Deadline, TaskCompletionSource Signal)> _timers = [];
    private DateTimeOffset _now = start;

    public VirtualClock() : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    public DateTimeOffset UtcNow { get { lock (_gate) return _now; } }

    public Task SleepAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Advance(duration);
        return Task.CompletedTask;
    }

    public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (duration <= TimeSpan.Zero) return Task.CompletedTask;
            _timers.Add((_now + duration, signal));
        }
        cancellationToken.Register(() => signal.TrySetCanceled(cancellationToken));
        return signal.Task;
    }

    /// <summary>Moves time forward, firing the delays that fall due.</summary>
    public void Advance(TimeSpan duration)
    {
        List<TaskCompletionSource> due;
        lock (_gate)
        {
            if (duration > TimeSpan.Zero) _now += duration;
            var now = _now;
            due = [.. _timers.Where(t => t.Deadline <= now).Select(t => t.Signal)];
            _timers.RemoveAll(t => t.Deadline <= now);
        }
        foreach (var signal in due) signal.TrySetResult();
    }
}
