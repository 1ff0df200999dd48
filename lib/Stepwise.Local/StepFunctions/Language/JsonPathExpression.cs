using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>A parsed, immutable, reusable JSONPath with the semantics AWS Step Functions inherits from Jayway JsonPath.
/// Parse once (<see cref="Parse"/> caches by text), evaluate many times; results are detached copies.</summary>
public sealed class JsonPathExpression
{
    private const int CacheLimit = 10_000;
    private static readonly ConcurrentDictionary<string, JsonPathExpression> Cache = new(StringComparer.Ordinal);

    private readonly JsonPathSegment[] segments;
    private readonly JsonPathFunction? function;
    private string? normalized;

    internal JsonPathExpression(string text, JsonPathSegment[] segments, JsonPathFunction? function)
    {
        Text = text;
        this.segments = segments;
        this.function = function;
        IsDefinite = function is not null || segments.All(s => s.IsDefinite);
        IsReferencePath = function is null && segments.All(s => s is PropertySegment or IndexSegment);
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>True when the path selects at most one node: no wildcard, filter, slice, index union or descent
    /// (a trailing <c>['a','b']</c> is definite, as in Jayway: it yields one merged object).</summary>
    public bool IsDefinite { get; }

    /// <summary>True for an AWS "reference path": only <c>$</c>, names and single integer indexes, so it names
    /// exactly one place in a document (what ResultPath requires).</summary>
    public bool IsReferencePath { get; }

    /// <summary>True for the bare <c>$</c>.</summary>
    public bool IsRoot => segments.Length == 0 && function is null;

    /// <summary>Jayway's normalized form, e.g. <c>$['store']['book'][0]</c>, as it appears in error messages.</summary>
    public string NormalizedPath => normalized ??= Normalize(segments.Length);

    /// <summary>Parses a path starting with <c>$</c>; throws <see cref="FormatException"/> with the position of the problem.</summary>
    public static JsonPathExpression Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Cache.TryGetValue(path, out var cached)) return cached;
        var parsed = JsonPathParser.Parse(path);
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(path, parsed);
    }

    /// <summary>Parses a path, or returns false when it is not valid JSONPath.</summary>
    public static bool TryParse([NotNullWhen(true)] string? path, [NotNullWhen(true)] out JsonPathExpression? expression)
    {
        expression = null;
        if (path is null) return false;
        try
        {
            expression = Parse(path);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Every node the path selects, as detached copies. An empty list means no match;
    /// a <c>null</c> item is a matched JSON <c>null</c>.</summary>
    public IReadOnlyList<JsonNode?> Select(JsonNode? root)
    {
        if (function is not null) return TryApplyFunction(root, root, out var result) ? [result] : [];
        if (IsDefinite) return TryWalk(root, out var value, out _, out _) ? [JsonValues.Clone(value)] : [];
        var matches = SelectReferences(root, root);
        for (var i = 0; i < matches.Count; i++) matches[i] = JsonValues.Clone(matches[i]);
        return matches;
    }

    /// <summary>Jayway's read: a definite path yields its value (false when missing), an indefinite path yields
    /// a JSON array of all matches (possibly empty, never false). The value is a detached copy.</summary>
    public bool TryEvaluate(JsonNode? root, out JsonNode? value) => TryEvaluate(root, out value, out _);

    /// <summary>Like <see cref="TryEvaluate(JsonNode?, out JsonNode?)"/>, with Jayway's explanation when it fails,
    /// e.g. <c>No results for path: $['x']</c>.</summary>
    public bool TryEvaluate(JsonNode? root, out JsonNode? value, [NotNullWhen(false)] out string? failure)
    {
        failure = null;
        if (function is not null)
        {
            if (TryApplyFunction(root, root, out value)) return true;
            failure = $"Function {function.Name}() could not be applied to the result of {Normalize(segments.Length)}";
            return false;
        }
        if (!IsDefinite)
        {
            value = ToArray(SelectReferences(root, root));
            return true;
        }
        if (TryWalk(root, out value, out var failedAt, out var failedNode))
        {
            value = JsonValues.Clone(value);
            return true;
        }
        failure = DescribeFailure(failedAt, failedNode);
        return false;
    }

    /// <summary>Evaluation for filters: like TryEvaluate but without detaching a definite result.</summary>
    internal bool TryEvaluateReference(JsonNode? start, JsonNode? root, out JsonNode? value)
    {
        if (function is not null) return TryApplyFunction(start, root, out value);
        if (IsDefinite) return TryWalk(start, out value, out _, out _);
        value = ToArray(SelectReferences(start, root));
        return true;
    }

    /// <summary>Writes <paramref name="value"/> at this reference path in a copy of <paramref name="root"/>
    /// (ResultPath semantics): <c>$</c> replaces everything, missing intermediate objects are created, and
    /// stepping through anything that is not an object raises <c>States.ResultPathMatchFailure</c>.</summary>
    public JsonNode? SetValue(JsonNode? root, JsonNode? value)
    {
        if (!IsReferencePath)
            throw new InvalidOperationException($"'{Text}' is not a reference path: only names and single indexes can be written to.");
        value = JsonValues.Detach(value);
        if (segments.Length == 0) return value;
        var copy = JsonValues.Clone(root);
        var current = copy;
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            switch (segments[i], current)
            {
                case (PropertySegment p, JsonObject o):
                    if (last)
                    {
                        o[p.Name] = value;
                    }
                    else if (!o.TryGetPropertyValue(p.Name, out current))
                    {
                        current = new JsonObject();
                        o[p.Name] = current;
                    }
                    break;
                case (IndexSegment x, JsonArray a):
                    var index = x.Index < 0 ? a.Count + x.Index : x.Index;
                    if (index < 0 || index >= a.Count) throw MatchFailure(root);
                    if (last) a[index] = value;
                    else current = a[index];
                    break;
                default:
                    throw MatchFailure(root);
            }
        }
        return copy;
    }

    private StatesException MatchFailure(JsonNode? root) =>
        new(StatesErrors.ResultPathMatchFailure, $"Unable to apply ReferencePath {Text} to input {JsonValues.ToJson(root)}");

    public override string ToString() => Text;

    /// <summary>Walks a definite path without copying; on failure reports the segment and the node it failed on.</summary>
    private bool TryWalk(JsonNode? start, out JsonNode? value, out int failedAt, out JsonNode? failedNode)
    {
        var node = start;
        for (var i = 0; i < segments.Length; i++)
        {
            JsonNode? next;
            var found = segments[i] switch
            {
                PropertySegment p => p.TryStep(node, out next),
                IndexSegment x => x.TryStep(node, out next),
                var other => TryApplySingle(other, node, start, out next),
            };
            if (!found)
            {
                (value, failedAt, failedNode) = (null, i, node);
                return false;
            }
            node = next;
        }
        (value, failedAt, failedNode) = (node, -1, null);
        return true;
    }

    private static bool TryApplySingle(JsonPathSegment segment, JsonNode? node, JsonNode? root, out JsonNode? value)
    {
        var results = new List<JsonNode?>(1);
        segment.Apply(node, root, results);
        value = results.Count > 0 ? results[0] : null;
        return results.Count > 0;
    }

    private List<JsonNode?> SelectReferences(JsonNode? start, JsonNode? root)
    {
        var current = new List<JsonNode?> { start };
        var next = new List<JsonNode?>();
        foreach (var segment in segments)
        {
            next.Clear();
            foreach (var node in current) segment.Apply(node, root, next);
            (current, next) = (next, current);
            if (current.Count == 0) break;
        }
        return current;
    }

    private bool TryApplyFunction(JsonNode? start, JsonNode? root, out JsonNode? value)
    {
        value = null;
        JsonNode? input;
        if (segments.All(s => s.IsDefinite))
        {
            if (!TryWalk(start, out input, out _, out _)) return false;
        }
        else
        {
            input = ToArray(SelectReferences(start, root));
        }
        return function!.TryApply(input, out value);
    }

    private static JsonArray ToArray(List<JsonNode?> nodes)
    {
        var array = new JsonNode?[nodes.Count];
        for (var i = 0; i < array.Length; i++) array[i] = JsonValues.Clone(nodes[i]);
        return new JsonArray(array);
    }

    /// <summary>Jayway's wording: a missing leaf is "No results for path", a missing intermediate property is
    /// "Missing property in path", stepping into a non-object names what was found.</summary>
    private string DescribeFailure(int failedAt, JsonNode? failedNode)
    {
        var segment = segments[failedAt];
        var isLast = failedAt == segments.Length - 1;
        if (segment is PropertySegment p)
        {
            if (failedNode is not JsonObject)
            {
                var fragment = new StringBuilder();
                p.AppendNormalized(fragment);
                return $"Expected to find an object with property {fragment} in path {Normalize(failedAt)} but found '{JsonValues.TypeName(failedNode)}'. This is not a json object.";
            }
            if (!isLast) return $"Missing property in path {Normalize(failedAt + 1)}";
        }
        else if (segment is IndexSegment && failedNode is not JsonArray)
        {
            var fragment = new StringBuilder();
            segment.AppendNormalized(fragment);
            return $"Filter: {fragment} can only be applied to arrays. Current context is: {JsonValues.ToJson(failedNode)}";
        }
        return $"No results for path: {NormalizedPath}";
    }

    private string Normalize(int count)
    {
        var text = new StringBuilder("$");
        for (var i = 0; i < count; i++) segments[i].AppendNormalized(text);
        if (count == segments.Length && function is not null) text.Append('.').Append(function.Name).Append("()");
        return text.ToString();
    }
}
