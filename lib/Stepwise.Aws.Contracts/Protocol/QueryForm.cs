using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Stepwise.Aws.Protocol;

/// <summary>
/// The query protocol's form (IAM, STS) both ways, so that the AWS client and the local host cannot disagree: a shape's
/// JSON flattens into parameters — structures <c>A.B</c>, lists <c>Name.member.N</c> (an empty list as <c>Name=</c>),
/// maps <c>Name.entry.N.key</c> / <c>Name.entry.N.value</c> — and <see cref="Unflatten"/> is its exact inverse.
/// </summary>
public static class QueryForm
{
    /// <summary>The list item segment (<c>Tags.member.1</c>).</summary>
    public const string Member = "member";

    /// <summary>The map entry segment (<c>Attributes.entry.1</c>).</summary>
    public const string Entry = "entry";

    /// <summary>A map entry's key (<c>Attributes.entry.1.key</c>).</summary>
    public const string Key = "key";

    /// <summary>A map entry's value (<c>Attributes.entry.1.value</c>).</summary>
    public const string Value = "value";

    /// <summary>The form parameters of a shape's JSON (<paramref name="node"/>, of <paramref name="type"/>), in member order.</summary>
    public static void Flatten(JsonNode? node, Type type, string prefix, JsonSerializerOptions json, List<KeyValuePair<string, string>> parameters)
    {
        if (node is null)
            return;
        switch (ShapeInfo.Kind(json, type))
        {
            case JsonTypeInfoKind.Object when node is JsonObject structure:
                foreach (var (name, child) in structure)
                {
                    var member = ShapeInfo.Member(json, type, name);
                    Flatten(child, member?.PropertyType ?? typeof(string), prefix.Length == 0 ? name : $"{prefix}.{name}", json, parameters);
                }
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray list:
                if (list.Count == 0)
                    parameters.Add(new(prefix, "")); // AWS's way of sending an empty list
                var itemType = ShapeInfo.ElementType(json, type);
                for (var i = 0; i < list.Count; i++)
                    Flatten(list[i], itemType, $"{prefix}.{Member}.{i + 1}", json, parameters);
                break;
            case JsonTypeInfoKind.Dictionary when node is JsonObject map:
                var valueType = ShapeInfo.ElementType(json, type);
                var index = 1;
                foreach (var (key, value) in map)
                {
                    parameters.Add(new($"{prefix}.{Entry}.{index}.{Key}", key));
                    Flatten(value, valueType, $"{prefix}.{Entry}.{index}.{Value}", json, parameters);
                    index++;
                }
                break;
            default:
                parameters.Add(new(prefix, WireValue.Format(node, type, WireValue.TimestampFormat.Iso8601)));
                break;
        }
    }

