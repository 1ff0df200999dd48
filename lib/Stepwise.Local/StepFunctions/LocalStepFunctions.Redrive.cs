using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Runtime;
using Stepwise.Local.StepFunctions.Store;

namespace Stepwise.Local.StepFunctions;

/// <summary>RedriveExecution: a FAILED, TIMED_OUT or ABORTED standard execution of the last 14 days continues from the
/// state it stopped in, with the same ARN, input and definition; its history goes on after an <c>ExecutionRedriven</c>
/// event. The redrive is one commit (status, count, event), and the stored checkpoint is where it resumes, so a
/// redriven execution interrupted by a kill -9 resumes like any other.</summary>
public sealed partial class LocalStepFunctions
{
    /// <summary>AWS redrives executions that stopped at most 14 days ago.</summary>
    private static readonly TimeSpan RedrivablePeriod = TimeSpan.FromDays(14);

    /// <summary>A standard execution runs at most one year.</summary>
    private static readonly TimeSpan MaxExecutionTime = TimeSpan.FromDays(365);

    public async Task<RedriveExecutionOutput> RedriveExecutionAsync(RedriveExecutionInput input, CancellationToken cancellationToken = default)
    {
        // The model's ClientToken: 1 to 64 printable ASCII characters ([!-~]+).
        if (input.ClientToken is { } token && (token.Length is < 1 or > 64 || token.Any(c => c is < '!' or > '~')))
            throw StepFunctionsException.Validation(token.Length > 64
                ? [$"Value '{token}' at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to 64"]
                : [$"Value '{token}' at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [!-~]+"]);
        var execution = RequireExecution(input.ExecutionArn);
        // An execution that has just ended may still be finishing its run (logs, bookkeeping): let it finish first.
        if (execution.Status != ExecutionStatus.Running && _running.TryGetValue(execution.Arn, out var ending))
        {
            try
            {
                await ending.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // How the previous run ended is already recorded; only its end matters here.
            }
        }
        lock (_startGate)
        {
            // The same client token again answers the redrive it made, without another.
            if (input.ClientToken is not null && input.ClientToken == execution.RedriveToken && execution.RedriveDate is { } previous)
                return new RedriveExecutionOutput { RedriveDate = previous };
            var (status, reason) = RedriveStatusOf(execution);
            // The exception's text is the DescribeExecution reason (AWS documents the reasons; the exception's own wording has no source).
            var stillRunning = _running.TryGetValue(execution.Arn, out var run) && !run.Completion.IsCompleted;
            if (status != "REDRIVABLE" || stillRunning || !_redriving.Add(execution.Arn))
                throw new StepFunctionsException(StepFunctionsErrorCodes.ExecutionNotRedrivable,
                    reason ?? $"Execution is {execution.Status} and cannot be redriven.");
        }
        try
        {
            await _store.FlushAsync(cancellationToken).ConfigureAwait(false);
            var lastEventId = _store.LastEventId(execution.Arn);
            var now = _options.Clock.UtcNow;
            var count = execution.RedriveCount + 1;
            var redriven = new ExecutionEvent(lastEventId + 1, lastEventId, now, "ExecutionRedriven", "executionRedrivenEventDetails",
                new JsonObject { ["redriveCount"] = count });
            await _store.RedriveExecutionAsync(execution.Arn, count, now, input.ClientToken, redriven, cancellationToken).ConfigureAwait(false);

            // From the state it stopped in, with that state's input and the variables then; the chain goes on from ExecutionRedriven.
            var checkpoint = execution.Checkpoint is { } saved
                ? Checkpoint.FromJson(JsonNode.Parse(saved)!.AsObject()) with { LastEventId = redriven.Id }
                : new Checkpoint(Parsed(execution.Definition).StartAt, execution.Input, ImmutableDictionary.Create<string, JsonNode?>(StringComparer.Ordinal), redriven.Id);
            Launch(execution with { Status = ExecutionStatus.Running, RedriveCount = count, RedriveDate = now, Output = null, Error = null, Cause = null, StopDate = null },
                checkpoint);
            return new RedriveExecutionOutput { RedriveDate = now };
        }
        finally
        {
            lock (_startGate) _redriving.Remove(execution.Arn);
        }
    }

    // Executions between the redrive check and their launch: a second RedriveExecution meanwhile is refused.
    private readonly HashSet<string> _redriving = new(StringComparer.Ordinal);

    /// <summary>DescribeExecution's redriveStatus and, when NOT_REDRIVABLE, the reason in AWS's words (from the
    /// DescribeExecution API reference's list of reasons).</summary>
    private (string Status, string? Reason) RedriveStatusOf(ExecutionRecord execution)
    {
        if (execution.Arn.Contains(":express:", StringComparison.Ordinal))
            return ("NOT_REDRIVABLE", "Execution is of type EXPRESS and cannot be redriven."); // wording without a source
        var failed = execution.Status is ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Aborted;
        if (execution.MapRunArn is not null)
            return failed ? ("REDRIVABLE_BY_MAP_RUN", null) : ("NOT_REDRIVABLE", $"Execution is {execution.Status} and cannot be redriven.");
        if (_store.GetStateMachine(execution.StateMachineArn) is null) return ("NOT_REDRIVABLE", "State machine is in DELETING status.");
        if (!failed) return ("NOT_REDRIVABLE", $"Execution is {execution.Status} and cannot be redriven.");
        if (execution.Error == StatesErrors.Runtime && execution.Cause?.StartsWith("The execution reached the maximum number of history events", StringComparison.Ordinal) == true)
            return ("NOT_REDRIVABLE", "Execution history event limit exceeded.");
        var now = _options.Clock.UtcNow;
        if (now - execution.StartDate > MaxExecutionTime) return ("NOT_REDRIVABLE", "Execution has exceeded the max execution time.");
        if (execution.StopDate is { } stopped && now - stopped > RedrivablePeriod) return ("NOT_REDRIVABLE", "Execution redrivable period exceeded.");
        return ("REDRIVABLE", null);
    }
}
