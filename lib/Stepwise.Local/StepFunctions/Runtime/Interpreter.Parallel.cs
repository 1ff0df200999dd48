using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// Parallel states: every branch runs concurrently on its own copy of the input and variables; the first
// failure stops the others and fails the state with the branch's error.
internal sealed partial class Interpreter
{
    private async Task<JsonNode?> ParallelAsync(StateRun run, ParallelState parallel, int retryCount, CancellationToken cancellationToken)
    {
        run.Frame.UnfinishedBranches = null; // a retry's failure replaces the previous attempt's
        JsonNode? branchInput = run.Jsonata
            ? (parallel.Arguments is null ? run.Input : Evaluate(run, parallel.Arguments, JsonataInputs(run), "Arguments"))
            : (parallel.Parameters is null ? EffectiveInput(run) : Template(run, parallel.Parameters, EffectiveInput(run), () => Context(run, retryCount: retryCount)));
        Inspect(run, run.Jsonata ? TestState.StateInspection.Steps.AfterArguments : TestState.StateInspection.Steps.AfterParameters, branchInput);
        // TestState's mock stands in for the branches: its array is their outputs.
        if (TestMock(run) is { } mock)
        {
            var mocked = MockedOutcome(mock);
            if (run.Jsonata) return FinishJsonata(run, parallel.Output, parallel.NullOutput, parallel.Assign, JsonataInputs(run, result: mocked), mocked);
            return FinishPath(run, mocked, parallel.ResultSelector, parallel.ResultPath);
        }
        var started = Emit(run.Frame, "ParallelStateStarted", null, null);
        run.Started = true;

        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var language = run.Jsonata ? QueryLanguage.JSONata : QueryLanguage.JSONPath;
        // A redrive reruns only the branches that failed or were aborted, from the state each stopped in.
        var resume = TakeResume(run, parallel.Branches.Length);
        var frames = new Frame?[parallel.Branches.Length];
        var branches = parallel.Branches.Select((branch, index) => Task.Run(async () =>
        {
            if (resume?[index] is { Output: { } kept }) return Nodes.Parse(kept);
            var frame = run.Frame.Child($"{run.Frame.Id}/{parallel.Name}#{index}", started, language);
            frames[index] = frame;
            try
            {
                if (resume?[index].Point is { } point) return await ResumeMachineAsync(frame, branch, point, siblings.Token).ConfigureAwait(false);
                return await RunMachineAsync(frame, branch, branch.StartAt, branchInput?.DeepClone(), siblings.Token).ConfigureAwait(false);
            }
            catch
            {
                await siblings.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None)).ToArray();

        try
        {
            await Task.WhenAll(branches).ConfigureAwait(false);
        }
        catch (Exception) when (KeepUnfinished(run, branches, frames, FirstFailure(branches)))
        {
            // Not reached: the filter records the branches for a redrive and lets the failure through.
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            var failure = FirstFailure(branches);
            if (failure is ExecutionTerminatedException) throw failure;
            var error = failure as StatesException ?? new StatesException(StatesErrors.Runtime, failure.Message, failure);
            throw error is FailStateException ? new StatesException(error.Error, error.Cause) : error;
        }

        Emit(run.Frame, "ParallelStateSucceeded", null, null);
        var result = new JsonArray([.. branches.Select(b => b.Result)]);
        if (run.Jsonata)
            return FinishJsonata(run, parallel.Output, parallel.NullOutput, parallel.Assign, JsonataInputs(run, result: result), result);
        return FinishPath(run, result, parallel.ResultSelector, parallel.ResultPath);
    }

    /// <summary>The redrive record of a Map or Parallel state's first attempt, when it fits its <paramref name="count"/>
    /// iterations or branches (a retry, or a record that does not fit, reruns them all).</summary>
    private static System.Collections.Immutable.ImmutableArray<RedriveBranch>? TakeResume(StateRun run, int count)
    {
        var resume = run.Resume;
        run.Resume = null;
        return resume is { } branches && branches.Length == count ? branches : null;
    }

    /// <summary>Runs a (sub-)machine again from where a redrive picks it up: the state it stopped in, with that state's
    /// input and the variables then.</summary>
    private Task<JsonNode?> ResumeMachineAsync(Frame frame, StateMachine machine, Checkpoint point, CancellationToken cancellationToken)
    {
        frame.Variables = point.Variables;
        frame.Resume = point.Branches;
        frame.ResumeMapRun = point.MapRunArn;
        return RunMachineAsync(frame, machine, point.StateName, Nodes.Parse(point.Input), cancellationToken);
    }

    /// <summary>Records on the state's frame how each branch ended, for a redrive (always false: an exception filter).
    /// A state that failed with States.DataLimitExceeded is rerun whole, as AWS reruns it.</summary>
    private static bool KeepUnfinished(StateRun run, Task<JsonNode?>[] branches, Frame?[] frames, Exception failure)
    {
        if (failure is StatesException { Error: StatesErrors.DataLimitExceeded }) return false;
        run.Frame.UnfinishedBranches = [.. branches.Select((branch, index) => branch.IsCompletedSuccessfully
            ? new RedriveBranch(Nodes.Serialize(branch.Result), null)
            : new RedriveBranch(null, frames[index]?.RedrivePoint))];
        return false;
    }

    /// <summary>The failure that stopped a group of branches: the first one that was not a cancellation.</summary>
    private static Exception FirstFailure(IEnumerable<Task> tasks)
    {
        var failures = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
        return failures.FirstOrDefault(e => e is ExecutionTerminatedException)
            ?? failures.FirstOrDefault(e => e is not OperationCanceledException)
            ?? failures.FirstOrDefault()
            ?? new OperationCanceledException();
    }
}
