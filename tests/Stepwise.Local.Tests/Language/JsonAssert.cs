using System.Text.Json.Nodes;

namespace Stepwise.Local.Tests.Language;

internal static class JsonAssert
{
    /// <summary>Asserts structural JSON equality, showing both texts on failure.</summary>
    public static void Equal(string expectedJson, JsonNode? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected?.ToJsonString() ?? "null"} but got {actual?.ToJsonString() ?? "null"}");
    }

    public static JsonNode? Parse(string json) => JsonNode.Parse(json.Replace('\'', '"'));
}
