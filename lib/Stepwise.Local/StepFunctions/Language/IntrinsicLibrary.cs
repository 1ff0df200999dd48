using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>The implementations of the intrinsic functions, each checking its arguments as AWS does.</summary>
internal static class IntrinsicLibrary
{
    private const int MaxArrayRangeItems = 1000;
    private const int MaxBase64Input = 10_000;
    private const int MaxHashInput = 10_000;

    private sealed record Function(int MinArgs, int MaxArgs, Func<IntrinsicCall, JsonNode?> Body);

    private static readonly Dictionary<string, Function> Functions = new(StringComparer.Ordinal)
    {
        ["States.Format"] = new(1, int.MaxValue, Format),
        ["States.StringToJson"] = new(1, 1, StringToJson),
        ["States.JsonToString"] = new(1, 1, call => JsonValue.Create(JsonValues.ToJson(call.Args[0]))),
        ["States.Array"] = new(0, int.MaxValue, call => new JsonArray([.. call.Args])),
        ["States.ArrayPartition"] = new(2, 2, ArrayPartition),
        ["States.ArrayContains"] = new(2, 2, call => JsonValue.Create(call.Array(0).Any(item => JsonValues.DeepEquals(item, call.Args[1])))),
        ["States.ArrayRange"] = new(3, 3, ArrayRange),
        ["States.ArrayGetItem"] = new(2, 2, ArrayGetItem),
        ["States.ArrayLength"] = new(1, 1, call => JsonValue.Create(call.Array(0).Count)),
        ["States.ArrayUnique"] = new(1, 1, ArrayUnique),
        ["States.Base64Encode"] = new(1, 1, Base64Encode),
        ["States.Base64Decode"] = new(1, 1, Base64Decode),
        ["States.Hash"] = new(2, 2, Hash),
        ["States.JsonMerge"] = new(3, 3, JsonMerge),
        ["States.MathRandom"] = new(2, 3, MathRandom),
        ["States.MathAdd"] = new(2, 2, MathAdd),
        ["States.StringSplit"] = new(2, 2, StringSplit),
        ["States.UUID"] = new(0, 0, _ => JsonValue.Create(Guid.NewGuid().ToString())),
    };

    public static IReadOnlyCollection<string> Names => Functions.Keys;

    public static bool IsKnown(string name) => Functions.ContainsKey(name);

    public static JsonNode? Invoke(IntrinsicExpression expression, JsonNode?[] args)
    {
        var function = Functions[expression.Name];
        var call = new IntrinsicCall(expression, args);
        if (args.Length < function.MinArgs || args.Length > function.MaxArgs)
        {
            var expected = function.MinArgs == function.MaxArgs ? $"exactly {Count(function.MinArgs)}"
                : function.MaxArgs == int.MaxValue ? $"at least {Count(function.MinArgs)}"
                : $"{function.MinArgs} to {function.MaxArgs} arguments";
            throw call.Fail($"The '{expression.Name}' intrinsic function expects {expected} but received {args.Length}");
        }
        return function.Body(call);
    }

    private static string Count(int n) => n == 1 ? "1 argument" : $"{n} arguments";

    private static JsonNode Format(IntrinsicCall call)
    {
        var template = call.String(0);
        var pieces = call.Expression.Arguments[0] is LiteralArgument { FormatPieces: { } literal } ? literal : template.Split("{}");
        var values = call.Args.Length - 1;
        if (pieces.Count - 1 != values)
            throw call.Fail($"The number of arguments ({values}) does not match the number of placeholders ({pieces.Count - 1}) in the format string of the 'States.Format' intrinsic function");
        var text = new StringBuilder(pieces[0]);
        for (var i = 1; i < pieces.Count; i++)
        {
            AppendFormatted(text, call.Args[i]);
            text.Append(pieces[i]);
        }
        return JsonValue.Create(text.ToString());
    }

