using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Stepwise.Workflows;

namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>A Lambda function implemented by a .NET delegate: receives the event, returns the result.</summary>
public delegate Task<JsonNode?> LambdaHandler(JsonNode? payload, CancellationToken cancellationToken);

/// <summary>Local Lambda: functions registered by name, invoked through
/// <c>arn:aws:states:::lambda:invoke</c> (result wrapped in <c>{"Payload": …, "StatusCode": 200}</c>, as the
/// optimized integration returns it) or through the function's own ARN (the bare result, as the legacy form).
/// A handler that throws fails the task with the exception's type name as the error, as Lambda reports
/// an unhandled exception's <c>errorType</c>.</summary>
public sealed class LocalLambda(string region = "us-east-1", string account = "123456789012") : ITaskIntegration
{
    public const string InvokeArn = "arn:aws:states:::lambda:invoke";
    private readonly ConcurrentDictionary<string, LambdaHandler> _functions = new(StringComparer.Ordinal);

    /// <summary>The ARN a function registered under <paramref name="name"/> has.</summary>
    public string FunctionArn(string name) => $"arn:aws:lambda:{region}:{account}:function:{name}";

    /// <summary>Registers (or replaces) a function.</summary>
    public LocalLambda Register(string name, LambdaHandler handler)
    {
        _functions[name] = handler;
        return this;
    }

    /// <summary>Registers a synchronous function.</summary>
    public LocalLambda Register(string name, Func<JsonNode?, JsonNode?> handler) =>
        Register(name, (payload, _) => Task.FromResult(handler(payload)));

    public bool Handles(string service, IntegrationPattern pattern) =>
        service == InvokeArn || (pattern == IntegrationPattern.CallAndContinue && service.StartsWith("arn:aws:lambda:", StringComparison.Ordinal));

    public (string ResourceType, string Resource) Describe(string service) =>
        service == InvokeArn ? ("lambda", "invoke") : ("lambda", service);

    public async Task<JsonNode?> InvokeAsync(TaskInvocation invocation, CancellationToken cancellationToken)
    {
        var optimized = invocation.Service == InvokeArn;
        var target = optimized ? invocation.Payload?["FunctionName"]?.GetValue<string>() : invocation.Service;
        var payload = optimized ? invocation.Payload?["Payload"]?.DeepClone() : invocation.Payload?.DeepClone();
        if (string.IsNullOrEmpty(target))
            throw new StatesException("Lambda.InvalidParameterValueException", "FunctionName is required.");
        var name = FunctionName(target);
        if (!_functions.TryGetValue(name, out var handler))
            throw new StatesException("Lambda.ResourceNotFoundException",
                $"Function not found: {FunctionArn(name)} (Service: Lambda, Status Code: 404, Error Code: ResourceNotFoundException)");

        JsonNode? result;
        try
        {
            result = await handler(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (StatesException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var cause = new JsonObject
            {
                ["errorMessage"] = ex.Message,
                ["errorType"] = ex.GetType().Name,
                ["stackTrace"] = new JsonArray(),
            };
            throw new StatesException(ex.GetType().Name, cause.ToJsonString());
        }

        if (!optimized) return result;
        return new JsonObject
        {
            ["ExecutedVersion"] = "$LATEST",
            ["Payload"] = result,
            ["SdkHttpMetadata"] = new JsonObject { ["HttpStatusCode"] = 200 },
            ["StatusCode"] = 200,
        };
    }

    /// <summary>A function name from a name, a partial ARN or a full ARN (with an optional version or alias).</summary>
    public static string FunctionName(string target)
    {
        var parts = target.Split(':');
        var index = Array.IndexOf(parts, "function");
        return index >= 0 && index + 1 < parts.Length ? parts[index + 1] : target;
    }
}
