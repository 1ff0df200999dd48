using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Local.Tests.Jsonata;

/// <summary>Exact JSON assertions for the JSONata tests.</summary>
internal static class JsonataTestJson
{
    public static JsonNode? Json(string json) => JsonNode.Parse(json);

    /// <summary>Deep equality of values (object key order not compared).</summary>
    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(Json(expected), actual), $"expected {expected}, got {actual?.ToJsonString() ?? "null"}");

    /// <summary>Exact text, so key order and number formatting (<c>3</c> vs <c>3.0</c>) are compared too.</summary>
    public static void AssertText(string expected, JsonNode? actual) =>
        Assert.Equal(expected, actual?.ToJsonString(Readable) ?? "null");

    static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
