using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Stepwise.Local.StepFunctions.Integrations;

/// <summary>The outstanding task tokens of <c>.waitForTaskToken</c> tasks: SendTaskSuccess, SendTaskFailure and
/// SendTaskHeartbeat find their waiting task here.</summary>
public sealed class TaskTokens
{
    private readonly ConcurrentDictionary<string, PendingTask> _pending = new(StringComparer.Ordinal);

    /// <summary>A new opaque token, registered as waiting.</summary>
    public PendingTask Issue()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var pending = new PendingTask(token);
        _pending[token] = pending;
        return pending;
    }

    /// <summary>Forgets a token once its task has finished, timed out or been aborted.</summary>
    public void Retire(string token) => _pending.TryRemove(token, out _);

    /// <summary>Finds a waiting task, or null when the token is unknown or its task already finished.</summary>
    public PendingTask? Find(string token) => _pending.TryGetValue(token, out var pending) ? pending : null;
}

/// <summary>A task waiting for its token to come back.</summary>
public sealed class PendingTask(string token)
{
    private readonly TaskCompletionSource<JsonNode?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _heartbeats;

    public string Token { get; } = token;

    /// <summary>Completes with the output of SendTaskSuccess, or faults with SendTaskFailure's error.</summary>
    public Task<JsonNode?> Completion => _completion.Task;

    /// <summary>How many heartbeats have arrived; the engine restarts its heartbeat timer when this changes.</summary>
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    public bool Succeed(JsonNode? output) => _completion.TrySetResult(output);

    public bool Fail(string? error, string? cause) =>
        _completion.TrySetException(new StatesException(error ?? "", cause ?? ""));

    public void Heartbeat() => Interlocked.Increment(ref _heartbeats);
}
