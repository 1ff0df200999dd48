using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>What a JSONata expression in a state can see: <c>$states</c> (input, context, result, errorOutput) and
/// the workflow variables, each as <c>$name</c>. Unset (null) parts are absent from <c>$states</c>, so
/// <c>$states.result</c> is undefined outside Output/Assign of a Task, as in AWS.</summary>
public sealed record JsonataScope
{
    /// <summary>The state's input: <c>$states.input</c>, and also the context <c>$</c> of every expression. Always
    /// present in <c>$states</c> (C# null is JSON null here), since every state has an input.</summary>
    public JsonNode? Input { get; init; }

    /// <summary>The context object: <c>$states.context</c> (Execution, State, StateMachine, Task, Map…).</summary>
    public JsonNode? Context { get; init; }

    /// <summary>The task or Parallel/Map result: <c>$states.result</c>.</summary>
    public JsonNode? Result { get; init; }

    /// <summary>The error output in a Catch: <c>$states.errorOutput</c>.</summary>
    public JsonNode? ErrorOutput { get; init; }

    /// <summary>Workflow variables, by name without <c>$</c> (a leading <c>$</c> is tolerated). A variable named
    /// <c>states</c> is hidden by <c>$states</c>.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables { get; init; } = EmptyVariables;

    /// <summary>The instant <c>$now()</c> and <c>$millis()</c> report (JSONata takes one per evaluation); null: the
    /// real clock. The engine passes its execution clock, so a virtual clock governs these too.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>A scope with only an input.</summary>
    public static JsonataScope ForInput(JsonNode? input) => new() { Input = input };

    static readonly IReadOnlyDictionary<string, JsonNode?> EmptyVariables = new Dictionary<string, JsonNode?>();

    /// <summary>The bindings as plain JSON (name → value, <c>states</c> → an object of the set keys); values are
    /// copies, since a JsonNode has one parent. The evaluator binds a scope directly, without this copy.</summary>
    public IReadOnlyDictionary<string, JsonNode?> ToBindings()
    {
        var bindings = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in Variables)
            bindings[VariableName(name)] = value?.DeepClone();
        var states = new JsonObject { ["input"] = Input?.DeepClone() };
        if (Context is not null) states["context"] = Context.DeepClone();
        if (Result is not null) states["result"] = Result.DeepClone();
        if (ErrorOutput is not null) states["errorOutput"] = ErrorOutput.DeepClone();
        bindings["states"] = states;
        return bindings;
    }

    internal static string VariableName(string name) => name.StartsWith('$') ? name[1..] : name;
}
