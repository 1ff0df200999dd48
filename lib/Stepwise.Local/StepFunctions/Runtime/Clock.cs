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

/// <summary>The engine's clock over a .NET <see cref="TimeProvider"/> (the system's, or <c>FakeTimeProvider</c> in tests),
/// so that the local cloud has one source of time for every service.</summary>
public sealed class TimeProviderClock(TimeProvider time) : IClock
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(49);

    /// <summary>The time provider read.</summary>
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    public async Task SleepAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        // Timers accept at most ~49.7 days; longer waits (a Wait state may last a year) are re-armed.
        var end = UtcNow + duration;
        for (var left = duration; left > TimeSpan.Zero; left = end - UtcNow)
            await Task.Delay(left > MaxDelay ? MaxDelay : left, Time, cancellationToken).ConfigureAwait(false);
    }

    public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken) => SleepAsync(duration, cancellationToken);
}

/// <summary>A <see cref="VirtualClock"/> seen as a .NET <see cref="TimeProvider"/>: what the other local services and
/// <c>Task.Delay(…, provider)</c> read while the engine skips time.</summary>
public sealed class VirtualTimeProvider(VirtualClock clock) : TimeProvider
{
    /// <summary>The virtual clock behind it.</summary>
    public VirtualClock Clock { get; } = clock;

    public override DateTimeOffset GetUtcNow() => Clock.UtcNow;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new VirtualTimer(Clock, callback, state, dueTime, period);

    private sealed class VirtualTimer : ITimer
    {
        private readonly VirtualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private CancellationTokenSource _armed = new();

        public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var previous = Interlocked.Exchange(ref _armed, new CancellationTokenSource());
            previous.Cancel();
            previous.Dispose();
            if (dueTime != Timeout.InfiniteTimeSpan)
                _ = RunAsync(dueTime, period, _armed.Token);
            return true;
        }

        private async Task RunAsync(TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
        {
            try
            {
                await _clock.DelayAsync(dueTime, cancellationToken).ConfigureAwait(false);
                _callback(_state);
                while (period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
                {
                    await _clock.DelayAsync(period, cancellationToken).ConfigureAwait(false);
                    _callback(_state);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose() => _armed.Cancel();

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
