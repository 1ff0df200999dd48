using System.Collections.Concurrent;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.StepFunctions;

/// <summary>Distributed Maps' Map Runs (DescribeMapRun, ListMapRuns, UpdateMapRun) and their child executions, which
/// keep their own histories in the store as on AWS.</summary>
public sealed partial class LocalStepFunctions
{
    // The limits of the Map Runs running now: UpdateMapRun changes them in flight.
    private readonly ConcurrentDictionary<string, MapRunLimits> _liveMapRuns = new(StringComparer.Ordinal);

    private IMapRunHost? _mapRunHost;

    /// <summary>The store of this service's Map Runs and child executions, handed to each execution it runs.</summary>
    private IMapRunHost MapRunHost => _mapRunHost ??= new StoredMapRuns(this);

    public Task<DescribeMapRunOutput> DescribeMapRunAsync(DescribeMapRunInput input, CancellationToken cancellationToken = default)
    {
        var run = RequireMapRun(input.MapRunArn);
        var counts = _store.MapRunCounts(run.Arn);
        long Executions(string status) => counts.Where(c => c.Status == status).Sum(c => c.Executions);
        long Items(string status) => counts.Where(c => c.Status == status).Sum(c => c.Items);
        var startedExecutions = counts.Sum(c => c.Executions);
        var startedItems = counts.Sum(c => c.Items);
        // Unsuccessful children a redrive of the parent would not run again.
        var now = _options.Clock.UtcNow;
        var notRedrivable = new[] { ExecutionStatus.Failed, ExecutionStatus.TimedOut, ExecutionStatus.Aborted }
            .Where(status => Executions(status) > 0)
            .SelectMany(status => _store.ListExecutions(null, status, 0, int.MaxValue, run.Arn))
            .Where(c => !ChildRedrivable(c, c.Status, now))
            .ToList();
        return Task.FromResult(new DescribeMapRunOutput
        {
            MapRunArn = run.Arn,
            ExecutionArn = run.ExecutionArn,
            Status = run.Status,
            StartDate = run.StartDate,
            StopDate = run.StopDate,
            MaxConcurrency = run.MaxConcurrency,
            ToleratedFailurePercentage = run.ToleratedFailurePercentage,
            ToleratedFailureCount = run.ToleratedFailureCount,
            ItemCounts = new MapRunItemCounts
            {
                Pending = Math.Max(0, run.TotalItems - startedItems),
                Running = Items(ExecutionStatus.Running),
                Succeeded = Items(ExecutionStatus.Succeeded),
                Failed = Items(ExecutionStatus.Failed),
                TimedOut = Items(ExecutionStatus.TimedOut),
                Aborted = Items(ExecutionStatus.Aborted),
                Total = run.TotalItems,
                ResultsWritten = run.ResultsWritten == 0 ? 0 : run.TotalItems,
                FailuresNotRedrivable = notRedrivable.Sum(c => (long)(c.ItemCount ?? 1)),
                PendingRedrive = Items(ExecutionStatus.PendingRedrive),
            },
            ExecutionCounts = new MapRunExecutionCounts
            {
                Pending = Math.Max(0, run.TotalExecutions - startedExecutions),
                Running = Executions(ExecutionStatus.Running),
                Succeeded = Executions(ExecutionStatus.Succeeded),
                Failed = Executions(ExecutionStatus.Failed),
                TimedOut = Executions(ExecutionStatus.TimedOut),
                Aborted = Executions(ExecutionStatus.Aborted),
                Total = run.TotalExecutions,
                ResultsWritten = run.ResultsWritten,
                FailuresNotRedrivable = notRedrivable.Count,
                PendingRedrive = Executions(ExecutionStatus.PendingRedrive),
            },
            RedriveCount = run.RedriveCount,
            RedriveDate = run.RedriveDate,
        });
    }

    public Task<ListMapRunsOutput> ListMapRunsAsync(ListMapRunsInput input, CancellationToken cancellationToken = default)
    {
        RequireExecution(input.ExecutionArn);
        var (offset, limit) = Paging.Window(input.NextToken, input.MaxResults);
        var page = _store.ListMapRuns(input.ExecutionArn, offset, limit + 1);
        return Task.FromResult(new ListMapRunsOutput
        {
            MapRuns = [.. page.Take(limit).Select(r => new MapRunListItem
            {
                ExecutionArn = r.ExecutionArn,
                MapRunArn = r.Arn,
                StateMachineArn = r.StateMachineArn,
                StartDate = r.StartDate,
                StopDate = r.StopDate,
            })],
            NextToken = page.Count > limit ? Paging.Token(offset + limit) : null,
        });
    }

