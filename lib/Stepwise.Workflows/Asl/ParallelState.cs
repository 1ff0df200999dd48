using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>Runs every branch on the same input at once; the result is the array of branch outputs.</summary>
public sealed record ParallelState(string Name) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Parallel";

    /// <summary>The branches, each a sub-state machine with StartAt and States.</summary>
    public ImmutableArray<StateMachine> Branches { get; init; } = [];

    /// <summary>Payload template given to every branch (JSONPath).</summary>
    public JsonNode? Parameters { get; init; }

    /// <summary>Arguments given to every branch (JSONata).</summary>
    public JsonNode? Arguments { get; init; }

    /// <summary>Template applied to the array of results (JSONPath).</summary>
    public JsonNode? ResultSelector { get; init; }

    /// <summary>Where the result goes in the input (JSONPath).</summary>
    public JsonPath? ResultPath { get; init; }

    /// <summary>Retriers, tried in order.</summary>
    public ImmutableArray<Retry> Retry { get; init; } = [];

    /// <summary>Catchers, tried in order.</summary>
    public ImmutableArray<Catcher> Catch { get; init; } = [];
}
