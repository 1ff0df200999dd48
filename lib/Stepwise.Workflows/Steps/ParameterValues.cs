using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows;

/// <summary>Turns the values users give as parameters — dictionaries, anonymous objects, lists, primitives,
/// <see cref="JsonNode"/>s and <see cref="Placeholder"/>s — into the ASL payload template, renaming a key whose
/// value is a placeholder to <c>Key.$</c> with the placeholder's path.</summary>
public static class ParameterValues
{
    /// <summary>The payload template for a value (null stays null).</summary>
    /// <exception cref="ArgumentException">A placeholder where ASL cannot take a path (inside an array, or as the whole value).</exception>
    public static JsonNode? ToJson(object? value, string field = "Parameters") => value switch
    {
        null => null,
        Placeholder p => throw new ArgumentException($"A placeholder ({p.ToJsonPath()}) cannot be the whole '{field}' value: put it under a key."),
        _ => Convert(value, field),
    };

    /// <summary>Every placeholder in a value with the key it is under.</summary>
    public static IEnumerable<(string Key, Placeholder Placeholder)> Placeholders(object? value)
    {
        switch (value)
        {
            case null or string or JsonNode: yield break;
            case Placeholder p:
                yield return ("", p);
                yield break;
        }

        foreach (var (key, child) in Entries(value) ?? [])
        {
            if (child is Placeholder p) yield return (key, p);
            else foreach (var inner in Placeholders(child)) yield return inner;
        }

        if (Entries(value) is null && value is IEnumerable items)
            foreach (var item in items)
                foreach (var inner in Placeholders(item)) yield return inner;
    }

    private static JsonNode? Convert(object? value, string at)
    {
        switch (value)
        {
            case null: return null;
            case JsonNode node: return node.DeepClone();
            case JsonElement element: return JsonNode.Parse(element.GetRawText());
            case string s: return JsonValue.Create(s);
            case bool b: return JsonValue.Create(b);
            case Enum e: return JsonValue.Create(e.ToString());
            case DateTime dt: return JsonValue.Create(dt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            case DateTimeOffset dto: return JsonValue.Create(dto.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            case Placeholder p: throw new ArgumentException($"A placeholder ({p.ToJsonPath()}) cannot appear inside an array at {at}: ASL paths are only allowed as object values.");
        }

        if (value.GetType().IsPrimitive || value is decimal) return JsonValue.Create(System.Convert.ToDouble(value, CultureInfo.InvariantCulture)) is var d &&
            value is int or long or short or byte or sbyte or uint or ulong or ushort ? JsonValue.Create(System.Convert.ToInt64(value, CultureInfo.InvariantCulture)) : d;

        if (Entries(value) is { } entries)
        {
            var o = new JsonObject();
            foreach (var (key, child) in entries)
            {
                if (child is Placeholder p) o[key.EndsWith(".$", StringComparison.Ordinal) ? key : key + ".$"] = p.ToJsonPath();
                else o[key] = Convert(child, $"{at}.{key}");
            }

            return o;
        }

        if (value is IEnumerable list)
        {
            var array = new JsonArray();
            var i = 0;
            foreach (var item in list) array.Add(Convert(item, $"{at}[{i++}]"));
            return array;
        }

        throw new ArgumentException($"Cannot use a value of type {value.GetType().Name} in {at}.");
    }

    /// <summary>Key/value pairs of a dictionary or a plain object (anonymous types included), or null for other values.</summary>
    private static IEnumerable<(string Key, object? Value)>? Entries(object value)
    {
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                return pairs.Select(p => (p.Key, p.Value));
            case IEnumerable<KeyValuePair<string, string>> pairs:
                return pairs.Select(p => (p.Key, (object?)p.Value));
            case IDictionary dictionary:
                return dictionary.Keys.Cast<object>().Select(k => (System.Convert.ToString(k, CultureInfo.InvariantCulture)!, dictionary[k]));
            case IEnumerable:
                return null;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum) return null;
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p.Name, p.GetValue(value)));
    }
}
