namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>Where a distributed Map keeps its Map Run and the histories of its child executions (the service's store).
/// Without one (TestState, the in-memory engine) child executions still run as executions of their own, but their
/// histories are kept nowhere.</summary>
public interface IMapRunHost
{
    /// <summary>Records a Map Run before its first child starts; UpdateMapRun changes <paramref name="limits"/> while it runs.</summary>
    Task StartMapRunAsync(MapRunStart mapRun, MapRunLimits limits, CancellationToken cancellationToken);

    /// <summary>Records a child execution and returns the journal its history goes to.</summary>
    Task<IExecutionJournal> StartChildAsync(ChildExecutionStart child, CancellationToken cancellationToken);

    /// <summary>Makes a running child execution stoppable (StopExecution on its ARN) until the returned handle is disposed;
    /// <paramref name="ended"/> completes once its end is recorded.</summary>
    IDisposable TrackChild(string executionArn, ExecutionControl control, Task ended);

    /// <summary>Records how a child execution ended.</summary>
    Task CompleteChildAsync(string executionArn, ExecutionOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Runs an ended Map Run again (its parent was redriven): RUNNING, its redrive count and date, UpdateMapRun's
    /// <paramref name="limits"/> live again, and <paramref name="pendingChildren"/> PENDING_REDRIVE until each is redriven.
    /// Returns its redrive count, this one included.</summary>
    Task<int> RedriveMapRunAsync(string mapRunArn, MapRunLimits limits, IReadOnlyList<string> pendingChildren, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Redrives an unsuccessful child execution under its own ARN (an <c>ExecutionRedriven</c> event in its history),
    /// from the state it stopped in, or from its first state when <paramref name="fromStart"/> (an EXPRESS child).</summary>
    Task<ChildRedrive> RedriveChildAsync(string executionArn, bool fromStart, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records how a Map Run ended (SUCCEEDED, FAILED or ABORTED) and how many results it wrote.</summary>
    Task CompleteMapRunAsync(string mapRunArn, string status, long resultsWritten, DateTimeOffset stopDate, CancellationToken cancellationToken);
}

/// <summary>A Map Run as it starts: <c>arn:aws:states:…:mapRun:&lt;machine&gt;/&lt;label or map name&gt;:&lt;id&gt;</c>.</summary>
/// <param name="StateMachineArn">The child executions' state machine: <c>…:stateMachine:&lt;machine&gt;/&lt;label or map name&gt;</c>.</param>
/// <param name="TotalItems">Items read (before batching).</param>
/// <param name="TotalExecutions">Child executions to run (one per item, or per batch).</param>
public sealed record MapRunStart(
    string MapRunArn,
    string ExecutionArn,
    string StateMachineArn,
    DateTimeOffset StartDate,
    int MaxConcurrency,
    double ToleratedFailurePercentage,
    long ToleratedFailureCount,
    long TotalItems,
    long TotalExecutions);

/// <summary>A child execution being redriven: the journal its history goes on in and where it resumes, or, when it cannot
/// be redriven (<see cref="Journal"/> null), its last error and cause, which stay its outcome.</summary>
public sealed record ChildRedrive(
    IExecutionJournal? Journal,
    Checkpoint? Resume,
    long LastEventId,
    int RedriveCount,
    string Name,
    string Input,
    DateTimeOffset StartDate,
    string? Error,
    string? Cause);

/// <summary>A child execution of a Map Run as it starts.</summary>
/// <param name="ItemCount">The items it processes (one, or its batch's).</param>
public sealed record ChildExecutionStart(
    string ExecutionArn,
    string Name,
    string StateMachineArn,
    string MapRunArn,
    string Definition,
    string RoleArn,
    string Input,
    int ItemCount,
    DateTimeOffset StartDate);

/// <summary>The settings of a running Map: how many iterations run at once and how many failures it tolerates.
/// UpdateMapRun changes them while a distributed Map runs; waiting iterations see the change at once.</summary>
public sealed class MapRunLimits(int maxConcurrency, long? toleratedFailureCount, double? toleratedFailurePercentage)
{
    private readonly object _gate = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private int _running;

    /// <summary>0 means no limit beyond the engine's own number of workers.</summary>
    public int MaxConcurrency { get; private set; } = maxConcurrency;

    public long? ToleratedFailureCount { get; private set; } = toleratedFailureCount;

    public double? ToleratedFailurePercentage { get; private set; } = toleratedFailurePercentage;

    /// <summary>True when failed iterations are counted instead of failing the Map at the first one.</summary>
    public bool Tolerant
    {
        get { lock (_gate) return ToleratedFailureCount is not null || ToleratedFailurePercentage is not null; }
    }

    /// <summary>True when <paramref name="failures"/> of <paramref name="total"/> crosses a threshold.</summary>
    public bool Exceeded(int failures, int total)
    {
        lock (_gate)
            return failures > (ToleratedFailureCount ?? long.MaxValue) || 100.0 * failures / total > (ToleratedFailurePercentage ?? 100);
    }

    /// <summary>Changes what is given (UpdateMapRun); null leaves a setting as it is.</summary>
    public void Update(int? maxConcurrency, long? toleratedFailureCount, double? toleratedFailurePercentage)
    {
        List<TaskCompletionSource> waking;
        lock (_gate)
        {
            if (maxConcurrency is { } max) MaxConcurrency = max;
            if (toleratedFailureCount is { } count) ToleratedFailureCount = count;
            if (toleratedFailurePercentage is { } percentage) ToleratedFailurePercentage = percentage;
            waking = [.. _waiters];
            _waiters.Clear();
        }
        foreach (var waiter in waking) waiter.TrySetResult();
    }

    /// <summary>Waits for a free slot under <see cref="MaxConcurrency"/>.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (MaxConcurrency == 0 || _running < MaxConcurrency)
                {
                    _running++;
                    return;
                }
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(waiter);
                wait = waiter.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back a slot taken by <see cref="AcquireAsync"/>.</summary>
    public void Release()
    {
        List<TaskCompletionSource> waking;
        lock (_gate)
        {
            _running--;
            waking = [.. _waiters];
            _waiters.Clear();
        }
        foreach (var waiter in waking) waiter.TrySetResult();
    }
}
