using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// The data flow of a state, in AWS's order.
// JSONPath: InputPath → Parameters → [task] → ResultSelector → ResultPath → OutputPath, Assign on the result.
// JSONata: Arguments over $states.input → [task] → Output and Assign over $states.result, with the variables
// as they were when the state was entered.
internal sealed partial class Interpreter
{
    private JsonNode? EffectiveInput(StateRun run) => SelectPath(run, run.State.InputPath, run.Input);

    private JsonNode? SelectPath(StateRun run, JsonPath? path, JsonNode? value)
    {
        if (path is null) return value;
        if (path.Value.Value is not { } text) return new JsonObject();
        if (text == "$") return value;
        try
        {
            return Queries.Select(text, new PathInputs(value, () => Context(run), run.Frame.Variables));
        }
        catch (StatesException error)
        {
            throw InState(run, error);
        }
    }

    private JsonNode? Template(StateRun run, JsonNode? template, JsonNode? over, Func<JsonObject>? context = null)
    {
        try
        {
            return Queries.Template(template, new PathInputs(over, context ?? (() => Context(run)), run.Frame.Variables));
        }
        catch (StatesException error)
        {
            throw InState(run, error);
        }
    }

    private JsonNode? ApplyResultPath(StateRun run, JsonPath? resultPath, JsonNode? result)
    {
        if (resultPath is null) return result;
        if (resultPath.Value.Value is not { } text) return run.Input?.DeepClone();
        return text == "$" ? result : Queries.Put(run.Input, text, result);
    }

    /// <summary>The JSONPath tail of a state that produced <paramref name="result"/>.</summary>
    private JsonNode? FinishPath(StateRun run, JsonNode? result, JsonNode? resultSelector, JsonPath? resultPath)
    {
        if (resultSelector is not null) result = Template(run, resultSelector, result);
        AssignPath(run, run.State.Assign, result);
        return SelectPath(run, run.State.OutputPath, ApplyResultPath(run, resultPath, result));
    }

    private void AssignPath(StateRun run, JsonNode? assign, JsonNode? over)
    {
        if (assign is not JsonObject) return;
        var values = Template(run, assign, over) as JsonObject ?? [];
        SetVariables(run, values);
    }

    private static void SetVariables(StateRun run, JsonObject values)
    {
        var variables = run.Frame.Variables.ToBuilder();
        foreach (var (name, value) in values) variables[name] = value?.DeepClone();
        run.Frame.Variables = variables.ToImmutable();
    }

    private JsonataInputs JsonataInputs(StateRun run, JsonNode? result = null, JsonNode? errorOutput = null, Func<JsonObject>? context = null) =>
        new(run.Input, context ?? (() => Context(run)), result, errorOutput, run.Frame.Variables, Clock.UtcNow);

    private static JsonNode? Evaluate(StateRun run, JsonNode? template, JsonataInputs inputs, string field = "Output") => Queries.Jsonata(template, inputs, field);

    /// <summary>The JSONata tail of a state: Output (default <paramref name="fallback"/>) and Assign.</summary>
    private JsonNode? FinishJsonata(StateRun run, JsonNode? output, JsonNode? assign, JsonataInputs inputs, JsonNode? fallback)
    {
        var result = output is null ? fallback : Evaluate(run, output, inputs);
        if (assign is JsonObject)
        {
            var values = Evaluate(run, assign, inputs, "Assign") as JsonObject ?? [];
            SetVariables(run, values);
        }
        return result;
    }

    /// <summary>Reads a number field that may be a literal, a JSONata expression or (via its Path twin) a JSONPath.</summary>
    private double? NumberField(StateRun run, JsonNode? literal, string? path, JsonNode? input, string field)
    {
        JsonNode? value = literal;
        if (run.Jsonata && literal is JsonValue v && v.TryGetValue<string>(out _)) value = Evaluate(run, literal, JsonataInputs(run), field);
        else if (path is not null) value = Queries.Select(path, new PathInputs(input, () => Context(run), run.Frame.Variables));
        if (value is null) return null;
        if (value is JsonValue number && Workflows.Serialization.JsonNumbers.AsDouble(number) is { } d) return d;
        throw InState(run, new StatesException(StatesErrors.Runtime, $"The value of the field '{field}' must be a number, but was {Nodes.Serialize(value)}."));
    }
}

/// <summary>What a JSONPath sees: <c>$</c>, <c>$$</c> (built on demand) and the variables.</summary>
internal sealed record PathInputs(JsonNode? Input, Func<JsonObject> Context, ImmutableDictionary<string, JsonNode?> Variables);

/// <summary>What a JSONata expression sees: <c>$states</c> and the variables.</summary>
internal sealed record JsonataInputs(JsonNode? Input, Func<JsonObject> Context, JsonNode? Result, JsonNode? ErrorOutput, ImmutableDictionary<string, JsonNode?> Variables, DateTimeOffset Now);

internal sealed partial class Interpreter
{
    public JsonNode? EvaluateCondition(StateRun run, string expression) =>
        Evaluate(run, JsonValue.Create(expression), JsonataInputs(run), "Condition");

    public bool TryResolve(StateRun run, string path, JsonNode? input, out JsonNode? value) =>
        Queries.TrySelect(path, new PathInputs(input, () => Context(run), run.Frame.Variables), out value);
}
