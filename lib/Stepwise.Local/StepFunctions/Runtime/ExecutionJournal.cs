using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>Where a running execution can be picked up again: the top-level state it was in, that state's
/// input, the workflow variables, and the last history event of the top-level chain.</summary>
/// <remarks>A Parallel or Map state in flight at a crash restarts from its own input: its branches' progress is
/// not checkpointed (their tasks may run again, as a task may after a worker loss on AWS). When an execution ends
/// unsuccessfully in an inline Map or a Parallel state, its last checkpoint also holds <see cref="Branches"/>: how each
/// iteration or branch ended, so that a redrive reruns only the unsuccessful ones, as AWS's does.</remarks>
public sealed record Checkpoint(string StateName, string Input, ImmutableDictionary<string, JsonNode?> Variables, long LastEventId)
{
    /// <summary>For a Map or Parallel state that ended unsuccessfully here: its iterations or branches in order.</summary>
    public ImmutableArray<RedriveBranch>? Branches { get; init; }

    /// <summary>For a distributed Map that ended unsuccessfully here: its Map Run, which a redrive redrives.</summary>
    public string? MapRunArn { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["state"] = StateName,
            ["input"] = Input,
            ["variables"] = new JsonObject(Variables.Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone()))),
            ["lastEventId"] = LastEventId,
        };
        if (Branches is { } branches)
            json["branches"] = new JsonArray([.. branches.Select(b => (JsonNode)(b.Output is { } output
                ? new JsonObject { ["output"] = output }
                : new JsonObject { ["at"] = b.Point?.ToJson(), ["execution"] = b.ExecutionArn }))]);
        if (MapRunArn is not null) json["mapRun"] = MapRunArn;
        return json;
    }

    public static Checkpoint FromJson(JsonObject json) => new(
        json["state"]!.GetValue<string>(),
        json["input"]!.GetValue<string>(),
        json["variables"]!.AsObject().ToImmutableDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal),
        json["lastEventId"]!.GetValue<long>())
    {
        Branches = json["branches"] is JsonArray branches
            ? [.. branches.Select(b => new RedriveBranch(b!["output"]?.GetValue<string>(), b["at"] is JsonObject at ? FromJson(at) : null)
                { ExecutionArn = b["execution"]?.GetValue<string>() })]
            : null,
        MapRunArn = json["mapRun"]?.GetValue<string>(),
    };
}

/// <summary>How one iteration or branch of a Map or Parallel state ended: succeeded with <paramref name="Output"/> (its JSON
/// text), or not (null), in which case a redrive reruns it from <paramref name="Point"/>, the state it stopped in, or
/// from its start when it had not started.</summary>
public sealed record RedriveBranch(string? Output, Checkpoint? Point)
{
    public bool Succeeded => Output is not null;

    /// <summary>For a distributed Map's iteration: its child execution, which a redrive redrives under the same ARN.</summary>
    public string? ExecutionArn { get; init; }
}

/// <summary>The durable record an execution writes as it runs. Events arrive in id order; a checkpoint replaces
/// the previous one. <see cref="FlushAsync"/> returns once everything recorded so far is durable: the engine
/// calls it before any side effect (a task) and at the end.</summary>
public interface IExecutionJournal
{
    void Record(ExecutionEvent historyEvent);

    void Save(Checkpoint checkpoint);

    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Called once, when the execution has ended: returns once everything recorded is durable, and the
    /// outcome too where the journal keeps it (the store's journal of an execution commits both at once).</summary>
    ValueTask EndAsync(ExecutionOutcome outcome, CancellationToken cancellationToken) => FlushAsync(cancellationToken);
}

/// <summary>A journal kept in memory only: for express executions, TestState and tests.</summary>
public sealed class MemoryJournal : IExecutionJournal
{
    private readonly List<ExecutionEvent> _events = [];

    public IReadOnlyList<ExecutionEvent> Events { get { lock (_events) return [.. _events]; } }

    public Checkpoint? LastCheckpoint { get; private set; }

    public void Record(ExecutionEvent historyEvent)
    {
        lock (_events) _events.Add(historyEvent);
    }

    public void Save(Checkpoint checkpoint) => LastCheckpoint = checkpoint;

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
