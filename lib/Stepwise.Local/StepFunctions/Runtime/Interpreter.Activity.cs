using System.Text.Json.Nodes;
using Stepwise.Local.StepFunctions.Integrations;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// Task states whose Resource is an activity ARN: the task waits for a worker (GetActivityTask) and its SendTask* call.
internal sealed partial class Interpreter
{
    /// <summary>Schedules the task for the activity's workers and waits: TimeoutSeconds from scheduling, HeartbeatSeconds
    /// from the worker's start and each heartbeat. Records ActivityScheduled, ActivityStarted and ActivitySucceeded,
    /// ActivityFailed or ActivityTimedOut, as AWS does.</summary>
    private async Task<JsonNode?> ActivityAsync(StateRun run, TaskState task, int retryCount, CancellationToken cancellationToken)
    {
        var activities = _options.Activities;
        var pending = _options.TaskTokens.Issue();
        ScheduledActivity? scheduled = null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            JsonObject context() => Context(run, pending.Token, retryCount);
            var payload = run.Jsonata
                ? (task.Arguments is null ? run.Input?.DeepClone() : Evaluate(run, task.Arguments, JsonataInputs(run, context: context), "Arguments"))
                : (task.Parameters is null ? EffectiveInput(run) : Template(run, task.Parameters, EffectiveInput(run), context));
            var timeout = NumberField(run, task.TimeoutSeconds, task.TimeoutSecondsPath, run.Input, "TimeoutSeconds");
            var heartbeat = NumberField(run, task.HeartbeatSeconds, task.HeartbeatSecondsPath, run.Input, "HeartbeatSeconds");
            var input = Nodes.Serialize(payload);

            if (!activities.Exists(task.Resource))
            {
                // Wording without a source: AWS records ActivityScheduleFailed; its error and cause here are the API's ActivityDoesNotExist.
                var error = new StatesException("States.Runtime", $"Activity Does Not Exist: '{task.Resource}'");
                Emit(run.Frame, "ActivityScheduleFailed", "activityScheduleFailedEventDetails", EventDetails.Error(error.Error, error.Cause));
                throw InState(run, error);
            }
            var details = new JsonObject
            {
                ["resource"] = task.Resource,
                ["input"] = input,
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
            };
            if (timeout is not null) details["timeoutInSeconds"] = (long)timeout.Value;
            if (heartbeat is not null) details["heartbeatInSeconds"] = (long)heartbeat.Value;
            Emit(run.Frame, "ActivityScheduled", "activityScheduledEventDetails", details);
            await _journal.FlushAsync(cancellationToken).ConfigureAwait(false);

            scheduled = activities.Schedule(task.Resource, input, pending);
            var deadline = Clock.DelayAsync(TimeSpan.FromSeconds(timeout ?? DefaultTimeoutSeconds), linked.Token);
            JsonNode? result;
            try
            {
                if (await Task.WhenAny(scheduled.Started, deadline).ConfigureAwait(false) != scheduled.Started)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw TimedOut(run);
                }
                var started = new JsonObject();
                if (await scheduled.Started.ConfigureAwait(false) is { } worker) started["workerName"] = worker;
                Emit(run.Frame, "ActivityStarted", "activityStartedEventDetails", started);
                await _journal.FlushAsync(cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    var beats = pending.Heartbeats;
                    var beat = heartbeat is { } h ? Clock.DelayAsync(TimeSpan.FromSeconds(h), linked.Token) : Task.Delay(Timeout.Infinite, linked.Token);
                    var first = await Task.WhenAny(pending.Completion, deadline, beat).ConfigureAwait(false);
                    if (first == pending.Completion)
                    {
                        result = await pending.Completion.ConfigureAwait(false);
                        break;
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    if (first == deadline) throw TimedOut(run);
                    if (pending.Heartbeats == beats)
                        throw new StatesException(StatesErrors.HeartbeatTimeout, $"The task '{run.State.Name}' did not send a heartbeat within {heartbeat} seconds.");
                }
            }
            catch (StatesException error) when (!cancellationToken.IsCancellationRequested)
            {
                if (error.Error is StatesErrors.Timeout or StatesErrors.HeartbeatTimeout)
                    Emit(run.Frame, "ActivityTimedOut", "activityTimedOutEventDetails", EventDetails.Error(error.Error, error.Cause));
                else
                    Emit(run.Frame, "ActivityFailed", "activityFailedEventDetails", EventDetails.Error(error.Error, error.Cause));
                throw;
            }

            Emit(run.Frame, "ActivitySucceeded", "activitySucceededEventDetails", new JsonObject
            {
                ["output"] = CheckedPayload(run, result),
                ["outputDetails"] = new JsonObject { ["truncated"] = false },
            });
            if (run.Jsonata)
                return FinishJsonata(run, task.Output, task.NullOutput, task.Assign, JsonataInputs(run, result: result, context: context), result);
            return FinishPath(run, result, task.ResultSelector, task.ResultPath);
        }
        finally
        {
            scheduled?.Withdraw();
            _options.TaskTokens.Retire(pending.Token);
            await linked.CancelAsync().ConfigureAwait(false);
        }
    }
}
