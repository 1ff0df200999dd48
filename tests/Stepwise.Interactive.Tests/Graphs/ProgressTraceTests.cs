using Stepwise.Aws.StepFunctions;
using Stepwise.Interactive.Diagrams;
using Stepwise.Interactive.Graphs;
using Stepwise.Workflows;
using Stepwise.Workflows.Asl;

namespace Stepwise.Interactive.Tests.Graphs;

/// <summary>Issue 14, item 3: live progress that tells the truth — retrying states, the path taken, policies on hover,
/// no internal ids in tooltips, the same SVG for the same picture.</summary>
public sealed class ProgressTraceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly StateMachine Pipeline = StateMachine.FromJson("""
        {"StartAt": "Build", "States": {
          "Build": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Train",
                    "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 15, "MaxAttempts": 2, "BackoffRate": 4.0}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "BuildFailed"}]},
          "Train": {"Type": "Pass", "End": true},
          "BuildFailed": {"Type": "Fail", "Cause": "Building the container image failed"}}}
        """);

    private static HistoryEvent Event(long id, long previous, string type, double seconds = 0, string? entered = null, string? exited = null, string? error = null) => new()
    {
        Id = id,
        PreviousEventId = previous,
        Type = type,
        Timestamp = T0.AddSeconds(seconds),
        StateEnteredEventDetails = entered is null ? null : new StateEnteredEventDetails { Name = entered },
        StateExitedEventDetails = exited is null ? null : new StateExitedEventDetails { Name = exited },
        LambdaFunctionFailedEventDetails = error is null ? null : new LambdaFunctionFailedEventDetails { Error = error, Cause = "transient" },
    };

    private static readonly HistoryEvent[] WaitingForRetry =
    [
        Event(1, 0, "ExecutionStarted"),
        Event(2, 1, "TaskStateEntered", entered: "Build"),
        Event(3, 2, "LambdaFunctionScheduled"),
        Event(4, 3, "LambdaFunctionStarted"),
        Event(5, 4, "LambdaFunctionFailed", seconds: 1, error: "InvalidOperationException"),
    ];

    [Fact]
    public void A_state_waiting_between_retry_attempts_is_retrying_with_its_attempt_and_wait_not_failed()
    {
        var trace = ExecutionProgress.Trace(WaitingForRetry, Pipeline, now: T0.AddSeconds(5));

        Assert.Equal(NodeStatus.Retrying, trace.Statuses["Build"]);
        Assert.Equal("retrying after InvalidOperationException: retry 1 of 2, next attempt in 11 s", trace.Notes["Build"]);
        // Without the definition (or once the execution has ended) a failure is a failure.
        Assert.Equal(NodeStatus.Failed, ExecutionProgress.Trace(WaitingForRetry).Statuses["Build"]);
        Assert.Equal(NodeStatus.Failed, ExecutionProgress.Trace([.. WaitingForRetry, Event(6, 5, "ExecutionFailed")], Pipeline).Statuses["Build"]);
    }

    [Fact]
    public void Retries_exhausted_are_not_retrying()
    {
        var exhausted = ExecutionProgress.Trace([
            .. WaitingForRetry,
            Event(6, 5, "LambdaFunctionScheduled", seconds: 16),
            Event(7, 6, "LambdaFunctionFailed", seconds: 17, error: "Boom"),
            Event(8, 7, "LambdaFunctionScheduled", seconds: 77),
            Event(9, 8, "LambdaFunctionFailed", seconds: 78, error: "Boom"),
        ], Pipeline, now: T0.AddSeconds(78));

        Assert.Equal(NodeStatus.Failed, exhausted.Statuses["Build"]);
        Assert.Empty(exhausted.Notes);
    }

    [Fact]
    public void The_path_taken_is_traced_from_Start_to_End_and_drawn_darker()
    {
        var trace = ExecutionProgress.Trace([
            Event(1, 0, "ExecutionStarted"),
            Event(2, 1, "TaskStateEntered", entered: "Build"),
            Event(3, 2, "TaskStateExited", exited: "Build"),
            Event(4, 3, "PassStateEntered", entered: "Train"),
            Event(5, 4, "PassStateExited", exited: "Train"),
            Event(6, 5, "ExecutionSucceeded"),
        ], Pipeline);

        Assert.Equal([("Build", "Train"), ("Start", "Build"), ("Train", "End")], trace.Taken.Order());
        var diagram = StateGraph.ToDiagram(Pipeline, trace);
        Assert.Equal(3, diagram.Edges.Count(e => e.Taken));
        Assert.DoesNotContain(diagram.Edges, e => e.Taken && e.To == "BuildFailed");
        var svg = SvgRenderer.Render(diagram);
        Assert.Contains("stroke-width=\"2.6\"", svg);
        Assert.Contains("Build → Train (taken)", svg);
    }

    [Fact]
    public void Tooltips_show_retry_and_catch_policies_and_name_the_markers_as_drawn()
    {
        var svg = StateGraph.ToSvg(Pipeline, ExecutionProgress.Trace(WaitingForRetry, Pipeline, now: T0.AddSeconds(5)));

        Assert.Contains("Retry States.TaskFailed: 2 attempts, every 15 s, backoff 4", svg);
        Assert.Contains("Catch States.ALL → BuildFailed", svg);
        Assert.Contains("retry 1 of 2, next attempt in 11 s", svg);
        Assert.Contains("Start → Build", svg);
        Assert.DoesNotContain("__start__", svg);
        Assert.DoesNotContain("__end__", svg);
    }

    [Fact]
    public void The_same_picture_renders_to_the_same_svg_and_a_different_one_does_not()
    {
        var first = StateGraph.ToSvg(Pipeline, ExecutionProgress.Trace(WaitingForRetry, Pipeline, now: T0.AddSeconds(5)));
        var again = StateGraph.ToSvg(Pipeline, ExecutionProgress.Trace(WaitingForRetry, Pipeline, now: T0.AddSeconds(5)));
        var later = StateGraph.ToSvg(Pipeline, ExecutionProgress.Trace(WaitingForRetry, Pipeline, now: T0.AddSeconds(9)));

        Assert.Equal(first, again);
        Assert.NotEqual(first, later);
        Assert.DoesNotContain("swPREFIX", first);
        Assert.Matches("id=\"sw[0-9a-f]{10}-arrow\"", first);
    }
}
