using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;

namespace Stepwise.Local.Tests.Host;

/// <summary>
/// A small in-memory <see cref="IStepFunctions"/> for host and interop tests: it "runs" an execution at once by walking
/// Pass states from StartAt (output = input) and ending at Succeed/End (SUCCEEDED) or Fail (FAILED), recording the history
/// AWS would. Calls are recorded so that tests can see what the host dispatched.
/// </summary>
public sealed partial class FakeStepFunctions : IStepFunctions
{
    private const string Prefix = "arn:aws:states:us-east-1:123456789012:";
    private readonly ConcurrentDictionary<string, Machine> machines = new();
    private readonly ConcurrentDictionary<string, Execution> executions = new();
    private long clock = 1_700_000_000_000;

    /// <summary>The operations called, in order, with their inputs.</summary>
    public ConcurrentQueue<(string Operation, object Input)> Calls { get; } = new();

    /// <summary>Thrown by every call when set (to test the host's error mapping).</summary>
    public Exception? FailWith { get; set; }

    private sealed record Machine(string Arn, CreateStateMachineInput Input, DateTimeOffset Created)
    {
        public Dictionary<string, string> Tags { get; } = [];
    }

    private sealed record Execution(string Arn, string MachineArn, string Name, string Input, DescribeExecutionOutput Description, List<HistoryEvent> History);

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Add(ref clock, 1_001));

    private T Record<T>(string operation, object input, Func<T> body)
    {
        Calls.Enqueue((operation, input));
        if (FailWith is { } failure)
            throw failure;
        return body();
    }

    public Task<CreateStateMachineOutput> CreateStateMachineAsync(CreateStateMachineInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(CreateStateMachineAsync), input, () =>
        {
            Parse(input.Definition);
            var arn = Prefix + "stateMachine:" + input.Name;
            var machine = machines.GetOrAdd(arn, _ => new Machine(arn, input, Now()));
            if (machine.Input.Definition != input.Definition)
                throw StepFunctionsException.StateMachineAlreadyExists(arn);
            foreach (var tag in input.Tags ?? [])
                machine.Tags[tag.Key!] = tag.Value ?? "";
            return new CreateStateMachineOutput { StateMachineArn = arn, CreationDate = machine.Created };
        }));

    public Task<UpdateStateMachineOutput> UpdateStateMachineAsync(UpdateStateMachineInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(UpdateStateMachineAsync), input, () =>
        {
            var machine = Find(input.StateMachineArn);
            if (input.Definition is not null)
                Parse(input.Definition);
            machines[machine.Arn] = machine with { Input = machine.Input with { Definition = input.Definition ?? machine.Input.Definition } };
            return new UpdateStateMachineOutput { UpdateDate = Now() };
        }));

    public Task<DescribeStateMachineOutput> DescribeStateMachineAsync(DescribeStateMachineInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(DescribeStateMachineAsync), input, () => Describe(Find(input.StateMachineArn))));

    public Task<ListStateMachinesOutput> ListStateMachinesAsync(ListStateMachinesInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(ListStateMachinesAsync), input, () =>
        {
            var all = machines.Values.OrderBy(m => m.Input.Name, StringComparer.Ordinal).ToList();
            var (page, next) = Page(all, input.MaxResults, input.NextToken);
            return new ListStateMachinesOutput
            {
                StateMachines = [.. page.Select(m => new StateMachineListItem
                {
                    StateMachineArn = m.Arn, Name = m.Input.Name, Type = m.Input.Type ?? StateMachineType.Standard, CreationDate = m.Created,
                })],
                NextToken = next,
            };
        }));

    public Task<DeleteStateMachineOutput> DeleteStateMachineAsync(DeleteStateMachineInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(DeleteStateMachineAsync), input, () =>
        {
            CheckArn(input.StateMachineArn, "stateMachine");
            machines.TryRemove(input.StateMachineArn, out _);
            return new DeleteStateMachineOutput();
        }));

    public Task<ValidateStateMachineDefinitionOutput> ValidateStateMachineDefinitionAsync(ValidateStateMachineDefinitionInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(ValidateStateMachineDefinitionAsync), input, () =>
        {
            try
            {
                Parse(input.Definition);
                return new ValidateStateMachineDefinitionOutput { Result = ValidateStateMachineDefinitionResultCode.Ok, Diagnostics = [] };
            }
            catch (StepFunctionsException e)
            {
                return new ValidateStateMachineDefinitionOutput
                {
                    Result = ValidateStateMachineDefinitionResultCode.Fail,
                    Diagnostics = [new ValidateStateMachineDefinitionDiagnostic { Severity = ValidateStateMachineDefinitionSeverity.Error, Code = "SCHEMA_VALIDATION_FAILED", Message = e.Message }],
                };
            }
        }));

    public Task<StartExecutionOutput> StartExecutionAsync(StartExecutionInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(StartExecutionAsync), input, () =>
        {
            var execution = Run(input.StateMachineArn, input.Name, input.Input);
            return new StartExecutionOutput { ExecutionArn = execution.Arn, StartDate = execution.Description.StartDate };
        }));

    public Task<StartSyncExecutionOutput> StartSyncExecutionAsync(StartSyncExecutionInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(StartSyncExecutionAsync), input, () =>
        {
            var d = Run(input.StateMachineArn, input.Name, input.Input).Description;
            return new StartSyncExecutionOutput
            {
                ExecutionArn = d.ExecutionArn, StateMachineArn = d.StateMachineArn, Name = d.Name, StartDate = d.StartDate,
                StopDate = d.StopDate ?? d.StartDate, Status = d.Status, Output = d.Output, Input = d.Input, Error = d.Error, Cause = d.Cause,
            };
        }));

    public Task<DescribeExecutionOutput> DescribeExecutionAsync(DescribeExecutionInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(DescribeExecutionAsync), input, () => FindExecution(input.ExecutionArn).Description));

    public Task<ListExecutionsOutput> ListExecutionsAsync(ListExecutionsInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(ListExecutionsAsync), input, () =>
        {
            if (input.StateMachineArn is { } machineArn)
                Find(machineArn);
            var all = executions.Values
                .Where(e => input.StateMachineArn is null || e.MachineArn == input.StateMachineArn)
                .Where(e => input.StatusFilter is null || e.Description.Status == input.StatusFilter)
                .OrderByDescending(e => e.Description.StartDate).ToList();
            var (page, next) = Page(all, input.MaxResults, input.NextToken);
            return new ListExecutionsOutput
            {
                Executions = [.. page.Select(e => new ExecutionListItem
                {
                    ExecutionArn = e.Arn, StateMachineArn = e.MachineArn, Name = e.Name, Status = e.Description.Status,
                    StartDate = e.Description.StartDate, StopDate = e.Description.StopDate,
                })],
                NextToken = next,
            };
        }));

    public Task<GetExecutionHistoryOutput> GetExecutionHistoryAsync(GetExecutionHistoryInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(GetExecutionHistoryAsync), input, () =>
        {
            var events = FindExecution(input.ExecutionArn).History.AsEnumerable();
            if (input.ReverseOrder == true)
                events = events.Reverse();
            var (page, next) = Page(events.ToList(), input.MaxResults, input.NextToken);
            return new GetExecutionHistoryOutput { Events = page, NextToken = next };
        }));

    public Task<StopExecutionOutput> StopExecutionAsync(StopExecutionInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(StopExecutionAsync), input, () =>
        {
            FindExecution(input.ExecutionArn);
            return new StopExecutionOutput { StopDate = Now() };
        }));

    public Task<DescribeStateMachineForExecutionOutput> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(DescribeStateMachineForExecutionAsync), input, () =>
        {
            var machine = Find(FindExecution(input.ExecutionArn).MachineArn);
            return new DescribeStateMachineForExecutionOutput
            {
                StateMachineArn = machine.Arn, Name = machine.Input.Name, Definition = machine.Input.Definition, RoleArn = machine.Input.RoleArn, UpdateDate = machine.Created,
            };
        }));

    public Task<TestStateOutput> TestStateAsync(TestStateInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(TestStateAsync), input, () => new TestStateOutput { Output = input.Input ?? "{}", Status = TestExecutionStatus.Succeeded }));

    public Task<SendTaskSuccessOutput> SendTaskSuccessAsync(SendTaskSuccessInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record<SendTaskSuccessOutput>(nameof(SendTaskSuccessAsync), input, () => throw StepFunctionsException.TaskDoesNotExist(input.TaskToken)));

    public Task<SendTaskFailureOutput> SendTaskFailureAsync(SendTaskFailureInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record<SendTaskFailureOutput>(nameof(SendTaskFailureAsync), input, () => throw StepFunctionsException.TaskDoesNotExist(input.TaskToken)));

    public Task<SendTaskHeartbeatOutput> SendTaskHeartbeatAsync(SendTaskHeartbeatInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record<SendTaskHeartbeatOutput>(nameof(SendTaskHeartbeatAsync), input, () => throw StepFunctionsException.TaskDoesNotExist(input.TaskToken)));

    public Task<TagResourceOutput> TagResourceAsync(TagResourceInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(TagResourceAsync), input, () =>
        {
            var machine = machines.GetValueOrDefault(input.ResourceArn) ?? throw StepFunctionsException.ResourceNotFound(input.ResourceArn);
            foreach (var tag in input.Tags)
                machine.Tags[tag.Key!] = tag.Value ?? "";
            return new TagResourceOutput();
        }));

    public Task<UntagResourceOutput> UntagResourceAsync(UntagResourceInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(UntagResourceAsync), input, () =>
        {
            var machine = machines.GetValueOrDefault(input.ResourceArn) ?? throw StepFunctionsException.ResourceNotFound(input.ResourceArn);
            foreach (var key in input.TagKeys)
                machine.Tags.Remove(key);
            return new UntagResourceOutput();
        }));

    public Task<ListTagsForResourceOutput> ListTagsForResourceAsync(ListTagsForResourceInput input, CancellationToken cancellationToken = default) =>
        Task.FromResult(Record(nameof(ListTagsForResourceAsync), input, () =>
        {
            var machine = machines.GetValueOrDefault(input.ResourceArn) ?? throw StepFunctionsException.ResourceNotFound(input.ResourceArn);
            return new ListTagsForResourceOutput { Tags = [.. machine.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })] };
        }));

    private static JsonObject Parse(string definition)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(definition);
        }
        catch (JsonException e)
        {
            throw StepFunctionsException.InvalidDefinition($"INVALID_JSON_DESCRIPTION: {e.Message}");
        }
        if (node is not JsonObject root || root["StartAt"] is null || root["States"] is not JsonObject)
            throw StepFunctionsException.InvalidDefinition("SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt, States] at /");
        return root;
    }

    private static void CheckArn(string arn, string kind)
    {
        if (!arn.StartsWith(Prefix + kind + ":", StringComparison.Ordinal))
            throw StepFunctionsException.InvalidArn($"Invalid Arn: '{arn}'");
    }

    private Machine Find(string arn)
    {
        CheckArn(arn, "stateMachine");
        return machines.GetValueOrDefault(arn) ?? throw StepFunctionsException.StateMachineDoesNotExist(arn);
    }

    private Execution FindExecution(string arn)
    {
        CheckArn(arn, "execution");
        return executions.GetValueOrDefault(arn) ?? throw StepFunctionsException.ExecutionDoesNotExist(arn);
    }

    private static DescribeStateMachineOutput Describe(Machine m) => new()
    {
        StateMachineArn = m.Arn, Name = m.Input.Name, Status = StateMachineStatus.Active, Definition = m.Input.Definition,
        RoleArn = m.Input.RoleArn, Type = m.Input.Type ?? StateMachineType.Standard, CreationDate = m.Created,
    };

    private static (List<T> Page, string? Next) Page<T>(List<T> all, int? maxResults, string? nextToken)
    {
        var start = 0;
        if (nextToken is not null && (!int.TryParse(nextToken, out start) || start < 0 || start > all.Count))
            throw StepFunctionsException.InvalidToken(nextToken);
        var size = maxResults is > 0 ? maxResults.Value : 100;
        var page = all.Skip(start).Take(size).ToList();
        return (page, start + page.Count < all.Count ? (start + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    private Execution Run(string machineArn, string? name, string? input)
    {
        var machine = Find(machineArn);
        name ??= Guid.NewGuid().ToString();
        input ??= "{}";
        try
        {
            JsonNode.Parse(input);
        }
        catch (JsonException e)
        {
            throw StepFunctionsException.InvalidExecutionInput(e.Message);
        }
        var arn = Prefix + "execution:" + machine.Input.Name + ":" + name;
        var history = new List<HistoryEvent>();
        void Add(string type, Func<HistoryEvent, HistoryEvent> details) =>
            history.Add(details(new HistoryEvent { Id = history.Count + 1, PreviousEventId = history.Count, Timestamp = Now(), Type = type }));

        var start = Now();
        Add(HistoryEventType.ExecutionStarted, e => e with
        {
            ExecutionStartedEventDetails = new ExecutionStartedEventDetails { Input = input, RoleArn = machine.Input.RoleArn, InputDetails = new HistoryEventExecutionDataDetails { Truncated = false } },
        });
        var states = Parse(machine.Input.Definition)["States"]!.AsObject();
        var current = (string?)Parse(machine.Input.Definition)["StartAt"];
        string status = ExecutionStatus.Succeeded;
        string? error = null, cause = null;
        while (current is not null && states[current] is JsonObject state)
        {
            var type = (string?)state["Type"] ?? "Pass";
            Add(type + "StateEntered", e => e with { StateEnteredEventDetails = new StateEnteredEventDetails { Name = current, Input = input } });
            if (type == "Fail")
            {
                (status, error, cause) = (ExecutionStatus.Failed, (string?)state["Error"], (string?)state["Cause"]);
                break;
            }
            Add(type + "StateExited", e => e with { StateExitedEventDetails = new StateExitedEventDetails { Name = current, Output = input } });
            current = state["End"] is not null || type == "Succeed" ? null : (string?)state["Next"];
        }
        if (status == ExecutionStatus.Failed)
            Add(HistoryEventType.ExecutionFailed, e => e with { ExecutionFailedEventDetails = new ExecutionFailedEventDetails { Error = error, Cause = cause } });
        else
            Add(HistoryEventType.ExecutionSucceeded, e => e with { ExecutionSucceededEventDetails = new ExecutionSucceededEventDetails { Output = input } });

        var description = new DescribeExecutionOutput
        {
            ExecutionArn = arn, StateMachineArn = machine.Arn, Name = name, Status = status, StartDate = start, StopDate = Now(),
            Input = input, Output = status == ExecutionStatus.Succeeded ? input : null, Error = error, Cause = cause,
        };
        var execution = new Execution(arn, machine.Arn, name, input, description, history);
        if (!executions.TryAdd(arn, execution))
            throw StepFunctionsException.ExecutionAlreadyExists(arn);
        return execution;
    }
}