    /// <summary>
    /// The JSON of a shape of <paramref name="type"/> from form parameters: the inverse of <see cref="Flatten"/>, with
    /// scalars typed by the members' types. As AWS does, the first of repeated parameters wins and parameters naming no
    /// member are ignored; list items are ordered by index. A parameter that cannot belong to the shape (an index that is
    /// not a number, <c>Tags.x.1</c>, a number that does not parse) throws a <see cref="QueryFormException"/>.
    /// </summary>
    public static JsonObject Unflatten(IEnumerable<KeyValuePair<string, string>> parameters, Type type, JsonSerializerOptions json)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<Parameter>();
        foreach (var (name, value) in parameters)
            if (seen.Add(name))
                entries.Add(new Parameter(name, name.Split('.'), value));
        return Build(type, entries, 0, json) as JsonObject ?? [];
    }

    private static JsonNode? Build(Type type, List<Parameter> entries, int depth, JsonSerializerOptions json)
    {
        switch (ShapeInfo.Kind(json, type))
        {
            case JsonTypeInfoKind.Object:
                var structure = new JsonObject();
                foreach (var entry in entries)
                    if (entry.Segments.Length == depth && depth > 0)
                        throw new QueryFormException(entry.Name, "is a structure: give its members as " + entry.Name + ".<Member>");
                foreach (var group in entries.GroupBy(e => e.Segments[depth], StringComparer.Ordinal))
                {
                    if (group.Key.Length == 0)
                        throw new QueryFormException(group.First().Name, "has an empty name segment");
                    if (ShapeInfo.Member(json, type, group.Key) is not { } member)
                        continue; // not a member of this shape: AWS ignores it
                    structure[member.Name] = Build(member.PropertyType, [.. group], depth + 1, json);
                }
                return structure;

            case JsonTypeInfoKind.Enumerable:
                var itemType = ShapeInfo.ElementType(json, type);
                var items = Indexed(entries, depth, Member, "is a list: give its items as {0}.member.1, {0}.member.2, …");
                return new JsonArray([.. items.Select(item => Build(itemType, item.Entries, depth + 2, json))]);

            case JsonTypeInfoKind.Dictionary:
                var valueType = ShapeInfo.ElementType(json, type);
                var map = new JsonObject();
                foreach (var (index, parts) in Indexed(entries, depth, Entry, "is a map: give its entries as {0}.entry.1.key and {0}.entry.1.value, …"))
                {
                    string? key = null;
                    var values = new List<Parameter>();
                    foreach (var part in parts)
                    {
                        var segment = part.Segments.Length > depth + 2 ? part.Segments[depth + 2] : null;
                        if (segment == Key && part.Segments.Length == depth + 3)
                            key = part.Value;
                        else if (segment == Value)
                            values.Add(part);
                        else
                            throw new QueryFormException(part.Name, "is not a map entry's key or value (….entry.N.key, ….entry.N.value)");
                    }
                    if (key is null)
                        throw new QueryFormException(parts[0].Name, $"belongs to map entry {index}, which has no key");
                    if (map.ContainsKey(key))
                        continue; // the first entry with a key wins, as for repeated parameters
                    map[key] = values.Count == 0 ? null : Build(valueType, values, depth + 3, json);
                }
                return map;

            default:
                var deeper = entries.FirstOrDefault(e => e.Segments.Length > depth);
                if (deeper is not null)
                    throw new QueryFormException(deeper.Name, $"goes below {string.Join('.', deeper.Segments[..depth])}, which is a single value");
                var scalar = entries[0];
                try
                {
                    return WireValue.ParseStrict(scalar.Value, type);
                }
                catch (FormatException e)
                {
                    throw new QueryFormException(scalar.Name, "is malformed: " + e.Message);
                }
        }
    }

    /// <summary>The items of a list or the entries of a map, by index: <c>{prefix}.{segment}.N.…</c>; a lone
    /// <c>{prefix}=</c> (AWS's empty list) adds nothing.</summary>
    private static List<(int Index, List<Parameter> Entries)> Indexed(List<Parameter> entries, int depth, string segment, string shape)
    {
        var byIndex = new SortedDictionary<int, List<Parameter>>();
        foreach (var entry in entries)
        {
            if (entry.Segments.Length == depth)
            {
                if (entry.Value.Length == 0)
                    continue;
                throw new QueryFormException(entry.Name, string.Format(CultureInfo.InvariantCulture, shape, entry.Name));
            }
            if (entry.Segments[depth] != segment || entry.Segments.Length == depth + 1)
                throw new QueryFormException(entry.Name, string.Format(CultureInfo.InvariantCulture, shape, string.Join('.', entry.Segments[..depth])));
            var text = entry.Segments[depth + 1];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
                throw new QueryFormException(entry.Name, $"has '{text}' where an index (1, 2, …) belongs");
            if (!byIndex.TryGetValue(index, out var list))
                byIndex[index] = list = [];
            list.Add(entry);
        }
        return [.. byIndex.Select(p => (p.Key, p.Value))];
    }

    private sealed record Parameter(string Name, string[] Segments, string Value);
}
