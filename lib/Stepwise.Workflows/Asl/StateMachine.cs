using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Serialization;
using Stepwise.Workflows.Validation;

namespace Stepwise.Workflows.Asl;

/// <summary>An Amazon States Language definition: a start state and the states, in order.</summary>
/// <remarks>The same shape serves the top level, Parallel branches and Map item processors; only the top level
/// carries <see cref="Version"/> and <see cref="TimeoutSeconds"/>.</remarks>
public sealed record StateMachine(string StartAt, ImmutableArray<State> States)
{
    /// <summary>Free-form comment.</summary>
    public string? Comment { get; init; }

    /// <summary>ASL version (top level only), e.g. "1.0".</summary>
    public string? Version { get; init; }

    /// <summary>Maximum execution time in seconds (top level only).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>Default query language of the states.</summary>
    public QueryLanguage? QueryLanguage { get; init; }

    /// <summary>The state with this name.</summary>
    /// <exception cref="KeyNotFoundException">No state has that name.</exception>
    public State this[string name] =>
        TryGetState(name, out var state) ? state : throw new KeyNotFoundException($"No state named '{name}'.");

    /// <summary>Finds a state of this (sub-)machine by name.</summary>
    public bool TryGetState(string name, out State state)
    {
        foreach (var s in States)
            if (s.Name == name) { state = s; return true; }
        state = null!;
        return false;
    }

    /// <summary>The ASL JSON text (indented like the Python SDK's <c>json.dumps(indent=2)</c>).</summary>
    public string ToJson(bool indented = true) => AslWriter.Write(this).ToJsonString(AslWriter.Options(indented));

    /// <summary>The ASL JSON as a node tree.</summary>
    public JsonObject ToJsonNode() => AslWriter.Write(this);

    /// <summary>Reads ASL JSON; every problem found (schema and semantics) is reported at once.</summary>
    /// <exception cref="InvalidDefinitionException">The definition is not valid ASL.</exception>
    public static StateMachine FromJson(string json)
    {
        var (machine, diagnostics) = AslReader.Read(json);
        var all = machine is null ? diagnostics : [.. diagnostics, .. DefinitionValidator.Validate(machine)];
        var errors = all.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || machine is null) throw new InvalidDefinitionException(errors);
        return machine;
    }

    /// <summary>Checks the definition as Step Functions would before accepting it.</summary>
    public ValidationReport Validate() => new(DefinitionValidator.Validate(this));

    /// <summary>Checks ASL text: parse problems and semantic problems together.</summary>
    public static ValidationReport Validate(string json)
    {
        var (machine, diagnostics) = AslReader.Read(json);
        return new(machine is null ? diagnostics : [.. diagnostics, .. DefinitionValidator.Validate(machine)]);
    }

    /// <summary>Every state of this machine and of its nested branches and processors, depth first.</summary>
    public IEnumerable<State> AllStates()
    {
        foreach (var state in States)
        {
            yield return state;
            foreach (var child in state.Children().SelectMany(c => c.AllStates()))
                yield return child;
        }
    }
}
