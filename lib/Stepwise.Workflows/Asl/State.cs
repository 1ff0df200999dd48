using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>A state of a state machine definition, by name. Immutable: change it with <c>with</c>.</summary>
/// <remarks>Fields shared by most state types live here; each is valid only where ASL allows it
/// (e.g. Fail has no InputPath), which <see cref="StateMachine.Validate()"/> and the reader enforce.</remarks>
public abstract record State(string Name)
{
    /// <summary>The ASL <c>Type</c> name: Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map.</summary>
    public abstract string Type { get; }

    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }

    /// <summary>The state's own query language, overriding the state machine's.</summary>
    public QueryLanguage? QueryLanguage { get; init; }

    /// <summary>Selects part of the input (JSONPath).</summary>
    public JsonPath? InputPath { get; init; }

    /// <summary>Selects part of the output (JSONPath).</summary>
    public JsonPath? OutputPath { get; init; }

    /// <summary>The state output (JSONata); null when absent, and the result (or input) passes on.</summary>
    public JsonNode? Output { get; init; }

    /// <summary>True for an explicit <c>"Output": null</c> (JSONata): the state's output is <c>null</c>, where an absent
    /// Output passes the result on. It applies while <see cref="Output"/> is null.</summary>
    public bool NullOutput { get; init; }

    /// <summary>Variables assigned when the state completes.</summary>
    public JsonNode? Assign { get; init; }

    /// <summary>The next state's name, for states that transition.</summary>
    public string? Next { get; init; }

    /// <summary>True when the state ends the (sub-)state machine.</summary>
    public bool End { get; init; }

    /// <summary>True for states that never transition on their own (Choice, Succeed, Fail).</summary>
    public virtual bool HasNoTransition => false;

    /// <summary>True for the states that can end an execution without Next: Succeed and Fail.</summary>
    public virtual bool IsTerminalType => false;
}
