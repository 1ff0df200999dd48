using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.Mocks;

/// <summary>Stands in for a mocked state's service for one attempt: returns the mocked result or fails with the mocked
/// error, whatever the pattern (a mocked <c>.sync</c> or <c>.waitForTaskToken</c> task completes at once). The history
/// names the resource as the real integration would.</summary>
internal sealed class MockedIntegration(MockedAttempt attempt, ITaskIntegration? real) : ITaskIntegration
{
    public bool Handles(string service, IntegrationPattern pattern) => true;

    public (string ResourceType, string Resource) Describe(string service) =>
        real?.Describe(service) ?? IntegrationRegistry.DescribeStatesArn(service);

    public (string ResourceType, string Resource) Describe(string service, IntegrationPattern pattern) =>
        real?.Describe(service, pattern) ?? IntegrationRegistry.DescribeStatesArn(service);

    public Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken) =>
        attempt.Throws
            ? Task.FromException<JsonNode?>(new StatesException(attempt.Error!, attempt.Cause ?? ""))
            : Task.FromResult(attempt.Result?.DeepClone());
}
