using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Wait state: exactly one of <see cref="Seconds"/>, <see cref="Timestamp"/>, <see cref="SecondsPath"/>, <see cref="TimestampPath"/>.</summary>
public sealed class WaitStep(string name) : Step(name)
{
    /// <summary>Seconds to wait (or a JSONata expression string).</summary>
    public JsonNode? Seconds { get; init; }

    /// <summary>Time to wait until, RFC 3339 (or a JSONata expression string).</summary>
    public JsonNode? Timestamp { get; init; }

    /// <summary>Path to the seconds in the input.</summary>
    public string? SecondsPath { get; init; }

    /// <summary>Path to the timestamp in the input.</summary>
    public string? TimestampPath { get; init; }

    /// <inheritdoc />
    public override string Type => "Wait";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Not exactly one of the four wait fields is set.</exception>
    public override State ToState()
    {
        var set = new object?[] { Seconds, Timestamp, SecondsPath, TimestampPath }.Count(v => v is not null);
        if (set != 1)
            throw new ArgumentException($"Wait state '{Name}': the Wait state MUST contain exactly one of 'Seconds', 'SecondsPath', 'Timestamp' or 'TimestampPath' (found {set}).");
        return WithCommon(new WaitState(Name)
        {
            Seconds = Seconds?.DeepClone(), Timestamp = Timestamp?.DeepClone(), SecondsPath = SecondsPath, TimestampPath = TimestampPath,
        });
    }
}
