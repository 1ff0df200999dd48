using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>Runs one execution: walks the states of the definition, recording AWS's history events and
/// checkpointing the top-level progress. State types live in the partial files beside this one.</summary>
internal sealed partial class Interpreter
{
    private readonly EngineOptions _options;
    private readonly ExecutionStart _start;
    private readonly IExecutionJournal _journal;

    // States by name, per (sub-)machine: a transition is a dictionary lookup, not a scan.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StateMachine, Dictionary<string, State>> StatesByName = [];
    private readonly object _eventGate = new();
    private readonly Random _random;
    private long _lastEventId;
    private JsonObject? _executionContext;

    // Mock-config attempts, per state name: every entry into a mocked state (a retry, a loop, an iteration) is the next attempt.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _mockAttempts = new(StringComparer.Ordinal);

    public Interpreter(EngineOptions options, ExecutionStart start, IExecutionJournal journal, long lastEventId, TestState.StateTest? test = null)
    {
        _test = test;
        _options = options;
        _start = start;
        _journal = journal;
        _lastEventId = lastEventId;
        _random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
    }

    public IClock Clock => _options.Clock;

    public ExecutionStart Start => _start;

    /// <summary>Runs a state machine (the top level, a branch or an iteration) from <paramref name="stateName"/>
    /// until it ends; returns its output or throws the error that failed it.</summary>
    public async Task<JsonNode?> RunMachineAsync(Frame frame, StateMachine machine, string stateName, JsonNode? input, CancellationToken cancellationToken)
    {
        var language = machine.QueryLanguage ?? frame.Language;
        var states = StatesByName.GetValue(machine, m => m.States.ToDictionary(s => s.Name, StringComparer.Ordinal));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var state = states.GetValueOrDefault(stateName)
                ?? throw new StatesException(StatesErrors.Runtime, $"The state '{stateName}' does not exist in the state machine.");
            var step = await ExecuteStateAsync(frame, state, state.QueryLanguage ?? language, input, cancellationToken).ConfigureAwait(false);
            if (step.Next is null) return step.Output;
            stateName = step.Next;
            input = step.Output;
        }
    }

    /// <summary>Runs one state on its own (TestState).</summary>
    public Task<StepResult> RunStateAsync(Frame frame, State state, JsonNode? input, CancellationToken cancellationToken) =>
        ExecuteStateAsync(frame, state, state.QueryLanguage ?? frame.Language, input, cancellationToken);

    private Task<StepResult> ExecuteStateAsync(Frame frame, State state, QueryLanguage language, JsonNode? input, CancellationToken cancellationToken)
    {
        var run = new StateRun(frame, state, language == QueryLanguage.JSONata, input, Clock.UtcNow) { Resume = frame.Resume, ResumeMapRun = frame.ResumeMapRun };
        frame.Resume = null;
        frame.ResumeMapRun = null;
        frame.UnfinishedBranches = null;
        frame.UnfinishedMapRun = null;
        if (!frame.Silent)
        {
            var inputText = CheckedPayload(run, input);
            var position = new Checkpoint(state.Name, inputText, frame.Variables, frame.LastEventId);
            frame.Position = position;
            if (frame.IsRoot) _journal.Save(position);
            run.EnteredEventId = EmitState(frame, StateEventTypes.Entered(state.Type), "stateEnteredEventDetails", new StateEventDetails("input", state.Name, inputText));
        }
        return state switch
        {
            PassState pass => Task.FromResult(Pass(run, pass)),
            ChoiceState choice => Task.FromResult(Choice(run, choice)),
            WaitState wait => WaitAsync(run, wait, cancellationToken),
            SucceedState => Task.FromResult(Succeed(run)),
            FailState fail => throw Fail(run, fail),
            TaskState task => WithRetryAndCatchAsync(run, task.Retry, task.Catch, task.ResultPath, (attempt, ct) => TaskAsync(run, task, attempt, ct), cancellationToken),
            ParallelState parallel => WithRetryAndCatchAsync(run, parallel.Retry, parallel.Catch, parallel.ResultPath, (attempt, ct) => ParallelAsync(run, parallel, attempt, ct), cancellationToken),
            MapState map => WithRetryAndCatchAsync(run, map.Retry, map.Catch, map.ResultPath, (attempt, ct) => MapAsync(run, map, attempt, ct), cancellationToken),
            _ => throw new StatesException(StatesErrors.Runtime, $"The state type '{state.Type}' is not supported."),
        };
    }

    /// <summary>Ends a state: records its exit event and moves on.</summary>
    private StepResult Exit(StateRun run, JsonNode? output, string? next)
    {
        if (!run.Frame.Silent) EmitState(run.Frame, StateEventTypes.Exited(run.State.Type), "stateExitedEventDetails", new StateEventDetails("output", run.State.Name, CheckedPayload(run, output)));
        return new StepResult(run.State.End ? null : next, output);
    }

    /// <summary>Records a history event in the frame's causal chain.</summary>
    public long Emit(Frame frame, string type, string? detailsKey, JsonObject? details)
    {
        if (frame.Silent) return 0;
        lock (_eventGate)
        {
            var id = NextEventId();
            _journal.Record(new ExecutionEvent(id, frame.LastEventId, Clock.UtcNow, type, detailsKey, details));
            return frame.LastEventId = id;
        }
    }

    /// <summary>Records a state entered or exited in the frame's causal chain.</summary>
    private long EmitState(Frame frame, string type, string detailsKey, StateEventDetails details)
    {
        if (frame.Silent) return 0;
        lock (_eventGate)
        {
            var id = NextEventId();
            _journal.Record(ExecutionEvent.OfState(id, frame.LastEventId, Clock.UtcNow, type, detailsKey, details));
            return frame.LastEventId = id;
        }
    }

    // Under _eventGate.
    private long NextEventId()
    {
        var id = ++_lastEventId;
        if (id > _options.MaxHistoryEvents)
            throw new ExecutionTerminatedException(ExecutionStatuses.Failed, StatesErrors.Runtime,
                $"The execution reached the maximum number of history events ({_options.MaxHistoryEvents}).");
        return id;
    }

    /// <summary>Records an execution-level event (start and end), chained to the last event recorded.</summary>
    public void EmitExecutionEvent(string type, string detailsKey, JsonObject details, long previous)
    {
        lock (_eventGate)
        {
            var id = ++_lastEventId;
            _journal.Record(new ExecutionEvent(id, previous, Clock.UtcNow, type, detailsKey, details));
        }
    }

    public long LastEventId { get { lock (_eventGate) return _lastEventId; } }

    /// <summary>Serializes a state's input or output for its event, enforcing the 256 KiB limit.</summary>
    private string CheckedPayload(StateRun run, JsonNode? payload)
    {
        // A state that passes its input through hands the same node on: serialize it once for both events.
        var frame = run.Frame;
        if (payload is not null && ReferenceEquals(frame.LastPayload, payload)) return frame.LastPayloadText!;
        var text = Nodes.Serialize(payload);
        frame.LastPayload = payload;
        frame.LastPayloadText = text;
        if (text.Length > _options.MaxPayloadBytes / 4 && Encoding.UTF8.GetByteCount(text) > _options.MaxPayloadBytes)
            throw new StatesException(StatesErrors.DataLimitExceeded,
                $"The state/task '{run.State.Name}' returned a result with a size exceeding the maximum number of bytes service limit.");
        return text;
    }

    /// <summary>The <c>$$</c> context object for a state.</summary>
    public JsonObject Context(StateRun run, string? taskToken = null, int retryCount = 0, JsonObject? mapItem = null)
    {
        _executionContext ??= new JsonObject
        {
            ["Id"] = _start.ExecutionArn,
            ["Input"] = Nodes.Parse(_start.Input),
            ["StartTime"] = Timestamp(_start.StartTime),
            ["Name"] = _start.Name,
            ["RoleArn"] = _start.RoleArn,
        };
        // Express executions cannot be redriven: AWS gives them no RedriveCount.
        if (!_start.ExecutionArn.Contains(":express:", StringComparison.Ordinal)) _executionContext["RedriveCount"] = _start.RedriveCount;
        var state = new JsonObject
        {
            ["EnteredTime"] = Timestamp(run.EnteredTime),
            ["Name"] = run.State.Name,
        };
        // Only the states that can retry (Task, Parallel, Map) have a RetryCount.
        if (run.State is TaskState or ParallelState or MapState) state["RetryCount"] = retryCount;
        var context = new JsonObject
        {
            ["Execution"] = _executionContext.DeepClone(),
            ["State"] = state,
            ["StateMachine"] = new JsonObject { ["Id"] = _start.StateMachineArn, ["Name"] = _start.StateMachineName },
        };
        if (taskToken is not null) context["Task"] = new JsonObject { ["Token"] = taskToken };
        if (mapItem is not null) context["Map"] = new JsonObject { ["Item"] = mapItem };
        if (_test?.Context is { } given && run.Frame.IsRoot) Overlay(context, given);
        return context;
    }

    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    /// <summary>A random number for retry jitter.</summary>
    private double NextRandom()
    {
        lock (_random) return _random.NextDouble();
    }

    /// <summary>Adds the "An error occurred while executing the state…" prefix AWS puts on runtime errors.</summary>
    private StatesException InState(StateRun run, StatesException error) =>
        error.Error is StatesErrors.Runtime or StatesErrors.QueryEvaluationError && !error.Cause.StartsWith("An error occurred while executing the state", StringComparison.Ordinal)
            ? new StatesException(error.Error, $"An error occurred while executing the state '{run.State.Name}' (entered at the event id #{run.EnteredEventId}). {error.Cause}")
            : error;
}

