using Stepwise.Interactive.Diagrams;
using Stepwise.Workflows;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows.Asl;

namespace Stepwise.Interactive.Graphs;

/// <summary>The state graph of an execution coloured by how far it got: the Python SDK's <c>render_progress()</c>.</summary>
/// <param name="Svg">The coloured graph.</param>
/// <param name="Status">The execution's status (RUNNING, SUCCEEDED, …).</param>
/// <param name="Statuses">Each state's status, by name.</param>
public sealed record ProgressView(string Svg, string Status, IReadOnlyDictionary<string, NodeStatus> Statuses)
{
    public override string ToString() => Svg;
}

/// <summary>What an execution's history says about its graph: each state's status, the transitions it took (by state
/// name, <c>Start</c>/<c>End</c> for the markers), and a note for each state waiting for a retry.</summary>
public sealed record ProgressTrace(
    IReadOnlyDictionary<string, NodeStatus> Statuses,
    IReadOnlySet<(string From, string To)> Taken,
    IReadOnlyDictionary<string, string> Notes);

/// <summary>Reads an execution's history into per-state statuses and renders them.</summary>
public static class ExecutionProgress
{
    /// <summary>The name <see cref="ProgressTrace.Taken"/> gives the Start marker.</summary>
    public const string Start = "Start";

    /// <summary>The name <see cref="ProgressTrace.Taken"/> gives the End marker.</summary>
    public const string End = "End";

