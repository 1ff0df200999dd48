using Stepwise.Aws.StepFunctions;
using Stepwise.Local.StepFunctions.Runtime;

namespace Stepwise.Local.Tests.StepFunctionsApi;

/// <summary>A distributed Map's Map Run and its child executions, which keep their own histories as on AWS.</summary>
public sealed class MapRunTests : ServiceFixture
{
    private const string FanOut = """
        {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Fan","MaxConcurrency":2,"ToleratedFailurePercentage":50,
          "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Check","States":{
            "Check":{"Type":"Choice","Choices":[{"Variable":"$.v","NumericEquals":3,"Next":"Boom"}],"Default":"Double"},
            "Boom":{"Type":"Fail","Error":"Three","Cause":"three is not allowed"},
            "Double":{"Type":"Pass","Parameters":{"v.$":"$.v"},"End":true}}},"End":true}}}
        """;

    private async Task<(DescribeExecutionOutput Parent, string MapRunArn)> RunFanOutAsync(string input)
    {
        var machine = await CreateAsync("fan-out", FanOut);
        var parent = await RunAsync(machine, input, "parent");
        var runs = await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = parent.ExecutionArn });
        return (parent, Assert.Single(runs.MapRuns).MapRunArn);
    }

    [Fact]
    public async Task Child_executions_are_listed_by_map_run_and_keep_their_own_histories()
    {
        var (parent, mapRunArn) = await RunFanOutAsync("""[{"v":1},{"v":2}]""");
        Assert.Equal("SUCCEEDED", parent.Status);
        Assert.StartsWith("arn:aws:states:us-east-1:123456789012:mapRun:fan-out/Fan:", mapRunArn);

        var children = (await Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRunArn })).Executions;
        Assert.Equal(2, children.Count);
        Assert.All(children, c =>
        {
            Assert.StartsWith("arn:aws:states:us-east-1:123456789012:execution:fan-out/Fan:", c.ExecutionArn);
            Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:fan-out/Fan", c.StateMachineArn);
            Assert.Equal(mapRunArn, c.MapRunArn);
            Assert.Equal(1, c.ItemCount);
            Assert.Equal("SUCCEEDED", c.Status);
        });

        var child = children[0].ExecutionArn;
        Assert.Equal(["ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
            (await HistoryAsync(child)).Select(e => e.Type));
        var described = await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = child });
        Assert.Equal(mapRunArn, described.MapRunArn);
        Assert.Contains(described.Output, new[] { """{"v":1}""", """{"v":2}""" });
        var forExecution = await Sfn.DescribeStateMachineForExecutionAsync(new DescribeStateMachineForExecutionInput { ExecutionArn = child });
        Assert.Equal("Fan", forExecution.Label);
        Assert.Equal(mapRunArn, forExecution.MapRunArn);

        // The parent's own history still has none of its children's events, and its machine lists only it.
        Assert.DoesNotContain(await HistoryAsync(parent.ExecutionArn), e => e.Type.StartsWith("Pass", StringComparison.Ordinal));
        Assert.Single((await Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = parent.StateMachineArn })).Executions);
    }

    [Fact]
    public async Task DescribeMapRun_counts_items_by_status_with_the_map_settings()
    {
        var (parent, mapRunArn) = await RunFanOutAsync("""[{"v":1},{"v":2},{"v":3},{"v":4}]""");
        Assert.Equal("SUCCEEDED", parent.Status); // one failure in four is within 50 %
        var run = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRunArn });
        Assert.Equal("SUCCEEDED", run.Status);
        Assert.Equal(parent.ExecutionArn, run.ExecutionArn);
        Assert.Equal(2, run.MaxConcurrency);
        Assert.Equal(50, run.ToleratedFailurePercentage);
        Assert.Equal((4, 3, 1, 0), (run.ItemCounts.Total, run.ItemCounts.Succeeded, run.ItemCounts.Failed, run.ItemCounts.Pending));
        Assert.Equal((4, 3, 1), (run.ExecutionCounts.Total, run.ExecutionCounts.Succeeded, run.ExecutionCounts.Failed));
        Assert.NotNull(run.StopDate);

        var failed = Assert.Single((await Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRunArn, StatusFilter = "FAILED" })).Executions);
        var child = await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = failed.ExecutionArn });
        Assert.Equal(("Three", "three is not allowed"), (child.Error, child.Cause));
        Assert.Equal("ExecutionFailed", (await HistoryAsync(failed.ExecutionArn))[^1].Type);
    }

    [Fact]
    public async Task UpdateMapRun_stores_its_settings_and_validates_like_AWS()
    {
        var (_, mapRunArn) = await RunFanOutAsync("""[{"v":1}]""");
        await Sfn.UpdateMapRunAsync(new UpdateMapRunInput { MapRunArn = mapRunArn, MaxConcurrency = 5, ToleratedFailureCount = 3 });
        var run = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRunArn });
        Assert.Equal((5, 3L, 50.0), (run.MaxConcurrency, run.ToleratedFailureCount, run.ToleratedFailurePercentage));

        var error = await RefusedAsync(() => Sfn.UpdateMapRunAsync(new UpdateMapRunInput { MapRunArn = mapRunArn, ToleratedFailurePercentage = 101 }), "ValidationException");
        Assert.Equal("1 validation error detected: Value '101' at 'toleratedFailurePercentage' failed to satisfy constraint: Member must have value less than or equal to 100", error.Message);
        await RefusedAsync(() => Sfn.UpdateMapRunAsync(new UpdateMapRunInput { MapRunArn = mapRunArn }), "ValidationException");
        await RefusedAsync(() => Sfn.UpdateMapRunAsync(new UpdateMapRunInput { MapRunArn = mapRunArn + "x", MaxConcurrency = 1 }), "ResourceNotFound");
        await RefusedAsync(() => Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = "arn:aws:states:us-east-1:123456789012:execution:fan-out:parent" }), "InvalidArn");
        await RefusedAsync(() => Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:fan-out:ghost" }), "ExecutionDoesNotExist");
    }

    [Fact]
    public async Task ListExecutions_takes_a_state_machine_or_a_map_run_but_not_both()
    {
        var (parent, mapRunArn) = await RunFanOutAsync("""[{"v":1}]""");
        await RefusedAsync(() => Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRunArn, StateMachineArn = parent.StateMachineArn }), "ValidationException");
        await RefusedAsync(() => Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRunArn + "0" }), "ResourceNotFound");
    }

    private async Task<(string Activity, string Execution)> StartWaitingMapAsync(int items, string settings = "")
    {
        var activity = (await Sfn.CreateActivityAsync(new CreateActivityInput { Name = "item-work" })).ActivityArn;
        var machine = await CreateAsync("waiting-map", """
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,SETTINGS
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Work","States":{
                "Work":{"Type":"Task","Resource":"ACTIVITY","End":true}}},"End":true}}}
            """.Replace("ACTIVITY", activity).Replace("SETTINGS", settings));
        var input = "[" + string.Join(",", Enumerable.Range(1, items)) + "]";
        return (activity, (await Sfn.StartExecutionAsync(new StartExecutionInput { StateMachineArn = machine, Input = input })).ExecutionArn);
    }

    private async Task<GetActivityTaskOutput?> TryTakeAsync(string activity, int milliseconds)
    {
        using var wait = new CancellationTokenSource(milliseconds);
        try
        {
            return await Sfn.GetActivityTaskAsync(new GetActivityTaskInput { ActivityArn = activity }, wait.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task UpdateMapRun_raises_the_concurrency_of_a_running_map()
    {
        var (activity, execution) = await StartWaitingMapAsync(3);
        var first = await TryTakeAsync(activity, 10_000);
        Assert.NotNull(first);
        Assert.Null(await TryTakeAsync(activity, 300)); // MaxConcurrency 1: the next child has not started

        var mapRun = Assert.Single((await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = execution })).MapRuns).MapRunArn;
        var running = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRun });
        Assert.Equal(("RUNNING", 1L, 2L), (running.Status, running.ExecutionCounts.Running, running.ExecutionCounts.Pending));
        await Sfn.UpdateMapRunAsync(new UpdateMapRunInput { MapRunArn = mapRun, MaxConcurrency = 3 });
        var second = await TryTakeAsync(activity, 10_000);
        var third = await TryTakeAsync(activity, 10_000);
        foreach (var task in new[] { first, second, third })
            await Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = task!.TaskToken!, Output = task.Input! });
        var done = await WaitAsync(execution);
        Assert.Equal(("SUCCEEDED", "[1,2,3]"), (done.Status, done.Output));
        Assert.Equal(3, (await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRun })).ExecutionCounts.Succeeded);
    }

    [Fact]
    public async Task Stopping_the_parent_aborts_its_running_children_and_the_map_run()
    {
        var (activity, execution) = await StartWaitingMapAsync(2);
        Assert.NotNull(await TryTakeAsync(activity, 10_000));
        await Sfn.StopExecutionAsync(new StopExecutionInput { ExecutionArn = execution });
        Assert.Equal("ABORTED", (await WaitAsync(execution)).Status);
        var mapRun = Assert.Single((await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = execution })).MapRuns).MapRunArn;
        Assert.Equal("ABORTED", (await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRun })).Status);
        var child = Assert.Single((await Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRun })).Executions);
        Assert.Equal("ABORTED", child.Status);
        Assert.Equal("ExecutionAborted", (await HistoryAsync(child.ExecutionArn))[^1].Type);
    }

    [Fact]
    public async Task A_distributed_map_interrupted_by_a_restart_runs_again_and_its_old_children_are_aborted()
    {
        var (activity, execution) = await StartWaitingMapAsync(1);
        Assert.NotNull(await TryTakeAsync(activity, 10_000));
        await Sfn.DisposeAsync();

        Sfn = new LocalStepFunctions(Options);
        var again = await TryTakeAsync(activity, 10_000);
        Assert.NotNull(again);
        await Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = again.TaskToken!, Output = "\"again\"" });
        var done = await WaitAsync(execution);
        Assert.Equal(("SUCCEEDED", "[\"again\"]"), (done.Status, done.Output));
        var runs = (await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = execution })).MapRuns;
        Assert.Equal(2, runs.Count);
        var interrupted = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = runs[1].MapRunArn }); // newest first
        Assert.Equal(("ABORTED", 1L), (interrupted.Status, interrupted.ExecutionCounts.Aborted));
        Assert.Equal("SUCCEEDED", (await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = runs[0].MapRunArn })).Status);
    }

    [Fact]
    public async Task Map_run_limits_release_waiting_iterations_when_concurrency_is_raised()
    {
        var limits = new MapRunLimits(1, null, null);
        await limits.AcquireAsync(CancellationToken.None);
        var second = limits.AcquireAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        limits.Update(2, null, null);
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(limits.Tolerant);
        limits.Update(null, 0, null);
        Assert.True(limits.Tolerant && limits.Exceeded(1, 4));
    }
    private async Task<ExecutionListItem> RunningChildAsync(string execution)
    {
        var mapRun = Assert.Single((await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = execution })).MapRuns).MapRunArn;
        return Assert.Single((await Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRun, StatusFilter = "RUNNING" })).Executions);
    }

    [Fact]
    public async Task Stopping_a_child_aborts_it_and_the_map_run_tolerates_it_as_a_failed_item()
    {
        var (activity, execution) = await StartWaitingMapAsync(2, "\"ToleratedFailureCount\":1,");
        Assert.NotNull(await TryTakeAsync(activity, 10_000));
        var child = await RunningChildAsync(execution);
        var stopped = await Sfn.StopExecutionAsync(new StopExecutionInput { ExecutionArn = child.ExecutionArn, Error = "Operator", Cause = "not this one" });

        var described = await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = child.ExecutionArn });
        Assert.Equal(("ABORTED", "Operator", "not this one", stopped.StopDate), (described.Status, described.Error, described.Cause, described.StopDate));
        var aborted = (await HistoryAsync(child.ExecutionArn))[^1];
        Assert.Equal(("ExecutionAborted", "Operator", "not this one"), (aborted.Type, aborted.ExecutionAbortedEventDetails!.Error, aborted.ExecutionAbortedEventDetails.Cause));

        // The next item runs; the stopped one is within the tolerance and its output is its error.
        var second = await TryTakeAsync(activity, 10_000);
        await Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = second!.TaskToken!, Output = "\"two\"" });
        var done = await WaitAsync(execution);
        Assert.Equal(("SUCCEEDED", """[{"Error":"Operator","Cause":"not this one"},"two"]"""), (done.Status, done.Output));
        var run = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = child.MapRunArn! });
        Assert.Equal(("SUCCEEDED", 1L, 1L, 0L), (run.Status, run.ExecutionCounts.Aborted, run.ExecutionCounts.Succeeded, run.ExecutionCounts.Failed));
        Assert.Equal((1L, 1L), (run.ItemCounts.Aborted, run.ItemCounts.Succeeded));
    }

    [Fact]
    public async Task Stopping_a_child_beyond_the_tolerance_fails_the_map_run_and_the_parent()
    {
        var (activity, execution) = await StartWaitingMapAsync(2);
        Assert.NotNull(await TryTakeAsync(activity, 10_000));
        var child = await RunningChildAsync(execution);
        await Sfn.StopExecutionAsync(new StopExecutionInput { ExecutionArn = child.ExecutionArn });

        var parent = await WaitAsync(execution);
        Assert.Equal("FAILED", parent.Status);
        Assert.Equal(StatesErrorsRuntime, parent.Error);
        Assert.Contains(child.ExecutionArn, parent.Cause);
        var run = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = child.MapRunArn! });
        Assert.Equal(("FAILED", 1L), (run.Status, run.ExecutionCounts.Aborted));
        var history = await HistoryAsync(execution);
        Assert.Equal(["MapRunFailed", "MapStateFailed", "ExecutionFailed"], history.TakeLast(3).Select(e => e.Type));
        Assert.Equal("ABORTED", (await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = child.ExecutionArn })).Status);
    }

    private const string StatesErrorsRuntime = "States.Runtime";
    [Fact]
    public async Task Redriving_the_parent_redrives_its_map_run_and_only_the_unsuccessful_children()
    {
        var calls = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        Sfn.Lambda.Register("item", p =>
        {
            var value = p!["v"]!.GetValue<int>();
            if (calls.AddOrUpdate(value, 1, (_, n) => n + 1) == 1 && value == 1) throw new InvalidOperationException("item 1 fails once");
            return new System.Text.Json.Nodes.JsonObject { ["done"] = value };
        });
        var machine = await CreateAsync("redrive-fan", """
            {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Fan","MaxConcurrency":1,"End":true,
              "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Prep","States":{
                "Prep":{"Type":"Pass","Parameters":{"v.$":"$.v"},"Next":"Item"},
                "Item":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:item","End":true}}}}}}
            """);
        var parent = await RunAsync(machine, """[{"v":0},{"v":1},{"v":2}]""", "parent");
        Assert.Equal("FAILED", parent.Status);
        var mapRun = Assert.Single((await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = parent.ExecutionArn })).MapRuns).MapRunArn;
        var before = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRun });
        Assert.Equal(("FAILED", 0, (DateTimeOffset?)null), (before.Status, before.RedriveCount, before.RedriveDate));
        // The third item may have run before the failing one (children take free slots in no set order), or not yet.
        Assert.Equal((1L, 2L, 0L), (before.ExecutionCounts.Failed, before.ExecutionCounts.Succeeded + before.ExecutionCounts.Pending, before.ExecutionCounts.FailuresNotRedrivable));
        var failedChild = Assert.Single((await Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRun, StatusFilter = "FAILED" })).Executions).ExecutionArn;
        Assert.Equal("REDRIVABLE_BY_MAP_RUN", (await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = failedChild })).RedriveStatus);

        var redrive = await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = parent.ExecutionArn });
        var done = await WaitAsync(parent.ExecutionArn);
        Assert.Equal(("SUCCEEDED", """[{"done":0},{"done":1},{"done":2}]"""), (done.Status, done.Output));
        Assert.Equal((1, 2, 1), (calls[0], calls[1], calls[2]));

        // The same Map Run, redriven once: its counts are its children's as they are now.
        Assert.Equal(mapRun, Assert.Single((await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = parent.ExecutionArn })).MapRuns).MapRunArn);
        var after = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRun });
        Assert.Equal(("SUCCEEDED", 1), (after.Status, after.RedriveCount));
        Assert.True(after.RedriveDate >= redrive.RedriveDate);
        Assert.Equal((3L, 3L, 0L, 0L, 0L), (after.ExecutionCounts.Total, after.ExecutionCounts.Succeeded, after.ExecutionCounts.Failed, after.ExecutionCounts.PendingRedrive, after.ExecutionCounts.Pending));
        Assert.Equal((3L, 0L), (after.ItemCounts.Succeeded, after.ItemCounts.PendingRedrive));
        Assert.Equal(3, (await Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRun })).Executions.Count);

        // The failed child was redriven under its own ARN, from the state that failed it.
        var child = await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = failedChild });
        Assert.Equal(("SUCCEEDED", 1, """{"done":1}"""), (child.Status, child.RedriveCount, child.Output));
        var childHistory = await HistoryAsync(failedChild);
        var childRedriven = Assert.Single(childHistory, e => e.Type == "ExecutionRedriven");
        Assert.Equal(1, childRedriven.ExecutionRedrivenEventDetails!.RedriveCount);
        Assert.Equal(("TaskStateEntered", "Item"), (childHistory[(int)childRedriven.Id].Type, childHistory[(int)childRedriven.Id].StateEnteredEventDetails!.Name));
        Assert.Single(childHistory, e => e.Type == "PassStateEntered");
        Assert.Equal(Enumerable.Range(1, childHistory.Count).Select(i => (long)i), childHistory.Select(e => e.Id));

        var history = await HistoryAsync(parent.ExecutionArn);
        var redriven = Assert.Single(history, e => e.Type == "ExecutionRedriven").Id;
        var events = history.Where(e => e.Id > redriven).ToList();
        Assert.Equal(["MapStateEntered", "MapStateStarted", "MapRunRedriven", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"],
            events.Select(e => e.Type));
        Assert.Equal((mapRun, 1), (events[2].MapRunRedrivenEventDetails!.MapRunArn, events[2].MapRunRedrivenEventDetails!.RedriveCount));
        Assert.Single(history, e => e.Type == "MapRunStarted");
    }
    [Fact]
    public async Task Children_waiting_for_their_redrive_are_PENDING_REDRIVE_until_the_concurrency_lets_them_run()
    {
        var (activity, execution) = await StartWaitingMapAsync(3, "\"ToleratedFailureCount\":1,");
        foreach (var _ in new[] { 1, 2 }) // two failures in three items exceed the tolerance of one
        {
            var task = await TryTakeAsync(activity, 10_000);
            await Sfn.SendTaskFailureAsync(new SendTaskFailureInput { TaskToken = task!.TaskToken!, Error = "Broken", Cause = "try again" });
        }
        Assert.Equal(("FAILED", "States.ExceedToleratedFailureThreshold"), ((await WaitAsync(execution)).Status, (await WaitAsync(execution)).Error));
        var mapRun = Assert.Single((await Sfn.ListMapRunsAsync(new ListMapRunsInput { ExecutionArn = execution })).MapRuns).MapRunArn;

        await Sfn.RedriveExecutionAsync(new RedriveExecutionInput { ExecutionArn = execution });
        var first = await TryTakeAsync(activity, 10_000); // MaxConcurrency 1: one failed child runs again, the other waits
        Assert.NotNull(first);
        var running = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRun });
        Assert.Equal(("RUNNING", 1, 1L, 1L, 1L), (running.Status, running.RedriveCount, running.ExecutionCounts.PendingRedrive, running.ItemCounts.PendingRedrive, running.ExecutionCounts.Running));
        var waiting = Assert.Single((await Sfn.ListExecutionsAsync(new ListExecutionsInput { MapRunArn = mapRun, StatusFilter = "PENDING_REDRIVE" })).Executions);
        Assert.Equal(0, waiting.RedriveCount);
        await RefusedAsync(() => Sfn.ListExecutionsAsync(new ListExecutionsInput { StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:waiting-map", StatusFilter = "PENDING_REDRIVE" }), "ValidationException");

        await Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = first!.TaskToken!, Output = "\"a\"" });
        for (var i = 0; i < 2; i++) // the other failed child, then the item that had not started
        {
            var task = await TryTakeAsync(activity, 10_000);
            await Sfn.SendTaskSuccessAsync(new SendTaskSuccessInput { TaskToken = task!.TaskToken!, Output = task.Input! });
        }
        var done = await WaitAsync(execution);
        Assert.Equal("SUCCEEDED", done.Status);
        var after = await Sfn.DescribeMapRunAsync(new DescribeMapRunInput { MapRunArn = mapRun });
        Assert.Equal(("SUCCEEDED", 0L, 3L), (after.Status, after.ExecutionCounts.PendingRedrive, after.ExecutionCounts.Succeeded));
        Assert.Equal(1, (await Sfn.DescribeExecutionAsync(new DescribeExecutionInput { ExecutionArn = waiting.ExecutionArn })).RedriveCount);
    }
}