/// <summary>A running (sub-)state machine: the top level, a Parallel branch or a Map iteration. It has its own
/// chain of events (previousEventId) and its own scope of variables.</summary>
internal sealed class Frame(string id, QueryLanguage language, ImmutableDictionary<string, JsonNode?> variables, long lastEventId, Frame? parent)
{
    public string Id { get; } = id;
    public QueryLanguage Language { get; } = language;
    public Frame? Parent { get; } = parent;
    public bool IsRoot => Parent is null;
    public ImmutableDictionary<string, JsonNode?> Variables { get; set; } = variables;
    public long LastEventId { get; set; } = lastEventId;

    /// <summary>The last payload serialized for this frame's events, and its text.</summary>
    public JsonNode? LastPayload { get; set; }

    public string? LastPayloadText { get; set; }

    /// <summary>The state this frame is in: its name, its input, and the variables and the chain's last event when it was entered.</summary>
    public Checkpoint? Position { get; set; }

    /// <summary>Set when a Map or Parallel state of this frame ends unsuccessfully: how each of its iterations or branches ended.</summary>
    public System.Collections.Immutable.ImmutableArray<RedriveBranch>? UnfinishedBranches { get; set; }

    /// <summary>On a redrive: how the iterations or branches of the state this frame resumes in ended before (only the
    /// unsuccessful ones run again). The frame's first state takes it.</summary>
    public System.Collections.Immutable.ImmutableArray<RedriveBranch>? Resume { get; set; }

