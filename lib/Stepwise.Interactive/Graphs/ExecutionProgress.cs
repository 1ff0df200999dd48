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

/// <summary>Reads an execution's history into per-state statuses and renders them.</summary>
public static class ExecutionProgress
{
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
        var statuses = Statuses(events);
        var workflowName = execution.Workflow?.Name ?? described.StateMachineArn.Split(':').ElementAtOrDefault(6) ?? "";
        var title = $"{workflowName} · {described.Name} · {described.Status}";
        return new ProgressView(StateGraph.ToSvg(machine, statuses, title), described.Status, statuses);
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
