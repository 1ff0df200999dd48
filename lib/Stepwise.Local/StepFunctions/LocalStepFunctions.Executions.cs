using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Store;
using Stepwise.Aws.StepFunctions;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions;

public sealed partial class LocalStepFunctions
{
    private sealed record RunningExecution(ExecutionControl Control, Task Completion);

    // Executions accepted but not yet durable: the name is taken from the moment StartExecution accepts it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ExecutionRecord> _started = new(StringComparer.Ordinal);

    public async Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput input, CancellationToken cancellationToken = default)
    {
        var (machine, version, aliasArn, testCase) = RequireStateMachineAndTestCase(input.StateMachineArn);
        var name = input.Name ?? Guid.NewGuid().ToString();
        Names.Check(name, "name");
        var executionInput = CheckInput(input.Input);
        var arn = $"arn:aws:states:{_options.Region}:{_options.Account}:{(machine.Type == StateMachineType.Express ? "express" : "execution")}:{machine.Name}:{name}";

        var record = new ExecutionRecord(arn, name, machine.Arn, version is null ? null : $"{machine.Arn}:{version.Version}", ExecutionStatus.Running,
            executionInput, null, null, null, _options.Clock.UtcNow, null, version?.Definition ?? machine.Definition,
            version?.RoleArn ?? machine.RoleArn, input.TraceHeader, null, 0) { StateMachineAliasArn = aliasArn };
        // A name taken is found in memory (executions committed lately, or accepted and not durable yet) or, for an
        // older one, by the insert itself: it writes nothing when the ARN is in the database already.
        lock (_startGate)
        {
            var existing = _store.RecentExecution(arn) ?? (_started.TryGetValue(arn, out var prior) ? prior : null);
            if (existing is not null) return AlreadyStarted(existing, executionInput);
            _started[arn] = record;
        }
        bool inserted;
        try
        {
            inserted = await _store.TryInsertExecutionAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _started.TryRemove(arn, out _);
            throw;
        }
        if (!inserted)
        {
            _started.TryRemove(arn, out _);
            return AlreadyStarted(_store.GetExecution(arn) ?? throw StepFunctionsException.ExecutionAlreadyExists(arn), executionInput);
        }
        Launch(record, resume: null, testCase);
        _started.TryRemove(arn, out _);
        return new StartExecutionOutput { ExecutionArn = arn, StartDate = record.StartDate };
    }

    // Idempotent for the same name and input while it runs, as AWS is; otherwise the name is taken.
    private StartExecutionOutput AlreadyStarted(ExecutionRecord existing, string input) =>
        existing.Status == ExecutionStatus.Running && existing.Input == input && _running.ContainsKey(existing.Arn)
            ? new StartExecutionOutput { ExecutionArn = existing.Arn, StartDate = existing.StartDate }
            : throw StepFunctionsException.ExecutionAlreadyExists(existing.Arn);

    public async Task<StartSyncExecutionOutput> StartSyncExecutionAsync(StartSyncExecutionInput input, CancellationToken cancellationToken = default)
    {
        var (machine, version, _, testCase) = RequireStateMachineAndTestCase(input.StateMachineArn);
        if (machine.Type != StateMachineType.Express)
            throw new StepFunctionsException(StepFunctionsErrorCodes.StateMachineTypeNotSupported, "This operation is not supported by this type of state machine");
        var name = input.Name ?? Guid.NewGuid().ToString();
        Names.Check(name, "name");
        var executionInput = CheckInput(input.Input);
        var arn = $"arn:aws:states:{_options.Region}:{_options.Account}:express:{machine.Name}:{name}:{Guid.NewGuid()}";
        var start = new ExecutionStart(arn, name, machine.Arn, machine.Name, version?.RoleArn ?? machine.RoleArn,
            StateMachine.FromJson(version?.Definition ?? machine.Definition), executionInput, _options.Clock.UtcNow) { Mocks = testCase };
        var log = OpenExecutionLog(machine.Arn, machine.Name, arn, start.StartTime);
        ExecutionOutcome outcome;
        try
        {
            outcome = await _engine.RunAsync(start, (IExecutionJournal?)log ?? new MemoryJournal(), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (log is not null) await log.DisposeAsync().ConfigureAwait(false);
        }
        return new StartSyncExecutionOutput
        {
            ExecutionArn = arn,
            StateMachineArn = machine.Arn,
            Name = name,
            StartDate = start.StartTime,
            StopDate = outcome.StopDate,
            Status = outcome.Status,
            Error = outcome.Error,
            Cause = outcome.Cause,
            Input = executionInput,
            InputDetails = new CloudWatchEventsExecutionDataDetails { Included = true },
            Output = outcome.Output,
            OutputDetails = outcome.Output is null ? null : new CloudWatchEventsExecutionDataDetails { Included = true },
            TraceHeader = input.TraceHeader,
        };
    }

    public Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput input, CancellationToken cancellationToken = default)
    {
        var execution = RequireExecution(input.ExecutionArn);
        var (redriveStatus, redriveReason) = RedriveStatusOf(execution);
        return Task.FromResult(new DescribeExecutionOutput
        {
            ExecutionArn = execution.Arn,
            StateMachineArn = execution.StateMachineArn,
            StateMachineVersionArn = execution.StateMachineVersionArn,
            StateMachineAliasArn = execution.StateMachineAliasArn,
            MapRunArn = execution.MapRunArn,
            Name = execution.Name,
            Status = execution.Status,
            StartDate = execution.StartDate,
            StopDate = execution.StopDate,
            Input = execution.Input,
            InputDetails = new CloudWatchEventsExecutionDataDetails { Included = true },
            Output = execution.Output,
            OutputDetails = execution.Output is null ? null : new CloudWatchEventsExecutionDataDetails { Included = true },
            Error = execution.Error,
            Cause = execution.Cause,
            TraceHeader = execution.TraceHeader,
            RedriveCount = execution.RedriveCount,
            RedriveDate = execution.RedriveDate,
            RedriveStatus = redriveStatus,
            RedriveStatusReason = redriveReason,
        });
    }

    public Task<ListExecutionsOutput> ListExecutionsAsync(ListExecutionsInput input, CancellationToken cancellationToken = default)
    {
        if (input.StateMachineArn is null && input.MapRunArn is null)
            throw StepFunctionsException.Validation("Must provide a StateMachine ARN or MapRun ARN");
        // Wording without a source: the model says "either a mapRunArn or a stateMachineArn, but not both".
        if (input.StateMachineArn is not null && input.MapRunArn is not null)
            throw StepFunctionsException.Validation("Only one of StateMachine ARN or MapRun ARN can be provided");
        // The model: PENDING_REDRIVE needs a mapRunArn, and with a stateMachineArn is a validation error (local wording).
        if (input.StatusFilter == ExecutionStatus.PendingRedrive && input.StateMachineArn is not null)
            throw StepFunctionsException.Validation("The status filter PENDING_REDRIVE can only be used with a MapRun ARN");
        if (input.MapRunArn is not null) RequireMapRun(input.MapRunArn);
        else
        {
            Arns.CheckStateMachine(input.StateMachineArn!);
            var (baseArn, _, alias) = Arns.SplitQualifier(input.StateMachineArn!);
            var machine = alias is not null ? RequireAliasForList(input.StateMachineArn!, baseArn) : RequireStateMachineOrVersion(input.StateMachineArn!).Machine;
            // ListExecutions does not serve EXPRESS machines (their executions are in CloudWatch Logs only).
            if (machine.Type == StateMachineType.Express)
                throw StepFunctionsException.StateMachineTypeNotSupported("This operation is not supported by this type of state machine");
        }
        if (input.StatusFilter is { } status && status is not (ExecutionStatus.Running or ExecutionStatus.Succeeded or ExecutionStatus.Failed
            or ExecutionStatus.TimedOut or ExecutionStatus.Aborted or ExecutionStatus.PendingRedrive))
            throw StepFunctionsException.Validation($"1 validation error detected: Value '{status}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]");
        bool? redriven = input.RedriveFilter switch
        {
            null => null,
            "REDRIVEN" => true,
            "NOT_REDRIVEN" => false,
            var other => throw StepFunctionsException.Validation($"1 validation error detected: Value '{other}' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]"),
        };
        var (offset, limit) = Paging.Window(input.NextToken, input.MaxResults);
        var page = _store.ListExecutions(input.StateMachineArn, input.StatusFilter, offset, limit + 1, input.MapRunArn, redriven);
        var ofMapRun = input.MapRunArn is not null;
        return Task.FromResult(new ListExecutionsOutput
        {
            Executions = [.. page.Take(limit).Select(e => new ExecutionListItem
            {
                ExecutionArn = e.Arn,
                StateMachineArn = e.StateMachineArn,
                StateMachineVersionArn = e.StateMachineVersionArn,
                StateMachineAliasArn = e.StateMachineAliasArn,
                Name = e.Name,
                Status = e.Status,
                StartDate = e.StartDate,
                StopDate = e.StopDate,
                // Only when listing a Map Run's children, as AWS returns them.
                MapRunArn = ofMapRun ? e.MapRunArn : null,
                ItemCount = ofMapRun ? e.ItemCount : null,
                RedriveCount = e.RedriveCount,
                RedriveDate = e.RedriveDate,
            })],
            NextToken = page.Count > limit ? Paging.Token(offset + limit) : null,
        });
    }

    private StateMachineRecord RequireAliasForList(string aliasArn, string machineArn)
    {
        if (_store.GetAlias(aliasArn) is null) throw StepFunctionsException.ResourceNotFound(aliasArn);
        return _store.GetStateMachine(machineArn) ?? throw StepFunctionsException.StateMachineDoesNotExist(machineArn);
    }

    public async Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput input, CancellationToken cancellationToken = default)
    {
        RequireExecution(input.ExecutionArn);
        await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
        var limit = Paging.Limit(input.MaxResults);
        var reverse = input.ReverseOrder == true;
        var after = input.NextToken is null ? 0 : Paging.Offset(input.NextToken); // the last event id of the previous page
        var events = _store.ReadEvents(input.ExecutionArn, after, limit + 1, reverse);
        var includeData = input.IncludeExecutionData != false;
        var page = events.Take(limit).Select(e => ToHistoryEvent(e, includeData)).ToList();
        return new GetExecutionHistoryOutput
        {
            Events = page,
            NextToken = events.Count > limit ? Paging.Token(events[limit - 1].Id) : null,
        };
    }

    private static HistoryEvent ToHistoryEvent(ExecutionEvent historyEvent, bool includeData)
    {
        var json = historyEvent.ToWireJson();
        if (!includeData && historyEvent.DetailsKey is { } key && json[key] is JsonObject details)
        {
            foreach (var field in new[] { "input", "output", "parameters" }) details.Remove(field);
        }
        return json.Deserialize(StepFunctionsJson.TypeInfo<HistoryEvent>())!;
    }

    public async Task<StopExecutionOutput> StopExecutionAsync(StopExecutionInput input, CancellationToken cancellationToken = default)
    {
        var execution = RequireExecution(input.ExecutionArn);
        if (execution.Status == ExecutionStatus.Running && _running.TryGetValue(execution.Arn, out var running))
        {
            running.Control.Stop(input.Error, input.Cause);
            await running.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            // A Map Run child's end rides the next commit: the stop is answered once it is committed.
            await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return new StopExecutionOutput { StopDate = RequireExecution(input.ExecutionArn).StopDate ?? _options.Clock.UtcNow };
    }

    public Task<DescribeStateMachineForExecutionOutput> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionInput input, CancellationToken cancellationToken = default)
    {
        var execution = RequireExecution(input.ExecutionArn);
        var machine = _store.GetStateMachine(execution.StateMachineArn);
        return Task.FromResult(new DescribeStateMachineForExecutionOutput
        {
            StateMachineArn = execution.StateMachineVersionArn ?? execution.StateMachineArn,
            Name = Arns.NameOf(execution.StateMachineArn),
            Definition = execution.Definition,
            RoleArn = execution.RoleArn,
            UpdateDate = machine?.UpdateDate ?? execution.StartDate,
            RevisionId = execution.StateMachineVersionArn is null ? machine?.RevisionId : null,
            LoggingConfiguration = Parse<LoggingConfiguration>(machine?.LoggingConfiguration),
            TracingConfiguration = Parse<TracingConfiguration>(machine?.TracingConfiguration),
            // A distributed Map's child: its Map Run and the Map's label (or name), the part after the '/'.
            MapRunArn = execution.MapRunArn,
            Label = execution.MapRunArn is null ? null : Arns.NameOf(execution.StateMachineArn).Split('/')[^1],
        });
    }

    // ---- task tokens --------------------------------------------------------------------------------------

    public Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput input, CancellationToken cancellationToken = default)
    {
        var pending = RequireTask(input.TaskToken);
        JsonNode? output;
        try
        {
            output = JsonNode.Parse(input.Output);
        }
        catch (JsonException error)
        {
            throw StepFunctionsException.InvalidOutput($"Invalid output: {error.Message}");
        }
        if (!pending.Succeed(output)) throw StepFunctionsException.TaskTimedOut(input.TaskToken);
        return Task.FromResult(new SendTaskSuccessOutput());
    }

    public Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput input, CancellationToken cancellationToken = default)
    {
        if (!RequireTask(input.TaskToken).Fail(input.Error, input.Cause)) throw StepFunctionsException.TaskTimedOut(input.TaskToken);
        return Task.FromResult(new SendTaskFailureOutput());
    }

    public Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput input, CancellationToken cancellationToken = default)
    {
        RequireTask(input.TaskToken).Heartbeat();
        return Task.FromResult(new SendTaskHeartbeatOutput());
    }

    private Integrations.PendingTask RequireTask(string token)
    {
        if (string.IsNullOrWhiteSpace(token)) throw StepFunctionsException.InvalidToken("Invalid token");
        return TaskTokens.Find(token) ?? throw StepFunctionsException.TaskDoesNotExist(token);
    }

    // ---- running ------------------------------------------------------------------------------------------

    private ExecutionRecord RequireExecution(string arn)
    {
        Arns.CheckExecution(arn);
        return _store.GetExecution(arn) ?? throw StepFunctionsException.ExecutionDoesNotExist(arn);
    }

    private static string CheckInput(string? input)
    {
        var text = input ?? "{}";
        if (Encoding.UTF8.GetByteCount(text) > MaxPayloadBytes)
            throw StepFunctionsException.Validation($"1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to {MaxPayloadBytes}");
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            throw StepFunctionsException.InvalidExecutionInput($"Invalid State Machine Execution Input: '{error.Message}'");
        }
        return text;
    }

    private void Launch(ExecutionRecord record, Checkpoint? resume, MockTestCase? testCase = null)
    {
        var control = new ExecutionControl();
        var start = new ExecutionStart(record.Arn, record.Name, record.StateMachineArn, Arns.NameOf(record.StateMachineArn), record.RoleArn,
            Parsed(record.Definition), record.Input, record.StartDate)
        {
            Mocks = testCase,
            MapRuns = MapRunHost,
            RedriveCount = record.RedriveCount,
            RedriveDate = record.RedriveDate,
        };
        var lastEventId = resume is null ? 0 : _store.LastEventId(record.Arn);
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new RunningExecution(control, completion.Task);
        _running[record.Arn] = running;
        _ = Task.Run(async () =>
        {
            // The execution's CloudWatch Logs stream is drained before the execution counts as ended.
            var log = OpenExecutionLog(record.StateMachineArn, start.StateMachineName, record.Arn, record.StartDate);
            async ValueTask EndLogAsync()
            {
                if (log is not null) await log.DisposeAsync().ConfigureAwait(false);
            }
            try
            {
                // The journal records the outcome with the last events, in one commit.
                await _engine.RunAsync(start, _store.JournalFor(record.Arn, log, JournalEnd.Outcome), resume, lastEventId, control, _shutdown.Token).ConfigureAwait(false);
                await EndLogAsync().ConfigureAwait(false);
                completion.TrySetResult();
            }
            catch (OperationCanceledException)
            {
                await EndLogAsync().ConfigureAwait(false);
                completion.TrySetCanceled();
            }
            catch (Exception error)
            {
                await EndLogAsync().ConfigureAwait(false);
                completion.TrySetException(error);
            }
            finally
            {
                // Only this run's entry: a redrive may already have launched the next one under the same ARN.
                _running.TryRemove(KeyValuePair.Create(record.Arn, running));
                control.Dispose();
            }
        });
    }

    // Definitions parsed once: every execution of a state machine runs the same immutable model.
    private readonly ConcurrentDictionary<string, StateMachine> _parsed = new(StringComparer.Ordinal);

    private StateMachine Parsed(string definition)
    {
        if (_parsed.Count > 256) _parsed.Clear();
        return _parsed.GetOrAdd(definition, StateMachine.FromJson);
    }

    private void ResumeRunning()
    {
        // A distributed Map in flight at a crash runs again from its state: what its children had left running is aborted.
        _store.AbortInterruptedMapRunsAsync(_options.Clock.UtcNow).GetAwaiter().GetResult();
        foreach (var execution in _store.RunningExecutions())
        {
            var checkpoint = execution.Checkpoint is null ? null : Checkpoint.FromJson(JsonNode.Parse(execution.Checkpoint)!.AsObject());
            if (checkpoint is null && _store.LastEventId(execution.Arn) > 0)
            {
                // Started but no state reached yet: begin again at StartAt, after the ExecutionStarted event.
                var machine = StateMachine.FromJson(execution.Definition);
                checkpoint = new Checkpoint(machine.StartAt, execution.Input,
                    System.Collections.Immutable.ImmutableDictionary.Create<string, JsonNode?>(StringComparer.Ordinal), 1);
            }
            Launch(execution, checkpoint);
        }
    }
}
