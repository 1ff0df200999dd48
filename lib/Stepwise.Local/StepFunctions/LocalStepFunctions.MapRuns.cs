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
                FailuresNotRedrivable = 0,
                PendingRedrive = 0,
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
                FailuresNotRedrivable = 0,
                PendingRedrive = 0,
            },
            RedriveCount = 0,
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
            return service._store.JournalFor(child.ExecutionArn);
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

        public Task CompleteChildAsync(string executionArn, ExecutionOutcome outcome, CancellationToken cancellationToken) =>
            service._store.CompleteExecutionAsync(executionArn, outcome, cancellationToken);

        public async Task CompleteMapRunAsync(string mapRunArn, string status, long resultsWritten, DateTimeOffset stopDate, CancellationToken cancellationToken)
        {
            await service._store.CompleteMapRunAsync(mapRunArn, status, resultsWritten, stopDate, cancellationToken).ConfigureAwait(false);
            service._liveMapRuns.TryRemove(mapRunArn, out _);
        }
    }
}
