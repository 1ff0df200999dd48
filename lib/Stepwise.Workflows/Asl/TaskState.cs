using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Stepwise.Workflows.Asl;

/// <summary>Does work through a resource: an activity, a Lambda function or a service integration.</summary>
public sealed record TaskState(string Name, string Resource) : State(Name)
{
    /// <inheritdoc />
    public override string Type => "Task";

    /// <summary>Payload template sent to the resource (JSONPath).</summary>
    public JsonNode? Parameters { get; init; }

    /// <summary>Arguments sent to the resource (JSONata).</summary>
    public JsonNode? Arguments { get; init; }

    /// <summary>Template applied to the raw result (JSONPath).</summary>
    public JsonNode? ResultSelector { get; init; }

    /// <summary>Where the result goes in the input (JSONPath).</summary>
    public JsonPath? ResultPath { get; init; }

    /// <summary>Seconds before States.Timeout: a positive integer, or a JSONata expression.</summary>
    public JsonNode? TimeoutSeconds { get; init; }

    /// <summary>Path to the timeout in the input.</summary>
    public string? TimeoutSecondsPath { get; init; }

    /// <summary>Seconds between heartbeats before States.HeartbeatTimeout.</summary>
    public JsonNode? HeartbeatSeconds { get; init; }

    /// <summary>Path to the heartbeat interval in the input.</summary>
    public string? HeartbeatSecondsPath { get; init; }

    /// <summary>Cross-account credentials (<c>RoleArn</c> or <c>RoleArn.$</c>).</summary>
    public JsonNode? Credentials { get; init; }

    /// <summary>Retriers, tried in order.</summary>
    public ImmutableArray<Retry> Retry { get; init; } = [];

    /// <summary>Catchers, tried in order after retries are exhausted.</summary>
    public ImmutableArray<Catcher> Catch { get; init; } = [];
}
