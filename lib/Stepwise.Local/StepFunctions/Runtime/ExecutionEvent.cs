using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>One entry of an execution's history, as GetExecutionHistory returns it: an AWS event
/// <see cref="Type"/> (<c>TaskStateEntered</c>, <c>MapIterationStarted</c>…), ids numbered from 1, the id of
/// the event that led to it, and the details member named as in the service model
/// (<c>stateEnteredEventDetails</c>…).</summary>
public sealed record ExecutionEvent(
    long Id,
    long PreviousEventId,
    DateTimeOffset Timestamp,
    string Type,
    string? DetailsKey,
    JsonObject? Details)
{
    /// <summary>The event in the wire shape of the botocore <c>HistoryEvent</c>, timestamps in epoch seconds.</summary>
    public JsonObject ToWireJson()
    {
        var json = new JsonObject
        {
            ["timestamp"] = Math.Round(Timestamp.ToUnixTimeMilliseconds() / 1000.0, 3),
            ["type"] = Type,
            ["id"] = Id,
            ["previousEventId"] = PreviousEventId,
        };
        if (DetailsKey is not null && Details is not null) json[DetailsKey] = Details.DeepClone();
        return json;
    }

    /// <summary>Writes <see cref="ToWireJson"/>'s shape straight to <paramref name="writer"/> (the store's hot path:
    /// no copy of the details).</summary>
    public void WriteWireJson(System.Text.Json.Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("timestamp", Math.Round(Timestamp.ToUnixTimeMilliseconds() / 1000.0, 3));
        writer.WriteString("type", Type);
        writer.WriteNumber("id", Id);
        writer.WriteNumber("previousEventId", PreviousEventId);
        if (DetailsKey is not null && Details is not null)
        {
            writer.WritePropertyName(DetailsKey);
            Details.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads an event back from <see cref="ToWireJson"/>'s shape.</summary>
    public static ExecutionEvent FromWireJson(JsonObject json)
    {
        string? detailsKey = null;
        JsonObject? details = null;
        foreach (var (key, value) in json)
        {
            if (key.EndsWith("EventDetails", StringComparison.Ordinal) && value is JsonObject obj)
            {
                detailsKey = key;
                details = (JsonObject)obj.DeepClone();
            }
        }
        var seconds = json["timestamp"]!.GetValue<double>();
        return new ExecutionEvent(
            json["id"]!.GetValue<long>(),
            json["previousEventId"]!.GetValue<long>(),
            DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)),
            json["type"]!.GetValue<string>(),
            detailsKey,
            details);
    }
}

/// <summary>Builds the details objects of history events.</summary>
internal static class EventDetails
{
    public static JsonObject Data(string key, string name, string? payload) => new()
    {
        ["name"] = name,
        [key] = payload,
        [key + "Details"] = new JsonObject { ["truncated"] = false },
    };

    public static JsonObject Payload(string key, string? payload) => new()
    {
        [key] = payload,
        [key + "Details"] = new JsonObject { ["truncated"] = false },
    };

    public static JsonObject Error(string error, string cause) => new() { ["error"] = error, ["cause"] = cause };

    public static JsonObject Resource(string resourceType, string resource) => new()
    {
        ["resourceType"] = resourceType,
        ["resource"] = resource,
    };
}
