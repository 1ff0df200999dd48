using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>Builds a payload from a JSONPath-mode template: Parameters, ResultSelector, ItemSelector and Assign.
/// A key ending in <c>.$</c> takes its value from a path or an intrinsic function and loses the suffix; nested
/// objects and arrays are processed the same way; every other value is copied.</summary>
public static class PayloadTemplate
{
    private const string PathSuffix = ".$";

    /// <summary>The payload the template describes, built fresh (the template is not modified).</summary>
    public static JsonNode? Evaluate(JsonNode? template, PathScope scope) => template switch
    {
        JsonObject o => EvaluateObject(o, scope),
        JsonArray a => EvaluateArray(a, scope),
        _ => JsonValues.Clone(template),
    };

    /// <summary>Whether a template key takes its value from a path or an intrinsic function.</summary>
    public static bool IsDynamicKey(string key) => key.Length > PathSuffix.Length && key.EndsWith(PathSuffix, StringComparison.Ordinal);

    private static JsonObject EvaluateObject(JsonObject template, PathScope scope)
    {
        var result = new JsonObject();
        foreach (var (key, value) in template)
        {
            if (IsDynamicKey(key)) result[key[..^PathSuffix.Length]] = EvaluateField(key, value, scope);
            else result[key] = Evaluate(value, scope);
        }
        return result;
    }

    private static JsonArray EvaluateArray(JsonArray template, PathScope scope)
    {
        var items = new JsonNode?[template.Count];
        for (var i = 0; i < items.Length; i++) items[i] = Evaluate(template[i], scope);
        return new JsonArray(items);
    }

    private static JsonNode? EvaluateField(string field, JsonNode? value, PathScope scope)
    {
        if (!JsonValues.TryGetString(value, out var text))
            throw Runtime($"The value for the field '{field}' must be a STRING that contains a JSONPath or an intrinsic function call, but was {JsonValues.TypeName(value)} {JsonValues.ToJson(value)}");
        if (!IntrinsicFunctions.IsIntrinsic(text)) return ResolveForField(text, field, scope);
        IntrinsicExpression expression;
        try
        {
            expression = IntrinsicFunctions.Parse(text);
        }
        catch (FormatException e)
        {
            throw Runtime($"The value for the field '{field}' must be a valid intrinsic function call: {e.Message}");
        }
        return IntrinsicFunctions.Evaluate(expression, path => ResolveForField(path, field, scope));
    }

    private static JsonNode? ResolveForField(string path, string field, PathScope scope)
    {
        ScopedPath parsed;
        try
        {
            parsed = ScopedPath.Parse(path);
        }
        catch (FormatException e)
        {
            throw Runtime($"The value for the field '{field}' must be a valid JSONPath: {e.Message}");
        }
        if (scope.TryResolve(parsed, out var resolved, out _)) return resolved;
        var where = parsed.Root == PathRoot.Variable && !scope.Variables.ContainsKey(parsed.Variable!)
            ? $"the variables (no variable named '{parsed.Variable}')"
            : $"the input '{JsonValues.ToJson(scope.TargetOf(parsed))}'";
        throw Runtime($"The JSONPath '{path}' specified for the field '{field}' could not be found in {where}");
    }

    private static StatesException Runtime(string cause) => new(StatesErrors.Runtime, cause);
}
