namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>The tasks that Task states with an activity ARN have scheduled, waiting for a worker's GetActivityTask;
/// and the workers waiting for a task. A task goes to one worker; its token is a <see cref="TaskTokens"/> token,
/// so SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat complete it as they complete a callback.</summary>
/// <param name="exists">Whether an activity exists (a task for one that does not fails to schedule).</param>
public sealed class ActivityTasks(Func<string, bool> exists)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<ScheduledActivity>> _scheduled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinkedList<TaskCompletionSource<ScheduledActivity?>>> _pollers = new(StringComparer.Ordinal);

    public ActivityTasks() : this(_ => true) { }

    public bool Exists(string activityArn) => exists(activityArn);

    /// <summary>Schedules a task: the first waiting worker gets it, or the next one to poll.</summary>
    public ScheduledActivity Schedule(string activityArn, string input, PendingTask pending)
    {
        var task = new ScheduledActivity(activityArn, input, pending, this);
        lock (_gate)
        {
            if (_pollers.TryGetValue(activityArn, out var pollers))
            {
                while (pollers.First is { } poller)
                {
                    pollers.RemoveFirst();
                    if (poller.Value.TrySetResult(task)) return task;
                }
            }
            if (!_scheduled.TryGetValue(activityArn, out var queue)) _scheduled[activityArn] = queue = new Queue<ScheduledActivity>();
            queue.Enqueue(task);
        }
        return task;
    }

    /// <summary>The next task of the activity, waiting up to <paramref name="wait"/> for one; null when none came.</summary>
    public async Task<ScheduledActivity?> PollAsync(string activityArn, TimeSpan wait, Runtime.IClock clock, CancellationToken cancellationToken)
    {
        TaskCompletionSource<ScheduledActivity?> poller;
        LinkedListNode<TaskCompletionSource<ScheduledActivity?>> node;
        lock (_gate)
        {
            if (_scheduled.TryGetValue(activityArn, out var queue))
                while (queue.TryDequeue(out var task))
                    if (!task.Withdrawn) return task;
            poller = new TaskCompletionSource<ScheduledActivity?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_pollers.TryGetValue(activityArn, out var pollers)) _pollers[activityArn] = pollers = new LinkedList<TaskCompletionSource<ScheduledActivity?>>();
            node = pollers.AddLast(poller);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = clock.DelayAsync(wait, stop.Token);
        await Task.WhenAny(poller.Task, timeout).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            // Timed out or cancelled: unless a task was handed over meanwhile, the worker leaves empty-handed.
            if (poller.TrySetResult(null)) node.List?.Remove(node);
        }
        var handed = await poller.Task.ConfigureAwait(false);
        if (handed is null) cancellationToken.ThrowIfCancellationRequested();
        return handed;
    }

    internal void Withdraw(ScheduledActivity task)
    {
        lock (_gate) task.Withdrawn = true;
    }
}

/// <summary>A task scheduled for an activity: its input, its token, and the worker that took it.</summary>
public sealed class ScheduledActivity
{
    private readonly TaskCompletionSource<string?> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActivityTasks _owner;

    internal ScheduledActivity(string activityArn, string input, PendingTask pending, ActivityTasks owner)
    {
        ActivityArn = activityArn;
        Input = input;
        Pending = pending;
        _owner = owner;
    }

    public string ActivityArn { get; }

    public string Input { get; }

    /// <summary>The token GetActivityTask hands out, and the completion SendTask* gives.</summary>
    public PendingTask Pending { get; }

    /// <summary>Completes with the worker's name (null when it gave none) once a worker has taken the task.</summary>
    public Task<string?> Started => _started.Task;

    /// <summary>True once its state has ended (timed out, stopped): no worker is given it any more.</summary>
    internal bool Withdrawn { get; set; }

    /// <summary>A worker took the task.</summary>
    public void Start(string? workerName) => _started.TrySetResult(workerName);

    /// <summary>Its state ended: a worker polling later does not get it.</summary>
    public void Withdraw() => _owner.Withdraw(this);
}
