using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.SageMaker;

/// <summary>Python's <c>str()</c>, <c>repr()</c> and <c>json.dumps()</c> of plain values: SageMaker hyperparameters are strings,
/// and the Python SDK made them with these, so <c>True</c>, <c>0.5</c>, <c>1.0</c> and <c>1e-05</c> must come out the same.</summary>
internal static class PythonFormat
{
    /// <summary>Python's <c>str(value)</c>.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr(value)</c>.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => QuoteRepr(s),
        char c => QuoteRepr(c.ToString()),
        float f => Float(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)),
        double d => Float(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        Enum e => e.ToString(),
        JsonNode node => ReprJson(node),
        IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object>().Select(k => $"{Repr(k)}: {Repr(dictionary[k])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Repr)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Python's <c>json.dumps(value)</c> with default settings (<c>ensure_ascii</c>, <c>", "</c> and <c>": "</c> separators).</summary>
    public static string JsonDumps(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => QuoteJson(s),
        char c => QuoteJson(c.ToString()),
        float or double => JsonFloat(Convert.ToDouble(value is float f ? double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value, CultureInfo.InvariantCulture)),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        Enum e => QuoteJson(e.ToString()),
        JsonNode node => JsonDumps(FromJson(node)),
        IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object>().Select(k => $"{QuoteJson(Str(k))}: {JsonDumps(dictionary[k])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(JsonDumps)) + "]",
        _ => QuoteJson(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, exponent form below 1e-4 and from 1e16.</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        var sign = d < 0 ? "-" : "";
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "");
        var decpt = (point < 0 ? mantissa.Length : point) + exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        decpt -= lead;

        if (decpt is <= -4 or > 16)
        {
            var x = decpt - 1;
            var m = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            return $"{sign}{m}e{(x < 0 ? "-" : "+")}{Math.Abs(x):00}";
        }

        if (decpt <= 0) return $"{sign}0.{new string('0', -decpt)}{digits}";
        if (decpt >= digits.Length) return $"{sign}{digits}{new string('0', decpt - digits.Length)}.0";
        return $"{sign}{digits[..decpt]}.{digits[decpt..]}";
    }

    private static string JsonFloat(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : Float(d);

    private static string ReprJson(JsonNode node) => Repr(FromJson(node));

    /// <summary>A JSON value as the Python object <c>json.loads</c> would give (numbers: int when integral, else float).</summary>
    private static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => FromJson(p.Value)),
        JsonArray a => a.Select(FromJson).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v => v.GetValue<double>(),
        _ => node.ToJsonString(),
    };

    private static string QuoteRepr(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var b = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': b.Append(@"\\"); break;
                case '\n': b.Append(@"\n"); break;
                case '\r': b.Append(@"\r"); break;
                case '\t': b.Append(@"\t"); break;
                default:
                    if (c == quote) b.Append('\\').Append(c);
                    else if (c < ' ' || c == '\x7f') b.Append($"\\x{(int)c:x2}");
                    else b.Append(c);
                    break;
            }
        }

        return b.Append(quote).ToString();
    }

    private static string QuoteJson(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append(@"\\"); break;
                case '\n': b.Append(@"\n"); break;
                case '\r': b.Append(@"\r"); break;
                case '\t': b.Append(@"\t"); break;
                case '\b': b.Append(@"\b"); break;
                case '\f': b.Append(@"\f"); break;
                default:
                    if (c < ' ' || c > '~') b.Append($"\\u{(int)c:x4}");
                    else b.Append(c);
                    break;
            }
        }

        return b.Append('"').ToString();
    }
}
