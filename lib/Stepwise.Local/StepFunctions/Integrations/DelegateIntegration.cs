using System.Text.Json.Nodes;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>An integration for one service ARN backed by a delegate: the way to stand in a service locally
/// (or script a test's outcomes: return a value, throw <see cref="StatesException"/>, hang until a timeout).</summary>
public sealed class DelegateIntegration(
    string service,
    Func<TaskInvocation, CancellationToken, Task<JsonNode?>> invoke,
    params IntegrationPattern[] patterns) : ITaskIntegration
{
    private readonly IntegrationPattern[] _patterns = patterns.Length == 0 ? [IntegrationPattern.CallAndContinue] : patterns;

    public bool Handles(string service1, IntegrationPattern pattern) => service1 == service && _patterns.Contains(pattern);

    public (string ResourceType, string Resource) Describe(string service1) => IntegrationRegistry.DescribeStatesArn(service1);

    public Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken) =>
        invoke(invocation, cancellationToken);
}
