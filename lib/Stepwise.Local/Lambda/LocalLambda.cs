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

/// <summary>Local Lambda: functions are .NET handlers registered by name (in this process), or .zip packages deployed with
/// CreateFunction and run as Lambda runs a custom runtime — the package's <c>bootstrap</c> in its own process, talking to
/// a runtime API on a 127.0.0.1 port (<see cref="ExecutionEnvironment"/>). Both are invoked through the <see cref="ILambda"/>
/// port as Lambda invokes them — a failure is a <c>FunctionError: Unhandled</c> with Lambda's
/// <c>{"errorMessage", "errorType", "stackTrace"}</c> payload, not a failed call. With a log sink, every invocation
/// writes Lambda's lines to <c>/aws/lambda/{name}</c> (START, the handler's own lines, an unhandled error, END, REPORT),
/// queued so the invocation never waits for the write; <see cref="FlushLogsAsync"/> and disposal store what is queued.</summary>
public sealed partial class LocalLambda : ILambda, IAsyncDisposable
{
    /// <summary>Lambda's default memory size, which in-process handlers report.</summary>
    public const int MemorySizeMb = 128;

    /// <summary>Lambda's default timeout, which <see cref="LambdaContext.RemainingTime"/> counts down from.</summary>
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, Function> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<LambdaInstance>> _idle = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LambdaInstance> _instances = new();
    private readonly TimeProvider _time;
    private readonly string _region;
    private readonly string _accountId;
    private readonly ILogSink? _logs;

    /// <summary>A local Lambda for in-process handlers (deployed packages go to a temporary folder).</summary>
    public LocalLambda(string region = "us-east-1", string accountId = "123456789012", TimeProvider? time = null, ILogSink? logs = null)
        : this(new LocalLambdaOptions { Region = region, AccountId = accountId, Time = time ?? TimeProvider.System, Logs = logs })
    {
    }

    /// <summary>A local Lambda over <paramref name="options"/>; functions deployed under its data directory come back.</summary>
    public LocalLambda(LocalLambdaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _region = options.Region;
        _accountId = options.AccountId;
        _time = options.Time;
        _logs = options.Logs;
        // Created only when a package is deployed: most in-process users never deploy one.
        _temporaryRoot = options.DataDirectory is null ? Path.Combine(Path.GetTempPath(), $"stepwise-lambda-{Guid.NewGuid():N}") : null;
        _store = new FunctionStore(Path.Combine(options.DataDirectory ?? _temporaryRoot!, "lambda"));
        foreach (var function in _store.LoadAll())
            _deployed[function.Configuration.FunctionName!] = function;
    }

    /// <summary>How it was made.</summary>
    public LocalLambdaOptions Options { get; }

    /// <summary>The endpoint a deployed function's AWS calls are sent to (<c>AWS_ENDPOINT_URL</c> in its environment):
    /// <see cref="LocalCloud.StartHostAsync"/> sets it to the host it starts. Null: the function gets no endpoint, so its
    /// SDK calls go to AWS itself (with local credentials AWS refuses).</summary>
    public Uri? EndpointUrl { get; set; }

    private sealed record Function(Func<JsonNode?, LambdaContext, CancellationToken, Task<JsonNode?>> Handler, FunctionConfiguration Configuration);

    /// <summary>The ARN a function registered under <paramref name="name"/> has.</summary>
    public string FunctionArn(string name) => $"arn:aws:lambda:{_region}:{_accountId}:function:{name}";

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

