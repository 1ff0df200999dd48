using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>The Step Functions intrinsic functions (<c>States.Format</c>, <c>States.Array</c>, <c>States.Hash</c>…):
/// parsing, which the validator uses too, and evaluation, which raises <c>States.IntrinsicFailure</c> with AWS-like
/// causes when arguments are wrong.</summary>
public static class IntrinsicFunctions
{
    private const int CacheLimit = 10_000;
    private static readonly ConcurrentDictionary<string, IntrinsicExpression> Cache = new(StringComparer.Ordinal);

    /// <summary>Every intrinsic function name.</summary>
    public static IReadOnlyCollection<string> Names => IntrinsicLibrary.Names;

    /// <summary>Whether a <c>.$</c> value is an intrinsic function call rather than a path.</summary>
    public static bool IsIntrinsic(string? text)
    {
        if (text is null) return false;
        var span = text.AsSpan().Trim();
        return span.StartsWith("States.", StringComparison.Ordinal) && span.EndsWith(")") && span.Contains('(');
    }

    /// <summary>Whether a name is a known intrinsic function.</summary>
    public static bool IsKnown(string name) => IntrinsicLibrary.IsKnown(name);

    /// <summary>Parses (and caches) a call; throws <see cref="FormatException"/> on bad syntax, a bad path argument
    /// or an unknown function.</summary>
    public static IntrinsicExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Cache.TryGetValue(text, out var cached)) return cached;
        var parsed = IntrinsicParser.Parse(text);
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(text, parsed);
    }

    /// <summary>Evaluates a call. <paramref name="resolvePath"/> resolves the <c>$…</c>, <c>$$…</c> and <c>$var…</c>
    /// arguments (and throws itself when one is missing); nested calls are evaluated first, left to right.</summary>
    public static JsonNode? Evaluate(IntrinsicExpression expression, Func<string, JsonNode?> resolvePath)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(resolvePath);
        var values = new JsonNode?[expression.Arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = expression.Arguments[i] switch
            {
                LiteralArgument literal => literal.Value,
                PathArgument path => JsonValues.Detach(resolvePath(path.Path)),
                CallArgument call => Evaluate(call.Call, resolvePath),
                _ => throw new InvalidOperationException("Unknown argument kind."),
            };
        }
        return IntrinsicLibrary.Invoke(expression, values);
    }

    /// <summary>Parses and evaluates a call against a <see cref="PathScope"/>.</summary>
    public static JsonNode? Evaluate(string text, PathScope scope) => Evaluate(Parse(text), scope.Resolve);
}
