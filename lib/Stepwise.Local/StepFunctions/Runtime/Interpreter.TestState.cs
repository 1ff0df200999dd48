using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Mocks;
using Stepwise.Local.StepFunctions.TestState;
using Stepwise.Workflows;
using Stepwise.Workflows.Asl;

namespace Stepwise.Local.StepFunctions.Runtime;

// TestState: the one state it runs takes its mock, reports its data flow, and stops after one attempt, reporting
// what Retry or Catch would do (RETRIABLE, CAUGHT_ERROR) instead of sleeping and running again.
internal sealed partial class Interpreter
{
    private readonly StateTest? _test;

    /// <summary>TestState's mock for the state being run (not for a state nested in it), or null.</summary>
    private MockedAttempt? TestMock(StateRun run) => run.Frame.IsRoot ? _test?.Mock : null;

    /// <summary>True when the run is the state TestState tests, whose data flow is recorded.</summary>
    private bool Inspecting(StateRun run) => _test is not null && run.Frame.IsRoot;

    /// <summary>Records a step of the tested state's data flow.</summary>
    private void Inspect(StateRun run, string step, JsonNode? value)
    {
        if (run.Frame.IsRoot) _test?.Inspection.Record(step, value);
    }

    /// <summary>One attempt of a Task, Parallel or Map under TestState, the retries already made being
    /// <c>retrierRetryCount</c>: an error a Retry would retry leaves the state RETRIABLE with the backoff it would wait.</summary>
    private async Task<StepResult> TestAttemptAsync(
        StateRun run, ImmutableArray<Retry> retriers, ImmutableArray<Catcher> catchers, JsonPath? resultPath,
        Func<int, CancellationToken, Task<JsonNode?>> attempt, CancellationToken cancellationToken)
    {
        var test = _test!;
        StatesException error;
        try
        {
            var output = await attempt(test.RetrierRetryCount, cancellationToken).ConfigureAwait(false);
            return Exit(run, output, run.State.Next);
        }
        catch (StatesException caught) when (!cancellationToken.IsCancellationRequested)
        {
            error = caught;
        }

        var retryIndex = retriers.Select((r, i) => (Retry: r, Index: i)).FirstOrDefault(r => ErrorMatching.Matches(r.Retry.ErrorEquals, error.Error), (null!, -1));
        if (retryIndex.Index >= 0)
        {
            var retry = retryIndex.Retry;
            var retriable = test.RetrierRetryCount < (retry.MaxAttempts ?? 3);
            test.Inspection.Retry(retryIndex.Index, retriable ? BackoffSeconds(retry, test.RetrierRetryCount) : null);
            if (retriable) throw error;
        }
        var catchIndex = catchers.Select((c, i) => (Catcher: c, Index: i)).FirstOrDefault(c => ErrorMatching.Matches(c.Catcher.ErrorEquals, error.Error), (null!, -1));
        if (catchIndex.Index < 0) throw error;
        test.Inspection.Caught(catchIndex.Index, error.Error, error.Cause);
        var caughtOutput = CatchOutput(run, catchIndex.Catcher, error, resultPath);
        Exit(run, caughtOutput, null);
        return new StepResult(catchIndex.Catcher.Next, caughtOutput);
    }

    /// <summary>The backoff a Retry waits after <paramref name="retries"/> retries, without jitter (AWS reports whole seconds).</summary>
    private static int BackoffSeconds(Retry retry, int retries)
    {
        var seconds = (retry.IntervalSeconds ?? 1) * Math.Pow(retry.BackoffRate ?? 2.0, retries);
        if (retry.MaxDelaySeconds is { } max) seconds = Math.Min(seconds, max);
        return (int)Math.Min(seconds, int.MaxValue);
    }

    /// <summary>A mocked outcome: its result, or its error thrown.</summary>
    private static JsonNode? MockedOutcome(MockedAttempt mock) =>
        mock.Throws ? throw new StatesException(mock.Error!, mock.Cause ?? "") : mock.Result?.DeepClone();

    /// <summary>A mocked Map: records its settings and item inputs, fails as its mock or its failed iterations
    /// (<c>mapIterationFailureCount</c> beyond the tolerated failures) say, and otherwise gives the mocked result.</summary>
    private JsonNode? MockedMapOutcome(
        StateRun run, MapState map, JsonNode? effective, List<JsonNode?> items, int retryCount, MockedAttempt mock,
        int writtenConcurrency, double? toleratedCount, double? toleratedPercentage)
    {
        var test = _test!;
        test.Inspection.MapSettings(writtenConcurrency, toleratedCount, toleratedPercentage);
        if ((map.ItemSelector ?? map.Parameters) is not null)
            Inspect(run, StateInspection.Steps.AfterItemSelector, new JsonArray([.. items.Select((item, index) => ItemInput(run, map, effective, item, index, retryCount))]));
        var result = MockedOutcome(mock);
        if (test.MapIterationFailureCount is { } failures && (toleratedCount is not null || toleratedPercentage is not null)
            && (failures > (toleratedCount ?? double.MaxValue) || (items.Count > 0 && 100.0 * failures / items.Count > (toleratedPercentage ?? 100))))
            throw new StatesException(StatesErrors.ExceedToleratedFailureThreshold, TestStateErrors.ToleratedFailureThresholdExceeded);
        return result;
    }

    /// <summary>The items of <c>mapItemReaderData</c>, when TestState gives them: a JSON array as the reader would have read it.</summary>
    private JsonNode? TestReaderItems(StateRun run, MapState map)
    {
        if (!run.Frame.IsRoot || _test?.MapItemReaderData is not { } data) return null;
        try
        {
            return JsonNode.Parse(data) is JsonArray items ? items
                : throw new StatesException(StatesErrors.ItemReaderFailed, TestStateErrors.ReaderDataNotArray(map.Name));
        }
        catch (System.Text.Json.JsonException)
        {
            throw new StatesException(StatesErrors.ItemReaderFailed, TestStateErrors.ReaderDataNotArray(map.Name));
        }
    }

    /// <summary>Records the HTTP request (from the task's arguments) and response (its result) of an HTTP Task.</summary>
    private void InspectHttp(StateRun run, string service, JsonNode? payload, JsonNode? result)
    {
        if (!run.Frame.IsRoot || _test is null || service != HttpTask.Resource) return;
        _test.Inspection.Http(HttpTask.Request(payload), result is null ? null : HttpTask.Response(result));
    }

    /// <summary>Lays the caller's context object over the built one, object by object.</summary>
    private static void Overlay(JsonObject target, JsonObject given)
    {
        foreach (var (key, value) in given)
        {
            if (value is JsonObject inner && target[key] is JsonObject existing) Overlay(existing, inner);
            else target[key] = value?.DeepClone();
        }
    }
}
