using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>Evaluates a JSONata-mode field value (Arguments, Output, Assign, Items…): every string that is a whole
/// <c>{% expression %}</c> is replaced by the expression's value, walking objects and arrays; every other value is copied.
/// An expression whose value is undefined is an error (States.QueryEvaluationError, "returned nothing (undefined)"),
/// at the top and nested alike: that is what AWS reports for a field, and failing loudly beats silently dropping keys.</summary>
public static class JsonataTemplate
{
    /// <summary>True when <paramref name="text"/> starts with <c>{%</c> and ends with <c>%}</c> (no surrounding
    /// whitespace: anything else is a literal string); <paramref name="expression"/> is the inside, trimmed.</summary>
    public static bool TryGetExpression(string text, out string expression)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length >= 4 && text.StartsWith("{%", StringComparison.Ordinal) && text.EndsWith("%}", StringComparison.Ordinal))
        {
            expression = text[2..^2].Trim();
            return true;
        }
        expression = "";
        return false;
    }

    /// <summary>True when the template contains at least one <c>{% %}</c> string anywhere.</summary>
    public static bool ContainsExpression(JsonNode? template) => template switch
    {
        JsonObject obj => obj.Any(p => ContainsExpression(p.Value)),
        JsonArray array => array.Any(ContainsExpression),
        JsonValue value => value.TryGetValue(out string? s) && TryGetExpression(s, out _),
        _ => false,
    };

    /// <summary>The template with every <c>{% %}</c> string evaluated in <paramref name="scope"/>; a new tree.</summary>
    /// <param name="field">The field's name for error causes, e.g. <c>Output</c> or <c>Arguments</c>; nested values
    /// are named like <c>Output/items/0</c>.</param>
    /// <param name="evaluator">Defaults to <see cref="JsonataEvaluator.Shared"/>.</param>
    /// <exception cref="StatesException">States.QueryEvaluationError.</exception>
    public static JsonNode? Evaluate(JsonNode? template, JsonataScope scope, string field = "Output", JsonataEvaluator? evaluator = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!ContainsExpression(template)) return template?.DeepClone();
        using var session = (evaluator ?? JsonataEvaluator.Shared).OpenSession(scope);
        return Walk(template, session, field);
    }

    static JsonNode? Walk(JsonNode? node, JsonataSession session, string path)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                    result[key] = Walk(value, session, path + "/" + key);
                return result;
            }
            case JsonArray array:
            {
                var result = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                    result.Add(Walk(array[i], session, path + "/" + i));
                return result;
            }
            case JsonValue value when value.TryGetValue(out string? text) && TryGetExpression(text, out var expression):
                return EvaluateField(session, expression, path);
            default:
                return node?.DeepClone();
        }
    }

    static JsonNode? EvaluateField(JsonataSession session, string expression, string field)
    {
        bool defined;
        JsonNode? result;
        try
        {
            defined = session.TryEvaluate(expression, out result);
        }
        catch (JsonataSyntaxException e)
        {
            throw JsonataEvaluator.SyntaxError(e, field);
        }
        catch (JsonataEvaluationException e)
        {
            throw JsonataEvaluator.EvaluationError(expression, e, field);
        }
        if (!defined)
            throw new StatesException(StatesErrors.QueryEvaluationError,
                $"The JSONata expression '{expression}' specified for the field '{field}' returned nothing (undefined).");
        return result;
    }
}
