using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Workflows;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// Task states, and the Retry / Catch loop shared by Task, Parallel and Map.
internal sealed partial class Interpreter
{
    private const double DefaultTimeoutSeconds = 99_999_999;

    private async Task<StepResult> WithRetryAndCatchAsync(
        StateRun run,
        ImmutableArray<Retry> retriers,
        ImmutableArray<Catcher> catchers,
        JsonPath? resultPath,
        Func<int, CancellationToken, Task<JsonNode?>> attempt,
        CancellationToken cancellationToken)
    {
        if (_test is not null && run.Frame.IsRoot)
            return await TestAttemptAsync(run, retriers, catchers, resultPath, attempt, cancellationToken).ConfigureAwait(false);
        var attempts = new int[retriers.Length];
        var retryCount = 0;
        while (true)
        {
            StatesException error;
            try
            {
                run.Started = false;
                var output = await attempt(retryCount, cancellationToken).ConfigureAwait(false);
                return Exit(run, output, run.State.Next);
            }
            catch (StatesException caught) when (!cancellationToken.IsCancellationRequested)
            {
                error = caught;
            }

            var retrier = retriers.Select((r, i) => (Retry: r, Index: i)).FirstOrDefault(r => ErrorMatching.Matches(r.Retry.ErrorEquals, error.Error));
            if (retrier.Retry is { } retry && attempts[retrier.Index] < (retry.MaxAttempts ?? 3))
            {
                await Clock.SleepAsync(RetryDelay(retry, attempts[retrier.Index]), cancellationToken).ConfigureAwait(false);
                attempts[retrier.Index]++;
                retryCount++;
                continue;
            }

            // A Map or Parallel that started and will not be retried records its failure (none between attempts).
            if (run.Started && run.State is MapState or ParallelState) Emit(run.Frame, run.State.Type + "StateFailed", null, null);
            var catcher = catchers.FirstOrDefault(c => ErrorMatching.Matches(c.ErrorEquals, error.Error));
            if (catcher is null) throw error;
            // AWS records the state's exit after a caught failure, with the catcher's output.
            var caughtOutput = CatchOutput(run, catcher, error, resultPath);
            Exit(run, caughtOutput, null);
            return new StepResult(catcher.Next, caughtOutput);
        }
    }

    private JsonNode? CatchOutput(StateRun run, Catcher catcher, StatesException error, JsonPath? stateResultPath)
    {
        var errorOutput = Nodes.ErrorOutput(error.Error, error.Cause);
        if (run.Jsonata)
            return FinishJsonata(run, catcher.Output, catcher.NullOutput, catcher.Assign, JsonataInputs(run, errorOutput: errorOutput), errorOutput);
        AssignPath(run, catcher.Assign, errorOutput);
        return ApplyResultPath(run, catcher.ResultPath ?? JsonPath.Of("$"), errorOutput);
    }

    /// <summary>Interval × BackoffRate^attempt, capped by MaxDelaySeconds; FULL jitter draws from [0, delay).</summary>
    private TimeSpan RetryDelay(Retry retry, int attempt)
    {
        var seconds = (retry.IntervalSeconds ?? 1) * Math.Pow(retry.BackoffRate ?? 2.0, attempt);
        if (retry.MaxDelaySeconds is { } max) seconds = Math.Min(seconds, max);
        if (retry.JitterStrategy == "FULL") seconds *= NextRandom();
        return TimeSpan.FromSeconds(Math.Min(seconds, DefaultTimeoutSeconds));
    }