    public async Task<UpdateMapRunOutput> UpdateMapRunAsync(UpdateMapRunInput input, CancellationToken cancellationToken = default)
    {
        // The model's bounds: MaxConcurrency ≥ 0, ToleratedFailurePercentage 0..100, ToleratedFailureCount ≥ 0.
        var problems = new List<string>();
        if (input.MaxConcurrency is < 0)
            problems.Add($"Value '{input.MaxConcurrency}' at 'maxConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 0");
        if (input.ToleratedFailurePercentage is < 0)
            problems.Add($"Value '{input.ToleratedFailurePercentage}' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value greater than or equal to 0");
        if (input.ToleratedFailurePercentage is > 100)
            problems.Add($"Value '{input.ToleratedFailurePercentage}' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100");
        if (input.ToleratedFailureCount is < 0)
            problems.Add($"Value '{input.ToleratedFailureCount}' at 'toleratedFailureCount' failed to satisfy constraint: Member must have value greater than or equal to 0");
        if (problems.Count > 0) throw StepFunctionsException.Validation(problems);
        var run = RequireMapRun(input.MapRunArn);
        // Wording without a source: AWS documents the requirement (at least one setting), not its message.
        if (input.MaxConcurrency is null && input.ToleratedFailurePercentage is null && input.ToleratedFailureCount is null)
            throw StepFunctionsException.Validation("At least one of the parameters maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified");
        await _store.UpdateMapRunAsync(run.Arn, input.MaxConcurrency, input.ToleratedFailurePercentage, input.ToleratedFailureCount, cancellationToken).ConfigureAwait(false);
        if (_liveMapRuns.TryGetValue(run.Arn, out var limits))
            limits.Update(input.MaxConcurrency, input.ToleratedFailureCount, input.ToleratedFailurePercentage);
        return new UpdateMapRunOutput();
    }

    /// <summary>AWS's hard limit on redrives of one Map Run.</summary>
    private const int MaxMapRunRedrives = 1000;

    // Per Map Run being redriven: its children still waiting for their redrive, with the status each had before.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _pendingRedrives = new(StringComparer.Ordinal);

    /// <summary>Whether an unsuccessful child can be redriven by its Map Run: not when its history reached AWS's event
    /// limit or it ended more than 14 days ago (AWS's redrive-map-run page).</summary>
    private static bool ChildRedrivable(ExecutionRecord child, string status, DateTimeOffset now) =>
        status is ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Aborted or ExecutionStatus.PendingRedrive
        && !(child.Error == StatesErrors.Runtime && child.Cause?.StartsWith("The execution reached the maximum number of history events", StringComparison.Ordinal) == true)
        && !(child.StopDate is { } stopped && now - stopped > RedrivablePeriod);

    private MapRunRecord RequireMapRun(string arn)
    {
        Arns.CheckMapRun(arn);
        return _store.GetMapRun(arn) ?? throw StepFunctionsException.ResourceNotFound(arn);
    }

    /// <summary>The store as the engine's <see cref="IMapRunHost"/>.</summary>
    private sealed class StoredMapRuns(LocalStepFunctions service) : IMapRunHost
    {
        public async Task StartMapRunAsync(MapRunStart mapRun, MapRunLimits limits, CancellationToken cancellationToken)
        {
            service._liveMapRuns[mapRun.MapRunArn] = limits;
            await service._store.InsertMapRunAsync(new MapRunRecord(mapRun.MapRunArn, mapRun.ExecutionArn, mapRun.StateMachineArn, ExecutionStatus.Running,
                mapRun.StartDate, null, mapRun.MaxConcurrency, mapRun.ToleratedFailurePercentage, mapRun.ToleratedFailureCount,
                mapRun.TotalItems, mapRun.TotalExecutions, 0), cancellationToken).ConfigureAwait(false);
        }

        public async Task<IExecutionJournal> StartChildAsync(ChildExecutionStart child, CancellationToken cancellationToken)
        {
            var record = new ExecutionRecord(child.ExecutionArn, child.Name, child.StateMachineArn, null, ExecutionStatus.Running, child.Input,
                null, null, null, child.StartDate, null, child.Definition, child.RoleArn, null, null, 0)
            {
                MapRunArn = child.MapRunArn,
                ItemCount = child.ItemCount,
            };
            await service._store.InsertExecutionAsync(record, cancellationToken, durable: false).ConfigureAwait(false);
            // A child's end is not waited for: were it lost in a crash, its Map would run again (and the Map's own end commits after it).
            return service._store.JournalFor(child.ExecutionArn, end: JournalEnd.OutcomeSoon);
        }

        public IDisposable TrackChild(string executionArn, ExecutionControl control, Task ended)
        {
            var running = new RunningExecution(control, ended);
            service._running[executionArn] = running;
            return new Untrack(() => service._running.TryRemove(KeyValuePair.Create(executionArn, running)));
        }

