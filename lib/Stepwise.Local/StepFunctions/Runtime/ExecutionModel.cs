using System.Text.Json.Nodes;
using Stepwise.Local.S3;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>What the engine needs from its surroundings.</summary>
public sealed record EngineOptions
{
    public IClock Clock { get; init; } = SystemClock.Instance;

    public IntegrationRegistry Integrations { get; init; } = new();

    public TaskTokens TaskTokens { get; init; } = new();

    /// <summary>The activity tasks Task states with an activity ARN schedule for workers (GetActivityTask).</summary>
    public ActivityTasks Activities { get; init; } = new();

    /// <summary>S3 for distributed Map's ItemReader and ResultWriter (local S3, or any <see cref="IObjectStorage"/>);
    /// null when not configured.</summary>
    public IObjectStorage? ObjectStore { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>AWS's limit on history events per execution.</summary>
    public int MaxHistoryEvents { get; init; } = 25_000;

    /// <summary>AWS's limit on a state's input or output: 256 KiB of UTF-8.</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;

    /// <summary>Seed for retry jitter and States.MathRandom without a seed; null for a random one.</summary>
    public int? RandomSeed { get; init; }
}

/// <summary>An execution to run: who it is, what it runs, and with which input.</summary>
public sealed record ExecutionStart(
    string ExecutionArn,
    string Name,
    string StateMachineArn,
    string StateMachineName,
    string RoleArn,
    StateMachine Definition,
    string Input,
    DateTimeOffset StartTime)
{
    /// <summary>The mock-config test case the execution runs (<c>stateMachineArn#TestCase</c>), or null for none.</summary>
    public Mocks.MockTestCase? Mocks { get; init; }

    /// <summary>Where its distributed Maps keep their Map Runs and child executions; null keeps their histories nowhere.</summary>
    public IMapRunHost? MapRuns { get; init; }

    /// <summary>How many times the execution has been redriven (<c>$$.Execution.RedriveCount</c>).</summary>
    public int RedriveCount { get; init; }

    /// <summary>When it was last redriven: the state machine's TimeoutSeconds counts from then, not from the start.</summary>
    public DateTimeOffset? RedriveDate { get; init; }
}

/// <summary>Terminal statuses, named as DescribeExecution names them.</summary>
public static class ExecutionStatuses
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";
}

/// <summary>How an execution ended.</summary>
public sealed record ExecutionOutcome(string Status, string? Output, string? Error, string? Cause, DateTimeOffset StopDate);

/// <summary>Lets the owner of a running execution stop it (StopExecution).</summary>
public sealed class ExecutionControl : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public CancellationToken Stopping => _stop.Token;

    public string? StopError { get; private set; }

    public string? StopCause { get; private set; }

    public void Stop(string? error, string? cause)
    {
        StopError = error;
        StopCause = cause;
        _stop.Cancel();
    }

    public void Dispose() => _stop.Dispose();
}

/// <summary>The terminal failure of an execution that Catch cannot intercept (event limit, stop, timeout).</summary>
internal sealed class ExecutionTerminatedException(string status, string error, string cause) : Exception(cause)
{
    public string Status { get; } = status;
    public string Error { get; } = error;
    public string Cause { get; } = cause;
}

/// <summary>A Fail state's error: it fails the (sub-)machine it is in.</summary>
internal sealed class FailStateException(string error, string cause) : StatesException(error, cause);

/// <summary>Node helpers shared by the engine.</summary>
internal static class Nodes
{
    public static string Serialize(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    public static JsonNode? Parse(string? json) => string.IsNullOrEmpty(json) ? null : JsonNode.Parse(json);

    public static JsonObject ErrorOutput(string error, string cause) => new() { ["Error"] = error, ["Cause"] = cause };
}
