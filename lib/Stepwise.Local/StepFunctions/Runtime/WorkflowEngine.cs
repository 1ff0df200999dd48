using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

/// <summary>The ASL interpreter: runs an execution to its end, recording its history in a journal.
/// Thread-safe; one instance serves any number of concurrent executions.</summary>
public sealed class WorkflowEngine(EngineOptions options)
{
    public EngineOptions Options { get; } = options;

    /// <summary>Runs a new execution, or resumes one from its <paramref name="resume"/> checkpoint after a restart.</summary>
    /// <param name="lastEventId">The id of the last event already in the history (0 for a new execution).</param>
    public async Task<ExecutionOutcome> RunAsync(
        ExecutionStart start, IExecutionJournal journal, Checkpoint? resume = null, long lastEventId = 0,
        ExecutionControl? control = null, CancellationToken cancellationToken = default)
    {
        var interpreter = new Interpreter(Options, start, journal, lastEventId);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, control?.Stopping ?? CancellationToken.None);
        var machineTimeout = start.Definition.TimeoutSeconds is { } seconds
            ? Options.Clock.DelayAsync((start.RedriveDate ?? start.StartTime).AddSeconds(seconds) - Options.Clock.UtcNow, stopping.Token)
            : null;

        var root = new Frame("root", start.Definition.QueryLanguage ?? QueryLanguage.JSONPath,
            resume?.Variables ?? ImmutableDictionary.Create<string, JsonNode?>(StringComparer.Ordinal),
            resume?.LastEventId ?? 0, parent: null) { Resume = resume?.Branches, ResumeMapRun = resume?.MapRunArn };
        if (resume is null)
        {
            var started = new JsonObject
            {
                ["input"] = start.Input,
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
                ["roleArn"] = start.RoleArn,
            };
            root.LastEventId = interpreter.Emit(root, "ExecutionStarted", "executionStartedEventDetails", started);
        }

