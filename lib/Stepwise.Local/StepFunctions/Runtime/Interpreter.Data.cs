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
    private JsonNode? EffectiveInput(StateRun run)
    {
        var effective = SelectPath(run, run.State.InputPath, run.Input);
        Inspect(run, TestState.StateInspection.Steps.AfterInputPath, effective);
        return effective;
    }

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
        Inspect(run, TestState.StateInspection.Steps.Result, result);
        if (resultSelector is not null) result = Template(run, resultSelector, result);
        if (run.State is TaskState or MapState or ParallelState) Inspect(run, TestState.StateInspection.Steps.AfterResultSelector, result);
        // AWS selects the output before the state's Assign takes effect: OutputPath sees the variables as they were.
        var combined = ApplyResultPath(run, resultPath, run.State.Assign is JsonObject ? result?.DeepClone() : result);
        Inspect(run, TestState.StateInspection.Steps.AfterResultPath, combined);
        var output = SelectPath(run, run.State.OutputPath, combined);
        AssignPath(run, run.State.Assign, result);
        return output;
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

    /// <summary>Evaluates a JSONata field of the state; a failure is recorded as AWS records it (an
    /// <c>EvaluationFailed</c> event) and fails the state with States.QueryEvaluationError.</summary>
    private JsonNode? Evaluate(StateRun run, JsonNode? template, JsonataInputs inputs, string field = "Output")
    {
        try
        {
            return Queries.Jsonata(template, inputs, field);
        }
        catch (StatesException error) when (error.Error == StatesErrors.QueryEvaluationError)
        {
            throw EvaluationFailed(run, field, error.Cause);
        }
    }

    /// <summary>Records the <c>EvaluationFailed</c> event of a JSONata field that could not be evaluated and returns
    /// the States.QueryEvaluationError that fails the state, its cause prefixed as AWS prefixes it.</summary>
    public StatesException EvaluationFailed(StateRun run, string location, string cause)
    {
        var error = InState(run, new StatesException(StatesErrors.QueryEvaluationError, cause));
        Emit(run.Frame, "EvaluationFailed", "evaluationFailedEventDetails", new JsonObject
        {
            ["error"] = error.Error,
            ["cause"] = error.Cause,
            ["location"] = location,
            ["state"] = run.State.Name,
        });
        return error;
    }

    /// <summary>The expression inside a field's <c>{% %}</c>, or the field's text when it is not one.</summary>
    private static string JsonataExpression(JsonNode? field) =>
        field is JsonValue v && v.TryGetValue<string>(out var text)
            ? (Jsonata.JsonataTemplate.TryGetExpression(text, out var expression) ? expression : text)
            : Nodes.Serialize(field);

    /// <summary>JSONata's name for a value's type, as AWS quotes it in "Expected 'array', but was 'object'".</summary>
    internal static string JsonataType(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>The JSONata tail of a state: Output (default <paramref name="fallback"/>) and Assign.</summary>
    /// <param name="nullOutput">An explicit <c>"Output": null</c>: the output is null, not <paramref name="fallback"/>.</param>
    private JsonNode? FinishJsonata(StateRun run, JsonNode? output, bool nullOutput, JsonNode? assign, JsonataInputs inputs, JsonNode? fallback)
    {
        if (inputs.Result is not null) Inspect(run, TestState.StateInspection.Steps.Result, inputs.Result);
        var result = output is not null ? Evaluate(run, output, inputs) : nullOutput ? null : fallback;
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
        if (run.Jsonata && literal is JsonValue)
            throw EvaluationFailed(run, field, $"The JSONata expression '{JsonataExpression(literal)}' specified for the field '{field}' returned an unexpected result type. Expected 'number', but was '{JsonataType(value)}' for value: {Nodes.Serialize(value)}");
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