    /// <summary>Statuses as <see cref="Statuses"/> gives them, plus the path taken and, for a running execution, the
    /// states that failed an attempt and wait for a retry of their definition (<see cref="NodeStatus.Retrying"/>, with
    /// "attempt n of m, next in s" as of <paramref name="now"/>) instead of showing them red while they may still succeed.</summary>
    public static ProgressTrace Trace(IEnumerable<HistoryEvent> events, StateMachine? machine = null, DateTimeOffset? now = null)
    {
        var ordered = events.OrderBy(e => e.Id).ToArray();
        var statuses = new Dictionary<string, NodeStatus>(Statuses(ordered), StringComparer.Ordinal);
        var taken = new HashSet<(string, string)>();
        var stateOfEvent = new Dictionary<long, (string? State, bool Exited)>();
        var failures = new Dictionary<string, List<HistoryEvent>>(StringComparer.Ordinal);
        var running = true;
        foreach (var e in ordered)
        {
            var (state, exited) = stateOfEvent.TryGetValue(e.PreviousEventId ?? 0, out var previous) ? previous : (null, false);
            if (e.Type == HistoryEventType.ExecutionStarted)
                (state, exited) = (Start, true);
            if (e.StateEnteredEventDetails is { } entered)
            {
                if (state is not null && (exited || statuses.GetValueOrDefault(state) == NodeStatus.Caught)) taken.Add((state, entered.Name));
                (state, exited) = (entered.Name, false);
                failures[entered.Name] = [];
            }
            else if (e.StateExitedEventDetails is { } left)
                (state, exited) = (left.Name, true);
            else if (state is not null && !exited && IsFailure(e.Type) && failures.TryGetValue(state, out var list))
                list.Add(e);
            else if (e.Type is HistoryEventType.ExecutionSucceeded && state is not null && exited)
                taken.Add((state, End));
            if (e.Type is HistoryEventType.ExecutionSucceeded or HistoryEventType.ExecutionFailed or HistoryEventType.ExecutionAborted
                or HistoryEventType.ExecutionTimedOut)
                running = false;
            stateOfEvent[e.Id] = (state, exited);
        }

        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (running && machine is not null)
        {
            var definitions = AllStates(machine).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var (name, failed) in failures)
            {
                if (statuses.GetValueOrDefault(name) != NodeStatus.Failed || failed.Count == 0 || !definitions.TryGetValue(name, out var definition))
                    continue;
                var error = ErrorOf(failed[^1]);
                // As Step Functions matches retriers: the error's name, States.ALL, or States.TaskFailed for any error but a timeout.
                var retrier = definition.Retriers().FirstOrDefault(r => r.ErrorEquals.Contains(error) || r.ErrorEquals.Contains("States.ALL")
                    || (r.ErrorEquals.Contains("States.TaskFailed") && error != "States.Timeout"));
                var maxAttempts = retrier?.MaxAttempts ?? 3;
                if (retrier is null || failed.Count > maxAttempts)
                    continue;
                var delay = Math.Min((retrier.IntervalSeconds ?? 1) * Math.Pow(retrier.BackoffRate ?? 2.0, failed.Count - 1), retrier.MaxDelaySeconds ?? double.MaxValue);
                var next = failed[^1].Timestamp.AddSeconds(delay);
                var wait = Math.Max(0, Math.Ceiling((next - (now ?? DateTimeOffset.UtcNow)).TotalSeconds));
                statuses[name] = NodeStatus.Retrying;
                notes[name] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"retrying after {error}: retry {failed.Count} of {maxAttempts}, next attempt in {wait:0} s");
            }
        }
        return new ProgressTrace(statuses, taken, notes);
    }

    private static IEnumerable<State> AllStates(StateMachine machine) =>
        machine.States.SelectMany(s => new[] { s }.Concat(s.Children().SelectMany(AllStates)));

    private static string ErrorOf(HistoryEvent e) =>
        e.TaskFailedEventDetails?.Error ?? e.LambdaFunctionFailedEventDetails?.Error ?? e.ActivityFailedEventDetails?.Error
        ?? e.TaskTimedOutEventDetails?.Error ?? e.LambdaFunctionTimedOutEventDetails?.Error
        ?? (e.Type is HistoryEventType.TaskTimedOut or HistoryEventType.LambdaFunctionTimedOut or HistoryEventType.ActivityTimedOut ? "States.Timeout" : "States.TaskFailed");

    /// <summary>Each state's status from a history: entered → in progress, exited → succeeded, a failure event →
    /// failed, failed and then left for another state (a Catch) → caught, still running when the execution was
    /// aborted → cancelled. Retries put a failed state back in progress.</summary>
    public static IReadOnlyDictionary<string, NodeStatus> Statuses(IEnumerable<HistoryEvent> events)
    {
        var statuses = new Dictionary<string, NodeStatus>(StringComparer.Ordinal);
        var stateOfEvent = new Dictionary<long, string?>();
        foreach (var e in events.OrderBy(e => e.Id))
        {
            var state = stateOfEvent.TryGetValue(e.PreviousEventId ?? 0, out var previous) ? previous : null;
            if (e.StateEnteredEventDetails is { } entered)
            {
                if (state is not null && statuses.GetValueOrDefault(state) == NodeStatus.Failed) statuses[state] = NodeStatus.Caught;
                state = entered.Name;
                statuses[state] = e.Type == HistoryEventType.FailStateEntered ? NodeStatus.Failed : NodeStatus.InProgress;
            }
            else if (e.StateExitedEventDetails is { } exited)
            {
                statuses[exited.Name] = NodeStatus.Succeeded;
                state = exited.Name;
            }
            else if (state is not null && IsFailure(e.Type))
            {
                statuses[state] = NodeStatus.Failed;
            }
            else if (state is not null && e.Type is HistoryEventType.TaskScheduled or HistoryEventType.LambdaFunctionScheduled)
            {
                statuses[state] = NodeStatus.InProgress;
            }
            else if (e.Type is HistoryEventType.ExecutionFailed or HistoryEventType.ExecutionTimedOut)
            {
                foreach (var running in statuses.Where(s => s.Value == NodeStatus.InProgress).Select(s => s.Key).ToList()) statuses[running] = NodeStatus.Failed;
            }
            else if (e.Type == HistoryEventType.ExecutionAborted)
            {
                foreach (var running in statuses.Where(s => s.Value == NodeStatus.InProgress).Select(s => s.Key).ToList()) statuses[running] = NodeStatus.Cancelled;
            }
            stateOfEvent[e.Id] = state;
        }
        return statuses;
    }

    private static bool IsFailure(string type) => type is HistoryEventType.TaskFailed or HistoryEventType.TaskTimedOut
        or HistoryEventType.TaskStartFailed or HistoryEventType.TaskSubmitFailed or HistoryEventType.LambdaFunctionFailed
        or HistoryEventType.LambdaFunctionTimedOut or HistoryEventType.ParallelStateFailed or HistoryEventType.MapStateFailed
        or HistoryEventType.ActivityFailed or HistoryEventType.ActivityTimedOut;

    /// <summary>The execution's progress now, drawn over its workflow's graph.</summary>
    public static async Task<ProgressView> RenderProgressAsync(this Execution execution, CancellationToken cancellationToken = default)
    {
        var described = await execution.DescribeAsync(cancellationToken).ConfigureAwait(false);
        var machine = execution.Workflow?.Definition ?? StateMachine.FromJson((await execution.Client.DescribeStateMachineForExecutionAsync(
            new DescribeStateMachineForExecutionInput { ExecutionArn = execution.ExecutionArn }, cancellationToken).ConfigureAwait(false)).Definition);
        var events = await execution.ListEventsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var trace = Trace(events, machine, execution.Time.GetUtcNow());
        var workflowName = execution.Workflow?.Name ?? described.StateMachineArn.Split(':').ElementAtOrDefault(6) ?? "";
        var title = $"{workflowName} · {described.Name} · {described.Status}" +
            string.Concat(trace.Notes.Select(n => $" · '{n.Key}' {n.Value}"));
        return new ProgressView(StateGraph.ToSvg(machine, trace, title), described.Status, trace.Statuses);
    }

    /// <summary>Redraws the progress until the execution ends, calling <paramref name="update"/> with each new
    /// picture (in a notebook: <c>var shown = display(view); … shown.Update(next)</c>). Returns the final one.</summary>
    public static async Task<ProgressView> WatchProgressAsync(this Execution execution, Action<ProgressView> update, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ProgressView? last = null;
        while (true)
        {
            var view = await execution.RenderProgressAsync(cancellationToken).ConfigureAwait(false);
            if (last is null || view.Svg != last.Svg) update(view);
            last = view;
            if (view.Status != ExecutionStatus.Running) return view;
            await Task.Delay(interval ?? execution.PollInterval, execution.Time, cancellationToken).ConfigureAwait(false);
        }
    }
}
