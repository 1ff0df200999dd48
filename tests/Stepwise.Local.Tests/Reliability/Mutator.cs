using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Local.Tests.Reliability;

/// <summary>Deterministic mutations of JSON documents and raw bytes, for fuzzing the wire protocol.</summary>
internal sealed class Mutator(int seed)
{
    private static readonly string[] Words =
    [
        "", " ", "$", "$.", "$$", "$$.Execution.Id", "$.a[0]", "$..x", "$[?(@.a)]", "$states.input", "{% %}", "{% $states.input.a %}",
        "{% $$ %}", "States.Format('{}', $.a)", "States.ArrayRange(1, 1e9, 1)", "States.Hash($, 'NOPE')", "States.", "States.ALL",
        "States.TaskFailed", "Pass", "Task", "Choice", "Map", "Parallel", "Wait", "Fail", "Succeed", "JSONata", "JSONPath",
        "DISTRIBUTED", "INLINE", "arn:aws:states:::lambda:invoke", "arn:aws:states:::nope", "\u0000", "\uFFFF", "é✓🙂", "\"", "\\",
        "null", "true", "[]", "{}", "1e400", "-0", "NaN", "Infinity", "2026-13-45T99:99:99Z",
        "arn:aws:states:us-east-1:123456789012:stateMachine:x", "arn:aws:states:us-east-1:123456789012:execution:x:y", "arn:",
    ];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string RandomString()
    {
        return _random.Next(4) switch
        {
            0 => Pick(Words),
            1 => new string([.. Enumerable.Range(0, _random.Next(1, 40)).Select(_ => (char)_random.Next(0x20, 0x7F))]),
            2 => new string([.. Enumerable.Range(0, _random.Next(1, 20)).Select(_ => (char)_random.Next(0, 0xD7FF))]),
            _ => Pick(Words) + Pick(Words),
        };
    }

    /// <summary>Printable ASCII only: what an HTTP header can carry.</summary>
    public string AsciiString() => new([.. RandomString().Where(c => c is >= ' ' and <= '~')]);

    /// <summary>A value of any JSON type, including the awkward ones.</summary>
    public JsonNode? RandomValue(int depth = 0) => _random.Next(14) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonValue.Create(_random.Next(-5, 5)),
        3 => JsonValue.Create(Pick(new[] { 1e308, -1e308, 1.5, double.Epsilon, 4294967296.0, -2147483649.0, 1e15 + 0.5 })),
        4 => JsonValue.Create(long.MaxValue),
        5 => JsonValue.Create(decimal.MaxValue),
        6 or 7 or 8 => JsonValue.Create(RandomString()),
        9 => depth > 2 ? null : new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => RandomValue(depth + 1))]),
        10 => depth > 2 ? null : new JsonObject(Enumerable.Range(0, _random.Next(4)).Select(i => KeyValuePair.Create($"{RandomString()}#{i}", RandomValue(depth + 1)))),
        11 => Nest(_random.Next(2) == 0 ? 20 : 300),
        12 => JsonValue.Create(new string('x', _random.Next(2) == 0 ? 70_000 : 300_000)),
        _ => JsonValue.Create(RandomString()),
    };

    private JsonNode Nest(int depth)
    {
        JsonNode node = JsonValue.Create(1);
        for (var i = 0; i < depth; i++) node = _random.Next(2) == 0 ? new JsonArray(node) : new JsonObject { ["n"] = node };
        return node;
    }

    /// <summary>One to three structural mutations of a copy of <paramref name="document"/>.</summary>
    public JsonNode? Mutate(JsonNode? document)
    {
        var copy = document?.DeepClone();
        for (var i = _random.Next(1, 4); i > 0; i--) copy = MutateOnce(copy);
        return copy;
    }

    private JsonNode? MutateOnce(JsonNode? root)
    {
        var nodes = new List<JsonNode>();
        void Walk(JsonNode? node)
        {
            if (node is null) return;
            nodes.Add(node);
            if (node is JsonObject obj) foreach (var (_, child) in obj) Walk(child);
            else if (node is JsonArray array) foreach (var child in array) Walk(child);
        }
        Walk(root);
        if (nodes.Count == 0) return RandomValue();
        var target = Pick(nodes);
        switch (target)
        {
            case JsonObject obj when obj.Count > 0 && _random.Next(3) > 0:
            {
                var key = Pick(obj.Select(p => p.Key).ToList());
                switch (_random.Next(5))
                {
                    case 0:
                        obj.Remove(key);
                        break;
                    case 1:
                    {
                        var value = obj[key];
                        obj.Remove(key);
                        var renamed = _random.Next(2) == 0 ? key.ToLowerInvariant() + (key == key.ToLowerInvariant() ? "x" : "") : RandomString();
                        if (!obj.ContainsKey(renamed)) obj[renamed] = value;
                        break;
                    }
                    case 2:
                        obj[key] = RandomValue();
                        break;
                    case 3:
                        obj[key] = JsonValue.Create(RandomString());
                        break;
                    default:
                        var extra = RandomString();
                        if (!obj.ContainsKey(extra)) obj[extra] = RandomValue();
                        break;
                }
                break;
            }
            case JsonObject obj:
            {
                var key = _random.Next(2) == 0 ? Pick(new[] { "Type", "Next", "End", "Parameters", "ResultPath", "InputPath", "Arguments", "Output", "Assign",
                    "QueryLanguage", "Items", "ItemsPath", "ItemProcessor", "Branches", "Retry", "Catch", "Seconds", "TimeoutSeconds", "Choices", "Default" }) : RandomString();
                obj[key] = RandomValue();
                break;
            }
            case JsonArray array when array.Count > 0:
            {
                var index = _random.Next(array.Count);
                switch (_random.Next(3))
                {
                    case 0:
                        array.RemoveAt(index);
                        break;
                    case 1:
                        array[index] = RandomValue();
                        break;
                    default:
                        array.Add(array[index]?.DeepClone());
                        break;
                }
                break;
            }
            default:
            {
                if (target == root) return RandomValue();
                var replacement = RandomValue();
                switch (target.Parent)
                {
                    case JsonObject parent:
                        parent[target.GetPropertyName()] = replacement;
                        break;
                    case JsonArray parent:
                        parent[target.GetElementIndex()] = replacement;
                        break;
                }
                break;
            }
        }
        return root;
    }

    /// <summary>Text damage: truncation, a stray character, a swapped byte, or random bytes.</summary>
    public byte[] Damage(byte[] bytes)
    {
        var copy = bytes.ToList();
        switch (_random.Next(6))
        {
            case 0 when copy.Count > 1:
                return [.. copy.Take(_random.Next(copy.Count))];
            case 1:
                copy.Insert(_random.Next(copy.Count + 1), (byte)Pick("{}[],:\"\\\u0000x9".ToCharArray()));
                return [.. copy];
            case 2 when copy.Count > 0:
                copy[_random.Next(copy.Count)] = (byte)_random.Next(256);
                return [.. copy];
            case 3:
                var noise = new byte[_random.Next(1, 200)];
                _random.NextBytes(noise);
                return noise;
            case 4:
                return Encoding.UTF8.GetBytes(Pick(new[] { "", "null", "[]", "1", "\"x\"", "true", "{", "{}}", "{\"a\":}", "\uFEFF{}", "{\"definition\":" }));
            default:
                return [.. Encoding.UTF8.GetBytes(new string('[', _random.Next(100, 5000))), .. copy];
        }
    }
}
