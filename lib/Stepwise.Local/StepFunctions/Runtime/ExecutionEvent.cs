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
    private JsonObject? _details = Details;
    private StateEventDetails? _state;

    /// <summary>A state entered or exited, its details kept in <paramref name="state"/>'s compact form: two of every
    /// three events of most histories, so they are built as JSON only when read (<see cref="Details"/>).</summary>
    public static ExecutionEvent OfState(long id, long previousEventId, DateTimeOffset timestamp, string type, string detailsKey, StateEventDetails state) =>
        new(id, previousEventId, timestamp, type, detailsKey, state);

    private ExecutionEvent(long id, long previousEventId, DateTimeOffset timestamp, string type, string detailsKey, StateEventDetails state)
        : this(id, previousEventId, timestamp, type, detailsKey, (JsonObject?)null) => _state = state;

    /// <summary>The details, as the service model shapes them.</summary>
    public JsonObject? Details
    {
        get => _details ??= _state?.ToJson();
        init => (_details, _state) = (value, null);
    }

    /// <summary>The details of a state entered or exited in their compact form, when the event was recorded so.</summary>
    public StateEventDetails? State => _state;

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

/// <summary>The details of a <c>…StateEntered</c> or <c>…StateExited</c> event: the state's name and its input or
/// output (<paramref name="PayloadKey"/> <c>input</c> or <c>output</c>), never truncated.</summary>
public sealed record StateEventDetails(string PayloadKey, string Name, string? Payload)
{
    /// <summary>The details as the service model shapes them.</summary>
    public JsonObject ToJson() => EventDetails.Data(PayloadKey, Name, Payload);
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