        ExecutionOutcome outcome;
        try
        {
            var input = Nodes.Parse(resume?.Input ?? start.Input);
            var run = interpreter.RunMachineAsync(root, start.Definition, resume?.StateName ?? start.Definition.StartAt, input, stopping.Token);
            if (machineTimeout is not null && await Task.WhenAny(run, machineTimeout).ConfigureAwait(false) == machineTimeout
                && machineTimeout.IsCompletedSuccessfully)
            {
                await stopping.CancelAsync().ConfigureAwait(false);
                await Quietly(run).ConfigureAwait(false);
                throw new ExecutionTerminatedException(ExecutionStatuses.TimedOut, StatesErrors.Timeout, "The execution exceeded the state machine's TimeoutSeconds.");
            }
            var output = Nodes.Serialize(await run.ConfigureAwait(false));
            interpreter.EmitExecutionEvent("ExecutionSucceeded", "executionSucceededEventDetails",
                EventDetails.Payload("output", output), interpreter.LastEventId);
            outcome = new ExecutionOutcome(ExecutionStatuses.Succeeded, output, null, null, Options.Clock.UtcNow);
        }
        catch (OperationCanceledException) when (control?.Stopping.IsCancellationRequested == true)
        {
            var details = new JsonObject();
            if (control.StopError is not null) details["error"] = control.StopError;
            if (control.StopCause is not null) details["cause"] = control.StopCause;
            interpreter.EmitExecutionEvent("ExecutionAborted", "executionAbortedEventDetails", details, interpreter.LastEventId);
            outcome = new ExecutionOutcome(ExecutionStatuses.Aborted, null, control.StopError, control.StopCause, Options.Clock.UtcNow);
        }
        catch (ExecutionTerminatedException terminated)
        {
            var (type, key) = terminated.Status == ExecutionStatuses.TimedOut
                ? ("ExecutionTimedOut", "executionTimedOutEventDetails")
                : ("ExecutionFailed", "executionFailedEventDetails");
            interpreter.EmitExecutionEvent(type, key, EventDetails.Error(terminated.Error, terminated.Cause), interpreter.LastEventId);
            outcome = new ExecutionOutcome(terminated.Status, null, terminated.Error, terminated.Cause, Options.Clock.UtcNow);
        }
        catch (StatesException error)
        {
            interpreter.EmitExecutionEvent("ExecutionFailed", "executionFailedEventDetails", EventDetails.Error(error.Error, error.Cause), interpreter.LastEventId);
            outcome = new ExecutionOutcome(ExecutionStatuses.Failed, null, error.Error, error.Cause, Options.Clock.UtcNow);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A fault of the engine itself: the execution fails with a clear runtime error rather than hanging.
            var cause = $"Internal error in the local engine: {error.GetType().Name}: {error.Message}";
            interpreter.EmitExecutionEvent("ExecutionFailed", "executionFailedEventDetails", EventDetails.Error(StatesErrors.Runtime, cause), interpreter.LastEventId);
            outcome = new ExecutionOutcome(ExecutionStatuses.Failed, null, StatesErrors.Runtime, cause, Options.Clock.UtcNow);
        }
        // Ended unsuccessfully in an inline Map or a Parallel state: the checkpoint keeps how its iterations or branches
        // ended, where a redrive picks them up.
        if (outcome.Status != ExecutionStatuses.Succeeded && root.UnfinishedBranches is not null && root.RedrivePoint is { } point)
            journal.Save(point);
        await journal.EndAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Runs only the start state of <paramref name="start"/>'s definition (TestState), once, under
    /// <paramref name="test"/>'s mock and configuration, recording its data flow in the test's inspection.</summary>
    public async Task<TestStateResult> TestStateAsync(ExecutionStart start, JsonObject? variables, TestState.StateTest test, CancellationToken cancellationToken = default)
    {
        var interpreter = new Interpreter(Options, start, new MemoryJournal(), 0, test);
        var vars = (variables ?? []).ToImmutableDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
        var root = new Frame("root", start.Definition.QueryLanguage ?? QueryLanguage.JSONPath, vars, 0, parent: null);
        var state = start.Definition[start.Definition.StartAt];
        var input = Nodes.Parse(start.Input);
        test.Inspection.Record(TestState.StateInspection.Steps.Input, input);
        TestStateResult result;
        try
        {
            var step = await interpreter.RunStateAsync(root, state, input, cancellationToken).ConfigureAwait(false);
            var inspection = test.Inspection;
            result = inspection.CatchIndex is not null
                ? new TestStateResult(TestStateStatus.CaughtError, Nodes.Serialize(step.Output), step.Next, inspection.CaughtError, inspection.CaughtCause)
                : new TestStateResult(TestStateStatus.Succeeded, Nodes.Serialize(step.Output), step.Next, null, null);
        }
        catch (StatesException error)
        {
            result = new TestStateResult(test.Inspection.Retriable ? TestStateStatus.Retriable : TestStateStatus.Failed, null, null, error.Error, error.Cause);
        }
        if (!root.Variables.IsEmpty)
            test.Inspection.Record(TestState.StateInspection.Steps.Variables, new JsonObject(root.Variables.Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone()))));
        return result;
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The run was cancelled because the execution timed out; its own error is not the outcome.
        }
    }
}

/// <summary>What TestState reports of one state: its status (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR), its output
/// and next state, or its error.</summary>
public sealed record TestStateResult(string Status, string? Output, string? Next, string? Error, string? Cause);

/// <summary>TestState's statuses, as the wire spells them.</summary>
public static class TestStateStatus
{
    public const string Succeeded = Aws.StepFunctions.TestExecutionStatus.Succeeded;
    public const string Failed = Aws.StepFunctions.TestExecutionStatus.Failed;
    public const string Retriable = Aws.StepFunctions.TestExecutionStatus.Retriable;
    public const string CaughtError = Aws.StepFunctions.TestExecutionStatus.CaughtError;
}