        private sealed class Untrack(Action remove) : IDisposable
        {
            public void Dispose() => remove();
        }

        // The child's journal recorded its outcome when it ended.
        public Task CompleteChildAsync(string executionArn, ExecutionOutcome outcome, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task CompleteMapRunAsync(string mapRunArn, string status, long resultsWritten, DateTimeOffset stopDate, CancellationToken cancellationToken)
        {
            // The children's outcomes are queued for the next commit when they end: committed before the Map Run ends, so
            // its counts (DescribeMapRun, ListExecutions by map run) are final once it says it ended, as on AWS.
            await service._store.FlushAsync(cancellationToken).ConfigureAwait(false);
            // Children still waiting for their redrive when the Map Run ends keep their last status (PENDING_REDRIVE resets to 0).
            if (service._pendingRedrives.TryRemove(mapRunArn, out var pending))
                foreach (var (child, previous) in pending)
                    await service._store.SetChildStatusAsync(child, previous, cancellationToken).ConfigureAwait(false);
            await service._store.CompleteMapRunAsync(mapRunArn, status, resultsWritten, stopDate, cancellationToken).ConfigureAwait(false);
            service._liveMapRuns.TryRemove(mapRunArn, out _);
        }

        public async Task<int> RedriveMapRunAsync(string mapRunArn, MapRunLimits limits, IReadOnlyList<string> pendingChildren, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var run = service._store.GetMapRun(mapRunArn) ?? throw new StatesException(StatesErrors.Runtime, $"The Map Run '{mapRunArn}' does not exist.");
            // AWS's hard limit of 1000 redrives of a Map Run (the wording is local; AWS names only the States.Runtime error).
            if (run.RedriveCount >= MaxMapRunRedrives)
                throw new StatesException(StatesErrors.Runtime, $"The Map Run '{mapRunArn}' has been redriven {MaxMapRunRedrives} times, the maximum.");
            var count = run.RedriveCount + 1;
            service._liveMapRuns[mapRunArn] = limits;
            var waiting = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            foreach (var child in pendingChildren)
                if (service._store.GetExecution(child) is { } record)
                {
                    waiting[child] = record.Status;
                    await service._store.SetChildStatusAsync(child, ExecutionStatus.PendingRedrive, cancellationToken).ConfigureAwait(false);
                }
            service._pendingRedrives[mapRunArn] = waiting;
            await service._store.RedriveMapRunAsync(mapRunArn, count, now, cancellationToken).ConfigureAwait(false);
            return count;
        }

        public async Task<ChildRedrive> RedriveChildAsync(string executionArn, bool fromStart, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var child = service._store.GetExecution(executionArn) ?? throw new StatesException(StatesErrors.Runtime, $"The child execution '{executionArn}' does not exist.");
            var previous = child.Status;
            if (child.MapRunArn is { } mapRunArn && service._pendingRedrives.TryGetValue(mapRunArn, out var waiting) && waiting.TryRemove(executionArn, out var before))
                previous = before;
            // Not redrivable (its history is full, or it ended over 14 days ago): its last error stays its outcome.
            if (!ChildRedrivable(child, previous, now))
            {
                await service._store.SetChildStatusAsync(executionArn, previous, cancellationToken).ConfigureAwait(false);
                return new ChildRedrive(null, null, 0, child.RedriveCount, child.Name, child.Input, child.StartDate, child.Error, child.Cause);
            }
            await service._store.FlushAsync(cancellationToken).ConfigureAwait(false);
            var lastEventId = service._store.LastEventId(executionArn);
            var count = child.RedriveCount + 1;
            var redriven = new ExecutionEvent(lastEventId + 1, lastEventId, now, "ExecutionRedriven", "executionRedrivenEventDetails",
                new System.Text.Json.Nodes.JsonObject { ["redriveCount"] = count });
            await service._store.RedriveExecutionAsync(executionArn, count, now, null, redriven, cancellationToken).ConfigureAwait(false);
            var resume = !fromStart && child.Checkpoint is { } saved
                ? Checkpoint.FromJson(System.Text.Json.Nodes.JsonNode.Parse(saved)!.AsObject()) with { LastEventId = redriven.Id }
                : new Checkpoint(service.Parsed(child.Definition).StartAt, child.Input,
                    System.Collections.Immutable.ImmutableDictionary.Create<string, System.Text.Json.Nodes.JsonNode?>(StringComparer.Ordinal), redriven.Id);
            return new ChildRedrive(service._store.JournalFor(executionArn, end: JournalEnd.OutcomeSoon), resume, redriven.Id, count, child.Name, child.Input, child.StartDate, null, null);
        }
    }
}
