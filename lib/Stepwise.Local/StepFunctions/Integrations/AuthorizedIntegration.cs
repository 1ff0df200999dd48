using System.Text.Json.Nodes;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>An integration whose calls are first authorized for the task's role: a decorator, so every integration
/// (built in, added, a test's fake) is checked the same way, before it is called.</summary>
public sealed class AuthorizedIntegration(ITaskIntegration inner, IExecutionRoleAuthorizer authorizer) : ITaskIntegration
{
    /// <summary>The integration that makes the call once it is allowed.</summary>
    public ITaskIntegration Inner { get; } = inner;

    public bool Handles(string service, IntegrationPattern pattern) => Inner.Handles(service, pattern);

    public (string ResourceType, string Resource) Describe(string service) => Inner.Describe(service);

    public (string ResourceType, string Resource) Describe(string service, IntegrationPattern pattern) => Inner.Describe(service, pattern);

    public Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        authorizer.AuthorizeTask(invocation);
        return Inner.InvokeAsync(invocation, cancellationToken);
    }
}