    /// <summary>Stops every function's execution environments, stores the queued log lines and stops the writers.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var environment in _live.Keys)
            await environment.DisposeAsync().ConfigureAwait(false);
        _live.Clear();
        foreach (var instance in _instances)
            if (instance.Log is { } log) await log.DisposeAsync().ConfigureAwait(false);
        if (_temporaryRoot is not null && Directory.Exists(_temporaryRoot))
        {
            try
            {
                Directory.Delete(_temporaryRoot, recursive: true);
            }
            catch (IOException)
            {
                // a process that outlived its kill still holds it: the system's temp cleaning removes it
            }
        }
    }

    /// <summary>A function name from a name, a partial ARN or a full ARN (with an optional version or alias).</summary>
    public static string FunctionName(string target)
    {
        var parts = target.Split(':');
        var index = Array.IndexOf(parts, "function");
        return index >= 0 && index + 1 < parts.Length ? parts[index + 1] : target;
    }

    /// <summary>Lambda's limit of a synchronous invocation's payload (6 MB).</summary>
    private const int MaxPayloadBytes = 6 * 1024 * 1024;

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest input, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(input.FunctionName))
            throw LambdaErrors.InvalidParameter(ValidationMessages.MissingMembers(["functionName"]));
        var name = FunctionName(input.FunctionName);
        _functions.TryGetValue(name, out var function);
        DeployedFunction? deployed = null;
        if (function is null && !_deployed.TryGetValue(name, out deployed))
            throw LambdaErrors.FunctionNotFound(FunctionArn(name));
        var bytes = input.Payload ?? [];
        if (bytes.Length > MaxPayloadBytes)
            throw LambdaErrors.RequestTooLarge(MaxPayloadBytes);
        JsonNode? payload;
        try
        {
            payload = bytes.Length > 0 ? JsonNode.Parse(bytes) : null;
        }
        catch (JsonException e)
        {
            throw LambdaErrors.InvalidRequestContent($"Could not parse request body into json: {e.Message}");
        }
        if (input.LogType is not (null or "None" or "Tail"))
            throw LambdaErrors.InvalidParameter(
                $"1 validation error detected: Value '{input.LogType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]");
        Func<bool, CancellationToken, Task<(byte[] Payload, string? FunctionError, string? Tail)>> run = function is not null
            ? (tail, token) => RunAsync(function, payload, tail, token)
            : (tail, token) => RunDeployedAsync(deployed!, bytes.Length > 0 ? bytes : "{}"u8.ToArray(), tail, token);
        switch (input.InvocationType ?? "RequestResponse")
        {
            case "DryRun":
                return new InvocationResponse { StatusCode = 204 };
            case "Event":
                _ = Task.Run(() => run(false, CancellationToken.None), CancellationToken.None);
                return new InvocationResponse { StatusCode = 202 };
            case "RequestResponse":
                var (result, error, log) = await run(input.LogType == "Tail", cancellationToken).ConfigureAwait(false);
                return new InvocationResponse
                {
                    StatusCode = 200,
                    ExecutedVersion = "$LATEST",
                    FunctionError = error,
                    LogResult = log,
                    Payload = result,
                };
            default:
                throw LambdaErrors.InvalidParameter(
                    $"1 validation error detected: Value '{input.InvocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
    }

    private async Task<(byte[] Payload, string? FunctionError, string? Tail)> RunAsync(Function function, JsonNode? payload, bool tail, CancellationToken cancellationToken)
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
        return (Encoding.UTF8.GetBytes((error ?? result)?.ToJsonString() ?? "null"), error is null ? null : "Unhandled", log.Tail());
    }

    /// <summary>An idle instance of the function, or a new one (a cold start) when all are busy.</summary>
    private LambdaInstance Acquire(string name)
    {
        if (_idle.GetOrAdd(name, _ => []).TryTake(out var idle)) return idle;
        var instance = new LambdaInstance(name, _time.GetUtcNow(), _logs);
        _instances.Enqueue(instance);
        return instance;
    }

    /// <summary>A handler shares this process, so its own peak is not measurable: the process's managed heap, capped at the memory size.</summary>
    private static long MaxMemoryUsedMb() => Math.Clamp(GC.GetTotalMemory(forceFullCollection: false) >> 20, 1, MemorySizeMb);

}
