using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Workflows;
using Stepwise.Workflows.Serialization;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>Evaluates Choice rules as Step Functions does: a comparison between values of different types is
/// false, a missing Variable is a runtime error except for IsPresent, and the <c>…Path</c> operators compare
/// with a value selected from the input.</summary>
internal static class ChoiceRules
{
    public static bool Matches(Interpreter interpreter, StateRun run, ChoiceRule rule, JsonNode? input) => rule switch
    {
        AndRule and => and.Rules.All(r => Matches(interpreter, run, r, input)),
        OrRule or => or.Rules.Any(r => Matches(interpreter, run, r, input)),
        NotRule not => !Matches(interpreter, run, not.Rule, input),
        ConditionRule condition => Condition(interpreter, run, condition.Expression),
        ComparisonRule comparison => Compare(interpreter, run, comparison, input),
        _ => throw new StatesException(StatesErrors.Runtime, $"Unsupported choice rule {rule.GetType().Name}."),
    };

    private static bool Condition(Interpreter interpreter, StateRun run, string expression)
    {
        if (expression is "true" or "false") return expression == "true";
        var value = interpreter.EvaluateCondition(run, expression);
        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return v.GetValueKind() == JsonValueKind.True;
        var text = Stepwise.Local.StepFunctions.Jsonata.JsonataTemplate.TryGetExpression(expression, out var inner) ? inner : expression;
        throw interpreter.EvaluationFailed(run, "Condition",
            $"The JSONata expression '{text}' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '{Interpreter.JsonataType(value)}' for value: {Nodes.Serialize(value)}");
    }

    private static bool Compare(Interpreter interpreter, StateRun run, ComparisonRule rule, JsonNode? input)
    {
        var present = interpreter.TryResolve(run, rule.Variable, input, out var value);
        if (rule.Operator == "IsPresent") return present == IsTrue(rule.Value);
        if (!present)
            throw new StatesException(StatesErrors.Runtime,
                $"An error occurred while executing the state '{run.State.Name}' (entered at the event id #{run.EnteredEventId}). Invalid path '{rule.Variable}': The choice state's condition path references an invalid value.");

        var op = rule.Operator;
        var expected = rule.Value;
        if (op.EndsWith("Path", StringComparison.Ordinal) && op != "IsPresent")
        {
            var path = expected?.GetValue<string>() ?? "";
            if (!interpreter.TryResolve(run, path, input, out expected))
                throw new StatesException(StatesErrors.Runtime,
                    $"An error occurred while executing the state '{run.State.Name}' (entered at the event id #{run.EnteredEventId}). Invalid path '{path}': The choice state's condition path references an invalid value.");
            op = op[..^"Path".Length];
        }

        return op switch
        {
            "IsNull" => (value is null) == IsTrue(expected),
            "IsBoolean" => (Kind(value) is JsonValueKind.True or JsonValueKind.False) == IsTrue(expected),
            "IsNumeric" => (Kind(value) == JsonValueKind.Number) == IsTrue(expected),
            "IsString" => (Kind(value) == JsonValueKind.String) == IsTrue(expected),
            "IsTimestamp" => (Text(value) is { } t && Timestamps.IsValid(t)) == IsTrue(expected),
            "BooleanEquals" => Kind(value) is JsonValueKind.True or JsonValueKind.False
                && Kind(expected) is JsonValueKind.True or JsonValueKind.False && Kind(value) == Kind(expected),
            "StringMatches" => Text(value) is { } s && Text(expected) is { } pattern && Wildcard(s, pattern),
            _ when op.StartsWith("String", StringComparison.Ordinal) =>
                Text(value) is { } a && Text(expected) is { } b && Order(op["String".Length..], string.CompareOrdinal(a, b)),
            _ when op.StartsWith("Numeric", StringComparison.Ordinal) =>
                Kind(value) == JsonValueKind.Number && Kind(expected) == JsonValueKind.Number
                && Order(op["Numeric".Length..], JsonNumbers.AsDouble(value)!.Value.CompareTo(JsonNumbers.AsDouble(expected)!.Value)),
            _ when op.StartsWith("Timestamp", StringComparison.Ordinal) =>
                Text(value) is { } x && Text(expected) is { } y && Timestamps.TryParse(x, out var tx) && Timestamps.TryParse(y, out var ty)
                && Order(op["Timestamp".Length..], tx.CompareTo(ty)),
            _ => throw new StatesException(StatesErrors.Runtime, $"Unsupported comparison operator '{rule.Operator}'."),
        };
    }

    private static bool Order(string relation, int comparison) => relation switch
    {
        "Equals" => comparison == 0,
        "LessThan" => comparison < 0,
        "GreaterThan" => comparison > 0,
        "LessThanEquals" => comparison <= 0,
        "GreaterThanEquals" => comparison >= 0,
        _ => throw new StatesException(StatesErrors.Runtime, $"Unsupported comparison '{relation}'."),
    };

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static bool IsTrue(JsonNode? node) => Kind(node) == JsonValueKind.True;

    private static string? Text(JsonNode? node) => Kind(node) == JsonValueKind.String ? node!.GetValue<string>() : null;

    /// <summary>StringMatches: <c>*</c> matches any run of characters; <c>\*</c> and <c>\\</c> are literal.</summary>
    public static bool Wildcard(string text, string pattern)
    {
        var tokens = new List<(char Char, bool Star)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length) tokens.Add((pattern[++i], false));
            else tokens.Add((pattern[i], pattern[i] == '*'));
        }
        int t = 0, p = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < tokens.Count && !tokens[p].Star && tokens[p].Char == text[t]) { t++; p++; }
            else if (p < tokens.Count && tokens[p].Star) { starP = p++; starT = t; }
            else if (starP >= 0) { p = starP + 1; t = ++starT; }
            else return false;
        }
        while (p < tokens.Count && tokens[p].Star) p++;
        return p == tokens.Count;
    }
}
