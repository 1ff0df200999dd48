using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.Lambda;

namespace Stepwise.Local.Lambda;

/// <summary>A Lambda function implemented by a .NET delegate: receives the event, returns the result.</summary>
public delegate Task<JsonNode?> LambdaHandler(JsonNode? payload, CancellationToken cancellationToken);

/// <summary>Local Lambda: functions are .NET handlers registered by name, invoked through the <see cref="ILambda"/> port
/// as Lambda invokes them — an unhandled exception is a <c>FunctionError: Unhandled</c> with Lambda's
/// <c>{"errorMessage", "errorType", "stackTrace"}</c> payload, not a failed call.</summary>
public sealed class LocalLambda(string region = "us-east-1", string accountId = "123456789012", TimeProvider? time = null) : ILambda
{
    private readonly ConcurrentDictionary<string, Function> _functions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private sealed record Function(LambdaHandler Handler, FunctionConfiguration Configuration);

    /// <summary>The ARN a function registered under <paramref name="name"/> has.</summary>
    public string FunctionArn(string name) => $"arn:aws:lambda:{region}:{accountId}:function:{name}";

    /// <summary>Registers (or replaces) a function.</summary>
    public LocalLambda Register(string name, LambdaHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _functions[name] = new Function(handler, new FunctionConfiguration
        {
            FunctionName = name,
            FunctionArn = FunctionArn(name),
            Handler = $"{handler.Method.DeclaringType?.FullName}::{handler.Method.Name}",
            Description = "A .NET handler registered with the local Lambda",
            Version = "$LATEST",
            State = "Active",
            LastUpdateStatus = "Successful",
            PackageType = "Zip",
            LastModified = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", System.Globalization.CultureInfo.InvariantCulture),
        });
        return this;
    }

    /// <summary>Registers a synchronous function.</summary>
    public LocalLambda Register(string name, Func<JsonNode?, JsonNode?> handler) =>
        Register(name, (payload, _) => Task.FromResult(handler(payload)));

    /// <summary>A function name from a name, a partial ARN or a full ARN (with an optional version or alias).</summary>
    public static string FunctionName(string target)
    {
        var parts = target.Split(':');
        var index = Array.IndexOf(parts, "function");
        return index >= 0 && index + 1 < parts.Length ? parts[index + 1] : target;
    }

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest input, CancellationToken cancellationToken = default)
    {
        var function = Find(input.FunctionName);
        JsonNode? payload;
        try
        {
            payload = input.Payload is { Length: > 0 } bytes ? JsonNode.Parse(bytes) : null;
        }
        catch (JsonException e)
        {
            throw LambdaErrors.InvalidRequestContent($"Could not parse request body into json: {e.Message}");
        }
        switch (input.InvocationType ?? "RequestResponse")
        {
            case "DryRun":
                return new InvocationResponse { StatusCode = 204 };
            case "Event":
                _ = Task.Run(() => RunAsync(function, payload, CancellationToken.None), CancellationToken.None);
                return new InvocationResponse { StatusCode = 202 };
            case "RequestResponse":
                var (result, error) = await RunAsync(function, payload, cancellationToken).ConfigureAwait(false);
                return new InvocationResponse
                {
                    StatusCode = 200,
                    ExecutedVersion = "$LATEST",
                    FunctionError = error is null ? null : "Unhandled",
                    Payload = Encoding.UTF8.GetBytes((error ?? result)?.ToJsonString() ?? "null"),
                };
            default:
                throw LambdaErrors.InvalidParameter(
                    $"1 validation error detected: Value '{input.InvocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
    }

    private static async Task<(JsonNode? Result, JsonObject? Error)> RunAsync(Function function, JsonNode? payload, CancellationToken cancellationToken)
    {
        try
        {
            return (await function.Handler(payload, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, new JsonObject
            {
                ["errorMessage"] = e.Message,
                ["errorType"] = e.GetType().Name,
                ["stackTrace"] = new JsonArray(),
            });
        }
    }

    public Task<GetFunctionResponse> GetFunctionAsync(GetFunctionRequest input, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GetFunctionResponse { Configuration = Find(input.FunctionName).Configuration });

    public Task<ListFunctionsResponse> ListFunctionsAsync(ListFunctionsRequest input, CancellationToken cancellationToken = default)
    {
        var all = _functions.Values.Select(f => f.Configuration).OrderBy(c => c.FunctionName, StringComparer.Ordinal).ToList();
        var start = input.Marker is { } marker ? all.FindIndex(c => string.CompareOrdinal(c.FunctionName, marker) > 0) : 0;
        if (start < 0)
            start = all.Count;
        var size = input.MaxItems switch
        {
            null => 50,
            < 1 or > 10_000 => throw LambdaErrors.InvalidParameter(
                $"1 validation error detected: Value '{input.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value {(input.MaxItems < 1 ? "greater than or equal to 1" : "less than or equal to 10000")}"),
            var n => n.Value,
        };
        var page = all.Skip(start).Take(size).ToList();
        var next = start + page.Count < all.Count ? page[^1].FunctionName : null;
        return Task.FromResult(new ListFunctionsResponse { Functions = page, NextMarker = next });
    }

    public Task<DeleteFunctionResponse> DeleteFunctionAsync(DeleteFunctionRequest input, CancellationToken cancellationToken = default)
    {
        var name = FunctionName(input.FunctionName);
        if (!_functions.TryRemove(name, out _))
            throw LambdaErrors.FunctionNotFound(FunctionArn(name));
        return Task.FromResult(new DeleteFunctionResponse());
    }

    public Task<FunctionConfiguration> CreateFunctionAsync(CreateFunctionRequest input, CancellationToken cancellationToken = default) =>
        Task.FromException<FunctionConfiguration>(LambdaErrors.NotServedYet("CreateFunction"));

    public Task<FunctionConfiguration> UpdateFunctionCodeAsync(UpdateFunctionCodeRequest input, CancellationToken cancellationToken = default) =>
        Task.FromException<FunctionConfiguration>(LambdaErrors.NotServedYet("UpdateFunctionCode"));

    public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(UpdateFunctionConfigurationRequest input, CancellationToken cancellationToken = default) =>
        Task.FromException<FunctionConfiguration>(LambdaErrors.NotServedYet("UpdateFunctionConfiguration"));

    private Function Find(string? target)
    {
        if (string.IsNullOrEmpty(target))
            throw LambdaErrors.InvalidParameter("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
        var name = FunctionName(target);
        return _functions.TryGetValue(name, out var function) ? function : throw LambdaErrors.FunctionNotFound(FunctionArn(name));
    }
}
