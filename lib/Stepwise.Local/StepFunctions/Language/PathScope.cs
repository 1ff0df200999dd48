using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>What paths resolve against while a state runs: <c>$…</c> reads <see cref="Input"/>, <c>$$…</c> reads
/// <see cref="Context"/> (the context object) and <c>$name…</c> reads the variable <c>name</c>.</summary>
public sealed record PathScope(JsonNode? Input, JsonNode? Context = null, IReadOnlyDictionary<string, JsonNode?>? Variables = null)
{
    private static readonly IReadOnlyDictionary<string, JsonNode?> NoVariables = new Dictionary<string, JsonNode?>();

    /// <summary>The variables in scope (never null).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Variables { get; init; } = Variables ?? NoVariables;

    /// <summary>Resolves a path with Jayway's read semantics (a definite path yields its value, an indefinite one the
    /// array of its matches). Missing paths, unknown variables and bad syntax raise <c>States.Runtime</c>, worded as
    /// AWS words InputPath/OutputPath failures: <c>Invalid path '$.x' : No results for path: $['x']</c>.</summary>
    public JsonNode? Resolve(string path)
    {
        ScopedPath parsed;
        try
        {
            parsed = ScopedPath.Parse(path);
        }
        catch (FormatException e)
        {
            throw new StatesException(StatesErrors.Runtime, $"Invalid path '{path}' : {e.Message}");
        }
        return TryResolve(parsed, out var value, out var failure)
            ? value
            : throw new StatesException(StatesErrors.Runtime, $"Invalid path '{path}' : {failure}");
    }

    /// <summary>Resolves a path, or returns false when it selects nothing; throws <see cref="FormatException"/> on bad syntax.</summary>
    public bool TryResolve(string path, out JsonNode? value) => TryResolve(ScopedPath.Parse(path), out value, out _);

    internal bool TryResolve(ScopedPath path, out JsonNode? value, [NotNullWhen(false)] out string? failure)
    {
        if (path.Root == PathRoot.Variable && !Variables.ContainsKey(path.Variable!))
        {
            value = null;
            failure = $"The variable '{path.Variable}' is not defined";
            return false;
        }
        return path.Path.TryEvaluate(TargetOf(path), out value, out failure);
    }

    /// <summary>The document a path reads: the input, the context object or a variable's value.</summary>
    internal JsonNode? TargetOf(ScopedPath path) => path.Root switch
    {
        PathRoot.Context => Context,
        PathRoot.Variable => Variables.GetValueOrDefault(path.Variable!),
        _ => Input,
    };
}