    /// <summary>Set with <see cref="UnfinishedBranches"/> when the state is a distributed Map: its Map Run.</summary>
    public string? UnfinishedMapRun { get; set; }

    /// <summary>On a redrive into a distributed Map: the Map Run to redrive.</summary>
    public string? ResumeMapRun { get; set; }

    /// <summary>Where a redrive picks this frame up: the state it stopped in, with its Map or Parallel state's branches.</summary>
    public Checkpoint? RedrivePoint => Position is { } position ? position with { Branches = UnfinishedBranches, MapRunArn = UnfinishedMapRun } : null;

    /// <summary>True for the child executions of a distributed Map: their events are not in this history.</summary>
    public bool Silent { get; init; }

    /// <summary>A branch or iteration: it sees the outer variables (a copy) and starts its own chain.</summary>
    public Frame Child(string id, long startEventId, QueryLanguage language, bool silent = false) =>
        new(id, language, Variables, startEventId, this) { Silent = Silent || silent };
}

/// <summary>One state being executed.</summary>
internal sealed class StateRun(Frame frame, State state, bool jsonata, JsonNode? input, DateTimeOffset enteredTime)
{
    public Frame Frame { get; } = frame;
    public State State { get; } = state;
    public bool Jsonata { get; } = jsonata;
    public JsonNode? Input { get; } = input;
    public DateTimeOffset EnteredTime { get; } = enteredTime;
    public long EnteredEventId { get; set; }

    /// <summary>True once a Map or Parallel attempt has recorded its MapStateStarted / ParallelStateStarted.</summary>
    public bool Started { get; set; }

    /// <summary>On a redrive into this Map or Parallel state: how its iterations or branches ended before. Its first
    /// attempt reruns only the unsuccessful ones; a retry reruns them all.</summary>
    public System.Collections.Immutable.ImmutableArray<RedriveBranch>? Resume { get; set; }

    /// <summary>On a redrive into this distributed Map: the Map Run it redrives.</summary>
    public string? ResumeMapRun { get; set; }
}

/// <summary>Where a state sends its output: the next state, or null when the machine ends.</summary>
internal readonly record struct StepResult(string? Next, JsonNode? Output);
