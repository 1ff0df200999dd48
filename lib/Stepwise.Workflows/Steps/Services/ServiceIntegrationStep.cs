using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Workflows;

/// <summary>A Task calling an AWS service through a Step Functions service integration,
/// <c>arn:aws:states:::service:action[.sync|.waitForTaskToken]</c>. Usable directly for any service; the named steps
/// (<see cref="LambdaStep"/>, <see cref="GlueStartJobRunStep"/>, SageMaker's <c>TrainingStep</c>, …) derive from it.</summary>
public class ServiceIntegrationStep : TaskStep
{
    private static readonly IntegrationPattern[] AnyPattern =
        [IntegrationPattern.WaitForCompletion, IntegrationPattern.WaitForTaskToken, IntegrationPattern.CallAndContinue];

    /// <summary>A task calling <c>service:action</c> with an integration pattern (any pattern is accepted).</summary>
    public ServiceIntegrationStep(string name, string service, string action, IntegrationPattern pattern = IntegrationPattern.CallAndContinue)
        : this(name, service, action, pattern, AnyPattern) { }

    /// <summary>A task calling <c>service:action</c>, rejecting a pattern outside <paramref name="supported"/> the way the Python SDK does;
    /// <paramref name="syncVersion"/> is appended to <c>.sync</c> (<c>states:startExecution.sync:2</c>).</summary>
    /// <exception cref="ArgumentException">The pattern is not supported by this step.</exception>
    protected ServiceIntegrationStep(string name, string service, string action, IntegrationPattern pattern,
        IReadOnlyList<IntegrationPattern> supported, int? syncVersion = null)
        : base(name, Checked(name, service, action, pattern, supported, syncVersion))
    {
        Service = service;
        Action = action;
        IntegrationPattern = pattern;
    }

    /// <summary>The patterns of a step that runs a job: wait for it (<c>.sync</c>) or call and continue.</summary>
    protected static IReadOnlyList<IntegrationPattern> JobPatterns { get; } = [IntegrationPattern.WaitForCompletion, IntegrationPattern.CallAndContinue];

    /// <summary>The patterns of a step that can hand out a task token: wait for it (<c>.waitForTaskToken</c>) or call and continue.</summary>
    protected static IReadOnlyList<IntegrationPattern> CallbackPatterns { get; } = [IntegrationPattern.WaitForTaskToken, IntegrationPattern.CallAndContinue];

    /// <summary>Request and response only.</summary>
    protected static IReadOnlyList<IntegrationPattern> CallOnly { get; } = [IntegrationPattern.CallAndContinue];

    /// <summary><see cref="IntegrationPattern.WaitForCompletion"/> when <paramref name="waitForCompletion"/>, else CallAndContinue.</summary>
    protected static IntegrationPattern Job(bool waitForCompletion) =>
        waitForCompletion ? IntegrationPattern.WaitForCompletion : IntegrationPattern.CallAndContinue;

    /// <summary><see cref="IntegrationPattern.WaitForTaskToken"/> when <paramref name="waitForCallback"/>, else CallAndContinue.</summary>
    protected static IntegrationPattern Callback(bool waitForCallback) =>
        waitForCallback ? IntegrationPattern.WaitForTaskToken : IntegrationPattern.CallAndContinue;

    /// <summary>The service, e.g. <c>sagemaker</c>.</summary>
    public string Service { get; }

    /// <summary>The API action, e.g. <c>createTrainingJob</c>.</summary>
    public string Action { get; }

    /// <summary>How the task waits for the service.</summary>
    public IntegrationPattern IntegrationPattern { get; }

    /// <summary>The resource ARN of a service integration, e.g. <c>arn:aws:states:::glue:startJobRun.sync</c>.</summary>
    /// <param name="service">The service name in the ARN (<c>lambda</c>, <c>elasticmapreduce</c>, …).</param>
    /// <param name="action">The API action (<c>invoke</c>, <c>createCluster</c>, …).</param>
    /// <param name="pattern">The integration pattern, which picks the suffix.</param>
    /// <param name="version">A version after the suffix (<c>2</c> gives <c>.sync:2</c>).</param>
    /// <param name="partition">The AWS partition.</param>
    public static string ResourceArn(string service, string action, IntegrationPattern pattern = IntegrationPattern.CallAndContinue,
        int? version = null, string partition = "aws")
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(action);
        var arn = $"arn:{partition}:states:::{service}:{action}" + pattern switch
        {
            IntegrationPattern.WaitForCompletion => ".sync",
            IntegrationPattern.WaitForTaskToken => ".waitForTaskToken",
            IntegrationPattern.CallAndContinue => "",
            _ => throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "Unknown integration pattern."),
        };
        return version is { } v ? $"{arn}:{v}" : arn;
    }

    /// <summary>The request this step generates from its own options, or null when it has none; the user's
    /// <see cref="TaskStep.Parameters"/> are deep-merged over it (a key given there replaces the generated one, objects merge).</summary>
    protected virtual IReadOnlyDictionary<string, object?>? Request() => null;

    internal override IEnumerable<(string Field, object? Value)> TemplateFields =>
        Request() is { } request ? base.TemplateFields.Prepend(("Parameters", request)) : base.TemplateFields;

    /// <inheritdoc />
    public override State ToState()
    {
        var state = (TaskState)base.ToState();
        if (Request() is not { } request) return state;
        var merged = (JsonObject)ParameterValues.ToJson(request)!;
        if (state.Parameters is JsonObject overrides) Merge(merged, overrides);
        else if (state.Parameters is not null)
            throw new ArgumentException($"Task state '{Name}': Parameters must be an object to merge over the generated {Service}:{Action} request.");
        return state with { Parameters = merged };
    }

    /// <summary>Python's <c>merge_dicts</c>, aware that <c>Key</c> and <c>Key.$</c> are the same parameter.</summary>
    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            var isPath = key.EndsWith(".$", StringComparison.Ordinal);
            if (!isPath && target[key] is JsonObject inner && value is JsonObject overrides)
            {
                Merge(inner, overrides);
                continue;
            }

            var bare = isPath ? key[..^2] : key;
            target.Remove(bare);
            target.Remove(bare + ".$");
            target[key] = value?.DeepClone();
        }
    }

    private static string Checked(string name, string service, string action, IntegrationPattern pattern,
        IReadOnlyList<IntegrationPattern> supported, int? version)
    {
        if (!Enum.IsDefined(pattern))
            throw new ArgumentException($"State '{name}': Integration pattern must be one of {string.Join(", ", Enum.GetNames<IntegrationPattern>())}, not {(int)pattern}.");
        if (!supported.Contains(pattern))
            throw new ArgumentException($"State '{name}': Integration Pattern ({pattern}) is not supported for this step - " +
                                        $"Please use one of the following: [{string.Join(", ", supported.Select(p => $"'{p}'"))}]");
        return ResourceArn(service, action, pattern, pattern == IntegrationPattern.WaitForCompletion ? version : null);
    }
}
