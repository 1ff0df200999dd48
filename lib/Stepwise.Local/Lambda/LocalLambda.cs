using Stepwise.Aws.Protocol;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Aws.Lambda;
using Stepwise.Local.Logs;

namespace Stepwise.Local.Lambda;

/// <summary>A Lambda function implemented by a .NET delegate: receives the event, returns the result.</summary>
public delegate Task<JsonNode?> LambdaHandler(JsonNode? payload, CancellationToken cancellationToken);

/// <summary>Local Lambda: functions are .NET handlers registered by name, invoked through the <see cref="ILambda"/> port
/// as Lambda invokes them — an unhandled exception is a <c>FunctionError: Unhandled</c> with Lambda's
/// <c>{"errorMessage", "errorType", "stackTrace"}</c> payload, not a failed call. With a log sink, every invocation
/// writes Lambda's lines to <c>/aws/lambda/{name}</c> (START, the handler's own lines, an unhandled error, END, REPORT),
/// queued so the invocation never waits for the write; <see cref="FlushLogsAsync"/> and disposal store what is queued.</summary>
public sealed class LocalLambda(string region = "us-east-1", string accountId = "123456789012", TimeProvider? time = null, ILogSink? logs = null)
    : ILambda, IAsyncDisposable
{
    /// <summary>The memory size every local function reports (Lambda's default).</summary>
    public const int MemorySizeMb = 128;

    /// <summary>Lambda's default timeout, which <see cref="LambdaContext.RemainingTime"/> counts down from.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, Function> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<LambdaInstance>> _idle = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LambdaInstance> _instances = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private sealed record Function(Func<JsonNode?, LambdaContext, CancellationToken, Task<JsonNode?>> Handler, FunctionConfiguration Configuration);

    /// <summary>The ARN a function registered under <paramref name="name"/> has.</summary>
    public string FunctionArn(string name) => $"arn:aws:lambda:{region}:{accountId}:function:{name}";

    /// <summary>Registers (or replaces) a function that reads its invocation's context and logs through <see cref="LambdaContext.Logger"/>.</summary>
    public LocalLambda Register(string name, Func<JsonNode?, LambdaContext, CancellationToken, Task<JsonNode?>> handler) =>
        Register(name, handler, handler.Method);

    /// <summary>Registers (or replaces) a function.</summary>
    public LocalLambda Register(string name, LambdaHandler handler) =>
        Register(name, (payload, _, cancellationToken) => handler(payload, cancellationToken), handler.Method);

    /// <summary>Registers a synchronous function.</summary>
    public LocalLambda Register(string name, Func<JsonNode?, JsonNode?> handler) =>
        Register(name, (payload, _, _) => Task.FromResult(handler(payload)), handler.Method);

    private LocalLambda Register(string name, Func<JsonNode?, LambdaContext, CancellationToken, Task<JsonNode?>> handler, System.Reflection.MethodInfo method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _functions[name] = new Function(handler, new FunctionConfiguration
        {
            FunctionName = name,
            FunctionArn = FunctionArn(name),
            Handler = $"{method.DeclaringType?.FullName}::{method.Name}",
            Description = "A .NET handler registered with the local Lambda",
            Version = "$LATEST",
            State = "Active",
            LastUpdateStatus = "Successful",
            PackageType = "Zip",
            LastModified = _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", System.Globalization.CultureInfo.InvariantCulture),
        });
        return this;
    }

    /// <summary>Completes once every log line written so far by every function is stored.</summary>
    public async Task FlushLogsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var instance in _instances)
            if (instance.Log is { } log) await log.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the queued log lines and stops the writers.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
            if (instance.Log is { } log) await log.DisposeAsync().ConfigureAwait(false);
    }

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
        if (input.LogType is not (null or "None" or "Tail"))
            throw LambdaErrors.InvalidParameter(
                $"1 validation error detected: Value '{input.LogType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]");
        switch (input.InvocationType ?? "RequestResponse")
        {
            case "DryRun":
                return new InvocationResponse { StatusCode = 204 };
            case "Event":
                _ = Task.Run(() => RunAsync(function, payload, tail: false, CancellationToken.None), CancellationToken.None);
                return new InvocationResponse { StatusCode = 202 };
            case "RequestResponse":
                var (result, error, log) = await RunAsync(function, payload, input.LogType == "Tail", cancellationToken).ConfigureAwait(false);
                return new InvocationResponse
                {
                    StatusCode = 200,
                    ExecutedVersion = "$LATEST",
                    FunctionError = error is null ? null : "Unhandled",
                    LogResult = log,
                    Payload = Encoding.UTF8.GetBytes((error ?? result)?.ToJsonString() ?? "null"),
                };
            default:
                throw LambdaErrors.InvalidParameter(
                    $"1 validation error detected: Value '{input.InvocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
    }

    private async Task<(JsonNode? Result, JsonObject? Error, string? Tail)> RunAsync(Function function, JsonNode? payload, bool tail, CancellationToken cancellationToken)
    {
        var name = function.Configuration.FunctionName!;
        var instance = Acquire(name);
        var requestId = Guid.NewGuid().ToString();
        var log = new InvocationLog(instance, requestId, _time, tail);
        var started = _time.GetTimestamp();
        log.Raw($"START RequestId: {requestId} Version: $LATEST");
        var context = new LambdaContext(requestId, name, function.Configuration.FunctionArn!, instance.Group, instance.Stream, log, _time,
            _time.GetUtcNow() + DefaultTimeout);
        JsonNode? result = null;
        JsonObject? error = null;
        try
        {
            result = await function.Handler(payload, context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = new JsonObject
            {
                ["errorMessage"] = e.Message,
                ["errorType"] = e.GetType().Name,
                ["stackTrace"] = new JsonArray(),
            };
            log.Raw(error.ToJsonString());
        }
        finally
        {
            var duration = _time.GetElapsedTime(started).TotalMilliseconds;
            log.Raw($"END RequestId: {requestId}");
            log.Raw(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"REPORT RequestId: {requestId}\tDuration: {duration:0.00} ms\tBilled Duration: {Math.Max(1, (long)Math.Ceiling(duration))} ms\tMemory Size: {MemorySizeMb} MB\tMax Memory Used: {MaxMemoryUsedMb()} MB"));
            _idle.GetOrAdd(name, _ => []).Add(instance);
        }
        return (result, error, log.Tail());
    }

    /// <summary>An idle instance of the function, or a new one (a cold start) when all are busy.</summary>
    private LambdaInstance Acquire(string name)
    {
        if (_idle.GetOrAdd(name, _ => []).TryTake(out var idle)) return idle;
        var instance = new LambdaInstance(name, _time.GetUtcNow(), logs);
        _instances.Enqueue(instance);
        return instance;
    }

    /// <summary>A handler shares this process, so its own peak is not measurable: the process's managed heap, capped at the memory size.</summary>
    private static long MaxMemoryUsedMb() => Math.Clamp(GC.GetTotalMemory(forceFullCollection: false) >> 20, 1, MemorySizeMb);

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
            throw LambdaErrors.InvalidParameter(ValidationMessages.MissingMembers(["functionName"]));
        var name = FunctionName(target);
        return _functions.TryGetValue(name, out var function) ? function : throw LambdaErrors.FunctionNotFound(FunctionArn(name));
    }
}
