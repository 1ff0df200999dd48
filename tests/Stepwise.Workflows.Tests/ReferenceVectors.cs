using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Tests;

/// <summary>The Python SDK's construct → ASL vectors (tests/.../Reference/ds-sdk-asl-vectors.json, copied from shared/reference).</summary>
public static class ReferenceVectors
{
    private static readonly Lazy<Dictionary<string, JsonObject>> All = new(() =>
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "Reference", "ds-sdk-asl-vectors.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return root["vectors"]!.AsArray().Select(v => v!.AsObject()).ToDictionary(v => v["name"]!.GetValue<string>());
    });

    /// <summary>Names of every vector.</summary>
    public static IEnumerable<string> Names => All.Value.Keys;

    /// <summary>The vector with this name.</summary>
    public static JsonObject Get(string name) => All.Value[name];

    /// <summary>The expected JSON of a vector.</summary>
    public static JsonNode Expected(string name) => Get(name)["expected"]!;

    /// <summary>Asserts two JSON values are equal (numbers by value: 2 == 2.0), with a readable diff message.</summary>
    public static void AssertJsonEqual(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonEquivalent(expected, actual))
            Assert.Fail($"JSON differs.\nExpected:\n{expected?.ToJsonString(new() { WriteIndented = true })}\nActual:\n{actual?.ToJsonString(new() { WriteIndented = true })}");
    }

    /// <summary>Deep equality with numbers compared by value.</summary>
    public static bool JsonEquivalent(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var v) && JsonEquivalent(p.Value, v)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => JsonEquivalent(p.First, p.Second)),
        (JsonValue x, JsonValue y) when x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number
            => Serialization.JsonNumbers.AsDouble(x) == Serialization.JsonNumbers.AsDouble(y),
        (JsonValue x, JsonValue y) => JsonNode.DeepEquals(x, y),
        _ => false,
    };
}
