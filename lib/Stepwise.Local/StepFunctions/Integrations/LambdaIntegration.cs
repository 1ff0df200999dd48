using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.Lambda;
using Stepwise.Local.Lambda;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>Task states that call Lambda, through the <see cref="ILambda"/> port (local or AWS alike):
/// <c>arn:aws:states:::lambda:invoke</c> (result wrapped in <c>{"Payload": …, "StatusCode": 200}</c>, as the optimized
/// integration returns it) and the function's own ARN (the bare result, as the legacy form). A function error fails
/// the task with the function's <c>errorType</c> as the error, as Step Functions reports it.</summary>
public sealed class LambdaIntegration(ILambda lambda) : ITaskIntegration
{
    public const string InvokeArn = "arn:aws:states:::lambda:invoke";

    /// <summary>The Lambda service it calls.</summary>
    public ILambda Lambda { get; } = lambda;

    public bool Handles(string service, IntegrationPattern pattern) =>
        service == InvokeArn || (pattern == IntegrationPattern.CallAndContinue && service.StartsWith("arn:aws:lambda:", StringComparison.Ordinal));

    public (string ResourceType, string Resource) Describe(string service) =>
        service == InvokeArn ? ("lambda", "invoke") : ("lambda", service);

    public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        var optimized = invocation.Service == InvokeArn;
        var target = optimized ? (invocation.Payload?["FunctionName"] as JsonValue)?.ToString() : invocation.Service;
        var payload = optimized ? invocation.Payload?["Payload"] : invocation.Payload;
        if (string.IsNullOrEmpty(target))
            throw new StatesException("Lambda.InvalidParameterValueException", "FunctionName is required.");

        InvocationResponse response;
        try
        {
            response = await Lambda.InvokeAsync(new InvocationRequest
            {
                FunctionName = target,
                Payload = Encoding.UTF8.GetBytes(payload?.ToJsonString() ?? "null"),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (LambdaException e)
        {
            throw new StatesException($"Lambda.{e.ErrorCode}", $"{e.Message} (Service: Lambda, Status Code: {e.StatusCode}, Error Code: {e.ErrorCode})");
        }

        var result = Parse(response.Payload);
        if (response.FunctionError is not null)
        {
            var errorType = (result?["errorType"] as JsonValue)?.ToString() ?? response.FunctionError;
            throw new StatesException(errorType, result?.ToJsonString() ?? "");
        }
        if (!optimized)
            return result;
        return new JsonObject
        {
            ["ExecutedVersion"] = response.ExecutedVersion ?? "$LATEST",
            ["Payload"] = result,
            ["SdkHttpMetadata"] = new JsonObject { ["HttpStatusCode"] = response.StatusCode ?? 200 },
            ["StatusCode"] = response.StatusCode ?? 200,
        };
    }

    private static JsonNode? Parse(byte[]? payload)
    {
        if (payload is not { Length: > 0 })
            return null;
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return JsonValue.Create(Encoding.UTF8.GetString(payload)); // a function may answer with bare text
        }
    }
}
