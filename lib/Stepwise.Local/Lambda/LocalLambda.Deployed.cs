using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Stepwise.Aws.Lambda;
using Stepwise.Aws.Protocol;
using Stepwise.Local.Images;
using Stepwise.Local.S3;

namespace Stepwise.Local.Lambda;

/// <summary>Functions deployed as .zip packages: CreateFunction, UpdateFunctionCode, UpdateFunctionConfiguration,
/// DeleteFunction, GetFunction and ListFunctions, and their invocations in <see cref="ExecutionEnvironment"/>s.</summary>
public sealed partial class LocalLambda
{
    /// <summary>Keys of a function's environment Lambda sets itself and refuses in <c>Environment.Variables</c>.</summary>
    private static readonly string[] ReservedKeys =
    [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ];

    private readonly ConcurrentDictionary<string, DeployedFunction> _deployed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<ExecutionEnvironment>> _warm = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ExecutionEnvironment, byte> _live = new();
    private readonly SemaphoreSlim _deploying = new(1, 1);
    private readonly FunctionStore _store;
    private readonly string? _temporaryRoot;
    private volatile bool _disposed;

    public async Task<FunctionConfiguration> CreateFunctionAsync(CreateFunctionRequest input, CancellationToken cancellationToken = default)
    {
        var name = ValidName(input.FunctionName);
        if (input.Role is null || !Regex.IsMatch(input.Role, $"^{LambdaErrors.RolePattern}$"))
            throw LambdaErrors.Validation(LambdaErrors.PatternProblem("role", input.Role, LambdaErrors.RolePattern));
        if (input.PackageType == "Image" || input.Code.ImageUri is not null)
            throw LambdaErrors.ImageNotServed();
        if (Options.ExecutionRoles is { } roles && !roles.CanAssume(input.Role, FunctionArn(name)))
            throw LambdaErrors.RoleCannotBeAssumed();
        ValidateRuntime(input.Runtime, input.Handler);
        var timeout = ValidTimeout(input.Timeout) ?? 3;
        var memory = ValidMemory(input.MemorySize) ?? 128;
        ValidateEnvironment(input.Environment);
        var package = FunctionPackage.Open(await CodeAsync(input.Code.ZipFile, input.Code.S3Bucket, input.Code.S3Key, cancellationToken).ConfigureAwait(false));
        await _deploying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_functions.ContainsKey(name) || _deployed.ContainsKey(name))
                throw LambdaErrors.FunctionExists(name);
            var (revision, directory) = _store.StoreCode(name, package);
            var configuration = new FunctionConfiguration
            {
                FunctionName = name,
                FunctionArn = FunctionArn(name),
                Runtime = input.Runtime,
                Role = input.Role,
                Handler = input.Handler,
                CodeSize = package.CodeSize,
                CodeSha256 = package.CodeSha256,
                Description = input.Description ?? "",
                Timeout = timeout,
                MemorySize = memory,
                LastModified = Now(),
                Version = "$LATEST",
                Environment = input.Environment?.Variables is { } variables ? new EnvironmentResponse { Variables = variables } : null,
                TracingConfig = new TracingConfigResponse { Mode = input.TracingConfig?.Mode ?? "PassThrough" },
                RevisionId = Guid.NewGuid().ToString(),
                State = "Active",
                LastUpdateStatus = "Successful",
                PackageType = "Zip",
                Architectures = input.Architectures ?? ["x86_64"],
                EphemeralStorage = input.EphemeralStorage ?? new EphemeralStorage { Size = 512 },
                LoggingConfig = new LoggingConfig { LogFormat = "Text", LogGroup = $"/aws/lambda/{name}" },
            };
            var function = new DeployedFunction(configuration, revision, directory, input.Tags);
            _store.Save(function);
            _deployed[name] = function;
            // Lambda answers while the function is still being created; locally it is ready once this call returns.
            return configuration with { State = "Pending", StateReason = "The function is being created.", StateReasonCode = "Creating" };
        }
        finally
        {
            _deploying.Release();
        }
    }

    public async Task<FunctionConfiguration> UpdateFunctionCodeAsync(UpdateFunctionCodeRequest input, CancellationToken cancellationToken = default)
    {
        if (input.ImageUri is not null)
            throw LambdaErrors.ImageNotServed();
        var name = FunctionName(input.FunctionName);
        var package = FunctionPackage.Open(await CodeAsync(input.ZipFile, input.S3Bucket, input.S3Key, cancellationToken).ConfigureAwait(false));
        await _deploying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Deployed(name, input.RevisionId);
            var configuration = current.Configuration with
            {
                CodeSize = package.CodeSize,
                CodeSha256 = package.CodeSha256,
                LastModified = Now(),
                RevisionId = Guid.NewGuid().ToString(),
                Architectures = input.Architectures ?? current.Configuration.Architectures,
            };
            if (input.DryRun == true)
                return configuration with { RevisionId = current.Configuration.RevisionId };
            var (revision, directory) = _store.StoreCode(name, package);
            var function = current with { Configuration = configuration, CodeRevision = revision, CodeDirectory = directory };
            _store.Save(function);
            _deployed[name] = function;
            await RetireAsync(name).ConfigureAwait(false);
            _store.RemoveOtherRevisions(name, revision);
            return configuration with { LastUpdateStatus = "InProgress", LastUpdateStatusReason = "The function is being created.", LastUpdateStatusReasonCode = "Creating" };
        }
        finally
        {
            _deploying.Release();
        }
    }

    public async Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(UpdateFunctionConfigurationRequest input, CancellationToken cancellationToken = default)
    {
        var name = FunctionName(input.FunctionName);
        if (input.Role is { } role && !Regex.IsMatch(role, $"^{LambdaErrors.RolePattern}$"))
            throw LambdaErrors.Validation(LambdaErrors.PatternProblem("role", role, LambdaErrors.RolePattern));
        if (input.Role is { } changed && Options.ExecutionRoles is { } roles && !roles.CanAssume(changed, FunctionArn(name)))
            throw LambdaErrors.RoleCannotBeAssumed();
        var timeout = ValidTimeout(input.Timeout);
        var memory = ValidMemory(input.MemorySize);
        ValidateEnvironment(input.Environment);
        await _deploying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = Deployed(name, input.RevisionId);
            var old = current.Configuration;
            ValidateRuntime(input.Runtime ?? old.Runtime, input.Handler ?? old.Handler);
            var configuration = old with
            {
                Role = input.Role ?? old.Role,
                Handler = input.Handler ?? old.Handler,
                Runtime = input.Runtime ?? old.Runtime,
                Description = input.Description ?? old.Description,
                Timeout = timeout ?? old.Timeout,
                MemorySize = memory ?? old.MemorySize,
                Environment = input.Environment is { } environment
                    ? environment.Variables is { Count: > 0 } variables ? new EnvironmentResponse { Variables = variables } : null
                    : old.Environment,
                EphemeralStorage = input.EphemeralStorage ?? old.EphemeralStorage,
                LastModified = Now(),
                RevisionId = Guid.NewGuid().ToString(),
            };
            var function = current with { Configuration = configuration };
            _store.Save(function);
            _deployed[name] = function;
            await RetireAsync(name).ConfigureAwait(false);
            return configuration with { LastUpdateStatus = "InProgress", LastUpdateStatusReason = "The function is being created.", LastUpdateStatusReasonCode = "Creating" };
        }
        finally
        {
            _deploying.Release();
        }
    }

    public async Task<DeleteFunctionResponse> DeleteFunctionAsync(DeleteFunctionRequest input, CancellationToken cancellationToken = default)
    {
        var name = FunctionName(input.FunctionName);
        if (_functions.TryRemove(name, out _))
            return new DeleteFunctionResponse();
        await _deploying.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_deployed.TryRemove(name, out _))
                throw LambdaErrors.FunctionNotFound(FunctionArn(name));
            await RetireAsync(name).ConfigureAwait(false);
            _store.Delete(name);
            return new DeleteFunctionResponse { StatusCode = 204 };
        }
        finally
        {
            _deploying.Release();
        }
    }

    public Task<GetFunctionResponse> GetFunctionAsync(GetFunctionRequest input, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(input.FunctionName))
            throw LambdaErrors.InvalidParameter(ValidationMessages.MissingMembers(["functionName"]));
        var name = FunctionName(input.FunctionName);
        if (_functions.TryGetValue(name, out var function))
            return Task.FromResult(new GetFunctionResponse { Configuration = function.Configuration });
        if (_deployed.TryGetValue(name, out var deployed))
            return Task.FromResult(new GetFunctionResponse
            {
                Configuration = deployed.Configuration,
                Code = new FunctionCodeLocation { RepositoryType = "S3", Location = new Uri(_store.ZipPath(deployed)).AbsoluteUri },
                Tags = deployed.Tags,
            });
        throw LambdaErrors.FunctionNotFound(FunctionArn(name));
    }

    public Task<ListFunctionsResponse> ListFunctionsAsync(ListFunctionsRequest input, CancellationToken cancellationToken = default)
    {
        var all = _functions.Values.Select(f => f.Configuration)
            .Concat(_deployed.Where(d => !_functions.ContainsKey(d.Key)).Select(d => d.Value.Configuration))
            .OrderBy(c => c.FunctionName, StringComparer.Ordinal).ToList();
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

    /// <summary>One invocation of a deployed function: a warm environment, or a new one (a cold start, whose init is logged
    /// and whose duration the REPORT line gives as <c>Init Duration</c>).</summary>
    private async Task<(byte[] Payload, string? FunctionError, string? Tail)> RunDeployedAsync(DeployedFunction function, byte[] payload, bool tail,
        CancellationToken cancellationToken)
    {
        var configuration = function.Configuration;
        var name = configuration.FunctionName!;
        var requestId = Guid.NewGuid().ToString();
        var environment = Warm(name, configuration.RevisionId);
        JsonObjectOrNull initError = default;
        InvocationLog log;
        if (environment is null)
        {
            var instance = new LambdaInstance(name, _time.GetUtcNow(), _logs);
            _instances.Enqueue(instance);
            environment = new ExecutionEnvironment(function, instance, _time);
            _live[environment] = 0;
            log = new InvocationLog(instance, requestId, _time, tail);
            log.Raw($"INIT_START Runtime Version: {configuration.Runtime?.Replace('.', ':')}.local\tRuntime Version ARN: arn:aws:lambda:{_region}::runtime:local");
            try
            {
                initError = new(await environment.InitializeAsync(ProcessEnvironment(function), requestId, Options.InitTimeout, cancellationToken)
                    .ConfigureAwait(false));
            }
            catch
            {
                await DiscardAsync(environment).ConfigureAwait(false);
                throw;
            }
            if (initError.Value is { } failure)
                log.Raw(string.Create(CultureInfo.InvariantCulture,
                    $"INIT_REPORT Init Duration: {environment.UnreportedInitDuration?.TotalMilliseconds ?? 0:0.00} ms\tPhase: init\tStatus: error\tError Type: {failure["errorType"]}"));
        }
        else
            log = new InvocationLog(environment.Instance, requestId, _time, tail);

        log.Raw($"START RequestId: {requestId} Version: $LATEST");
        var started = _time.GetTimestamp();
        var timeout = TimeSpan.FromSeconds(configuration.Timeout ?? 3);
        EnvironmentOutcome outcome;
        try
        {
            outcome = initError.Value is { } failure
                ? new EnvironmentOutcome(Encoding.UTF8.GetBytes(failure.ToJsonString()), "Unhandled", Reusable: false)
                : await environment.InvokeAsync(new RuntimeInvocation(requestId, payload, _time.GetUtcNow() + timeout, configuration.FunctionArn!,
                    $"Root=1-{_time.GetUtcNow().ToUnixTimeSeconds():x8}-{Guid.NewGuid().ToString("N")[..24]};Sampled=0"), log, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DiscardAsync(environment).ConfigureAwait(false);
            throw;
        }
        var duration = _time.GetElapsedTime(started).TotalMilliseconds;
        var init = environment.UnreportedInitDuration;
        environment.UnreportedInitDuration = null;
        log.Raw($"END RequestId: {requestId}");
        var report = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"REPORT RequestId: {requestId}\tDuration: {duration:0.00} ms\tBilled Duration: {Math.Max(1, (long)Math.Ceiling(duration + (init?.TotalMilliseconds ?? 0)))} ms\tMemory Size: {configuration.MemorySize ?? 128} MB\tMax Memory Used: {environment.MaxMemoryUsedMb()} MB"));
        if (init is { } initDuration)
            report.Append(CultureInfo.InvariantCulture, $"\tInit Duration: {initDuration.TotalMilliseconds:0.00} ms");
        if (!outcome.Reusable && outcome.FunctionError is not null && ErrorType(outcome.Payload) is { } platformError)
            report.Append(CultureInfo.InvariantCulture, $"\tStatus: {(platformError == "Sandbox.Timedout" ? "timeout" : "error")}\tError Type: {platformError}");
        log.Raw(report.ToString());
        if (outcome.Reusable && !_disposed && _deployed.TryGetValue(name, out var latest) && latest.Configuration.RevisionId == configuration.RevisionId)
            _warm.GetOrAdd(name, _ => []).Add(environment);
        else
            await DiscardAsync(environment).ConfigureAwait(false);
        return (outcome.Payload, outcome.FunctionError, log.Tail());
    }

    private readonly record struct JsonObjectOrNull(System.Text.Json.Nodes.JsonObject? Value);

    private static string? ErrorType(byte[] payload)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(payload)?["errorType"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A warm environment of the function at <paramref name="revisionId"/>, or null.</summary>
    private ExecutionEnvironment? Warm(string name, string? revisionId)
    {
        var bag = _warm.GetOrAdd(name, _ => []);
        while (bag.TryTake(out var environment))
        {
            if (environment.Function.Configuration.RevisionId == revisionId)
                return environment;
            _ = DiscardAsync(environment).AsTask();
        }
        return null;
    }

    /// <summary>Stops the warm environments of a function that changed or went away (busy ones stop when they finish).</summary>
    private async Task RetireAsync(string name)
    {
        if (!_warm.TryGetValue(name, out var bag)) return;
        while (bag.TryTake(out var environment))
            await DiscardAsync(environment).ConfigureAwait(false);
    }

    private async ValueTask DiscardAsync(ExecutionEnvironment environment)
    {
        _live.TryRemove(environment, out _);
        await environment.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Lambda's environment of a function's process (plus PATH and DOTNET_ROOT of this machine, so that a
    /// framework-dependent bootstrap finds the runtime), under the function's own variables.</summary>
    private Dictionary<string, string> ProcessEnvironment(DeployedFunction function)
    {
        var configuration = function.Configuration;
        var credentials = Options.ExecutionRoles?.Credentials(configuration.Role!, configuration.FunctionName!)
                          ?? new FunctionCredentials("ASIALOCALLAMBDA00000", "local-lambda-secret", "local-lambda-session");
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = path,
            ["LANG"] = "en_US.UTF-8",
            ["TZ"] = ":UTC",
            ["LAMBDA_TASK_ROOT"] = function.CodeDirectory,
            ["LAMBDA_RUNTIME_DIR"] = function.CodeDirectory,
            ["_HANDLER"] = configuration.Handler ?? "",
            ["AWS_LAMBDA_FUNCTION_NAME"] = configuration.FunctionName!,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = (configuration.MemorySize ?? 128).ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand",
            ["AWS_REGION"] = _region,
            ["AWS_DEFAULT_REGION"] = _region,
            ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey,
        };
        if (credentials.SessionToken is { } token)
            environment["AWS_SESSION_TOKEN"] = token;
        if (EndpointUrl is { } endpoint)
            environment["AWS_ENDPOINT_URL"] = endpoint.ToString().TrimEnd('/');
        if (Path.IsPathRooted(DotnetHost.Path) && Path.GetDirectoryName(DotnetHost.Path) is { } dotnetRoot)
        {
            environment["DOTNET_ROOT"] = dotnetRoot;
            environment["PATH"] = $"{dotnetRoot}{Path.PathSeparator}{path}";
        }
        else if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
            environment["DOTNET_ROOT"] = root;
        foreach (var (key, value) in configuration.Environment?.Variables ?? new Dictionary<string, string>())
            environment[key] = value;
        return environment;
    }

    private async Task<byte[]> CodeAsync(byte[]? zip, string? bucket, string? key, CancellationToken cancellationToken)
    {
        if (zip is { Length: > 0 })
            return zip;
        if (bucket is null || key is null)
            throw LambdaErrors.NoCode();
        if (Options.ObjectStorage is not { } storage)
            throw LambdaErrors.InvalidParameter("This local Lambda has no S3 to read S3Bucket/S3Key from; give the package as ZipFile.");
        try
        {
            await using var content = await storage.GetObjectAsync(bucket, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await content.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (S3Exception e)
        {
            throw LambdaErrors.S3GetObject(e.ErrorCode, e.Message);
        }
    }

    private DeployedFunction Deployed(string name, string? revisionId)
    {
        if (!_deployed.TryGetValue(name, out var function))
            throw _functions.ContainsKey(name) ? LambdaErrors.DelegateCodeNotUpdatable(name) : LambdaErrors.FunctionNotFound(FunctionArn(name));
        if (revisionId is not null && revisionId != function.Configuration.RevisionId)
            throw LambdaErrors.RevisionMismatch();
        return function;
    }

    private static string ValidName(string? target)
    {
        if (string.IsNullOrEmpty(target))
            throw LambdaErrors.InvalidParameter(ValidationMessages.MissingMembers(["functionName"]));
        var name = FunctionName(target);
        if (!Regex.IsMatch(name, "^[a-zA-Z0-9-_]{1,64}$"))
            throw LambdaErrors.Validation(LambdaErrors.PatternProblem("functionName", target, LambdaErrors.FunctionNamePattern));
        return name;
    }

    private static void ValidateRuntime(string? runtime, string? handler)
    {
        if (string.IsNullOrEmpty(runtime) || string.IsNullOrEmpty(handler))
            throw LambdaErrors.RuntimeAndHandlerRequired();
        if (!Runtime.Values.Contains(runtime))
            throw LambdaErrors.UnknownRuntime(runtime);
        if (!LocalRuntimes.Custom.Contains(runtime))
            throw LambdaErrors.RuntimeNotRunLocally(runtime);
    }

    private static int? ValidTimeout(int? timeout) =>
        timeout is { } t && (t < 1 || t > 900) ? throw LambdaErrors.Validation(LambdaErrors.RangeProblem("timeout", t, 1, 900)) : timeout;

    private static int? ValidMemory(int? memory) =>
        memory is { } m && (m < 128 || m > 10240) ? throw LambdaErrors.Validation(LambdaErrors.RangeProblem("memorySize", m, 128, 10240)) : memory;

    private static void ValidateEnvironment(LambdaEnvironment? environment)
    {
        var reserved = environment?.Variables?.Keys.Where(k => ReservedKeys.Contains(k, StringComparer.Ordinal)).ToList();
        if (reserved is { Count: > 0 })
            throw LambdaErrors.ReservedEnvironmentKeys(reserved);
    }

    private string Now() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture);
}
