using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Local.Logs;

namespace Stepwise.Local.Lambda;

/// <summary>One execution environment of a deployed function, as Lambda runs a custom runtime: the package's
/// <c>bootstrap</c> as its own process, in the extracted package (<c>LAMBDA_TASK_ROOT</c>), talking to its own runtime
/// API. Its standard output and error are the function's log lines. It serves one invocation at a time and is reused
/// (warm) until its function changes, it times out, its process exits, or the local Lambda is disposed.</summary>
internal sealed class ExecutionEnvironment : IAsyncDisposable
{
    private readonly RuntimeApiServer _server = new();
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _process;
    private volatile InvocationLog? _current;
    private long _lastOutput;

    public ExecutionEnvironment(DeployedFunction function, LambdaInstance instance, TimeProvider time)
    {
        Function = function;
        Instance = instance;
        _time = time;
    }

    /// <summary>The function (at its revision) this environment runs.</summary>
    public DeployedFunction Function { get; }

    /// <summary>Its log stream.</summary>
    public LambdaInstance Instance { get; }

    /// <summary>How long init took, until the first invocation's REPORT line has reported it.</summary>
    public TimeSpan? UnreportedInitDuration { get; set; }

    /// <summary>The peak resident memory of its process so far, in MB (<c>Max Memory Used</c>).</summary>
    public long MaxMemoryUsedMb()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Refresh();
                return Math.Max(1, process.PeakWorkingSet64 >> 20);
            }
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
        return 1;
    }

    /// <summary>Starts the runtime API and the bootstrap and waits for its first <c>GET next</c>; null when it is ready,
    /// else the error Lambda returns for an environment that failed to initialize.</summary>
    public async Task<JsonObject?> InitializeAsync(IReadOnlyDictionary<string, string> environment, string requestId, TimeSpan limit,
        CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        var bootstrap = Path.Combine(Function.CodeDirectory, "bootstrap");
        if (!File.Exists(bootstrap))
            return Failure("Runtime.InvalidEntrypoint", $"RequestId: {requestId} Error: Couldn't find valid bootstrap(s): [{bootstrap}]");
        var info = new ProcessStartInfo(bootstrap)
        {
            WorkingDirectory = Function.CodeDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.Environment.Clear();
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        info.Environment["AWS_LAMBDA_RUNTIME_API"] = _server.Address;
        info.Environment["AWS_LAMBDA_LOG_GROUP_NAME"] = Instance.Group;
        info.Environment["AWS_LAMBDA_LOG_STREAM_NAME"] = Instance.Stream;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Output(e.Data);
        process.ErrorDataReceived += (_, e) => Output(e.Data);
        process.Exited += (_, _) => _exited.TrySetResult(SafeExitCode(process));
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            return Failure("Runtime.InvalidEntrypoint", $"RequestId: {requestId} Error: fork/exec {bootstrap}: {e.Message.ToLowerInvariant()}");
        }
        _process = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expired = Task.Delay(limit, _time, timeout.Token);
        var first = await Task.WhenAny(_server.FirstNext, _server.InitError, _exited.Task, expired).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        UnreportedInitDuration = _time.GetElapsedTime(started);
        if (first == _server.FirstNext)
            return null;
        if (first == _server.InitError)
        {
            var answer = await _server.InitError.ConfigureAwait(false);
            return ErrorDocument(answer, requestId);
        }
        if (first == _exited.Task)
            return ExitError(requestId, await _exited.Task.ConfigureAwait(false));
        return Failure("Sandbox.Timedout", $"RequestId: {requestId} Error: Task timed out after {limit.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} seconds (init)");
    }

    /// <summary>Hands one event to the runtime and waits for its answer, its exit or the timeout.</summary>
    public async Task<EnvironmentOutcome> InvokeAsync(RuntimeInvocation invocation, InvocationLog log, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _current = log;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expired = Task.Delay(timeout, _time, limit.Token);
            _server.Enqueue(invocation);
            var first = await Task.WhenAny(invocation.Answer.Task, _exited.Task, expired).ConfigureAwait(false);
            await limit.CancelAsync().ConfigureAwait(false);
            if (first == invocation.Answer.Task)
            {
                var answer = await invocation.Answer.Task.ConfigureAwait(false);
                await DrainOutputAsync().ConfigureAwait(false);
                return answer.IsError
                    ? new EnvironmentOutcome(Encoding.UTF8.GetBytes(ErrorDocument(answer, invocation.RequestId).ToJsonString()), "Unhandled", Reusable: true)
                    : new EnvironmentOutcome(answer.Body, null, Reusable: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (first == _exited.Task)
            {
                var error = ExitError(invocation.RequestId, await _exited.Task.ConfigureAwait(false));
                await DrainOutputAsync().ConfigureAwait(false);
                log.Raw($"{Timestamp()} {invocation.RequestId} {error["errorMessage"]}");
                return new EnvironmentOutcome(Encoding.UTF8.GetBytes(error.ToJsonString()), "Unhandled", Reusable: false);
            }
            var seconds = timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
            log.Raw($"{Timestamp()} {invocation.RequestId} Task timed out after {seconds} seconds");
            await KillAsync().ConfigureAwait(false);
            return new EnvironmentOutcome(Encoding.UTF8.GetBytes(Failure("Sandbox.Timedout",
                $"RequestId: {invocation.RequestId} Error: Task timed out after {seconds} seconds").ToJsonString()), "Unhandled", Reusable: false);
        }
        finally
        {
            _current = null;
        }
    }

    private void Output(string? line)
    {
        if (line is null) return;
        Interlocked.Exchange(ref _lastOutput, Stopwatch.GetTimestamp());
        if (_current is { } log) log.Raw(line);
        else Instance.Log?.Write(new LogLine(_time.GetUtcNow(), line));
    }

    /// <summary>Lines the process wrote before it answered may still be in the pipe: wait until the output has been quiet
    /// for a moment (at most 250 ms) so that they land inside the invocation, before its END line.</summary>
    private async Task DrainOutputAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 4;
        await Task.Yield();
        while (Stopwatch.GetTimestamp() < deadline
               && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastOutput)) < TimeSpan.FromMilliseconds(20))
            await Task.Delay(5).ConfigureAwait(false);
        await Task.Delay(10).ConfigureAwait(false);
    }

    private static JsonObject ErrorDocument(RuntimeAnswer answer, string requestId)
    {
        try
        {
            if (JsonNode.Parse(answer.Body) is JsonObject document)
                return document;
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: Lambda reports it as the runtime's own words
        }
        return Failure(answer.ErrorType ?? "Runtime.Unknown",
            $"RequestId: {requestId} Error: {(answer.Body.Length == 0 ? "the runtime reported an error without a body" : Encoding.UTF8.GetString(answer.Body))}");
    }

    private static JsonObject ExitError(string requestId, int exitCode) =>
        Failure("Runtime.ExitError", exitCode == 0
            ? $"RequestId: {requestId} Error: Runtime exited without providing a reason"
            : exitCode < 0 || exitCode > 128
                ? $"RequestId: {requestId} Error: Runtime exited with error: signal: {(exitCode > 128 ? exitCode - 128 : -exitCode)}"
                : $"RequestId: {requestId} Error: Runtime exited with error: exit status {exitCode}");

    private static JsonObject Failure(string type, string message) => new() { ["errorType"] = type, ["errorMessage"] = message };

    private string Timestamp() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private async Task KillAsync()
    {
        if (_process is not { } process) return;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or Win32Exception)
        {
            // already gone, or it refuses to die within 5 s: nothing more to do from here
        }
    }

    /// <summary>Stops the process (Lambda's shutdown) and the runtime API.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process?.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>What an invocation of an environment gave: the payload, Lambda's <c>FunctionError</c>, and whether the
/// environment may serve the next one.</summary>
internal sealed record EnvironmentOutcome(byte[] Payload, string? FunctionError, bool Reusable);