    private async Task<JsonNode?> TaskAsync(StateRun run, TaskState task, int retryCount, CancellationToken cancellationToken)
    {
        if (Arns.IsActivity(task.Resource) && TestMock(run) is null && _start.Mocks?.States.ContainsKey(task.Name) != true)
            return await ActivityAsync(run, task, retryCount, cancellationToken).ConfigureAwait(false);
        var (service, pattern) = TaskInvocation.ParseResource(task.Resource);
        var real = _options.Integrations.Find(service, pattern);
        // TestState's mock, or a state of the execution's mock-config test case, answers with its mocked response, attempt by attempt.
        var mocked = TestMock(run) ?? (_start.Mocks?.States.GetValueOrDefault(task.Name) is { } response
            ? response.For(_mockAttempts.AddOrUpdate(task.Name, 0, (_, n) => n + 1))
            : null);
        var integration = mocked is not null
            ? new MockedIntegration(mocked, real)
            : real ?? throw InState(run, new StatesException(StatesErrors.Runtime,
                $"The resource '{task.Resource}' has no local integration. Supported locally: lambda:invoke, Lambda function ARNs, and the integrations registered with the local engine."));
        var (resourceType, resource) = integration.Describe(service, pattern);
        var pending = pattern == IntegrationPattern.WaitForTaskToken ? _options.TaskTokens.Issue() : null;
        try
        {
            JsonObject context() => Context(run, pending?.Token, retryCount);
            var payload = run.Jsonata
                ? (task.Arguments is null ? run.Input?.DeepClone() : Evaluate(run, task.Arguments, JsonataInputs(run, context: context), "Arguments"))
                : (task.Parameters is null ? EffectiveInput(run) : Template(run, task.Parameters, EffectiveInput(run), context));
            Inspect(run, run.Jsonata ? TestState.StateInspection.Steps.AfterArguments : TestState.StateInspection.Steps.AfterParameters, payload);
            var timeout = NumberField(run, task.TimeoutSeconds, task.TimeoutSecondsPath, run.Input, "TimeoutSeconds");
            var heartbeat = NumberField(run, task.HeartbeatSeconds, task.HeartbeatSecondsPath, run.Input, "HeartbeatSeconds");

            // A Lambda function's own ARN is the legacy form: AWS records LambdaFunction* events for it.
            var legacyLambda = pattern == IntegrationPattern.CallAndContinue && service.StartsWith("arn:aws:lambda:", StringComparison.Ordinal);
            if (legacyLambda)
            {
                var lambdaScheduled = EventDetails.Payload("input", Nodes.Serialize(payload));
                lambdaScheduled.Insert(0, "resource", service);
                if (timeout is not null) lambdaScheduled["timeoutInSeconds"] = (long)timeout.Value;
                Emit(run.Frame, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", lambdaScheduled);
                Emit(run.Frame, "LambdaFunctionStarted", null, null);
            }
            else
            {
                var scheduled = new JsonObject
                {
                    ["resourceType"] = resourceType,
                    ["resource"] = resource,
                    ["region"] = _options.Region,
                    ["parameters"] = Nodes.Serialize(payload),
                };
                if (timeout is not null) scheduled["timeoutInSeconds"] = (long)timeout.Value;
                if (heartbeat is not null) scheduled["heartbeatInSeconds"] = (long)heartbeat.Value;
                Emit(run.Frame, "TaskScheduled", "taskScheduledEventDetails", scheduled);
                Emit(run.Frame, "TaskStarted", "taskStartedEventDetails", EventDetails.Resource(resourceType, resource));
            }
            await _journal.FlushAsync(cancellationToken).ConfigureAwait(false);

            JsonNode? result;
            try
            {
                var invocation = new TaskInvocation(task.Resource, service, pattern, payload, pending?.Token, _start.ExecutionArn, TaskRole(run, task));
                result = await InvokeWithDeadlinesAsync(integration, invocation, mocked is null ? pending : null, timeout, heartbeat, resourceType, resource, run, cancellationToken).ConfigureAwait(false);
                InspectHttp(run, service, payload, result);
            }
            catch (StatesException error) when (!cancellationToken.IsCancellationRequested)
            {
                InspectHttp(run, service, payload, null);
                var timedOut = error.Error is StatesErrors.Timeout or StatesErrors.HeartbeatTimeout;
                if (legacyLambda && timedOut)
                    Emit(run.Frame, "LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", EventDetails.Error(error.Error, error.Cause));
                else if (legacyLambda)
                    Emit(run.Frame, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", EventDetails.Error(error.Error, error.Cause));
                else if (timedOut)
                    Emit(run.Frame, "TaskTimedOut", "taskTimedOutEventDetails", Failure(resourceType, resource, error));
                else
                    Emit(run.Frame, "TaskFailed", "taskFailedEventDetails", Failure(resourceType, resource, error));
                throw;
            }

            if (legacyLambda)
            {
                Emit(run.Frame, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", EventDetails.Payload("output", CheckedPayload(run, result)));
            }
            else
            {
                var succeeded = EventDetails.Resource(resourceType, resource);
                succeeded["output"] = CheckedPayload(run, result);
                succeeded["outputDetails"] = new JsonObject { ["truncated"] = false };
                Emit(run.Frame, "TaskSucceeded", "taskSucceededEventDetails", succeeded);
            }

            if (run.Jsonata)
                return FinishJsonata(run, task.Output, task.NullOutput, task.Assign, JsonataInputs(run, result: result, context: context), result);
            return FinishPath(run, result, task.ResultSelector, task.ResultPath);
        }
        finally
        {
            if (pending is not null) _options.TaskTokens.Retire(pending.Token);
        }
    }

    /// <summary>The role a task runs with: its Credentials' RoleArn when set (a literal, a path or a JSONata
    /// expression), otherwise the state machine's.</summary>
    private string TaskRole(StateRun run, TaskState task)
    {
        if (task.Credentials is null) return _start.RoleArn;
        var credentials = run.Jsonata ? Evaluate(run, task.Credentials, JsonataInputs(run), "Credentials") : Template(run, task.Credentials, EffectiveInput(run));
        return credentials?["RoleArn"] is JsonValue role && role.TryGetValue<string>(out var arn)
            ? arn
            : throw InState(run, new StatesException(StatesErrors.Runtime, $"The Credentials of the state '{run.State.Name}' must give a RoleArn string, but were {Nodes.Serialize(credentials)}."));
    }

    private static JsonObject Failure(string resourceType, string resource, StatesException error)
    {
        var details = EventDetails.Resource(resourceType, resource);
        details["error"] = error.Error;
        details["cause"] = error.Cause;
        return details;
    }

    /// <summary>Calls the integration under TimeoutSeconds, and for <c>.waitForTaskToken</c> waits for the token
    /// under HeartbeatSeconds, restarting the heartbeat timer on every SendTaskHeartbeat.</summary>
    private async Task<JsonNode?> InvokeWithDeadlinesAsync(
        ITaskIntegration integration, TaskInvocation invocation, PendingTask? pending, double? timeoutSeconds, double? heartbeatSeconds,
        string resourceType, string resource, StateRun run, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = Clock.DelayAsync(TimeSpan.FromSeconds(timeoutSeconds ?? DefaultTimeoutSeconds), linked.Token);
        var gate = new object();
        var open = true; // a .sync job submitted after the task ended (timed out, stopped) is not recorded
        if (invocation.Pattern == IntegrationPattern.WaitForCompletion)
            invocation = invocation with
            {
                Submitted = async (output, ct) =>
                {
                    var submitted = EventDetails.Resource(resourceType, resource);
                    submitted["output"] = Nodes.Serialize(output);
                    submitted["outputDetails"] = new JsonObject { ["truncated"] = false };
                    lock (gate)
                    {
                        if (!open || linked.IsCancellationRequested) return;
                        Emit(run.Frame, "TaskSubmitted", "taskSubmittedEventDetails", submitted);
                    }
                    await _journal.FlushAsync(ct).ConfigureAwait(false);
                },
            };
        try
        {
            var call = integration.InvokeAsync(invocation, linked.Token);
            // A deadline cancelled by a stop is not a timeout: only one that ran out is.
            if (await Task.WhenAny(call, deadline).ConfigureAwait(false) == deadline && deadline.IsCompletedSuccessfully) throw TimedOut(run);
            var result = await WrapFailure(call).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested(); // stopped while the call ran: its result is not used
            if (pending is null) return result;

            var submitted = EventDetails.Resource(resourceType, resource);
            submitted["output"] = Nodes.Serialize(result);
            submitted["outputDetails"] = new JsonObject { ["truncated"] = false };
            Emit(run.Frame, "TaskSubmitted", "taskSubmittedEventDetails", submitted);
            await _journal.FlushAsync(cancellationToken).ConfigureAwait(false);

            while (true)
            {
                var beats = pending.Heartbeats;
                var heartbeat = heartbeatSeconds is { } h ? Clock.DelayAsync(TimeSpan.FromSeconds(h), linked.Token) : Task.Delay(Timeout.Infinite, linked.Token);
                var first = await Task.WhenAny(pending.Completion, deadline, heartbeat).ConfigureAwait(false);
                if (first == pending.Completion) return await WrapFailure(pending.Completion).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (first == deadline) throw TimedOut(run);
                if (pending.Heartbeats == beats)
                    throw new StatesException(StatesErrors.HeartbeatTimeout, $"The task '{run.State.Name}' did not send a heartbeat within {heartbeatSeconds} seconds.");
            }
        }
        finally
        {
            lock (gate) open = false;
            await linked.CancelAsync().ConfigureAwait(false);
        }
    }

    private static StatesException TimedOut(StateRun run) =>
        new(StatesErrors.Timeout, $"The task '{run.State.Name}' exceeded its TimeoutSeconds.");

    /// <summary>Any failure that is not already a named Step Functions error becomes States.TaskFailed.</summary>
    private static async Task<JsonNode?> WrapFailure(Task<JsonNode?> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (StatesException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new StatesException(StatesErrors.TaskFailed, ex.Message, ex);
        }
    }
}

/// <summary>How Retry and Catch match error names.</summary>
public static class ErrorMatching
{
    /// <summary>True when <paramref name="errorEquals"/> names <paramref name="error"/>. <c>States.ALL</c> matches every
    /// error but the terminal ones (States.Runtime, States.DataLimitExceeded); <c>States.TaskFailed</c> matches
    /// every error of a task but States.Timeout.</summary>
    public static bool Matches(IEnumerable<string> errorEquals, string error)
    {
        foreach (var name in errorEquals)
        {
            if (name == error) return error != StatesErrors.Runtime;
            if (error is StatesErrors.Runtime or StatesErrors.DataLimitExceeded) continue;
            if (name == StatesErrors.All) return true;
            if (name == StatesErrors.TaskFailed && error != StatesErrors.Timeout && error != StatesErrors.Runtime) return true;
        }
        return false;
    }
}
