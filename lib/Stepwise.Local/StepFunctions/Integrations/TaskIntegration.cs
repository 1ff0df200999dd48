using System.Text.Json.Nodes;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>A Task state's call to a service, as the engine hands it to an integration.</summary>
/// <param name="Resource">The state's resource ARN, as written.</param>
/// <param name="Service">The ARN without its pattern suffix (<c>arn:aws:states:::lambda:invoke</c>).</param>
/// <param name="Pattern">The integration pattern.</param>
/// <param name="Payload">The effective parameters (JSONPath) or arguments (JSONata).</param>
/// <param name="TaskToken">The token for <c>.waitForTaskToken</c>, otherwise null.</param>
/// <param name="ExecutionArn">The execution making the call.</param>
/// <param name="RoleArn">The role the call is made with (the state machine's, or the state's Credentials).</param>
public sealed record TaskInvocation(
    string Resource,
    string Service,
    IntegrationPattern Pattern,
    JsonNode? Payload,
    string? TaskToken,
    string ExecutionArn,
    string RoleArn)
{
    /// <summary>For <c>.sync</c>: the integration calls it once the job is submitted, with the submitting call's
    /// response, before waiting for the job to end; the engine records it as <c>TaskSubmitted</c>. Null otherwise.</summary>
    public Func<JsonNode?, CancellationToken, Task>? Submitted { get; init; }

    /// <summary>Splits a resource ARN into the service ARN and its pattern.</summary>
    public static (string Service, IntegrationPattern Pattern) ParseResource(string resource) =>
        resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal) ? (resource[..^".waitForTaskToken".Length], IntegrationPattern.WaitForTaskToken)
        : resource.EndsWith(".sync:2", StringComparison.Ordinal) ? (resource[..^".sync:2".Length], IntegrationPattern.WaitForCompletion)
        : resource.EndsWith(".sync", StringComparison.Ordinal) ? (resource[..^".sync".Length], IntegrationPattern.WaitForCompletion)
        : (resource, IntegrationPattern.CallAndContinue);
}

/// <summary>A service a Task state can call. Fail with <see cref="StatesException"/> to give the error its name
/// (<c>Lambda.ServiceException</c>, a handler's own error type…); any other exception becomes
/// <c>States.TaskFailed</c>.</summary>
public interface ITaskIntegration
{
    /// <summary>True when this integration serves the resource (service ARN without suffix) and pattern.</summary>
    bool Handles(string service, IntegrationPattern pattern);

    /// <summary>The history's <c>resourceType</c> and <c>resource</c> for the call (e.g. <c>lambda</c>, <c>invoke</c>).</summary>
    (string ResourceType, string Resource) Describe(string service);

    /// <summary>The history's <c>resourceType</c> and <c>resource</c> for a call with its pattern (AWS keeps
    /// <c>.sync</c> in the resource for some services); by default the same as <see cref="Describe(string)"/>.</summary>
    (string ResourceType, string Resource) Describe(string service, IntegrationPattern pattern) => Describe(service);

    /// <summary>Calls the service; the result becomes the state's result.</summary>
    Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>The integrations the engine can call, looked up by resource. The one added last that handles a resource wins.</summary>
public sealed class IntegrationRegistry
{
    private readonly List<ITaskIntegration> _integrations = [];

    public IntegrationRegistry Add(ITaskIntegration integration)
    {
        // The newest first: an integration you add takes over a resource a built-in one serves (a stand-in, a fake).
        lock (_integrations) _integrations.Insert(0, integration);
        return this;
    }

    /// <summary>When set, every integration found is wrapped in an <see cref="AuthorizedIntegration"/> (IAM enforced).</summary>
    public IExecutionRoleAuthorizer? Authorizer { get; init; }

    /// <summary>The integration for a resource, or null when none serves it.</summary>
    public ITaskIntegration? Find(string service, IntegrationPattern pattern)
    {
        ITaskIntegration? found;
        lock (_integrations) found = _integrations.FirstOrDefault(i => i.Handles(service, pattern));
        return found is null || Authorizer is null ? found : new AuthorizedIntegration(found, Authorizer);
    }

    /// <summary>The default split of <c>arn:aws:states:::service:action</c> into resource type and name.</summary>
    public static (string ResourceType, string Resource) DescribeStatesArn(string service)
    {
        const string prefix = "arn:aws:states:::";
        if (!service.StartsWith(prefix, StringComparison.Ordinal)) return ("unknown", service);
        var rest = service[prefix.Length..];
        var colon = rest.IndexOf(':');
        return colon < 0 ? (rest, rest) : (rest[..colon], rest[(colon + 1)..]);
    }
}
