using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>Reads and compares JSON values whatever CLR type backs a <see cref="JsonValue"/>
/// (a parsed element, an int, a long, a double, a decimal…): numbers compare by value, never by type.</summary>
internal static class JsonValues
{
    public static JsonValueKind KindOf(JsonNode? node) => node switch
    {
        null => JsonValueKind.Null,
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        _ => node.GetValueKind(),
    };

    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsBoolean(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.TryGetValue(out string? s) ? s : v.TryGetValue(out char c) ? c.ToString() : v.GetValue<string>();
            return true;
        }
        value = "";
        return false;
    }

    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        var kind = KindOf(node);
        value = kind == JsonValueKind.True;
        return kind is JsonValueKind.True or JsonValueKind.False;
    }

    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        if (v.TryGetValue(out value)) return true;
        if (v.TryGetValue(out long l)) { value = l; return true; }
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (v.TryGetValue(out decimal m)) { value = (double)m; return true; }
        return double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The number as a decimal when it fits one exactly enough (most JSON numbers do).</summary>
    public static bool TryGetDecimal(JsonNode? node, out decimal value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        if (v.TryGetValue(out value)) return true;
        if (v.TryGetValue(out long l)) { value = l; return true; }
        if (v.TryGetValue(out int i)) { value = i; return true; }
        return decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The number as a long when it has no fraction and fits.</summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        if (v.TryGetValue(out value)) return true;
        if (v.TryGetValue(out int i)) { value = i; return true; }
        if (TryGetDecimal(node, out var m) && m == decimal.Truncate(m) && m >= long.MinValue && m <= long.MaxValue)
        {
            value = (long)m;
            return true;
        }
        return false;
    }

    /// <summary>Compares two numbers by value; decimal when both fit, double otherwise.</summary>
    public static int CompareNumbers(JsonNode a, JsonNode b)
    {
        if (TryGetDecimal(a, out var x) && TryGetDecimal(b, out var y)) return x.CompareTo(y);
        TryGetDouble(a, out var dx);
        TryGetDouble(b, out var dy);
        return dx.CompareTo(dy);
    }

    /// <summary>Structural equality where numbers compare by value (1 == 1.0) and object key order is ignored.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kind = KindOf(a);
        if (kind != KindOf(b)) return false;
        switch (kind)
        {
            case JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False:
                return true;
            case JsonValueKind.Number:
                return CompareNumbers(a!, b!) == 0;
            case JsonValueKind.String:
                TryGetString(a, out var sa);
                TryGetString(b, out var sb);
                return string.Equals(sa, sb, StringComparison.Ordinal);
            case JsonValueKind.Array:
            {
                var (x, y) = ((JsonArray)a!, (JsonArray)b!);
                if (x.Count != y.Count) return false;
                for (var i = 0; i < x.Count; i++)
                    if (!DeepEquals(x[i], y[i])) return false;
                return true;
            }
            case JsonValueKind.Object:
            {
                var (x, y) = ((JsonObject)a!, (JsonObject)b!);
                if (x.Count != y.Count) return false;
                foreach (var (key, value) in x)
                    if (!y.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other)) return false;
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>A hash consistent with <see cref="DeepEquals"/>.</summary>
    public static int DeepHash(JsonNode? node)
    {
        switch (KindOf(node))
        {
            case JsonValueKind.Number:
                return TryGetDecimal(node, out var m) ? m.GetHashCode() : 17;
            case JsonValueKind.String:
                TryGetString(node, out var s);
                return StringComparer.Ordinal.GetHashCode(s);
            case JsonValueKind.Array:
            {
                var hash = new HashCode();
                foreach (var item in (JsonArray)node!) hash.Add(DeepHash(item));
                return hash.ToHashCode();
            }
            case JsonValueKind.Object:
            {
                var sum = 0;
                foreach (var (key, value) in (JsonObject)node!) sum += HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), DeepHash(value));
                return sum;
            }
            case var kind:
                return (int)kind;
        }
    }

    /// <summary>Detaches a node so it can be inserted elsewhere: clones it when it already has a parent.</summary>
    public static JsonNode? Detach(JsonNode? node) => node?.Parent is null ? node : Clone(node);

    /// <summary>A deep copy. Strings and booleans read from parsed JSON are copied as CLR values, which is much cheaper
    /// than <see cref="JsonNode.DeepClone"/> (that copies the backing document of each element).</summary>
    public static JsonNode? Clone(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
            {
                var copy = new JsonObject();
                foreach (var (key, value) in o) copy.Add(key, Clone(value));
                return copy;
            }
            case JsonArray a:
            {
                var items = new JsonNode?[a.Count];
                for (var i = 0; i < items.Length; i++) items[i] = Clone(a[i]);
                return new JsonArray(items);
            }
            default:
                return node.GetValueKind() switch
                {
                    JsonValueKind.String when TryGetString(node, out var s) => JsonValue.Create(s),
                    JsonValueKind.True => JsonValue.Create(true),
                    JsonValueKind.False => JsonValue.Create(false),
                    _ => node.DeepClone(),
                };
        }
    }

    // AWS (Jackson) writes quotes as \" and leaves non-ASCII text alone; the default encoder would write \u0022.
    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The compact JSON text of a node as AWS prints it, "null" for JSON null.</summary>
    public static string ToJson(JsonNode? node) => node?.ToJsonString(CompactOptions) ?? "null";

    /// <summary>The JSON type name as AWS error messages print it.</summary>
    public static string TypeName(JsonNode? node) => KindOf(node) switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
