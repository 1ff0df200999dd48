using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Task state calling a resource (an activity or Lambda ARN, or a service integration
/// <c>arn:aws:states:::service:action[.sync|.waitForTaskToken]</c>). Service steps derive from it.</summary>
public class TaskStep : RetryableStep
{
    private readonly JsonNode? _timeoutSeconds;
    private readonly string? _timeoutSecondsPath;
    private readonly JsonNode? _heartbeatSeconds;
    private readonly string? _heartbeatSecondsPath;

    /// <summary>A task with a name and resource ARN.</summary>
    public TaskStep(string name, string resource) : base(name)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        Resource = resource;
    }

    /// <inheritdoc />
    public override string Type => "Task";

    /// <summary>The resource ARN.</summary>
    public string Resource { get; init; }

    /// <summary>Payload template (placeholders allowed).</summary>
    public object? Parameters { get; init; }

    /// <summary>JSONata arguments.</summary>
    public object? Arguments { get; init; }

    /// <summary>Template applied to the raw result.</summary>
    public object? ResultSelector { get; init; }

    /// <summary>Where the result goes in the input; <see cref="JsonPath.Discard"/> keeps the input unchanged.</summary>
    public JsonPath? ResultPath { get; init; }

    /// <summary>Cross-account credentials.</summary>
    public object? Credentials { get; init; }

    /// <summary>Seconds before States.Timeout (an integer or a JSONata expression string).</summary>
    /// <exception cref="ArgumentException">TimeoutSecondsPath is set too.</exception>
    public JsonNode? TimeoutSeconds { get => _timeoutSeconds; init => _timeoutSeconds = Exclusive(value, _timeoutSecondsPath, "TimeoutSeconds"); }

    /// <summary>Path to the timeout in the input.</summary>
    public string? TimeoutSecondsPath { get => _timeoutSecondsPath; init => _timeoutSecondsPath = Exclusive(value, _timeoutSeconds, "TimeoutSeconds"); }

    /// <summary>Heartbeat interval in seconds.</summary>
    public JsonNode? HeartbeatSeconds { get => _heartbeatSeconds; init => _heartbeatSeconds = Exclusive(value, _heartbeatSecondsPath, "HeartbeatSeconds"); }

    /// <summary>Path to the heartbeat interval in the input.</summary>
    public string? HeartbeatSecondsPath { get => _heartbeatSecondsPath; init => _heartbeatSecondsPath = Exclusive(value, _heartbeatSeconds, "HeartbeatSeconds"); }

    internal override IEnumerable<(string Field, object? Value)> TemplateFields => [("Parameters", Parameters), ("Credentials", Credentials)];

    /// <inheritdoc />
    public override State ToState() => WithCommon(new TaskState(Name, Resource)
    {
        Parameters = Template(Parameters, "Parameters"),
        Arguments = Template(Arguments, "Arguments"),
        ResultSelector = Template(ResultSelector, "ResultSelector"),
        ResultPath = ResultPath,
        TimeoutSeconds = TimeoutSeconds?.DeepClone(),
        TimeoutSecondsPath = TimeoutSecondsPath,
        HeartbeatSeconds = HeartbeatSeconds?.DeepClone(),
        HeartbeatSecondsPath = HeartbeatSecondsPath,
        Credentials = Template(Credentials, "Credentials"),
        Retry = Retriers,
        Catch = Catchers,
    });

    private T? Exclusive<T>(T? value, object? other, string field)
    {
        if (value is not null && other is not null)
            throw new ArgumentException($"Task state '{Name}': only one of '{field}' or '{field}Path' can be provided.");
        return value;
    }
}
