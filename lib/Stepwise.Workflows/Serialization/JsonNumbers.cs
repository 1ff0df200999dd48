using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Serialization;

/// <summary>Reads JSON numbers whatever .NET type backs the node (a parsed element, an int, a double…).</summary>
public static class JsonNumbers
{
    /// <summary>The number's value, or null when the node is not a number.</summary>
    public static double? AsDouble(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The number as an integer, or null when it is not a number or has a fraction.</summary>
    public static long? AsInteger(JsonNode? node) =>
        AsDouble(node) is { } d && d == Math.Floor(d) && Math.Abs(d) < 9.007199254740992E15 ? (long)d : null;
}
