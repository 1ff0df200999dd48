using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Stepwise.Local.StepFunctions.Jsonata;

/// <summary>Converts between <see cref="JsonNode"/> and Jint values directly (no JSON text in between).
/// JSON → JS is exact as JSON.parse would be; JS → JSON follows JSON.stringify (undefined and functions are dropped
/// from objects and become null in arrays), except that integral numbers come back as JSON integers (<c>3</c>, never
/// <c>3.0</c>), and <c>undefined</c> at the top is reported apart from <c>null</c>.</summary>
internal static class JsonataValueConverter
{
    /// <summary>Deeper than this is treated as a cycle (JSON payloads in Step Functions are at most 256 KiB).</summary>
    const int MaxDepth = 1000;

    /// <summary>2^63 as a double: integral doubles below it fit in a long exactly.</summary>
    const double LongLimit = 9223372036854775808d;

    /// <summary>The JavaScript value JSON.parse would give for <paramref name="node"/>; C# null is JSON null.</summary>
    internal static JsValue ToJs(Engine engine, JsonNode? node) => ToJs(engine, node, 0);

    static JsValue ToJs(Engine engine, JsonNode? node, int depth)
    {
        if (depth > MaxDepth) throw new JsonataEvaluationException(new JsonataError(null, $"The JSON value is nested deeper than {MaxDepth} levels.", null, null));
        switch (node)
        {
            case null:
                return JsValue.Null;
            case JsonObject obj:
            {
                var result = new JsObject(engine);
                foreach (var (key, value) in obj)
                    result.FastSetDataProperty(key, ToJs(engine, value, depth + 1));
                return result;
            }
            case JsonArray array:
            {
                var items = new JsValue[array.Count];
                for (var i = 0; i < items.Length; i++)
                    items[i] = ToJs(engine, array[i], depth + 1);
                return new JsArray(engine, items);
            }
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => new JsString(value.GetValue<string>()),
                    JsonValueKind.Number => new JsNumber(ReadNumber(value)),
                    JsonValueKind.True => JsBoolean.True,
                    JsonValueKind.False => JsBoolean.False,
                    _ => JsValue.Null,
                };
            default:
                throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}.", nameof(node));
        }
    }

    /// <summary>A JSON number as JavaScript sees it: a double. A JsonValue may hold a JsonElement (parsed JSON) or any
    /// CLR numeric type (built in code); JsonValue.GetValue&lt;double&gt; does not convert between them, so ask for each.</summary>
    static double ReadNumber(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element)) return element.GetDouble();
        if (value.TryGetValue(out int i)) return i;
        if (value.TryGetValue(out long l)) return l;
        if (value.TryGetValue(out double d)) return d;
        if (value.TryGetValue(out decimal m)) return (double)m;
        if (value.TryGetValue(out float f)) return f;
        if (value.TryGetValue(out uint ui)) return ui;
        if (value.TryGetValue(out ulong ul)) return ul;
        if (value.TryGetValue(out short s)) return s;
        if (value.TryGetValue(out ushort us)) return us;
        if (value.TryGetValue(out byte b)) return b;
        if (value.TryGetValue(out sbyte sb)) return sb;
        return double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The JSON for a JavaScript value; false when it is <c>undefined</c> (or a function), which JSON cannot hold.</summary>
    internal static bool TryToJson(JsValue value, out JsonNode? node)
    {
        if (IsAbsent(value))
        {
            node = null;
            return false;
        }
        node = ToJson(value, 0);
        return true;
    }

    static bool IsAbsent(JsValue value) =>
        value.IsUndefined() || value is Jint.Native.Function.Function || (value is ObjectInstance obj && IsJsonataFunction(obj));

    /// <summary>JSONata lambdas and wrapped natives are plain objects marked with these flags.</summary>
    static bool IsJsonataFunction(ObjectInstance obj) =>
        obj.Get("_jsonata_lambda").IsBoolean() || obj.Get("_jsonata_function").IsBoolean();

    static JsonNode? ToJson(JsValue value, int depth)
    {
        if (depth > MaxDepth) throw new JsonataEvaluationException(new JsonataError(null, $"The result is nested deeper than {MaxDepth} levels (is it cyclic?).", null, null));
        switch (value.Type)
        {
            case Types.Null:
            case Types.Undefined:
                return null;
            case Types.Boolean:
                return JsonValue.Create(value.AsBoolean());
            case Types.String:
                return JsonValue.Create(value.ToString());
            case Types.Number:
                return Number(value.AsNumber());
            case Types.Object when value is JsArray array:
            {
                var length = array.Length;
                var result = new JsonArray();
                for (uint i = 0; i < length; i++)
                {
                    var item = array.Get(i);
                    result.Add(IsAbsent(item) ? null : ToJson(item, depth + 1));
                }
                return result;
            }
            case Types.Object:
            {
                var obj = value.AsObject();
                var result = new JsonObject();
                // GetOwnPropertyKeys gives JavaScript's order: array-index keys ascending, then insertion order.
                foreach (var key in obj.GetOwnPropertyKeys(Types.String))
                {
                    var descriptor = obj.GetOwnProperty(key);
                    if (!descriptor.Enumerable) continue;
                    var item = obj.Get(key);
                    if (IsAbsent(item)) continue;
                    result[key.ToString()] = ToJson(item, depth + 1);
                }
                return result;
            }
            default:
                throw new JsonataEvaluationException(new JsonataError(null, $"The result contains a {value.Type} value, which JSON cannot hold.", null, null));
        }
    }

    /// <summary>Integral doubles become JSON integers so that <c>1 + 2</c> is <c>3</c>, not <c>3.0</c>; like
    /// JSON.stringify, integers below 1e21 are written in full (<c>1e20</c> as <c>100000000000000000000</c>).</summary>
    static JsonValue Number(double d)
    {
        if (!double.IsFinite(d))
            throw new JsonataEvaluationException(new JsonataError("D1001", $"Number out of range: {d}", null, null));
        if (Math.Floor(d) != d) return JsonValue.Create(d);
        if (Math.Abs(d) < LongLimit) return JsonValue.Create((long)d);
        // (decimal)d would round to 15 digits; through BigInteger the integer is exact.
        if (Math.Abs(d) < 1e21) return JsonValue.Create((decimal)new System.Numerics.BigInteger(d));
        return JsonValue.Create(d);
    }
}
