using System.Text.Json.Nodes;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// Parallel states: every branch runs concurrently on its own copy of the input and variables; the first
// failure stops the others and fails the state with the branch's error.
internal sealed partial class Interpreter
{
    private async Task<JsonNode?> ParallelAsync(StateRun run, ParallelState parallel, int retryCount, CancellationToken cancellationToken)
    {
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
        var branches = parallel.Branches.Select((branch, index) => Task.Run(async () =>
        {
            var frame = run.Frame.Child($"{run.Frame.Id}/{parallel.Name}#{index}", started, language);
            try
            {
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
