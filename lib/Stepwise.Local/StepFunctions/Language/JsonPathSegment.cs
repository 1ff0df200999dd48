using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>One step of a parsed JSONPath: applied to a node, it adds the nodes it selects.
/// Segments hand out references into the document; <see cref="JsonPathExpression"/> detaches the final results.</summary>
internal abstract class JsonPathSegment
{
    /// <summary>Whether the segment selects at most one node (Jayway's "definite" token).</summary>
    public abstract bool IsDefinite { get; }

    /// <summary>Adds the nodes this segment selects from <paramref name="node"/> to <paramref name="results"/>.</summary>
    public abstract void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results);

    /// <summary>Writes the segment in Jayway's normalized form (<c>['name']</c>, <c>[0]</c>, <c>[*]</c>…).</summary>
    public abstract void AppendNormalized(StringBuilder text);

    public static StringBuilder AppendQuoted(StringBuilder text, string name) =>
        text.Append('\'').Append(name.Replace("\\", "\\\\").Replace("'", "\\'")).Append('\'');
}

/// <summary><c>.name</c> or <c>['name']</c>.</summary>
internal sealed class PropertySegment(string name) : JsonPathSegment
{
    public string Name { get; } = name;

    public override bool IsDefinite => true;

    public bool TryStep(JsonNode? node, out JsonNode? child)
    {
        child = null;
        return node is JsonObject o && o.TryGetPropertyValue(Name, out child);
    }

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        if (TryStep(node, out var child)) results.Add(child);
    }

    public override void AppendNormalized(StringBuilder text) => AppendQuoted(text.Append('['), Name).Append(']');
}

/// <summary><c>['a','b']</c>. As the last segment it yields one object holding the named properties
/// (Jayway's merge, which AWS inherits); elsewhere it yields each property's value.</summary>
internal sealed class PropertyUnionSegment(IReadOnlyList<string> names, bool merge) : JsonPathSegment
{
    public IReadOnlyList<string> Names { get; } = names;

    public bool Merge { get; } = merge;

    public override bool IsDefinite => Merge;

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        if (node is not JsonObject o) return;
        if (!Merge)
        {
            foreach (var name in Names)
                if (o.TryGetPropertyValue(name, out var child)) results.Add(child);
            return;
        }
        var merged = new JsonObject();
        foreach (var name in Names)
            if (o.TryGetPropertyValue(name, out var child)) merged[name] = JsonValues.Clone(child);
        results.Add(merged);
    }

    public override void AppendNormalized(StringBuilder text)
    {
        text.Append('[');
        for (var i = 0; i < Names.Count; i++) AppendQuoted(i == 0 ? text : text.Append(','), Names[i]);
        text.Append(']');
    }
}

/// <summary><c>[n]</c>; a negative index counts from the end.</summary>
internal sealed class IndexSegment(int index) : JsonPathSegment
{
    public int Index { get; } = index;

    public override bool IsDefinite => true;

    public bool TryStep(JsonNode? node, out JsonNode? child)
    {
        child = null;
        if (node is not JsonArray a) return false;
        var i = Index < 0 ? a.Count + Index : Index;
        if (i < 0 || i >= a.Count) return false;
        child = a[i];
        return true;
    }

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        if (TryStep(node, out var child)) results.Add(child);
    }

    public override void AppendNormalized(StringBuilder text) =>
        text.Append('[').Append(Index.ToString(CultureInfo.InvariantCulture)).Append(']');
}

/// <summary><c>[0,2,-1]</c>.</summary>
internal sealed class IndexUnionSegment(IReadOnlyList<int> indexes) : JsonPathSegment
{
    public IReadOnlyList<int> Indexes { get; } = indexes;

    public override bool IsDefinite => false;

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        if (node is not JsonArray a) return;
        foreach (var index in Indexes)
        {
            var i = index < 0 ? a.Count + index : index;
            if (i >= 0 && i < a.Count) results.Add(a[i]);
        }
    }

    public override void AppendNormalized(StringBuilder text) =>
        text.Append('[').AppendJoin(',', Indexes.Select(i => i.ToString(CultureInfo.InvariantCulture))).Append(']');
}

/// <summary><c>[start:end:step]</c> with Python's semantics: bounds are clamped, negative values count from the end.</summary>
internal sealed class SliceSegment(int? start, int? end, int? step) : JsonPathSegment
{
    public override bool IsDefinite => false;

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        if (node is not JsonArray a || a.Count == 0) return;
        var n = a.Count;
        var s = step ?? 1;
        if (s > 0)
        {
            var from = Clamp(start ?? 0, n, 0, n);
            var to = Clamp(end ?? n, n, 0, n);
            for (var i = from; i < to; i += s) results.Add(a[i]);
        }
        else
        {
            var from = Clamp(start ?? n - 1, n, -1, n - 1);
            var to = end is null ? -1 : Clamp(end.Value, n, -1, n - 1);
            for (var i = from; i > to; i += s) results.Add(a[i]);
        }
    }

    private static int Clamp(int value, int count, int min, int max) => Math.Clamp(value < 0 ? value + count : value, min, max);

    public override void AppendNormalized(StringBuilder text)
    {
        text.Append('[').Append(start?.ToString(CultureInfo.InvariantCulture)).Append(':').Append(end?.ToString(CultureInfo.InvariantCulture));
        if (step is not null) text.Append(':').Append(step.Value.ToString(CultureInfo.InvariantCulture));
        text.Append(']');
    }
}

/// <summary><c>[*]</c> or <c>.*</c>: every value of an object, every element of an array.</summary>
internal sealed class WildcardSegment : JsonPathSegment
{
    public static readonly WildcardSegment Instance = new();

    public override bool IsDefinite => false;

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) results.Add(value);
                break;
            case JsonArray a:
                foreach (var value in a) results.Add(value);
                break;
        }
    }

    public override void AppendNormalized(StringBuilder text) => text.Append("[*]");
}

/// <summary><c>[?(expr)]</c>. On an array it keeps the matching elements; on an object it tests the object itself
/// (Jayway's behavior, so AWS's).</summary>
internal sealed class FilterSegment(FilterExpression filter) : JsonPathSegment
{
    public FilterExpression Filter { get; } = filter;

    public override bool IsDefinite => false;

    public bool Matches(JsonNode? node, JsonNode? root) => Filter.IsTrue(node, root);

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        switch (node)
        {
            case JsonArray a:
                foreach (var item in a)
                    if (Filter.IsTrue(item, root)) results.Add(item);
                break;
            case JsonObject o when Filter.IsTrue(o, root):
                results.Add(o);
                break;
        }
    }

    public override void AppendNormalized(StringBuilder text) => text.Append("[?]");
}

/// <summary><c>..</c> followed by a selector: the selector applied to the node and every container below it,
/// in document order (parents before children).</summary>
internal sealed class DescendantSegment(JsonPathSegment selector) : JsonPathSegment
{
    public override bool IsDefinite => false;

    public override void Apply(JsonNode? node, JsonNode? root, List<JsonNode?> results)
    {
        if (node is not (JsonObject or JsonArray)) return;
        if (selector is FilterSegment filter)
        {
            // Jayway tests each container found by the scan itself, so an object matches once.
            if (filter.Matches(node, root)) results.Add(node);
        }
        else
        {
            selector.Apply(node, root, results);
        }
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) Apply(value, root, results);
                break;
            case JsonArray a:
                foreach (var value in a) Apply(value, root, results);
                break;
        }
    }

    public override void AppendNormalized(StringBuilder text)
    {
        text.Append("..");
        selector.AppendNormalized(text);
    }
}