    /// <summary>A value as States.Format prints it: strings bare, objects and arrays as AWS's Java service prints
    /// maps and lists (<c>{Arg1=1, Arg2=[]}</c>, <c>[1, a]</c>).</summary>
    private static void AppendFormatted(StringBuilder text, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, member) in obj)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    text.Append(key).Append('=');
                    AppendFormatted(text, member);
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    AppendFormatted(text, array[i]);
                }
                text.Append(']');
                break;
            default:
                text.Append(JsonValues.TryGetString(value, out var s) ? s : JsonValues.ToJson(value));
                break;
        }
    }

    private static JsonNode? StringToJson(IntrinsicCall call)
    {
        var text = call.String(0);
        // AWS answers null for an empty or blank string rather than failing.
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw call.Fail($"The argument of the 'States.StringToJson' intrinsic function must be a string containing valid JSON, but was '{text}'");
        }
    }

    private static JsonNode ArrayPartition(IntrinsicCall call)
    {
        var array = call.Array(0);
        var size = call.Integer(1);
        if (size <= 0) throw call.Fail("The second argument of the 'States.ArrayPartition' intrinsic function must be a positive integer (the chunk size)");
        var chunks = new JsonArray();
        for (var i = 0; i < array.Count; i += (int)Math.Min(size, int.MaxValue))
        {
            var chunk = new JsonArray();
            for (var j = i; j < array.Count && j < i + size; j++) chunk.Add(JsonValues.Clone(array[j]));
            chunks.Add(chunk);
        }
        return chunks;
    }

    private static JsonNode ArrayRange(IntrinsicCall call)
    {
        var (start, end, step) = (call.Integer(0), call.Integer(1), call.Integer(2));
        if (step == 0) throw call.Fail("The third argument of the 'States.ArrayRange' intrinsic function (the step) must not be 0");
        var count = (end - start) / step + 1;
        if (count < 0) count = 0;
        if (count > MaxArrayRangeItems)
            throw call.Fail($"The 'States.ArrayRange' intrinsic function cannot create an array with more than {MaxArrayRangeItems} items, but ({start}, {end}, {step}) would create {count}");
        var items = new JsonNode?[count];
        for (var i = 0; i < count; i++) items[i] = JsonValue.Create(start + i * step);
        return new JsonArray(items);
    }

    private static JsonNode? ArrayGetItem(IntrinsicCall call)
    {
        var array = call.Array(0);
        var index = call.Integer(1);
        if (index < 0 || index >= array.Count)
            throw call.Fail($"The index {index} passed to the 'States.ArrayGetItem' intrinsic function is out of bounds for an array of length {array.Count}");
        return JsonValues.Clone(array[(int)index]);
    }

    private static JsonNode ArrayUnique(IntrinsicCall call)
    {
        var seen = new HashSet<JsonNode?>(DeepComparer.Instance);
        var unique = new JsonArray();
        foreach (var item in call.Array(0))
            if (seen.Add(item)) unique.Add(JsonValues.Clone(item));
        return unique;
    }

    private static JsonNode Base64Encode(IntrinsicCall call)
    {
        var text = call.String(0);
        if (text.Length > MaxBase64Input)
            throw call.Fail($"The input string of the 'States.Base64Encode' intrinsic function is limited to {MaxBase64Input} characters, but has {text.Length}");
        return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    private static JsonNode Base64Decode(IntrinsicCall call)
    {
        var text = call.String(0);
        if (text.Length > MaxBase64Input)
            throw call.Fail($"The input string of the 'States.Base64Decode' intrinsic function is limited to {MaxBase64Input} characters, but has {text.Length}");
        try
        {
            return JsonValue.Create(new UTF8Encoding(false, true).GetString(Convert.FromBase64String(text)));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw call.Fail($"The input string of the 'States.Base64Decode' intrinsic function is not valid base64-encoded UTF-8: '{text}'");
        }
    }

    private static JsonNode Hash(IntrinsicCall call)
    {
        var data = call.String(0);
        var algorithm = call.String(1);
        if (data.Length > MaxHashInput)
            throw call.Fail($"The input data of the 'States.Hash' intrinsic function is limited to {MaxHashInput} characters, but has {data.Length}");
        var bytes = Encoding.UTF8.GetBytes(data);
        var digest = algorithm switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            _ => throw call.Fail($"The hash algorithm '{algorithm}' is not supported by the 'States.Hash' intrinsic function; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"),
        };
        return JsonValue.Create(Convert.ToHexStringLower(digest));
    }

    private static JsonNode JsonMerge(IntrinsicCall call)
    {
        var left = call.Object(0);
        var right = call.Object(1);
        if (call.Boolean(2))
            throw call.Fail("The 'States.JsonMerge' intrinsic function only supports shallow merging: its third argument must be false");
        var merged = (JsonObject)JsonValues.Clone(left)!;
        foreach (var (key, value) in right) merged[key] = JsonValues.Clone(value);
        return merged;
    }

    private static JsonNode MathRandom(IntrinsicCall call)
    {
        var start = call.RoundedInteger(0);
        var end = call.RoundedInteger(1);
        if (end <= start)
            throw call.Fail($"The second argument of the 'States.MathRandom' intrinsic function (the end, {end}) must be greater than the first (the start, {start})");
        var random = call.Args.Length == 3 ? new Random(SeedOf(call.Integer(2))) : Random.Shared;
        return JsonValue.Create(random.NextInt64(start, end));
    }

    private static int SeedOf(long seed) => unchecked((int)seed ^ (int)(seed >> 32));

    private static JsonNode MathAdd(IntrinsicCall call)
    {
        try
        {
            return JsonValue.Create(checked(call.RoundedInteger(0) + call.RoundedInteger(1)));
        }
        catch (OverflowException)
        {
            throw call.Fail("The sum computed by the 'States.MathAdd' intrinsic function is out of range");
        }
    }

    private static JsonNode StringSplit(IntrinsicCall call)
    {
        var text = call.String(0);
        var delimiters = call.String(1);
        var parts = delimiters.Length == 0
            ? (text.Length == 0 ? [] : [text])
            : text.Split(delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        return new JsonArray([.. parts.Select(p => (JsonNode?)JsonValue.Create(p))]);
    }

    internal static string Ordinal(int index) => index switch
    {
        0 => "first",
        1 => "second",
        2 => "third",
        3 => "fourth",
        4 => "fifth",
        _ => $"#{index + 1}",
    };

    private sealed class DeepComparer : IEqualityComparer<JsonNode?>
    {
        public static readonly DeepComparer Instance = new();

        public bool Equals(JsonNode? x, JsonNode? y) => JsonValues.DeepEquals(x, y);

        public int GetHashCode(JsonNode? node) => JsonValues.DeepHash(node);
    }
}
