using System.Collections.Concurrent;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>What a path in a state machine is evaluated against.</summary>
internal enum PathRoot { Input, Context, Variable }

/// <summary>A path as written in ASL: <c>$…</c> (the input), <c>$$…</c> (the context object) or
/// <c>$name…</c> (the variable <c>name</c>), split into its root and a plain JSONPath from <c>$</c>.</summary>
internal sealed class ScopedPath
{
    private const int CacheLimit = 10_000;
    private static readonly ConcurrentDictionary<string, ScopedPath> Cache = new(StringComparer.Ordinal);

    private ScopedPath(string text, PathRoot root, string? variable, JsonPathExpression path) =>
        (Text, Root, Variable, Path) = (text, root, variable, path);

    public string Text { get; }

    public PathRoot Root { get; }

    /// <summary>The variable's name when <see cref="Root"/> is <see cref="PathRoot.Variable"/>.</summary>
    public string? Variable { get; }

    /// <summary>The path below the root, starting with <c>$</c>.</summary>
    public JsonPathExpression Path { get; }

    /// <summary>Parses and caches; throws <see cref="FormatException"/>.</summary>
    public static ScopedPath Parse(string text)
    {
        if (Cache.TryGetValue(text, out var cached)) return cached;
        var parsed = ParseUncached(text);
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(text, parsed);
    }

    private static ScopedPath ParseUncached(string text)
    {
        if (text.StartsWith("$$", StringComparison.Ordinal))
            return new(text, PathRoot.Context, null, ParseRelative(text, text[1..]));
        if (text.Length > 1 && text[0] == '$' && IsNameStart(text[1]))
        {
            var end = 2;
            while (end < text.Length && IsNamePart(text[end])) end++;
            return new(text, PathRoot.Variable, text[1..end], ParseRelative(text, "$" + text[end..]));
        }
        return new(text, PathRoot.Input, null, JsonPathExpression.Parse(text));
    }

    private static JsonPathExpression ParseRelative(string original, string path)
    {
        try
        {
            return JsonPathExpression.Parse(path);
        }
        catch (FormatException e)
        {
            throw new FormatException($"Invalid JSONPath '{original}': {e.Message}", e);
        }
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
