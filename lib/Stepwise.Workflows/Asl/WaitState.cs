using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>Waits for a duration or until a time; exactly one of the four fields is set.</summary>
public sealed record WaitState(string Name) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Wait";

    /// <summary>Seconds to wait (an integer, or a JSONata expression).</summary>
    public JsonNode? Seconds { get; init; }

    /// <summary>Time to wait until (RFC 3339, or a JSONata expression).</summary>
    public JsonNode? Timestamp { get; init; }

    /// <summary>Path to the seconds in the input.</summary>
    public string? SecondsPath { get; init; }

    /// <summary>Path to the timestamp in the input.</summary>
    public string? TimestampPath { get; init; }
}
