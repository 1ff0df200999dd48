using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Language;

/// <summary>A Jayway path function at the end of a path (<c>$.items.length()</c>), applied to the value the path
/// selects, or to the array of all matches when the path is indefinite.</summary>
internal sealed class JsonPathFunction
{
    private static readonly string[] Known = ["length", "size", "min", "max", "avg", "sum", "stddev", "keys", "first", "last"];

    private JsonPathFunction(string name) => Name = name;

    public string Name { get; }

    public static bool TryCreate(string name, out JsonPathFunction? function)
    {
        function = Array.IndexOf(Known, name) >= 0 ? new JsonPathFunction(name) : null;
        return function is not null;
    }

    public static string KnownNames => string.Join(", ", Known.Select(n => n + "()"));

    /// <summary>The function's result, or false when it does not apply (wrong type, empty aggregate).</summary>
    public bool TryApply(JsonNode? input, out JsonNode? result)
    {
        result = null;
        switch (Name)
        {
            case "length" or "size":
                long? count = input switch
                {
                    JsonArray a => a.Count,
                    JsonObject o => o.Count,
                    _ when JsonValues.TryGetString(input, out var s) => s.Length,
                    _ => null,
                };
                result = count is null ? null : JsonValue.Create(count.Value);
                return count is not null;
            case "keys":
                if (input is not JsonObject obj) return false;
                result = new JsonArray(obj.Select(p => (JsonNode?)JsonValue.Create(p.Key)).ToArray());
                return true;
            case "first" or "last":
                if (input is not JsonArray { Count: > 0 } items) return false;
                result = JsonValues.Clone(items[Name == "first" ? 0 : items.Count - 1]);
                return true;
            default:
                return TryAggregate(input, out result);
        }
    }

    private bool TryAggregate(JsonNode? input, out JsonNode? result)
    {
        result = null;
        if (input is not JsonArray a) return false;
        var numbers = new List<double>();
        foreach (var item in a)
            if (JsonValues.TryGetDouble(item, out var d)) numbers.Add(d);
        if (numbers.Count == 0) return false;
        var value = Name switch
        {
            "min" => numbers.Min(),
            "max" => numbers.Max(),
            "sum" => numbers.Sum(),
            "avg" => numbers.Average(),
            _ => Math.Sqrt(numbers.Select(n => n * n).Average() - Math.Pow(numbers.Average(), 2)),
        };
        result = JsonValue.Create(value);
        return true;
    }
}
